"""Ingest killed with SIGKILL (loading, embedding, index switch): the old index answers, a re-run heals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from veiviser.app.services import Services
from veiviser.core.config import Settings
from veiviser.index.versions import IndexManager

WORKER = Path(__file__).with_name("_kill_worker.py")


def write_corpus(folder: Path, variant: str) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(6):
        (folder / f"dok{i}.txt").write_text(
            f"Rutine {i} {variant}\n\nKoordinator nummer {i} følger opp individuell plan {variant}.\n\n"
            + " ".join(f"Avsnitt {j} om samarbeid med fastlege og NAV {variant}." for j in range(12)),
            encoding="utf-8",
        )


def ingest(home: Path, sources: Path, mode: str) -> int:
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(home), str(sources), mode], capture_output=True, timeout=300
    )
    return proc.returncode


def state(home: Path) -> tuple[str | None, set[str], list[str]]:
    settings = Settings(home=home, embedder="fake", repair=False)
    manager = IndexManager(settings)
    version = manager.open_current()
    hits = Services(settings).retriever().search("koordinator individuell plan", k=3)
    return version.name, {c.id for c in version.lexical.chunks}, [h.chunk.id for h in hits]


@pytest.mark.parametrize("mode", ["loading", "embedding", "switch"])
def test_sigkill_leaves_previous_version_and_rerun_heals(tmp_path, mode):
    sources = tmp_path / "src"
    write_corpus(sources, "A")
    home = tmp_path / "home"
    assert ingest(home, sources, "none") == 0
    before = state(home)

    write_corpus(sources, "B")
    assert ingest(home, sources, mode) == -9  # killed by SIGKILL
    assert state(home) == before  # same version, same chunks, same answers

    assert ingest(home, sources, "none") == 0
    healed_version, healed_ids, _ = state(home)
    assert healed_version != before[0]

    clean_home = tmp_path / "clean"
    assert ingest(clean_home, sources, "none") == 0
    _, clean_ids, _ = state(clean_home)
    assert healed_ids == clean_ids  # no duplicate and no missing chunks
    manager = IndexManager(Settings(home=home, embedder="fake", repair=False))
    version = manager.open_current()
    assert version.store.count() == len(version.lexical.chunks) == len(clean_ids)
