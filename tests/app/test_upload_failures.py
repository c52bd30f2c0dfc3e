"""Failed uploads: the reason read from real loader errors, scans refused before storing, failed files deleted."""

from __future__ import annotations

import logging

import pytest
from doc_builders import make_blank_pdf, make_encrypted_pdf, make_pdf, make_text_and_picture_pdf

import veiviser.documents.loaders.pdf as pdf_loader
from veiviser.app.library import drop_failed_uploads, gone_failures, ingest_uploads
from veiviser.app.uploads import (
    FAILURE_CODES,
    UploadRejected,
    check_scan,
    failure_reason,
    save_upload,
    warning_reason,
)
from veiviser.backends.embedders import make_embedder
from veiviser.core.config import Settings
from veiviser.documents.errors import LoadError
from veiviser.documents.loaders import load_file
from veiviser.index.versions import IndexManager

LIMIT = 50 * 1024 * 1024


def _load_error(path, **kwargs) -> str:
    with pytest.raises(LoadError) as caught:
        load_file(path, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)
    return str(caught.value)


def test_real_loader_errors_get_the_right_reason(tmp_path, monkeypatch):
    blank = make_blank_pdf(tmp_path / "skannet.pdf")
    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: False)
    assert failure_reason(_load_error(blank, ocr=True)) == "scan_no_ocr"
    assert failure_reason(_load_error(blank, ocr=False)) == "scan_ocr_off"
    assert failure_reason(_load_error(make_encrypted_pdf(tmp_path / "laast.pdf"))) == "encrypted"
    truncated = tmp_path / "avkuttet.pdf"
    truncated.write_bytes(make_pdf(tmp_path / "hel.pdf").read_bytes()[:300])
    assert failure_reason(_load_error(truncated)) == "damaged"
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    assert failure_reason(_load_error(empty)) == "no_text"
    big = tmp_path / "stor.txt"
    big.write_text("tekst " * 400, encoding="utf-8")
    assert failure_reason(_load_error(big, max_bytes=100)) == "too_large"
    old_office = tmp_path / "gammel.doc"
    old_office.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert failure_reason(_load_error(old_office)) == "unsupported"
    assert failure_reason("x.pdf: something nobody foresaw") == "other"
    assert set(FAILURE_CODES) >= {"scan_no_ocr", "damaged", "other"}


def test_scan_warnings_with_install_hints_get_a_reason(tmp_path, monkeypatch):
    partly = make_text_and_picture_pdf(tmp_path / "delvis.pdf")
    [off] = load_file(partly, max_bytes=LIMIT, ocr=False).warnings
    assert "apt-get" in off and warning_reason(off) == "pages_ocr_off"
    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: False)
    [missing] = load_file(partly, max_bytes=LIMIT, ocr=True).warnings
    assert warning_reason(missing) == "pages_no_ocr"
    assert warning_reason("rapport.pdf: the PDF looks truncated (no end marker); some content may be missing.") is None


def test_a_scan_is_refused_before_it_is_stored_when_ocr_is_missing(tmp_path, monkeypatch, caplog):
    data = make_blank_pdf(tmp_path / "skannet.pdf").read_bytes()
    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: False)
    with caplog.at_level(logging.WARNING), pytest.raises(UploadRejected) as caught:
        check_scan("skannet.pdf", data, ocr_enabled=True)
    assert caught.value.reason == "scan_no_ocr"
    assert "apt-get install" in caplog.text  # the install hint is for the administrator, in the log
    with pytest.raises(UploadRejected) as caught:
        check_scan("skannet.pdf", data, ocr_enabled=False)
    assert caught.value.reason == "scan_ocr_off"
    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: True)
    check_scan("skannet.pdf", data, ocr_enabled=True)  # this server can read it
    check_scan("tekst.pdf", make_pdf(tmp_path / "tekst.pdf").read_bytes(), ocr_enabled=False)  # has text
    check_scan("notat.txt", b"Bare tekst.", ocr_enabled=False)


@pytest.fixture
def library(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rutine.txt").write_text("Koordinatoren skal sørge for nødvendig oppfølging.", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake", sources_dir=docs, ocr=False)
    return settings, make_embedder(settings)


def test_an_upload_that_fails_to_index_is_deleted_and_left_out_of_the_list(library, caplog):
    settings, embedder = library
    good = save_upload(settings.uploads_dir, "notat.txt", b"Et notat om individuell plan.", max_bytes=LIMIT)
    bad = save_upload(settings.uploads_dir, "skadet.pdf", b"%PDF-1.4\n garbage, not a pdf body", max_bytes=LIMIT)
    with caplog.at_level(logging.WARNING):
        report, removed = ingest_uploads(settings, embedder, [good, bad])
    assert [o.source for o in report.failed] == ["skadet.pdf"]
    assert removed == ["skadet.pdf"]
    assert not bad.exists() and good.exists()
    assert "skadet.pdf" in caplog.text  # what went wrong stays in the log
    manager = IndexManager(settings)
    assert "skadet.pdf" in (manager.read_manifest() or {})["failures"]  # recorded by the ingest ...
    assert gone_failures(settings, manager) == {"skadet.pdf"}  # ... but no longer a file to list


def test_only_this_rounds_uploads_are_deleted(library, tmp_path):
    settings, embedder = library
    broken = settings.sources_dir / "kilde-skadet.pdf"  # an administrator's file in the sources folder
    broken.write_bytes(b"%PDF-1.4\n garbage")
    report, removed = ingest_uploads(settings, embedder, [])
    assert [o.source for o in report.failed] == ["kilde-skadet.pdf"] and removed == []
    assert broken.exists()
    assert drop_failed_uploads(settings, report, [broken]) == []  # not in the uploads folder: never deleted
    assert gone_failures(settings, IndexManager(settings)) == set()  # still on disk: still listed
