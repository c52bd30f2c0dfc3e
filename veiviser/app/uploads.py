"""Accept documents staff upload in the app: check type and size, clean the name, store privately.

Everything is checked before a byte is written: the suffix must be one the ingest
pipeline reads, the content must look like that type (a renamed binary is refused),
the size must be within the limit, and the name is reduced to a plain file name
(no folders, no path traversal, Unicode normalised) so it can only land in the
uploads folder. Files are written 0o600 in a 0o700 folder: uploads may hold
internal routines that other users of the machine should not read.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from veiviser.core.errors import VeiviserError
from veiviser.documents.files import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 120
DIR_MODE = 0o700
FILE_MODE = 0o600
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
_UNSAFE = re.compile(r"[^\w .()\-\u2013\u2014]+", re.UNICODE)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass
class UploadRejected(VeiviserError, ValueError):
    """Why an upload was refused: `reason` is a stable code the UI translates, `details` fill the message."""

    reason: str  # "name", "type", "content", "size", "empty", "taken"; "scan_no_ocr", "scan_ocr_off" (check_scan)
    name: str
    details: dict[str, object] = field(default_factory=dict)
    exit_code = 2  # unannotated, so not a dataclass field

    def __post_init__(self) -> None:
        super().__init__(str(self))  # the dataclass __init__ does not call it; sets `message`

    def __str__(self) -> str:
        return f"{self.name}: upload refused ({self.reason}) {self.details or ''}".strip()


def allowed_suffixes() -> list[str]:
    return sorted(SUPPORTED_SUFFIXES)


def safe_filename(name: str) -> str:
    """A plain, portable file name from whatever the browser sent; raises UploadRejected('name') if none is left."""
    original = name
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format, private use
    name = re.split(r"[\\/]", name)[-1]  # keep only the last path component
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().rstrip(".")
    name = re.sub(r"_+", "_", name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" ._")
    if not stem or stem.lower() in _WINDOWS_RESERVED or set(stem) <= {"."}:
        raise UploadRejected("name", original)
    suffix = suffix.lower()
    budget = MAX_NAME_CHARS - len(suffix) - 1
    stem = stem[:budget].rstrip(" .")
    return f"{stem}.{suffix}" if suffix else stem


def _looks_like(suffix: str, data: bytes) -> bool:
    if suffix == ".pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if suffix == ".docx":
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                return "word/document.xml" in zf.namelist()
        except zipfile.BadZipFile:
            return False
    if suffix in _TEXT_SUFFIXES:
        if b"\x00" in data[:65536]:
            return False
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError as exc:
            # a cut in the middle of a multi-byte character at the sample edge is fine
            if exc.start < min(len(data), 65536) - 4:
                try:
                    data[:65536].decode("cp1252")
                except UnicodeDecodeError:
                    return False
        return True
    return False


def check_upload(name: str, data: bytes, max_bytes: int) -> str:
    """The safe file name for an acceptable upload; raises UploadRejected with the reason otherwise."""
    clean = safe_filename(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadRejected("type", name, {"suffix": suffix or "—", "allowed": ", ".join(allowed_suffixes())})
    if not data:
        raise UploadRejected("empty", name)
    if len(data) > max_bytes:
        raise UploadRejected(
            "size", name, {"size_mb": round(len(data) / 1048576, 1), "max_mb": round(max_bytes / 1048576, 1)}
        )
    if not _looks_like(suffix, data):
        raise UploadRejected("content", name, {"suffix": suffix})
    return clean


def ensure_private_dir(folder: Path) -> Path:
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(folder, DIR_MODE)
    return folder


def save_upload(
    uploads_dir: Path,
    name: str,
    data: bytes,
    *,
    max_bytes: int,
    indexed_elsewhere: dict[str, str] | None = None,
) -> Path:
    """Check and store one upload; returns its path.

    `indexed_elsewhere` maps document names already in the index to their paths: a
    different file with the same name would replace that document, so it is refused
    (reason "taken"); re-uploading a file already in the uploads folder replaces it.
    """
    clean = check_upload(name, data, max_bytes)
    folder = ensure_private_dir(uploads_dir).resolve()
    target = (folder / clean).resolve()
    if target.parent != folder:  # belt and braces: safe_filename already removed separators
        raise UploadRejected("name", name)
    other = (indexed_elsewhere or {}).get(clean)
    if other and Path(other).resolve().parent != folder:
        raise UploadRejected("taken", name, {"file": clean})
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("stored upload %s (%d bytes)", clean, len(data))
    return target


def list_uploads(uploads_dir: Path) -> list[Path]:
    if not uploads_dir.is_dir():
        return []
    return sorted(p for p in uploads_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def is_upload(uploads_dir: Path, path: str | Path | None) -> bool:
    if not path:
        return False
    try:
        return Path(path).resolve().parent == uploads_dir.resolve()
    except OSError:
        return False


def delete_upload(uploads_dir: Path, file_name: str) -> bool:
    """Delete an uploaded file by name; False when it is not in the uploads folder."""
    folder = uploads_dir.resolve()
    target = (folder / Path(file_name).name).resolve()
    if target.parent != folder or not target.is_file():
        return False
    target.unlink()
    log.info("deleted upload %s", target.name)
    return True


# ---------------------------------------------------------------------------- failures, worded for staff

# Why a file could not be indexed, from the loader's message (written for whoever runs the CLI, in
# English, with install hints). The app shows staff a translated sentence per reason instead and
# leaves the original message to the log. Order matters: the first reason whose phrases all occur wins.
# tests/app/test_upload_failures.py feeds real loader errors through this table.
FAILURE_REASONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("scan_no_ocr", ("no text layer", "ocr is not installed")),
    ("scan_ocr_off", ("no text layer", "ocr is turned off")),
    ("scan_unreadable", ("ocr found no text",)),
    ("ocr_failed", ("ocr of the scanned pages failed",)),
    ("ocr_failed", ("ocr took longer",)),
    ("encrypted", ("password-protected",)),
    ("personal_data", ("holds personal data",)),
    ("unsafe", ("zip bomb",)),
    ("too_large", ("over the", "limit")),
    ("unsupported", ("unsupported file type",)),
    ("unsupported", ("not supported",)),
    ("unsupported", ("old microsoft office",)),
    ("unsupported", ("binary data",)),
    ("unsupported", ("not readable text",)),
    ("damaged", ("damaged",)),
    ("damaged", ("truncated",)),
    ("damaged", ("not a valid",)),
    ("damaged", ("could not be read",)),
    ("damaged", ("has no pages",)),
    ("no_text", ("no readable text",)),
    ("no_text", ("has no text",)),
    ("no_text", ("is empty",)),
)
FAILURE_CODES = tuple(dict.fromkeys([code for code, _ in FAILURE_REASONS] + ["other"]))


# Warnings on a document that was indexed, when they hold an administrator's hint; others are shown as written.
WARNING_REASONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pages_no_ocr", ("no text layer", "skipped", "ocr is not installed")),
    ("pages_ocr_off", ("no text layer", "skipped", "ocr is turned off")),
    ("ocr_languages", ("ocr language data missing",)),
    ("ocr_failed", ("ocr failed",)),
)


def warning_reason(message: str) -> str | None:
    """A code for a warning that carries install hints or setting names (see WARNING_REASONS), else None."""
    text = " ".join(message.lower().split())
    for code, phrases in WARNING_REASONS:
        if all(phrase in text for phrase in phrases):
            return code
    return None


def failure_reason(message: str) -> str:
    """A stable code for why a file failed (see FAILURE_REASONS); "other" when none fits."""
    text = " ".join(message.lower().split())
    for code, phrases in FAILURE_REASONS:
        if all(phrase in text for phrase in phrases):
            return code
    return "other"


def check_scan(name: str, data: bytes, *, ocr_enabled: bool) -> None:
    """Refuse a PDF without any text layer before it is stored, when this server cannot OCR it.

    Indexing it would only fail (and build a new index version for nothing); staff get the
    reason at once, and the install hint goes to the log for the administrator.
    """
    if not data[:1024].lstrip().startswith(b"%PDF-") or not _pdf_without_text(data):
        return
    from veiviser.documents.errors import OCR_PACKAGES_DEBIAN
    from veiviser.documents.loaders.pdf import ocr_available

    if ocr_enabled and ocr_available():
        return
    reason = "scan_ocr_off" if not ocr_enabled else "scan_no_ocr"
    log.warning(
        "refused upload %s: a scanned PDF without text and %s (Debian: apt-get install %s%s)",
        safe_name_for_log(name),
        "OCR is turned off" if not ocr_enabled else "OCR is not installed",
        OCR_PACKAGES_DEBIAN,
        "; then set VEIVISER_OCR=1" if not ocr_enabled else "",
    )
    raise UploadRejected(reason, name)


def _pdf_without_text(data: bytes, min_chars: int = 8) -> bool:
    """True when no page of the PDF has a text layer; False also when the PDF cannot be read (ingest says why)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            return False
        for page in reader.pages:
            if sum(1 for ch in (page.extract_text() or "") if not ch.isspace()) >= min_chars:
                return False
        return len(reader.pages) > 0
    except Exception as exc:  # a damaged PDF: the ingest reports it with its own reason
        log.debug("text layer check failed: %s", exc)
        return False


def safe_name_for_log(name: str) -> str:
    """The upload's name as it would be stored, or a placeholder: logs get no raw browser input."""
    try:
        return safe_filename(name)
    except UploadRejected:
        return "(unusable name)"
