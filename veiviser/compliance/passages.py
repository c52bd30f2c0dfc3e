"""A routine as small citable passages: sentences, list items and table rows, each with page and section.

An audit quotes the routine back to its owner, so a passage is always an exact span
of one block's text, and it carries where it stands (page, section heading) and what
frames it (the section heading, the lead-in line of a list, the header row of a
table). The frame helps matching – "Nye koordinatorer får en dags innføring" under
"Opplæring" is about training – but is never part of a quote.

Plain-text routines rarely mark headings, so a short unpunctuated line such as
"3. Koordinator" or "TEIEPLIKT" is read as a section heading too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from veiviser.compliance.headings import pdf_table_headings
from veiviser.core.types import Block, BlockKind, LoadedDocument
from veiviser.text.sentences import split_sentences

MAX_PASSAGE_CHARS = 500  # a longer unpunctuated run (a table cell, a slide) is cut at spaces
MAX_HEADING_WORDS = 9
MAX_QUOTE_HEADING_WORDS = 6  # a quote this short without a sentence end reads as a heading
MAX_ROW_CHARS = 200  # a longer table row is cut into its cells' sentences
MIN_CELL_WORDS = 4  # shorter cells ("Koordinator", "14 dagar") are labels, not statements
CELL_SEPARATOR = " | "  # how veiviser.documents.loaders join the cells of a table row
MIN_PASSAGE_CHARS = 3
_SENTENCE_END = re.compile(r"[.!?…:;]\s*[\"'»”)]*\s*$")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+")
_INNER_SENTENCE_END = re.compile(r"\w[.!?]\s+\S")
_BOUNDARIES = (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK)
# An upper-case heading run into its first sentence by a plain-text export: "7 TEAM 7.1 Teamet settes ..."
_CAPS_WORD = re.compile(r"[A-ZÆØÅÄÖÜ][A-ZÆØÅÄÖÜ\-–:/&]*[A-ZÆØÅÄÖÜ:]?")
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-ZÆØÅÄÖ]\.)\s+)?")
# Document metadata ("Godkjent av ...", "Versjon 3.1", "Dok.nr.") says nothing about the routine's content.
_METADATA = re.compile(
    r"^\W*(?:utarbeidet\s+av|utarbeidd\s+av|godkjent|godkjend|sist\s+endret|sist\s+endra|versjon|"
    r"dokumenteier|dokumentansvarlig|dokumentansvarleg|eier|eigar|revideres|reviderast|revidert|dok\.?\s*nr|"
    r"gjelder\s+fra|gjeld\s+frå|fastsatt\s+av|fastsett\s+av|vedtatt|vedteke|neste\s+revisjon|side\s+\d)\b",
    re.IGNORECASE,
)
# A bare legal reference ("Helsepersonelloven §§ 21 og 25") names a law; it does not say what the routine does.
_LAW_WORD = re.compile(r"§|\b\w*(?:loven|lova|lovens|forskrift(?:en)?|rundskriv|veileder(?:en)?|rettleiar)\b", re.I)
_VERB = re.compile(
    r"\b(?:skal|må|kan|bør|vil|har|er|blir|ble|vert|vart|gjelder|gjeld|gir|gjev|sikrer|sikrar|får|tar|tek|"
    r"sender|skriver|skriv|oppnevner|oppnemner|deltar|deltek|sørger|sørgjer|brukes|nyttast|følger|følgjer)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Passage:
    """One quotable span of a routine.

    `text` is `block_text[start:end]`, verbatim. `context` is the frame used for
    matching only: section heading, list lead-in or table header.
    """

    index: int
    text: str
    block_index: int
    start: int
    end: int
    page: int | None
    section: str
    context: str
    kind: str  # "sentence", "item" (list item) or "row" (table row)
    lang: str
    parents: tuple[str, ...] = ()  # the headings above `section`, outermost first

    @property
    def section_path(self) -> tuple[str, ...]:
        """Every heading the passage stands under, outermost first, `section` last."""
        return tuple(h for h in (*self.parents, self.section) if h)

    @property
    def match_text(self) -> str:
        """Text with its frame, for matching: "Opplæring: Nye koordinatorer får en dags innføring."."""
        return f"{self.context}: {self.text}" if self.context else self.text


@dataclass(frozen=True)
class RoutineText:
    """A loaded routine cut into passages, with its title and language."""

    file: str
    title: str
    lang: str
    doc_type: str
    pages: int | None
    passages: tuple[Passage, ...]
    warnings: tuple[str, ...] = ()


def looks_like_heading(block: Block) -> bool:
    """A real heading, or a short unpunctuated line that acts as one ("3. Koordinator", "TEIEPLIKT")."""
    if block.kind is BlockKind.HEADING:
        return True
    if block.kind is BlockKind.TABLE_ROW:
        return False
    text = block.text.strip()
    if block.kind is BlockKind.LIST_ITEM and not _HEADING_NUMBER.match(text):
        return False  # a short bullet is a point, not a section; "1. Melding av behov" may be one
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or _SENTENCE_END.search(text):
        return False
    if "|" in text:
        return False
    body = _HEADING_NUMBER.sub("", text)
    if _INNER_SENTENCE_END.search(body):  # "Koordinator oppnevnes. → Steg 5" holds a sentence
        return False
    first = body[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def is_heading_text(text: str) -> bool:
    """A few words with no sentence end and no table cells: a title or heading, nothing a quote can rest on."""
    words = text.split()
    return len(words) <= MAX_QUOTE_HEADING_WORDS and "|" not in text and not _SENTENCE_END.search(text)


def is_metadata(text: str) -> bool:
    return _METADATA.search(text) is not None


def is_bare_reference(text: str) -> bool:
    return _LAW_WORD.search(text) is not None and _VERB.search(text) is None


def _heading_label(text: str) -> str:
    return " ".join(text.split())


def leading_caps_heading(text: str) -> tuple[str, int] | None:
    """("7 TEAM", offset of "7.1 Teamet ...") when a block starts with an upper-case heading, else None.

    The heading is the run of upper-case words at the start (after an optional section
    number), without its last word when that word is an acronym starting the sentence
    ("2 ANSVAR OG MANDAT KE er opprettet" -> "2 ANSVAR OG MANDAT").
    """
    leading = _LEADING_NUMBER.match(text)  # every part of the pattern is optional: it always matches
    pos = leading.end() if leading else 0
    words: list[tuple[int, int]] = []
    while True:
        match = _CAPS_WORD.match(text, pos)
        if not match or (match.end() < len(text) and not text[match.end()].isspace()):
            break
        words.append((match.start(), match.end()))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if not words or pos >= len(text):
        return None
    rest = text[pos:]
    if rest[:1].islower():  # the last upper-case word is an acronym that starts the sentence
        words.pop()
        if not words:
            return None
        pos = words[-1][1]
        while pos < len(text) and text[pos].isspace():
            pos += 1
    elif not (rest[:1].isdigit() or (rest[:1].isupper() and rest[1:2].islower())):
        return None
    letters = sum(1 for ch in text[words[0][0] : words[-1][1]] if ch.isalpha())
    numbered = bool(leading and leading.group(0).strip())
    if letters < (2 if numbered else 4):  # "1 SIP 1.1 ..." is a heading, "KE er ..." is not
        return None
    return _heading_label(text[: words[-1][1]]), pos


def routine_passages(doc: LoadedDocument, lang: str) -> list[Passage]:
    """Cut the blocks of a loaded routine into passages (see the module docstring)."""
    passages: list[Passage] = []
    pseudo_heading = ""
    pseudo_under: tuple[str, ...] | None = None  # the real heading path the pseudo heading lives under
    lead_in = ""
    table_header: str | None = None
    previous_kind: BlockKind | None = None
    first_text_seen = False
    parents_of: dict[int, tuple[str, ...]] = {}  # block index -> the headings above its section
    demoted, section_of = pdf_table_headings(doc.blocks) if doc.doc_type == "pdf" else (set(), {})  # see headings
    for index, block in enumerate(doc.blocks):
        if block.kind in _BOUNDARIES or not block.text.strip():
            continue
        if block.kind is not BlockKind.TABLE_ROW:
            table_header = None
        if index in demoted:  # a table's header row set in bold: it frames the rows, it is no section
            lead_in = block.text.strip()
            previous_kind = BlockKind.PARAGRAPH
            continue
        if block.kind is BlockKind.HEADING:
            pseudo_heading, pseudo_under, lead_in = "", None, ""
            previous_kind = block.kind
            first_text_seen = True
            continue
        if first_text_seen and looks_like_heading(block):
            pseudo_heading, pseudo_under, lead_in = _heading_label(block.text), block.heading_path, ""
            previous_kind = BlockKind.HEADING
            continue
        if not first_text_seen and _is_title(block):
            first_text_seen = True
            continue
        first_text_seen = True
        real = section_of.get(index, block.heading_path[-1] if block.heading_path else "")
        if pseudo_heading and pseudo_under == block.heading_path:
            section = pseudo_heading
            parents_of[index] = tuple(block.heading_path)
        else:
            section = real
            parents_of[index] = tuple(block.heading_path[:-1])
        if block.kind is BlockKind.TABLE_ROW:
            if table_header is None:
                table_header = block.text
                context = section
            else:
                context = f"{section}: {table_header}" if section else table_header
            if len(block.text) <= MAX_ROW_CHARS:
                passages.append(
                    _passage(len(passages), block, index, 0, len(block.text), section, context, "row", lang)
                )
            else:  # a long row is read cell by cell, sentence by sentence, under its first cell
                cells = _cells(block.text)
                label = block.text[cells[0][0] : cells[0][1]]
                row_context = f"{context}: {label}" if context else label
                for start, end in cells:
                    if len(block.text[start:end].split()) < MIN_CELL_WORDS:
                        continue
                    for s_start, s_end in _spans(block.text[:end], start):
                        passages.append(
                            _passage(len(passages), block, index, s_start, s_end, section, row_context, "row", lang)
                        )
            previous_kind = block.kind
            continue
        if (
            block.kind is BlockKind.LIST_ITEM
            and previous_kind is BlockKind.LIST_ITEM
            and lead_in
            or block.kind is BlockKind.LIST_ITEM
            and lead_in
            and previous_kind is BlockKind.PARAGRAPH
        ):
            context = f"{section}: {lead_in}" if section else lead_in
        else:
            context = section
            lead_in = ""
        kind = "item" if block.kind is BlockKind.LIST_ITEM else "sentence"
        body_start = 0
        caps = leading_caps_heading(block.text)
        if caps is not None:
            pseudo_heading, pseudo_under, lead_in = caps[0], block.heading_path, ""
            section = context = pseudo_heading
            parents_of[index] = tuple(block.heading_path)
            body_start = caps[1]
        for start, end in _spans(block.text, body_start):
            passages.append(_passage(len(passages), block, index, start, end, section, context, kind, lang))
        if block.kind is BlockKind.PARAGRAPH and block.text.rstrip().endswith(":"):
            lead_in = block.text.strip()
        elif block.kind is BlockKind.PARAGRAPH:
            lead_in = ""
        previous_kind = block.kind
    kept = [p for p in passages if not is_metadata(p.text) and not is_bare_reference(p.text)]
    return [replace(p, index=i, parents=parents_of.get(p.block_index, ())) for i, p in enumerate(kept)]


def _spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """The sentences of a block from `offset` on (an over-long unpunctuated run is cut at spaces)."""
    spans: list[tuple[int, int]] = []
    for start, end in ((s + offset, e + offset) for s, e in split_sentences(text[offset:])):
        while end - start > MAX_PASSAGE_CHARS:
            cut = text.rfind(" ", start + 1, start + MAX_PASSAGE_CHARS)
            cut = cut if cut > start else start + MAX_PASSAGE_CHARS
            spans.append((start, cut))
            start = cut + 1
        if end - start >= MIN_PASSAGE_CHARS:
            spans.append((start, end))
    return spans


def _cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a loaded table row."""
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        cut = text.find(CELL_SEPARATOR, start)
        end = len(text) if cut < 0 else cut
        spans.append((start, end))
        if cut < 0:
            return spans
        start = cut + len(CELL_SEPARATOR)


def _is_title(block: Block) -> bool:
    """The first line of a plain-text routine is usually its title ("Fjordvik kommune Rutine for ...")."""
    text = block.text.strip()
    return block.kind is BlockKind.PARAGRAPH and len(text.split()) <= 20 and not _SENTENCE_END.search(text)


def _passage(
    number: int, block: Block, index: int, start: int, end: int, section: str, context: str, kind: str, lang: str
) -> Passage:
    return Passage(
        index=number,
        text=block.text[start:end],
        block_index=index,
        start=start,
        end=end,
        page=block.page,
        section=section,
        context=context,
        kind=kind,
        lang=lang,
    )


def load_routine_document(
    path: Path, *, max_bytes: int, ocr: bool = True, ocr_langs: str = "nor+swe+dan"
) -> LoadedDocument:
    """The routine file loaded as blocks; a plain-text file with its headings set off (see `headings`)."""
    from veiviser.documents.loaders import load_file

    doc = load_file(Path(path), max_bytes=max_bytes, ocr=ocr, ocr_langs=ocr_langs)
    return _with_separated_headings(doc, Path(path)) if doc.doc_type == "txt" else doc


def load_routine(
    path: Path, *, max_bytes: int, ocr: bool = True, ocr_langs: str = "nor+swe+dan", repair: bool = True
) -> RoutineText:
    """Load, repair and cut a routine file; raises veiviser.documents.errors.LoadError when it cannot be read."""
    from veiviser.documents.prepare import prepare_document

    doc = load_routine_document(path, max_bytes=max_bytes, ocr=ocr, ocr_langs=ocr_langs)
    # Only text read by OCR is repaired: a routine's own words are quoted back to its owner,
    # and the repairer may "correct" clean nynorsk into bokmål.
    lang, doc = prepare_document(doc, repair=repair and bool(doc.ocr_pages))
    lang = lang if lang in ("nb", "nn", "sv", "da", "en") else "nb"
    return routine_text(doc, lang)


def _with_separated_headings(doc: LoadedDocument, path: Path) -> LoadedDocument:
    """A plain-text routine re-structured with its headings set off from their text (see `headings`)."""
    from veiviser.compliance.headings import separate_headings
    from veiviser.documents.errors import LoadError
    from veiviser.documents.loaders.text import decode_text, parse_text

    try:
        text, _, _ = decode_text(path.read_bytes(), path)
    except (OSError, LoadError):
        return doc
    separated = separate_headings(text)
    if separated == text:
        return doc
    blocks = parse_text(separated, markdown=False).blocks
    return replace(doc, blocks=tuple(blocks)) if blocks else doc


def routine_text(doc: LoadedDocument, lang: str) -> RoutineText:
    return RoutineText(
        file=doc.source,
        title=doc.title,
        lang=lang,
        doc_type=doc.doc_type,
        pages=doc.pages,
        passages=tuple(routine_passages(doc, lang)),
        warnings=tuple(doc.warnings),
    )
