"""A waiting ingest says how far the one holding the lock has come."""

from __future__ import annotations

import time

import pytest

from ingest.pipeline import Ingestor
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.core.config import Settings
from veiviser.index.lock_status import LockStatusWriter, read_status
from veiviser.index.versions import IndexManager, IngestLockedError


def test_the_holder_status_is_written_read_and_described(tmp_path):
    writer = LockStatusWriter(tmp_path)
    writer.update(files_total=3, files_done=1, current="rapport.pdf", stage="embedding", force=True)
    status = read_status(tmp_path)
    assert status is not None
    text = status.describe(now=status.updated + 4)
    assert "file 2 of 3" in text and "rapport.pdf" in text and "embedding" in text and "4 s ago" in text
    writer.close()
    assert read_status(tmp_path) is None


def test_a_waiting_ingest_hears_the_progress_and_fails_with_it_when_the_wait_runs_out(tmp_path):
    settings = Settings(home=tmp_path, embedder="fake", lock_timeout_s=2.5)
    manager = IndexManager(settings)
    holder = manager.lock()
    holder.acquire()  # another ingest, as far as this one can tell
    writer = LockStatusWriter(manager.root)
    writer.update(files_total=4, files_done=2, current="plan.docx", stage="loading", force=True)
    heard = []
    doc = tmp_path / "a.txt"
    doc.write_text("Koordinator\n\nKoordinatoren følger opp planen.\n", encoding="utf-8")
    started = time.monotonic()
    try:
        with pytest.raises(IngestLockedError, match=r"file 3 of 4, plan\.docx, loading"):
            Ingestor(settings, FakeEmbedder(32), waiting=heard.append).run([doc])
    finally:
        holder.release()
        writer.close()
    assert time.monotonic() - started >= 2.0  # it waited as long as it was told to
    assert heard and all(s is not None and s.current == "plan.docx" for s in heard)


def test_the_status_file_exists_only_while_an_ingest_runs(tmp_path):
    settings = Settings(home=tmp_path, embedder="fake")
    seen = []

    class Spy:
        def start(self, total_files):
            seen.append(read_status(IndexManager(settings).root))

        def file_started(self, name):
            pass

        def file_loaded(self, name, pages, chunks):
            pass

        def chunks_embedded(self, n):
            pass

        def file_finished(self, name, status):
            seen.append(read_status(IndexManager(settings).root))

        def stage(self, message):
            pass

    doc = tmp_path / "a.txt"
    doc.write_text("Koordinator\n\nKoordinatoren følger opp planen.\n", encoding="utf-8")
    Ingestor(settings, FakeEmbedder(32), progress=Spy()).run([doc])
    assert seen[-1] is not None and seen[-1].files_done == 1 and seen[-1].files_total == 1
    assert read_status(IndexManager(settings).root) is None  # removed when the ingest ends
