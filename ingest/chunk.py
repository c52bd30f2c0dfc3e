"""Structure-aware chunking of a loaded document into citable passages.

Chunks never straddle a page, a slide or a top-level section, so every chunk
has one page and one section to cite. Inside a section, blocks are packed up
to the target size; list items and table rows stay whole; an over-long
paragraph is cut at sentence ends. The chunk text is always verbatim document
text (answers quote exact spans of it): nothing is prefixed, and overlap is
made of whole sentences carried over from the previous chunk.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from veiviser.core.parallel import map_texts
from veiviser.core.types import Block, BlockKind, Chunk, LoadedDocument
from veiviser.documents.errors import ChunkingConfigError
from veiviser.text.langdetect import detect_document_language, detect_language
from veiviser.text.sentences import skip_space, split_sentences

MIN_TARGET_CHARS = 100
SOFT_BREAK_RATIO = 0.3  # a sub-heading starts a new chunk once the current one is this full
_LINE_KINDS = (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW)
_BOUNDARY_KINDS = (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK)

DetectFn = Callable[..., str]


@dataclass(frozen=True)
class _Unit:
    """A span of one block's text: the smallest thing the packer moves around."""

    block: int
    start: int
    end: int


class _Packer:
    def __init__(self, blocks: Sequence[Block], target: int, overlap: int) -> None:
        self.blocks = blocks
        self.target = target
        self.overlap = overlap
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def sentences(self, index: int) -> list[tuple[int, int]]:
        """Sentence spans of a block, computed once (long blocks are consulted at every chunk)."""
        if index not in self._sentences:
            self._sentences[index] = split_sentences(self.blocks[index].text)
        return self._sentences[index]

    # -- text -------------------------------------------------------------
    def text(self, units: Sequence[_Unit], *, original: bool = False) -> str:
        parts: list[str] = []
        previous: _Unit | None = None
        run_start: _Unit | None = None
        for unit in list(units) + [None]:
            if previous is not None and (unit is None or unit.block != previous.block or unit.start < previous.end):
                assert run_start is not None  # a run is open whenever a previous unit exists
                parts.append(self._span_text(run_start, previous, original))
                run_start = None
            if unit is None:
                break
            if run_start is None:
                if parts:
                    parts.append(self._separator(previous, unit))
                run_start = unit
            previous = unit
        return "".join(parts)

    def _span_text(self, first: _Unit, last: _Unit, original: bool) -> str:
        block = self.blocks[first.block]
        if not original or block.original_text is None:
            return block.text[first.start : last.end]
        return self._original_span(first.block, first.start, last.end)

    def _original_span(self, index: int, start: int, end: int) -> str:
        """The part of a repaired block's original text matching [start, end) of its repaired text."""
        block = self.blocks[index]
        original = block.original_text or ""
        if start == 0 and end >= len(block.text):
            return original
        key = -1 - index  # original-text spans share the cache under negative keys
        if key not in self._sentences:
            self._sentences[key] = split_sentences(original)
        repaired_spans, original_spans = self.sentences(index), self._sentences[key]
        if len(repaired_spans) == len(original_spans):
            first = bisect.bisect_left(repaired_spans, (start, -1))
            last = next((i for i in range(first, len(repaired_spans)) if repaired_spans[i][1] == end), None)
            if first < len(repaired_spans) and repaired_spans[first][0] == start and last is not None:
                return original[original_spans[first][0] : original_spans[last][1]]
        ratio = len(original) / max(1, len(block.text))
        return original[round(start * ratio) : round(end * ratio)].strip()

    def _separator(self, previous: _Unit | None, unit: _Unit) -> str:
        if previous is None:
            return ""
        if previous.block == unit.block:
            return " "
        kinds = (self.blocks[previous.block].kind, self.blocks[unit.block].kind)
        return "\n" if all(k in _LINE_KINDS for k in kinds) else "\n\n"

    def size(self, units: Sequence[_Unit]) -> int:
        return len(self.text(units))

    # -- units ------------------------------------------------------------
    def units_of(self, index: int) -> list[_Unit]:
        """A block as one unit, or, when longer than the target, as its sentences (cut further if need be)."""
        text = self.blocks[index].text
        if len(text) <= self.target:
            return [_Unit(index, 0, len(text))]
        return [
            _Unit(index, start, end)
            for sentence_start, sentence_end in self.sentences(index)
            for start, end in _hard_split(text, sentence_start, sentence_end, self.target)
        ]

    def sticky(self, unit: _Unit) -> bool:
        """Headings and lead-ins ("... følgende:") belong with what follows them."""
        block = self.blocks[unit.block]
        return block.kind is BlockKind.HEADING or (
            unit.end == len(block.text) and block.text[unit.start : unit.end].rstrip().endswith(":")
        )

    def carry_over(self, units: Sequence[_Unit]) -> list[_Unit]:
        """Whole trailing sentences (or list/table lines) of a chunk that fit in the overlap budget."""
        if not units or self.overlap <= 0:
            return []
        pieces: list[_Unit] = []  # from the end backwards
        for unit in reversed(units):
            block = self.blocks[unit.block]
            if block.kind is BlockKind.HEADING:
                break
            spans = [(unit.start, unit.end)]
            if block.kind not in _LINE_KINDS:
                spans = [(s, e) for s, e in self._sentences_within(unit)] or spans
            pieces.extend(_Unit(unit.block, s, e) for s, e in reversed(spans))
        chosen: list[_Unit] = []
        for piece in pieces:
            candidate = [piece] + chosen
            if self.size(candidate) > self.overlap:
                break
            chosen = candidate
        if not chosen or self.size(chosen) >= self.size(units):
            return []  # never repeat a whole chunk
        return chosen

    def _sentences_within(self, unit: _Unit) -> list[tuple[int, int]]:
        spans = self.sentences(unit.block)
        index = bisect.bisect_left(spans, (unit.start, -1))
        found: list[tuple[int, int]] = []
        while index < len(spans) and spans[index][1] <= unit.end:
            found.append(spans[index])
            index += 1
        return found

    # -- packing ----------------------------------------------------------
    def pack(self, block_indexes: Sequence[int]) -> list[list[_Unit]]:
        chunks: list[list[_Unit]] = []
        current: list[_Unit] = []
        carried = 0  # how many units at the start of `current` repeat the previous chunk
        for index in block_indexes:
            for unit in self.units_of(index):
                is_heading = self.blocks[unit.block].kind is BlockKind.HEADING
                if current and is_heading and self._content_size(current[carried:]) >= SOFT_BREAK_RATIO * self.target:
                    chunks.append(current)
                    current, carried = [], 0
                candidate = current + [unit]
                if not current or self.size(candidate) <= self.target:
                    current = candidate
                    continue
                trimmed = self._trim_overlap(current, carried, unit)
                if trimmed is not None:  # shorten the overlap rather than emit a chunk that is mostly repetition
                    current, carried = trimmed
                    continue
                tail: list[_Unit] = []
                while len(current) > carried and self.sticky(current[-1]):
                    tail.insert(0, current.pop())
                overlap: list[_Unit] = []
                if len(current) > carried:
                    chunks.append(current)
                    if not tail:
                        overlap = self.carry_over(current)
                current, carried = tail + [unit], 0
                if overlap and self.size(overlap + current) <= self.target:
                    current, carried = overlap + current, len(overlap)
        if current:
            chunks.append(current)
        return chunks

    def _trim_overlap(self, current: list[_Unit], carried: int, unit: _Unit) -> tuple[list[_Unit], int] | None:
        """Drop the fewest leading overlap units that let `unit` fit, when the chunk would otherwise be
        emitted with little new text; None means emit the chunk as it is."""
        if not carried or self.size(current[carried:]) >= SOFT_BREAK_RATIO * self.target:
            return None
        for dropped in range(1, carried + 1):
            candidate = current[dropped:] + [unit]
            if self.size(candidate) <= self.target:
                return candidate, carried - dropped
        return None

    def _content_size(self, units: Sequence[_Unit]) -> int:
        return self.size([u for u in units if self.blocks[u.block].kind is not BlockKind.HEADING])


def _hard_split(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than `limit` at spaces (OCR text and tables can lack punctuation)."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        cut = text.rfind(" ", start + 1, start + limit)
        if cut <= start:
            cut = start + limit
        pieces.append((start, cut))
        start = skip_space(text, cut)
    if start < end:
        pieces.append((start, end))
    return pieces


def _segments(blocks: Sequence[Block]) -> list[list[int]]:
    """Block indexes split at pages, slides and top-level headings."""
    heading_levels = [b.level for b in blocks if b.kind is BlockKind.HEADING and b.level > 0]
    top_level = min(heading_levels) if heading_levels else 1
    segments: list[list[int]] = [[]]
    page: int | None = None
    for index, block in enumerate(blocks):
        if block.kind in _BOUNDARY_KINDS:
            segments.append([])
            continue
        if not block.text.strip():
            continue
        new_page = block.page is not None and page is not None and block.page != page
        # consecutive headings stay together: a section title and its first sub-heading open one segment
        top_heading = (
            block.kind is BlockKind.HEADING
            and block.level <= top_level
            and any(blocks[i].kind is not BlockKind.HEADING for i in segments[-1])
        )
        if (new_page or top_heading) and segments[-1]:
            segments.append([])
        if block.page is not None:
            page = block.page
        segments[-1].append(index)
    return [s for s in segments if s]


def validate_sizes(target_chars: int, overlap_chars: int) -> None:
    if target_chars < MIN_TARGET_CHARS:
        raise ChunkingConfigError(
            f"Chunk target must be at least {MIN_TARGET_CHARS} characters (got {target_chars}); "
            "raise chunk_target_chars."
        )
    if overlap_chars < 0:
        raise ChunkingConfigError(f"Chunk overlap cannot be negative (got {overlap_chars}); use 0 to turn it off.")
    if overlap_chars >= target_chars:
        raise ChunkingConfigError(
            f"Chunk overlap ({overlap_chars}) must be smaller than the chunk target ({target_chars}); "
            "lower chunk_overlap_chars or raise chunk_target_chars."
        )


def chunk_id(doc_id: str, position: int, text: str) -> str:
    """Content-derived id: re-ingesting identical content gives identical ids."""
    return hashlib.sha256(f"{doc_id}\x00{position}\x00{text}".encode()).hexdigest()[:24]


def chunk_document(
    doc: LoadedDocument,
    *,
    target_chars: int = 1200,
    overlap_chars: int = 150,
    doc_lang: str | None = None,
    detect: DetectFn = detect_language,
    workers: int = 1,
) -> list[Chunk]:
    """Cut a document into citable chunks (see the module docstring for the rules); the language
    of each chunk of a long document is detected in `workers` processes."""
    validate_sizes(target_chars, overlap_chars)
    blocks = doc.blocks
    language = doc_lang or detect_document_language(blocks)
    packer = _Packer(blocks, target_chars, overlap_chars)
    segments = _segments(blocks)

    packed: list[list[_Unit]] = []
    for number, segment in enumerate(segments):
        pieces = packer.pack(segment)
        heading_only = bool(pieces) and all(blocks[u.block].kind is BlockKind.HEADING for u in pieces[-1])
        if heading_only and number + 1 < len(segments) and _headings_carried(blocks, pieces[-1], segments[number + 1]):
            pieces.pop()  # a heading at the foot of a page lives on in the next chunk's section
        packed.extend(pieces)

    texts = [(units, packer.text(units).strip()) for units in packed]
    texts = [(units, text) for units, text in texts if text]
    langs = map_texts(lambda text: detect(text, default=language), [text for _, text in texts], workers=workers)
    chunks: list[Chunk] = []
    for (units, text), lang in zip(texts, langs):
        first = blocks[units[0].block]
        content = next((blocks[u.block] for u in units if blocks[u.block].kind is not BlockKind.HEADING), None)
        if content is not None:
            heading_path = content.heading_path
        else:
            last_heading = blocks[units[-1].block]
            heading_path = last_heading.heading_path + (last_heading.text,)
        repaired = any(blocks[u.block].original_text is not None for u in units)
        position = len(chunks)
        chunks.append(
            Chunk(
                id=chunk_id(doc.doc_id, position, text),
                doc_id=doc.doc_id,
                text=text,
                source=doc.source,
                title=doc.title,
                doc_type=doc.doc_type,
                lang=lang,
                position=position,
                page=first.page,
                section=heading_path[-1] if heading_path else "",
                heading_path=heading_path,
                original_text=packer.text(units, original=True).strip() if repaired else None,
                doc_lang=language,
            )
        )
    return chunks


def _headings_carried(blocks: Sequence[Block], headings: Sequence[_Unit], next_segment: Sequence[int]) -> bool:
    following = next((blocks[i] for i in next_segment if blocks[i].kind is not BlockKind.HEADING), None)
    if following is None:
        return False
    return all(blocks[u.block].text in following.heading_path for u in headings)
