"""Plain text and Markdown, including text extracted from PDFs by other tools.

Such text carries its page structure in-band: form feeds between pages, or
running headers like "Sida: 3 (19)" / "Side 3 av 19" / "Page 3 of 19". We use
those to give blocks page numbers (so answers can cite pages) and drop the
repeated header lines themselves, which would otherwise pollute every chunk.
Slide decks exported as text separate slides by runs of blank lines. Letter-spaced lines
("I g n o r e r   a l l e") are closed up ("Ignorer alle") rather than dropped as separators, so
what they say is indexed and can be checked like any other text.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from veiviser.core.types import BlockKind
from veiviser.documents.errors import SUPPORTED_TYPES, LoadError
from veiviser.documents.loaders.structure import LineStructurer, ParsedContent, collapse_spaces, has_content

log = logging.getLogger(__name__)

MAX_CONTROL_RATIO = 0.01  # more control characters than this means binary data, not text
MAX_HIGH_BYTE_RATIO = 0.3  # a legacy-encoded Nordic text has a few percent of æøå, not a third
MIN_PAGE_MARKERS = 2
HEADER_CONTEXT_LINES = 2  # non-blank lines either side of a page marker that may be running header
SLIDE_GAP_BLANK_LINES = 3
MIN_SLIDES = 5
MAX_MEDIAN_SLIDE_CHARS = 600
MIN_SPACED_LETTERS = 4  # "a b c" stays a rule-like line; four letters a space apart are a word

_PAGE_WORD = r"(?:sida|side|page|seite|sivu)"
# "Sida: 3 (19)", "Side 3 av 19", "Page 3 of 19", "Side 3/19"
PAGE_MARKER = re.compile(
    rf"(?i)\b{_PAGE_WORD}\s*:?\s*(\d{{1,4}})\s*(?:\(\s*\d{{1,4}}\s*\)|(?:av|af|of|von|/)\s*\d{{1,4}})"
)
# A line that is nothing but "Side 3" / "Page 3".
BARE_PAGE_MARKER = re.compile(rf"(?i)^\s*{_PAGE_WORD}\s*:?\s*(\d{{1,4}})\s*$")
PAGE_LABEL_CELL = re.compile(rf"(?i)^{_PAGE_WORD}\s*:?$")
PAGE_VALUE_CELL = re.compile(r"(?i)^(\d{1,4})\s*(?:\(\s*\d{1,4}\s*\)|(?:av|af|of|/)\s*\d{1,4})?$")
LABEL_VALUE = re.compile(r"^([^:]{1,40}:)\s*(.+)$")
DIGITS = re.compile(r"\d")


def decode_text(data: bytes, path: Path) -> tuple[str, list[str], str]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1 with a warning.

    Refuses binary data (NUL bytes, many control characters) with a LoadError.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_printable(data.decode("utf-16"), path), warnings, "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise LoadError(path, f"The file contains binary data, not text. Supported types: {SUPPORTED_TYPES}.")
    try:
        return _check_printable(data.decode("utf-8-sig"), path), warnings, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    high = sum(1 for ch in text if ord(ch) > 0x7F)
    if text and high / len(text) > MAX_HIGH_BYTE_RATIO:
        raise LoadError(
            path,
            f"The file is not readable text (unknown encoding or binary data). Supported types: {SUPPORTED_TYPES}.",
        )
    warnings.append(
        f"{path.name}: not UTF-8; read as Windows-1252/Latin-1. Save it as UTF-8 to be sure æ, ø and å are right."
    )
    return _check_printable(text, path), warnings, encoding


def _check_printable(text: str, path: Path) -> str:
    if not text:
        return text
    control = sum(1 for ch in text if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if control / len(text) > MAX_CONTROL_RATIO:
        raise LoadError(path, f"The file contains binary data, not text. Supported types: {SUPPORTED_TYPES}.")
    return text


@dataclass
class _Line:
    text: str
    page: int | None
    dropped: bool = False


def parse_text(text: str, *, markdown: bool) -> ParsedContent:
    """Structure decoded text into blocks with pages, headings, lists and table rows."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines, pages, marker_pages = _paginate(text)
    slides = pages is None and _looks_like_slides(lines)
    structurer = LineStructurer(markdown=markdown, infer_headings=not markdown, ocr_bullets=not markdown)
    structurer.infer_unnumbered = not slides and not markdown
    warnings: list[str] = []

    paragraph: list[str] = []
    paragraph_page: int | None = None
    blank_run = 0
    slide_start = True

    def flush() -> None:
        nonlocal paragraph, slide_start
        if not paragraph:
            return
        if slides and slide_start:
            slide_start = False
            if structurer.slide_title(paragraph, paragraph_page):
                paragraph = []
                return
        structurer.paragraph(paragraph, paragraph_page)
        paragraph = []

    for line in lines:
        if line.page != paragraph_page and (paragraph or structurer.blocks):
            flush()
            structurer.boundary(BlockKind.PAGE_BREAK, line.page)
        paragraph_page = line.page
        if line.dropped:
            flush()
            continue
        if not line.text.strip():
            blank_run += 1
            flush()
            continue
        if slides and blank_run >= SLIDE_GAP_BLANK_LINES and structurer.blocks:
            flush()
            structurer.boundary(BlockKind.SLIDE_BREAK, None)
            structurer.headings.reset()
            slide_start = True
        blank_run = 0
        paragraph.append(collapse_letter_spacing(line.text))
    flush()

    blocks = structurer.blocks
    while blocks and blocks[-1].kind in (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK):
        blocks.pop()
    meta = {"layout": "slides" if slides else ("paged" if pages else "flowing")}
    return ParsedContent(
        blocks=blocks,
        pages=pages or (None if not marker_pages else max(marker_pages)),
        warnings=warnings,
        meta=meta,
        explicit_headings=markdown,
    )


def collapse_letter_spacing(line: str) -> str:
    """ "I g n o r e r   a l l e ." -> "Ignorer alle."; any other line is returned unchanged.

    Only lines of single letters and punctuation, starting with a letter, are touched: lines the
    structurer would otherwise drop as having no word. Wider gaps (two spaces or more) separate words.
    """
    stripped = line.strip()
    if not stripped[:1].isalpha() or "|" in stripped or "\t" in stripped:
        return line
    groups = [group.split(" ") for group in re.split(r" {2,}", stripped)]
    tokens = [token for group in groups for token in group]
    if any(len(token) != 1 or token.isdigit() for token in tokens):
        return line
    if sum(token.isalpha() for token in tokens) < MIN_SPACED_LETTERS:
        return line
    return line[: len(line) - len(line.lstrip())] + " ".join("".join(group) for group in groups)


def _paginate(text: str) -> tuple[list[_Line], int | None, list[int]]:
    """Lines with page numbers from form feeds or running page headers; header lines are marked dropped."""
    if "\f" in text:
        lines: list[_Line] = []
        for number, page_text in enumerate(text.split("\f"), start=1):
            lines.extend(_Line(ln, number) for ln in page_text.split("\n"))
        page_count = text.count("\f") + (0 if text.rstrip("\n").endswith("\f") else 1)
        _drop_repeated_page_edges(lines)
        return lines, page_count, []

    lines = [_Line(ln, None) for ln in text.split("\n")]
    markers = _find_page_markers(lines)
    if len(markers) < MIN_PAGE_MARKERS or not _mostly_increasing([p for _, _, p in markers]):
        return lines, None, []

    # Headers leave the last page's text after the last marker; footers leave the first page's before the first.
    leading = sum(len(ln.text.strip()) for ln in lines[: markers[0][0]])
    trailing = sum(len(ln.text.strip()) for ln in lines[markers[-1][1] + 1 :])
    header_mode = leading <= trailing
    if header_mode:
        current = max(1, markers[0][2] - 1) if leading else markers[0][2]
        marker_at = {start: (end, page) for start, end, page in markers}
        for index, line in enumerate(lines):
            if index in marker_at:
                current = marker_at[index][1]
            line.page = current
    else:  # footers: a marker closes its page
        start = 0
        for _, m_end, page in markers:
            for line in lines[start : m_end + 1]:
                line.page = page
            start = m_end + 1
        for line in lines[start:]:
            line.page = markers[-1][2] + 1

    for m_start, m_end, _ in markers:
        for line in lines[m_start : m_end + 1]:
            line.dropped = True
    _drop_running_headers(lines, markers)
    return lines, None, [p for _, _, p in markers]


def _find_page_markers(lines: list[_Line]) -> list[tuple[int, int, int]]:
    """(first line, last line, page) of each page marker, including label/value rows split over two lines."""
    markers: list[tuple[int, int, int]] = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        match = PAGE_MARKER.search(text) or BARE_PAGE_MARKER.match(text)
        if match:
            markers.append((index, index, int(match.group(1))))
            index += 1
            continue
        cells = [c.strip() for c in text.split("\t")]
        label_at = next((i for i, c in enumerate(cells) if PAGE_LABEL_CELL.match(c)), None)
        if label_at is not None:
            following = _next_nonblank(lines, index + 1)
            if following is not None and following - index <= 2:
                values = [c.strip() for c in lines[following].text.split("\t")]
                if label_at < len(values):
                    value = PAGE_VALUE_CELL.match(values[label_at])
                    if value:
                        markers.append((index, following, int(value.group(1))))
                        index = following + 1
                        continue
        index += 1
    return markers


def _next_nonblank(lines: list[_Line], start: int) -> int | None:
    for index in range(start, min(start + 3, len(lines))):
        if lines[index].text.strip():
            return index
    return None


def _mostly_increasing(pages: list[int]) -> bool:
    steps = [b - a for a, b in zip(pages, pages[1:], strict=False)]
    return sum(1 for s in steps if s > 0) >= 0.8 * len(steps)


def _normalize_header(text: str) -> str:
    return DIGITS.sub("0", collapse_spaces(text))


def _drop_running_headers(lines: list[_Line], markers: list[tuple[int, int, int]]) -> None:
    """Drop lines that recur next to page markers (document type, date, report number...)."""
    # Counted per side: a body line sits after one marker and before the next, a header always on the same side.
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for start, end, _ in markers:
        for counter, indexes in ((before, _context(lines, start, -1)), (after, _context(lines, end, +1))):
            keys = {_normalize_header(lines[i].text) for i in indexes}
            counter.update(keys)
            for i in indexes:
                examples.setdefault(_normalize_header(lines[i].text), lines[i].text)
    needed = max(MIN_PAGE_MARKERS, len(markers) / 3)
    headers = {key for counter in (before, after) for key, count in counter.items() if count >= needed}
    if not headers:
        return
    fragments = set(headers)
    for key in headers:
        for cell in (c.strip() for c in examples[key].split("\t") if c.strip()):
            fragments.add(_normalize_header(cell))
            match = LABEL_VALUE.match(cell)
            if match:
                fragments.update({_normalize_header(match.group(1)), _normalize_header(match.group(2))})
    for line in lines:
        if not line.text.strip() or line.dropped:
            continue
        cells = [_normalize_header(c) for c in line.text.split("\t") if c.strip()]
        if _normalize_header(line.text) in fragments or (cells and all(c in fragments for c in cells)):
            line.dropped = True
        elif not has_content(line.text):
            line.dropped = True  # "-----\t-----" rules under a header


def _context(lines: list[_Line], index: int, step: int) -> list[int]:
    found: list[int] = []
    probe = index + step
    while 0 <= probe < len(lines) and len(found) < HEADER_CONTEXT_LINES and abs(probe - index) <= 4:
        if lines[probe].text.strip():
            found.append(probe)
        probe += step
    return found


def _drop_repeated_page_edges(lines: list[_Line]) -> None:
    """With form-feed pages, drop first/last lines that repeat on many pages (running headers, page numbers)."""
    by_page: dict[int | None, list[int]] = {}
    for index, line in enumerate(lines):
        if line.text.strip():
            by_page.setdefault(line.page, []).append(index)
    if len(by_page) < 3:
        return
    edges: Counter[str] = Counter()
    for indexes in by_page.values():
        edges.update({_normalize_header(lines[i].text) for i in indexes[:2] + indexes[-2:]})
    repeated = {t for t, n in edges.items() if n >= max(3, len(by_page) // 2)}
    for indexes in by_page.values():
        for i in indexes[:2] + indexes[-2:]:
            text = lines[i].text
            if _normalize_header(text) in repeated or PAGE_MARKER.search(text) or BARE_PAGE_MARKER.match(text):
                lines[i].dropped = True


def _looks_like_slides(lines: list[_Line]) -> bool:
    """Many short segments separated by runs of blank lines: a slide deck exported as text."""
    segments: list[int] = []
    size = 0
    blank_run = 0
    for line in lines:
        if not line.text.strip():
            blank_run += 1
            continue
        if blank_run >= SLIDE_GAP_BLANK_LINES and size:
            segments.append(size)
            size = 0
        blank_run = 0
        size += len(line.text.strip()) + 1
    if size:
        segments.append(size)
    return len(segments) >= MIN_SLIDES and statistics.median(segments) <= MAX_MEDIAN_SLIDE_CHARS


def load_text(path: Path, data: bytes, *, markdown: bool) -> ParsedContent:
    text, warnings, encoding = decode_text(data, path)
    if not text.strip():
        raise LoadError(path, "The file has no text (only whitespace). Check that you picked the right file.")
    parsed = parse_text(text, markdown=markdown)
    parsed.warnings[:0] = warnings
    parsed.meta["encoding"] = encoding
    if not parsed.blocks:
        raise LoadError(path, "No readable text found in the file. Check that you picked the right file.")
    return parsed
