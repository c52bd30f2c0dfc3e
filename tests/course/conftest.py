"""Fixtures for the course tests: the real kb, and a small index (fake embedder) of kb + one document."""

from __future__ import annotations

import pytest

from veiviser.core.config import Settings, project_root
from veiviser.kb import load_kb

KB_DIR = project_root() / "kb"

# Our own short text about the coordinator role, so a course can cite an indexed document page.
DOCUMENT = """Innføring for nye koordinatorer

Koordinatorrollen i praksis

Koordinatoren i Testvik kommune bruker de første ukene på å bli kjent med personen og hva som er viktig for hen.
Koordinatoren avtaler faste tidspunkter med teamet og passer på at alle vet hvem som gjør hva.
Når personen får tjenester fra sykehuset, tar koordinatoren kontakt med koordinatoren i spesialisthelsetjenesten.
"""


@pytest.fixture(scope="session")
def kb():
    return load_kb(KB_DIR)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home", embedder="fake", kb_dir=KB_DIR)


@pytest.fixture(scope="session")
def indexed(tmp_path_factory):
    """Settings whose index holds one small text document (kb passages are not used for key points)."""
    from ingest.pipeline import Ingestor
    from veiviser.backends.embedders.fake import FakeEmbedder

    root = tmp_path_factory.mktemp("course-index")
    doc = root / "innforing-koordinator.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    settings = Settings(home=root / "home", embedder="fake", kb_dir=KB_DIR)
    report = Ingestor(settings, FakeEmbedder()).run([doc])
    assert report.ok, report.failed
    return settings
