"""Fixtures for the AppTest tests: a small real index built once per session (three generated documents
in nb, sv and da plus the shipped kb, fake embedder). Tests share that index read-only and get a data
folder of their own (cases, feedback, uploads); a test that changes the index takes `app_home_own_index`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_driver import DOCS, app_env, build_home


@pytest.fixture(scope="session")
def built_home(tmp_path_factory) -> Iterator[tuple[Path, Path]]:
    base = tmp_path_factory.mktemp("veiviser-app")
    build_home(base / "home", base / "docs")
    live = (base / "home" / "index" / "CURRENT").read_text(encoding="utf-8")
    yield base / "home", base / "docs"
    # the index is shared: a test that re-indexed it in place must have used app_home_own_index
    assert (base / "home" / "index" / "CURRENT").read_text(encoding="utf-8") == live


def _wire(monkeypatch, home: Path, docs: Path) -> None:
    for name in ("VEIVISER_INDEX", "VEIVISER_UI_LANG", "VEIVISER_ANSWERER", "VEIVISER_KB", "VEIVISER_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    for key, value in app_env(home, docs).items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def app_home(built_home, tmp_path, monkeypatch) -> Path:
    """A data folder of this test's own, reading the session's index in place (not copied)."""
    source_home, docs = built_home
    home = tmp_path / "home"
    home.mkdir()
    (home / "index").symlink_to(source_home / "index", target_is_directory=True)
    _wire(monkeypatch, home, docs)
    return home


@pytest.fixture
def app_home_own_index(built_home, tmp_path, monkeypatch) -> Path:
    """A private copy of the built data folder, index included, for tests that re-index or remove documents."""
    source_home, docs = built_home
    home = tmp_path / "home"
    shutil.copytree(source_home, home)
    _wire(monkeypatch, home, docs)
    return home


@pytest.fixture
def empty_home(tmp_path, monkeypatch) -> Path:
    """A data folder with no index yet (a fresh machine), documents waiting in the sources folder."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    for name in ("VEIVISER_INDEX", "VEIVISER_UI_LANG", "VEIVISER_ANSWERER", "VEIVISER_KB"):
        monkeypatch.delenv(name, raising=False)
    for key, value in app_env(tmp_path / "home", docs).items():
        monkeypatch.setenv(key, value)
    return tmp_path / "home"


@pytest.fixture
def media_files(monkeypatch) -> Iterator[dict]:
    """Files the app handed to download buttons, by URL (AppTest drops its media store after each run)."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen: dict[str, bytes] = {}

    class Recording(MemoryMediaFileStorage):
        def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
            file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
            seen[self.get_url(file_id)] = self.get_file(file_id).content
            return file_id

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    yield seen
