"""Shared fixtures for the audit tests: the real kb, a fake-embedder auditor and routine files."""

from __future__ import annotations

import pytest

from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.compliance import Auditor
from veiviser.core.config import Settings, project_root
from veiviser.kb import load_kb

KB_DIR = project_root() / "kb"


@pytest.fixture(scope="session")
def kb():
    return load_kb(KB_DIR)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home", embedder="fake", kb_dir=KB_DIR)


@pytest.fixture
def auditor(settings, kb) -> Auditor:
    return Auditor(settings, kb=kb, embedder=FakeEmbedder())
