"""The original file behind a citation: where it is, whether the app may serve it, and its text at a quote.

A citation names a document by its source name; the index manifest records the path
it was read from. The app serves that file only when it lies inside a folder the app
owns or was told to index (the uploads folder, the configured sources folder): a
manifest is data on disk, and a path in it must never turn the viewer into a way to
read any file on the machine. The built-in kb has no original file; its entries are
shown from the index instead.

Quotes are located with a tolerant match (case, whitespace, punctuation and
hyphenation ignored, then a fuzzy alignment) because a citation quotes the repaired
text of the index while the original may still hold the damaged spelling or a
line-break hyphen.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.core.types import BlockKind

log = logging.getLogger(__name__)

MIN_FUZZY_CHARS = 16  # shorter quotes must match exactly (folded); a fuzzy hit on a few letters means nothing
FUZZY_CUTOFF = 85.0
MAX_FUZZY_HAYSTACK = 400_000  # folded characters; beyond this the fuzzy fallback costs more than it helps
MAX_EXCERPT_CHARS = 6000  # a section longer than this is cut to a window around the quote
_PAGE_LOCATOR = re.compile(r"(?i)(?<![\w])(?:s\.|side|sida|sidan|page|p\.|pp\.)\s*(\d{1,4})\b")
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "txt": "text/plain",
    "md": "text/markdown",
}


class OriginalUnavailable(VeiviserError, LookupError):
    """The original of a document cannot be shown; `reason` is a code the UI translates.

    "kb": a built-in kb entry (no file); "unknown": not in the index; "outside": the recorded
    path is outside the folders the app serves; "missing": the file is gone from disk.
    """

    def __init__(self, reason: str, source: str) -> None:
        super().__init__(f"{source}: original not available ({reason})")
        self.reason = reason
        self.source = source


@dataclass(frozen=True)
class Original:
    """A servable original file and what the index knows about it."""

    source: str
    path: Path
    doc_type: str
    title: str
    pages: int | None
    changed: bool  # the file on disk differs from the one indexed: pages and quotes may not line up

    @property
    def mime(self) -> str:
        return MIME_TYPES.get(self.doc_type, "application/octet-stream")

    @property
    def cache_key(self) -> str:
        """Names this version of the file for the page caches (path, size and change time)."""
        st = self.path.stat()
        return f"{self.path}:{st.st_size}:{st.st_mtime_ns}"

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


def page_from_locator(locator: str | None) -> int | None:
    """The page a kb locator names ("s. 12", "Sida 16", "page 3"); None for sections and brief references."""
    match = _PAGE_LOCATOR.search(locator or "")
    return int(match.group(1)) if match else None


def source_roots(settings: Settings) -> list[Path]:
    """The folders whose files the viewer may serve, resolved (symlinks followed)."""
    roots = [settings.uploads_dir]
    if settings.sources_dir is not None:
        roots.append(settings.sources_dir)
    return [root.resolve() for root in roots]


def within_roots(path: str | Path, roots: list[Path]) -> Path | None:
    """`path` resolved, when it is a file inside one of `roots`; None otherwise (also for `..` and symlinks out)."""
    try:
        resolved = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_file():
        return None
    return resolved if any(resolved.is_relative_to(root) for root in roots) else None


def resolve_original(settings: Settings, documents: Mapping[str, Mapping[str, Any]], source: str) -> Original:
    """The original file of `source` from the manifest's documents, or OriginalUnavailable saying why not."""
    entry = documents.get(source)
    if entry is None:
        raise OriginalUnavailable("unknown", source)
    if entry.get("doc_type") == "kb":
        raise OriginalUnavailable("kb", source)
    recorded = str(entry.get("path") or "")
    if not recorded:
        raise OriginalUnavailable("missing", source)
    roots = source_roots(settings)
    path = within_roots(recorded, roots)
    if path is None:
        if Path(recorded).exists():
            log.warning("refused to serve %s: %s is outside the served folders %s", source, recorded, roots)
            raise OriginalUnavailable("outside", source)
        raise OriginalUnavailable("missing", source)
    digest = entry.get("content_hash")
    changed = bool(digest) and file_digest(path) != digest
    return Original(
        source=source,
        path=path,
        doc_type=str(entry.get("doc_type") or path.suffix.lstrip(".").lower()),
        title=str(entry.get("title") or source),
        pages=entry.get("pages"),
        changed=changed,
    )


class LruCache:
    """A small thread-safe LRU: Streamlit serves every session from its own thread."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_DIGESTS = LruCache(256)
_TEXTS = LruCache(16)


def file_digest(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, change time) so a rerun does not hash it again."""
    st = path.stat()

    def make() -> str:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    return _DIGESTS.get_or_make((str(path), st.st_size, st.st_mtime_ns), make)


# ---------------------------------------------------------------------------- finding a quote


def fold(text: str) -> tuple[str, list[int]]:
    """Letters and digits of `text`, NFKC and case-folded, with each one's index in `text`.

    Dropping everything else makes "oppføl-\\nging", "Oppfølging" and "oppfølging." the same.
    """
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                out.append(c)
                where.append(index)
    return "".join(out), where


def find_span(text: str, quote: str, *, fuzzy: bool = True) -> tuple[int, int] | None:
    """Where `quote` is in `text` as (start, end) indexes of `text`: folded exact match first, then fuzzy."""
    needle, _ = fold(quote)
    if not needle:
        return None
    hay, where = fold(text)
    if not hay:
        return None
    start = hay.find(needle)
    if start >= 0:
        return where[start], where[start + len(needle) - 1] + 1
    if not fuzzy or len(needle) < MIN_FUZZY_CHARS or len(hay) > MAX_FUZZY_HAYSTACK:
        return None
    from rapidfuzz import fuzz

    hit = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=FUZZY_CUTOFF)
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    first, last = _snap(needle, hay, hit.dest_start, hit.dest_end)
    return where[first], where[last - 1] + 1


def _snap(needle: str, hay: str, start: int, end: int, edge: int = 8) -> tuple[int, int]:
    """Move a fuzzy window's ends onto the quote's first and last letters when they occur nearby.

    The alignment window is as long as the quote, so a few extra or missing letters in the
    text shift it; the quote's own start and end are better anchors.
    """
    slack = len(needle) // 4 + edge
    lo, hi = max(0, start - slack), min(len(hay), end + slack)
    head, tail = needle[:edge], needle[-edge:]
    heads = [i for i in range(lo, hi) if hay.startswith(head, i)]
    if heads:
        start = min(heads, key=lambda i: abs(i - start))
    tails = [i + len(tail) for i in range(start, hi) if hay.startswith(tail, i)]
    if tails:
        end = min(tails, key=lambda i: abs(i - end))
    return start, max(end, start + 1)


# ---------------------------------------------------------------------------- text documents


@dataclass(frozen=True)
class TextExcerpt:
    """The part of a text document to show: its blocks, and the quote's place in them when found.

    `span` holds (start, end) offsets into `text`, the blocks joined by blank lines; `headings`
    the (start, end) offsets of heading blocks, so the viewer can set them apart.
    """

    text: str
    span: tuple[int, int] | None
    headings: tuple[tuple[int, int], ...]
    section: str
    cut_before: bool
    cut_after: bool

    @property
    def found(self) -> bool:
        return self.span is not None


def _read_blocks(path: Path, max_bytes: int) -> list[tuple[str, int, str]]:
    from veiviser.documents.loaders import load_file

    doc = load_file(path, max_bytes=max_bytes, ocr=False)
    return [(b.kind.value, b.level, b.text) for b in doc.blocks if b.text.strip()]


def load_blocks(original: Original, max_bytes: int) -> list[tuple[str, int, str]]:
    """The text blocks of a DOCX/TXT/MD/HTML file as (kind, heading level, text), read as the ingest reads it."""
    return _TEXTS.get_or_make(original.cache_key, lambda: _read_blocks(original.path, max_bytes))


def load_blocks_from_bytes(name: str, data: bytes, max_bytes: int) -> list[tuple[str, int, str]]:
    """As load_blocks, for a file held in memory (an audited routine, which is never stored)."""

    def make() -> list[tuple[str, int, str]]:
        with tempfile.TemporaryDirectory(prefix="veiviser-view-") as tmp:
            path = Path(tmp) / ("document" + Path(name).suffix.lower())  # the suffix guides the loader
            path.write_bytes(data)
            path.chmod(0o600)
            return _read_blocks(path, max_bytes)

    return _TEXTS.get_or_make("mem:" + hashlib.sha256(data).hexdigest(), make)


def text_excerpt(blocks: list[tuple[str, int, str]], quote: str = "", section: str = "") -> TextExcerpt:
    """The section holding `quote` (else the section titled `section`, else the start), quote marked."""
    texts = [text for _, _, text in blocks]
    starts: list[int] = []
    pos = 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 2
    full = "\n\n".join(texts)
    span = find_span(full, quote) if quote else None
    hit: int | None = _heading_index(blocks, section)
    if span is not None:
        hit = max(i for i, s in enumerate(starts) if s <= span[0])
    if hit is None:
        first, last = 0, len(blocks)
    else:
        first, last = _section_bounds(blocks, hit)
    first, last = _clip(starts, texts, first, last, span)
    chosen = blocks[first:last]
    base = starts[first] if chosen else 0
    text = "\n\n".join(t for _, _, t in chosen)
    headings = tuple(
        (starts[i] - base, starts[i] - base + len(texts[i])) for i in range(first, last) if blocks[i][0] == "heading"
    )
    heading = next(
        (blocks[i][2] for i in range(min(hit or 0, len(blocks) - 1), -1, -1) if blocks[i][0] == "heading"), ""
    )
    shown = None if span is None else (span[0] - base, min(span[1], starts[last - 1] + len(texts[last - 1])) - base)
    return TextExcerpt(
        text=text,
        span=shown,
        headings=headings,
        section=heading if hit is not None else "",
        cut_before=first > 0,
        cut_after=last < len(blocks),
    )


def _heading_index(blocks: list[tuple[str, int, str]], section: str) -> int | None:
    wanted, _ = fold(section)
    if not wanted:
        return None
    for index, (kind, _, text) in enumerate(blocks):
        if kind == BlockKind.HEADING.value and fold(text)[0] == wanted:
            return index
    return None


def _section_bounds(blocks: list[tuple[str, int, str]], hit: int) -> tuple[int, int]:
    """From the heading above block `hit` to the next heading of the same or a higher level."""
    head = next((i for i in range(hit, -1, -1) if blocks[i][0] == "heading"), None)
    level = (blocks[head][1] or 1) if head is not None else 99
    first = head if head is not None else 0
    last = len(blocks)
    for i in range(hit + 1, len(blocks)):
        if blocks[i][0] == "heading" and (blocks[i][1] or 1) <= level:
            last = i
            break
    return first, last


def _clip(starts: list[int], texts: list[str], first: int, last: int, span: tuple[int, int] | None) -> tuple[int, int]:
    """Narrow [first, last) to whole blocks within MAX_EXCERPT_CHARS, keeping the quote's blocks in view."""
    if last <= first:
        return first, last

    def size(a: int, b: int) -> int:
        return starts[b - 1] + len(texts[b - 1]) - starts[a]

    if size(first, last) <= MAX_EXCERPT_CHARS:
        return first, last
    if span is None:
        end = first + 1
        while end < last and size(first, end + 1) <= MAX_EXCERPT_CHARS:
            end += 1
        return first, end
    lo = max(i for i in range(first, last) if starts[i] <= span[0])
    hi = max(i for i in range(first, last) if starts[i] < span[1]) + 1
    while True:
        grown = False
        if lo > first and size(lo - 1, hi) <= MAX_EXCERPT_CHARS:
            lo, grown = lo - 1, True
        if hi < last and size(lo, hi + 1) <= MAX_EXCERPT_CHARS:
            hi, grown = hi + 1, True
        if not grown:
            return lo, hi
