"""Uploads: names cleaned, type/content/size checked before writing, private permissions, no traversal."""

from __future__ import annotations

import io
import stat

import pytest
from docx import Document

from veiviser.app.uploads import (
    UploadRejected,
    delete_upload,
    is_upload,
    list_uploads,
    safe_filename,
    save_upload,
)

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\rutine.md", "rutine.md"),
        ("Rutine for IP – Bergen.PDF", "Rutine for IP – Bergen.pdf"),
        ("ﬁnal\u200b rapport.txt", "final rapport.txt"),  # ligature and zero-width space normalised away
        ("oppfølging<>:*?.txt", "oppfølging.txt"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_safe_filename(given, expected):
    assert safe_filename(given) == expected


@pytest.mark.parametrize("bad", ["", "...", "/", "con.txt", "\u202e.txt"])
def test_names_that_leave_nothing_usable_are_refused(bad):
    with pytest.raises(UploadRejected) as exc:
        safe_filename(bad)
    assert exc.value.reason == "name"


def _docx_bytes() -> bytes:
    doc = Document()
    doc.add_paragraph("Rutine for koordinerende enhet.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_saved_files_are_private_and_inside_the_uploads_folder(tmp_path):
    folder = tmp_path / "uploads"
    path = save_upload(folder, "../rutine.txt", b"Koordinator og IP.", max_bytes=MB)
    assert path == (folder / "rutine.txt").resolve()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    docx = save_upload(folder, "plan.docx", _docx_bytes(), max_bytes=MB)
    assert [p.name for p in list_uploads(folder)] == ["plan.docx", "rutine.txt"]
    assert is_upload(folder, docx) and not is_upload(folder, tmp_path / "x.txt")
    assert delete_upload(folder, "plan.docx") and not docx.exists()
    assert not delete_upload(folder, "../uploads/rutine.txt") or not (folder / "rutine.txt").exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("program.exe", b"MZ\x90\x00", "type"),
        ("tom.txt", b"", "empty"),
        ("stor.txt", b"a" * (MB + 1), "size"),
        ("falsk.pdf", b"not a pdf at all", "content"),
        ("falsk.docx", b"PK\x03\x04garbage", "content"),
        ("binar.txt", b"\x00\x01\x02binary", "content"),
    ],
)
def test_refusals_write_nothing(tmp_path, name, data, reason):
    folder = tmp_path / "uploads"
    with pytest.raises(UploadRejected) as exc:
        save_upload(folder, name, data, max_bytes=MB)
    assert exc.value.reason == reason
    assert list_uploads(folder) == []


def test_a_name_taken_by_a_document_elsewhere_is_refused_but_an_upload_can_be_replaced(tmp_path):
    folder = tmp_path / "uploads"
    first = save_upload(folder, "rutine.txt", b"versjon 1", max_bytes=MB)
    indexed = {"rutine.txt": str(first), "rapport.txt": str(tmp_path / "corpus" / "rapport.txt")}
    save_upload(folder, "rutine.txt", b"versjon 2", max_bytes=MB, indexed_elsewhere=indexed)
    assert first.read_bytes() == b"versjon 2"
    with pytest.raises(UploadRejected) as exc:
        save_upload(folder, "rapport.txt", b"annen fil", max_bytes=MB, indexed_elsewhere=indexed)
    assert exc.value.reason == "taken"
