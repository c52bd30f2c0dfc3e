"""Files that are missing, broken, hostile or mislabelled: each is refused with a useful message or loaded with a warning."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from doc_builders import (
    docx_bytes_of_zip,
    make_blank_pdf,
    make_encrypted_pdf,
    make_pdf,
    make_text_and_picture_pdf,
    make_zip_bomb_docx,
)

from veiviser.core.types import BlockKind
from veiviser.documents.errors import OCR_PACKAGES_DEBIAN, LoadError
from veiviser.documents.loaders import load_file

LIMIT = 10_000_000


def _refused(path: Path, **kwargs) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_file(path, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)
    error = info.value
    assert error.path == path
    assert str(error).startswith(f"{path.name}: ")
    assert "\n" not in error.message
    return error


def test_missing_file(tmp_path):
    error = _refused(tmp_path / "finnes-ikke.pdf")
    assert "not found" in error.message


def test_directory_is_not_a_file(tmp_path):
    folder = tmp_path / "mappe"
    folder.mkdir()
    assert "folder" in _refused(folder).message


def test_zero_byte_file(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.touch()
    assert "empty (0 bytes)" in _refused(empty).message


def test_over_limit_names_limit_and_setting(tmp_path):
    path = tmp_path / "stor.txt"
    path.write_text("Koordinator og individuell plan. " * 100, encoding="utf-8")
    error = _refused(path, max_bytes=2_048)
    assert "3 KB, over the 2 KB limit" in error.message
    assert "VEIVISER_MAX_FILE_MB" in error.message


def test_size_is_checked_before_reading(tmp_path):
    huge = tmp_path / "stor.pdf"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written to disk
    started = time.perf_counter()
    error = _refused(huge, max_bytes=50 * 1024 * 1024)
    assert time.perf_counter() - started < 1.0
    assert "The file is 200 MB, over the 50 MB limit" in error.message


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "odelagt.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    assert "damaged or truncated" in _refused(path).message


def test_truncated_pdf(tmp_path):
    whole = make_pdf(tmp_path / "hel.pdf").read_bytes()
    path = tmp_path / "avkuttet.pdf"
    path.write_bytes(whole[: len(whole) * 6 // 10])
    assert "damaged or truncated" in _refused(path).message


def test_encrypted_pdf_must_be_decrypted_first(tmp_path):
    error = _refused(make_encrypted_pdf(tmp_path / "kryptert.pdf"))
    assert "password-protected" in error.message
    assert "Decrypt it first" in error.message


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    doc = load_file(make_encrypted_pdf(tmp_path / "eier.pdf", user_password=""), max_bytes=LIMIT)
    assert any("owner password" in w for w in doc.warnings)
    assert any("oppfølging" in b.text for b in doc.blocks)


def test_pdf_that_is_really_html_is_loaded_as_html_with_warning(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Rutine</title></head><body><h1>Koordinator</h1>"
        "<p>Koordinatoren har hovedansvaret for oppfølgingen.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.doc_type == "html"
    assert any("named .pdf but the content is HTML" in w for w in doc.warnings)
    assert [b.text for b in doc.blocks] == ["Koordinator", "Koordinatoren har hovedansvaret for oppfølgingen."]


def test_image_only_pdf_with_ocr_off_names_the_packages(tmp_path):
    error = _refused(make_blank_pdf(tmp_path / "skannet.pdf"), ocr=False)
    assert "no text layer" in error.message
    assert "OCR is turned off" in error.message
    assert OCR_PACKAGES_DEBIAN in error.message


def test_image_only_pdf_without_ocr_installed_names_the_packages(tmp_path, monkeypatch):
    import veiviser.documents.loaders.pdf as pdf_loader

    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: False)
    error = _refused(make_blank_pdf(tmp_path / "skannet.pdf"), ocr=True)
    assert "OCR is not installed" in error.message
    assert f"apt-get install {OCR_PACKAGES_DEBIAN}" in error.message


def test_partly_scanned_pdf_without_ocr_keeps_the_text_pages_and_warns(tmp_path):
    doc = load_file(make_text_and_picture_pdf(tmp_path / "delvis.pdf"), max_bytes=LIMIT, ocr=False)
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, "Koordinatoren skal sørge for nødvendig oppfølging av brukeren.")
    ]
    assert doc.pages == 2 and doc.ocr_pages == ()
    [warning] = doc.warnings
    assert "page 2" in warning and OCR_PACKAGES_DEBIAN in warning


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path):
    started = time.perf_counter()
    bomb = make_zip_bomb_docx(tmp_path / "bombe.docx")
    assert bomb.stat().st_size < 2_000_000
    error = _refused(bomb)
    assert "zip bomb" in error.message
    assert time.perf_counter() - started < 3.0


def test_damaged_docx(tmp_path):
    path = tmp_path / "skadet.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "damaged" in _refused(path).message


def test_docx_without_word_content_is_unsupported(tmp_path):
    path = tmp_path / "pakke.docx"
    path.write_bytes(docx_bytes_of_zip({"notes.txt": b"hei"}))
    assert "ZIP archives are not supported" in _refused(path).message


def test_old_word_format_gets_advice(tmp_path):
    path = tmp_path / "gammel.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "Save it as .docx" in _refused(path).message


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "notat.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert "binary data" in _refused(path).message


def test_unknown_binary_type_is_unsupported(tmp_path):
    path = tmp_path / "bilde.xyz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "Unsupported file type '.xyz'" in _refused(path).message


def test_latin1_nordic_text_loads_with_warning(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Særlig viktig: pårørende skal høres, og brukeren får en koordinator.\n".encode("latin-1"))
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.blocks[0].text == "Særlig viktig: pårørende skal høres, og brukeren får en koordinator."
    assert doc.meta["encoding"] == "cp1252"
    assert any("not UTF-8" in w for w in doc.warnings)


def test_utf16_text_with_bom_loads(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Individuell plan for Åse.\n".encode("utf-16"))
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.blocks[0].text == "Individuell plan for Åse."
    assert not doc.warnings


def test_whitespace_only_text_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n\t\n", encoding="utf-8")
    assert "no text" in _refused(path).message


def test_html_with_only_script_is_refused(tmp_path):
    path = tmp_path / "tom.html"
    path.write_text("<html><body><script>alert('x')</script></body></html>", encoding="utf-8")
    assert "No readable text" in _refused(path).message


def test_text_named_docx_is_read_as_text_with_warning(tmp_path):
    path = tmp_path / "notat.docx"
    path.write_text("Koordinerende enhet skal ha oversikt over tjenestene.\n", encoding="utf-8")
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.doc_type == "txt"
    assert doc.blocks[0].kind is BlockKind.PARAGRAPH
    assert any("named .docx" in w for w in doc.warnings)
