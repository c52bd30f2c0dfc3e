"""Load a source file into a `LoadedDocument`: pick the reader by content, not by name.

Files arrive renamed, mis-saved and half-downloaded, so the extension is only
a hint: we sniff the first bytes (PDF header, ZIP container, HTML markup) and
fall back to text. Every refusal is a `LoadError` saying what to do.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from pathlib import Path

from veiviser.core.types import LoadedDocument
from veiviser.documents.errors import SUPPORTED_TYPES, LoadError
from veiviser.documents.files import source_name
from veiviser.documents.loaders.structure import ParsedContent, title_from_blocks

log = logging.getLogger(__name__)

SNIFF_BYTES = 8192
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head|div|p|h[1-6]|table|meta|title)\b[^>]*>", re.I)
_TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_KNOWN_SUFFIXES = {".pdf", ".docx", *_TEXT_SUFFIXES, *_HTML_SUFFIXES}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_type(head: bytes, suffix: str) -> str:
    """ "pdf", "docx", "html", "txt", "md", or an "unsupported:<why>" tag, from the first bytes and the suffix."""
    suffix = suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # resolved by looking inside (docx or not)
    if head.startswith(_OLE_MAGIC):
        return "unsupported:ole"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped) or (suffix in _HTML_SUFFIXES and stripped.lstrip().startswith(b"<")):
        return "html"
    if suffix not in _TEXT_SUFFIXES and len(_HTML_ANYWHERE.findall(stripped[:4096])) >= 3:
        return "html"
    return _TEXT_SUFFIXES.get(suffix, "txt")


def load_file(path: Path, *, max_bytes: int, ocr: bool = True, ocr_langs: str = "nor+swe+dan") -> LoadedDocument:
    """Read one file into ordered blocks with pages, headings, title and content hash.

    Raises LoadError (with a message for the user) when the file cannot or should not be read.
    """
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "File not found. Check the path and spelling, then try again.")
    if path.is_dir():
        raise LoadError(path, "This is a folder, not a file. Give the path of a document inside it.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(
            path, f"Cannot read the file ({exc.strerror}). Check that it exists and that you may read it."
        ) from exc
    if size == 0:
        raise LoadError(path, "The file is empty (0 bytes). Export or download it again, then retry.")
    if size > max_bytes:
        raise LoadError(
            path,
            f"The file is {_size_text(size)}, over the {_size_text(max_bytes)} limit. "
            "Raise the limit with VEIVISER_MAX_FILE_MB (setting max_file_mb) or split the file.",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            path, f"Cannot read the file ({exc.strerror}). Check that you have permission to read it."
        ) from exc

    suffix = path.suffix.lower()
    kind = sniff_type(data[:SNIFF_BYTES], suffix)
    warnings: list[str] = []
    if kind == "zip":
        kind = _zip_kind(path, data)
    if kind.startswith("unsupported:"):
        raise LoadError(path, _unsupported_message(kind, suffix))
    if suffix in (".pdf", ".docx") and kind != suffix[1:]:
        if kind in ("txt", "md") and not _mostly_text(data):
            raise LoadError(
                path,
                f"The file is named {suffix} but is not a valid {suffix[1:].upper()} (damaged or truncated). "
                "Export or download it again.",
            )
        warnings.append(f"{path.name}: named {suffix} but the content is {kind.upper()}; read it as {kind.upper()}.")
    elif suffix and suffix not in _KNOWN_SUFFIXES and kind in ("txt", "md") and not _mostly_text(data):
        raise LoadError(
            path, f"Unsupported file type '{suffix}'. Supported: {SUPPORTED_TYPES}. Convert the file and try again."
        )

    parsed = _parse(kind, path, data, ocr=ocr, ocr_langs=ocr_langs)
    title = parsed.title.strip() or title_from_blocks(parsed.blocks, min_words=1 if parsed.explicit_headings else 2)
    doc = LoadedDocument(
        source=source_name(path),
        path=str(path.resolve()),
        doc_type=kind,
        title=title or path.stem,
        blocks=tuple(parsed.blocks),
        content_hash=hashlib.sha256(data).hexdigest(),
        pages=parsed.pages,
        ocr_pages=parsed.ocr_pages,
        warnings=tuple(warnings + parsed.warnings),
        meta=parsed.meta,
    )
    for warning in doc.warnings:
        log.warning("%s", warning)
    return doc


def _parse(kind: str, path: Path, data: bytes, *, ocr: bool, ocr_langs: str) -> ParsedContent:
    if kind == "pdf":
        from veiviser.documents.loaders.pdf import load_pdf

        return load_pdf(path, data, ocr=ocr, ocr_langs=ocr_langs)
    if kind == "docx":
        from veiviser.documents.loaders.docx import load_docx

        return load_docx(path, data)
    if kind == "html":
        from veiviser.documents.loaders.html import load_html

        return load_html(path, data)
    from veiviser.documents.loaders.text import load_text

    return load_text(path, data, markdown=kind == "md")


def _zip_kind(path: Path, data: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        if path.suffix.lower() == ".docx":
            raise LoadError(
                path,
                "The DOCX file is damaged (not a valid Word document). Open it in Word or LibreOffice and save it again.",
            ) from exc
        raise LoadError(path, f"The file is a damaged ZIP archive. Supported: {SUPPORTED_TYPES}.") from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "unsupported:pptx"
    if any(n.startswith("xl/") for n in names):
        return "unsupported:xlsx"
    if "content.xml" in names:
        return "unsupported:odf"
    return "unsupported:zip"


def _unsupported_message(kind: str, suffix: str) -> str:
    reason = kind.split(":", 1)[1]
    advice = {
        "ole": "This is an old Microsoft Office file (.doc/.xls/.ppt). Save it as .docx or PDF and try again.",
        "pptx": "PowerPoint files are not supported. Save the presentation as PDF and try again.",
        "xlsx": "Excel files are not supported. Save the sheet as PDF, or copy the text into a .docx.",
        "odf": "OpenDocument files are not supported. Save it as .docx or PDF and try again.",
        "zip": f"ZIP archives are not supported. Unpack it and ingest the documents inside ({SUPPORTED_TYPES}).",
    }
    return advice.get(reason, f"Unsupported file type '{suffix}'. Supported: {SUPPORTED_TYPES}.")


def _size_text(n: int) -> str:
    """Sizes as people read them (binary units, like the max_file_mb setting)."""
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _mostly_text(data: bytes) -> bool:
    """Cheap check used only to pick the error message: does the start of the file look like text?"""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return False
    printable = sum(1 for b in head if b >= 0x20 or b in (9, 10, 12, 13))
    return printable / max(1, len(head)) > 0.95


__all__ = ["load_file", "sniff_type", "LoadError"]
