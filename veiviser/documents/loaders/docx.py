"""Word documents via python-docx: headings, lists and tables in reading order.

A DOCX is a ZIP, so before python-docx opens it we check the archive's
declared sizes: a few hundred KB can expand to gigabytes (a zip bomb) and
take the whole ingest down with it.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from veiviser.core.types import Block, BlockKind
from veiviser.documents.loaders.structure import HeadingTracker, ParsedContent, collapse_spaces, has_content

log = logging.getLogger(__name__)

MAX_UNCOMPRESSED_FLOOR = 100_000_000  # bytes a DOCX may expand to, at least
UNCOMPRESSED_PER_FILE_BYTE = 20  # ... or 20x the file size, whichever is larger
MAX_MEMBER_RATIO = 100  # XML compresses ~5-20x; 100x+ on a big member is a bomb
RATIO_CHECK_MIN_BYTES = 1_000_000
MAX_MEMBERS = 10_000

_HEADING_STYLE = re.compile(r"(?i)^(?:heading|overskrift|rubrik|überschrift|otsikko)\s*(\d)$")
_TITLE_STYLE = re.compile(r"(?i)^(?:title|tittel|titel|rubrik)$")
_LIST_STYLE = re.compile(r"(?i)\b(?:list|liste|lista|listeavsnitt|listafsnit|listaavsnitt|punkt|bullet|number)")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip_bomb(path: Path, data: bytes) -> None:
    """Refuse archives whose declared expansion is far beyond what a real document needs."""
    from veiviser.documents.errors import LoadError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise LoadError(
            path,
            "The DOCX file is damaged (not a valid Word document). Open it in Word or LibreOffice and save it again.",
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise LoadError(
            path,
            f"The DOCX holds {len(members)} files, which no real document needs; refusing to open it (possible zip bomb).",
        )
    total = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members)
    limit = max(MAX_UNCOMPRESSED_FLOOR, UNCOMPRESSED_PER_FILE_BYTE * len(data))
    worst = max(
        (m.file_size / max(1, m.compress_size) for m in members if m.file_size >= RATIO_CHECK_MIN_BYTES), default=0.0
    )
    if total > limit or worst > MAX_MEMBER_RATIO:
        raise LoadError(
            path,
            f"The DOCX would expand to {total / 1_000_000:.0f} MB from {compressed / 1_000_000:.1f} MB "
            f"(ratio {total / max(1, compressed):.0f}:1), which looks like a zip bomb; refusing to open it. "
            "If the document is genuine, open it in Word or LibreOffice, save it again, and retry.",
        )


def load_docx(path: Path, data: bytes) -> ParsedContent:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    from veiviser.documents.errors import LoadError

    check_zip_bomb(path, data)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoadError(
            path,
            "The DOCX file is damaged (not a valid Word document). Open it in Word or LibreOffice and save it again.",
        ) from exc
    except Exception as exc:  # lxml errors on broken XML parts
        raise LoadError(
            path,
            f"The DOCX file could not be read ({type(exc).__name__}). Open it in Word or LibreOffice and save it again.",
        ) from exc

    headings = HeadingTracker()
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            _table_rows(item, headings, blocks)
        else:
            _paragraph(item, headings, blocks)

    try:
        title = collapse_spaces(document.core_properties.title or "")
    except Exception:  # broken docProps/core.xml is harmless
        title = ""
    if not blocks:
        raise LoadError(path, "The DOCX has no text. Check that it is the right file.")
    return ParsedContent(blocks=blocks, title=title, explicit_headings=True)


def _paragraph(paragraph, headings: HeadingTracker, blocks: list[Block]) -> None:
    text = collapse_spaces(paragraph.text)
    if not has_content(text):
        return
    style_name = _style_name(paragraph)
    level = _heading_level(paragraph, style_name)
    if level:
        parents = headings.enter(level, text)
        blocks.append(Block(text=text, kind=BlockKind.HEADING, heading_path=parents, level=level))
        return
    kind = BlockKind.LIST_ITEM if _is_list(paragraph, style_name) else BlockKind.PARAGRAPH
    blocks.append(Block(text=text, kind=kind, heading_path=headings.path))


def _style_name(paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return ""


def _heading_level(paragraph, style_name: str) -> int:
    match = _HEADING_STYLE.match(style_name.strip())
    if match:
        return max(1, int(match.group(1)))
    if _TITLE_STYLE.match(style_name.strip()):
        return 1
    outline = _outline_level(paragraph)
    return outline + 1 if outline is not None and outline < 9 else 0


def _outline_level(paragraph) -> int | None:
    """w:outlineLvl on the paragraph or its style chain (custom heading styles use it)."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    depth = 0
    while style is not None and depth < 10:
        candidates.append(style.element.pPr)
        style = style.base_style
        depth += 1
    for ppr in candidates:
        if ppr is None:
            continue
        node = ppr.find(f"{_W}outlineLvl")
        if node is not None:
            try:
                return int(node.get(f"{_W}val"))
            except (TypeError, ValueError):
                return None
    return None


def _is_list(paragraph, style_name: str) -> bool:
    if _LIST_STYLE.search(style_name):
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{_W}numPr") is not None


def _table_rows(table, headings: HeadingTracker, blocks: list[Block]) -> None:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same cell object
                continue
            seen.add(id(cell._tc))
            text = collapse_spaces(cell.text)
            if text:
                cells.append(text)
        if cells:
            blocks.append(Block(text=" | ".join(cells), kind=BlockKind.TABLE_ROW, heading_path=headings.path))
