"""The app's document library on a real index (fake embedder, real Chroma): re-index, remove, passages."""

from __future__ import annotations

import pytest

from ingest.pipeline import Ingestor
from veiviser.app.library import indexed_paths, reindex, remove_document
from veiviser.app.uploads import save_upload
from veiviser.backends.embedders import make_embedder
from veiviser.core.config import Settings
from veiviser.index.versions import IndexManager
from veiviser.retrieval.passages import document_chunks, find_chunk, locate, surrounding

LONG = "\n\n".join(
    f"Avsnitt {n}. Koordinatoren sørger for oppfølging, samordning og framdrift i arbeidet med "
    f"individuell plan, og holder kontakt med fastlegen og NAV i runde {n}."
    for n in range(1, 25)
)


@pytest.fixture
def settings(tmp_path):
    return Settings(home=tmp_path / "home", embedder="fake", kb_dir=tmp_path / "no-kb", ocr=False)


def test_removing_an_upload_deletes_it_and_keeps_documents_from_elsewhere(settings, tmp_path):
    elsewhere = tmp_path / "cli-docs"
    elsewhere.mkdir()
    (elsewhere / "rapport.txt").write_text("Rapporten beskriver oppfølgingsteam i seks kommuner.", encoding="utf-8")
    embedder = make_embedder(settings)
    Ingestor(settings, embedder).run([elsewhere])  # as `veiviser ingest cli-docs` would
    upload = save_upload(settings.uploads_dir, "rutine.txt", b"Rutine for koordinerende enhet.", max_bytes=1 << 20)
    report = reindex(settings, embedder)
    assert report.ok and set(indexed_paths(IndexManager(settings))) == {"rapport.txt", "rutine.txt"}

    report = remove_document(settings, embedder, "rutine.txt")
    assert report.ok and not upload.exists()
    assert set(indexed_paths(IndexManager(settings))) == {"rapport.txt"}

    report = remove_document(settings, embedder, "rapport.txt")  # a file outside uploads stays on disk
    assert (elsewhere / "rapport.txt").exists()
    assert indexed_paths(IndexManager(settings)) == {}


def test_reindex_skips_unchanged_files_and_picks_up_changes(settings):
    embedder = make_embedder(settings)
    save_upload(settings.uploads_dir, "a.txt", b"Koordinator og individuell plan.", max_bytes=1 << 20)
    reindex(settings, embedder)
    again = reindex(settings, embedder)
    assert again.counts() == {"skipped": 1} and again.version is None
    save_upload(settings.uploads_dir, "a.txt", b"Koordinator, individuell plan og fastlege.", max_bytes=1 << 20)
    assert reindex(settings, embedder).counts() == {"ingested": 1}


def test_surrounding_passages_and_cited_span(settings):
    embedder = make_embedder(settings)
    save_upload(settings.uploads_dir, "lang.txt", LONG.encode("utf-8"), max_bytes=1 << 20)
    reindex(settings, embedder)
    version = IndexManager(settings).open_current()
    chunks = document_chunks(version, "lang.txt")
    assert len(chunks) >= 3 and [c.position for c in chunks] == sorted(c.position for c in chunks)
    middle = chunks[len(chunks) // 2]
    around = surrounding(version, middle, window=1)
    assert middle in around and all(abs(c.position - middle.position) <= 1 for c in around)
    assert find_chunk(version, "lang.txt", middle.id) == middle

    span = "samordning og framdrift"
    hl = locate(middle.text, span)
    assert hl.found and hl.before + hl.span + hl.after == middle.text
    loose = locate(middle.text, "SAMORDNING   og\nframdrift")  # whitespace and case differ
    assert loose.found and loose.span.lower().split() == span.split()
    assert not locate(middle.text, "finnes ikke i teksten").found
