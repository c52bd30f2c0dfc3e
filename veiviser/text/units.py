"""Split passage text into answerable units: sentences, list items and whole short lists.

Units are (start, end) offsets into the passage text, so a quote is always an exact
span of the stored chunk. Source text comes in two shapes: stored chunks hold one block per paragraph and one list
item or table row per line, while raw extractions are hard-wrapped, so a paragraph
whose lines mostly continue in lower case is read as wrapped text. Blank lines end
paragraphs; bullet lines (-, •, *, 1), 1., and the OCR bullets "e"/"o") start list items. A short list with
its introducing sentence ("... følgende:") stays one unit, so an answer never cuts
a list apart, and numbers such as "23 %" or "1. september" never end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LIST_CHARS = 900  # an introduced list up to this size is quoted whole
SHORT_ITEM_CHARS = 120  # a run of items this short is a list even without a colon before it
HEADING_MAX_WORDS = 5
LEGAL_TITLE_MAX_WORDS = 16
_LEGAL_TITLE = re.compile(
    r"^§|§\s*\d[\w.-]*(?:\s+[a-z])?\s+[–—-]\s+\w|\d\s*§\s+[–—-]\s+\w"
)  # "§ 7-3 ...", "pbrl § 2-5 b – Rett til ...", "HSL 16 kap. 4 § – SIP"
MAX_UNIT_CHARS = 600  # longer unpunctuated runs (slides) are cut at line breaks

_BULLET = re.compile(r"[ \t]*(?:[-–•▪·*]|\d{1,2}\)|[a-h]\)|(?:\d{1,2}\.|[eo])(?=[ \t]+[\"«“]?[A-ZÆØÅÄÖÜ]))[ \t]+\S")
_NUMBERED_HEADING = re.compile(r"(?:\d+(?:\.\d+)+\.?|\d{1,2}\.)\s+\D")
_CLOSED = re.compile(r"[.!?][\"»”’')]*$")
_ABBREVIATIONS = frozenset(
    """f.eks eks bl.a bla dvs d.v.s ca nr pkt jf jfr mv m.v osv etc kap s st t.d e.g i.e mr dr prof m.m m.fl
    inkl evt ev tlf vs kl mill mrd kr jan feb mar apr jun jul aug sep sept okt nov des dec u.a o.l o.a resp
    ang iflg ift mht pga p.g.a fig tab vol ff bl stk nb obs ref red utg""".split()
)
# A sentence ends at . ! ? (plus closing quotes/brackets and any citation markers) before
# whitespace and a capital letter, digit, opening quote or bullet.
_END = re.compile(r"[.!?]+[\"»”’')\]]*(?:[ \t]*\[\d+(?:[ \t]*[,;][ \t]*\d+)*\])*(?=\s+[\"«“'(\-–•]?[A-ZÆØÅÄÖÜ0-9])")
_TOKEN_BEFORE = re.compile(r"([^\s(\[«\"“]+)$")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    kind: str  # "sentence", "item", "list" or "heading"

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` belongs to an abbreviation, an initial or an ordinal ("1.")."""
    if text[dot] != ".":
        return False
    match = _TOKEN_BEFORE.search(text, 0, dot)
    if not match:
        return False
    token = match.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # an initial: "A. Hansen"


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets just after each sentence end within text[start:end]."""
    end = len(text) if end is None else end
    out: list[int] = []
    for match in _END.finditer(text, start, end):
        if _is_abbreviation(text, match.start()):
            continue
        out.append(match.end())
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its newline."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines (blank lines separate paragraphs)."""
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        if text[line_start:line_end].strip():
            current.append((line_start, line_end))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _hard_lines(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when the newlines of a paragraph separate blocks (list items, table rows), not wrapped lines.

    Stored chunks put one list item or table row per line with the bullet removed, while
    raw extractions wrap sentences so that most continuation lines start in lower case.
    """
    if len(lines) < 2:
        return False
    starts = [text[s:e].lstrip()[:1] for s, e in lines[1:]]
    lower = sum(1 for ch in starts if ch.islower())
    return lower * 2 < len(starts)


def _segments(text: str) -> list[tuple[str, int, int]]:
    """Paragraph runs ("para") and list items ("item"), in order, as (kind, start, end)."""
    segments: list[tuple[str, int, int]] = []
    for lines in _paragraphs(text):
        if not any(_BULLET.match(text[s:e]) for s, e in lines) and _hard_lines(text, lines):
            segments.extend(("item", s, e) for s, e in lines)
            continue
        kind: str | None = None
        seg_start = seg_end = 0
        for line_start, line_end in lines:
            line = text[line_start:line_end]
            if _BULLET.match(line):
                if kind:
                    segments.append((kind, seg_start, seg_end))
                kind, seg_start, seg_end = "item", line_start, line_end
                continue
            if kind == "item":
                previous = text[seg_start:seg_end].rstrip()
                first = line.lstrip()[:1]
                if _CLOSED.search(previous) and (first.isupper() or first.isdigit()):
                    segments.append((kind, seg_start, seg_end))
                    kind, seg_start = "para", line_start
                seg_end = line_end
                continue
            if kind is None:
                kind, seg_start = "para", line_start
            seg_end = line_end
        if kind:
            segments.append((kind, seg_start, seg_end))
    return segments


def _split_long(text: str, start: int, end: int) -> list[Unit]:
    """Cut an over-long unpunctuated run at line breaks into pieces of at most MAX_UNIT_CHARS."""
    pieces: list[Unit] = []
    piece_start = start
    last_break = None
    for _line_start, line_end in _lines(text[start:end]):
        abs_end = start + line_end
        if abs_end - piece_start > MAX_UNIT_CHARS and last_break is not None:
            s, e = _strip(text, piece_start, last_break)
            if e > s:
                pieces.append(Unit(s, e, "sentence"))
            piece_start = last_break
        last_break = abs_end
    s, e = _strip(text, piece_start, end)
    if e > s:
        pieces.append(Unit(s, e, "sentence"))
    return pieces


def looks_like_heading(text: str) -> bool:
    """A short label without a sentence's punctuation: "Styring og organisering", "1.2 Mål"."""
    words = text.split()
    if "\n" in text or text.endswith((".", "!", "?", ":")):
        return False
    if _LEGAL_TITLE.search(text) and ":" not in text and len(words) <= LEGAL_TITLE_MAX_WORDS:
        return True  # a legal reference's title: "NAV-loven § 15 – Samarbeid med brukeren og individuell plan i NAV"
    if text.endswith(("]", ")")):
        return False
    if len(words) > HEADING_MAX_WORDS:
        return False
    if ":" in text:
        return False
    return not any(ch.isdigit() for ch in text) or bool(_NUMBERED_HEADING.match(text))


def _para_units(text: str, start: int, end: int) -> list[Unit]:
    units: list[Unit] = []
    cursor = start
    for stop in sentence_ends(text, start, end) + [end]:
        s, e = _strip(text, cursor, stop)
        cursor = stop
        if e <= s:
            continue
        if e - s > MAX_UNIT_CHARS:
            units.extend(_split_long(text, s, e))
            continue
        body = text[s:e]
        is_heading = stop == end and looks_like_heading(body)
        units.append(Unit(s, e, "heading" if is_heading else "sentence"))
    return units


def split_units(text: str) -> list[Unit]:
    """Sentences, list items and introduced short lists of `text`, in order, non-overlapping."""
    units: list[Unit] = []
    segments = _segments(text)
    i = 0
    while i < len(segments):
        kind, start, end = segments[i]
        if kind == "para":
            units.extend(_para_units(text, start, end))
            i += 1
            continue
        j = i
        while j < len(segments) and segments[j][0] == "item":
            j += 1
        items: list[Unit] = []
        for _, s, e in segments[i:j]:
            s, e = _strip(text, s, e)
            items.extend(_para_units(text, s, e) if e - s > MAX_UNIT_CHARS else [Unit(s, e, "item")])
        short_items = len(items) > 1 and all(u.end - u.start <= SHORT_ITEM_CHARS for u in items)
        intro = units[-1] if units and i > 0 and segments[i - 1][0] == "para" else None
        if intro is not None and not (text[intro.start : intro.end].endswith(":") or short_items):
            intro = None
        first = intro.start if intro is not None else items[0].start
        if (intro is not None or short_items) and items[-1].end - first <= MAX_LIST_CHARS:
            if intro is not None:
                units.pop()
            units.append(Unit(first, items[-1].end, "list"))
        else:
            units.extend(items)
        i = j
    return units


def display_text(unit_text: str) -> str:
    """A unit as shown in an answer: wrapped lines joined, list items on their own "- " lines."""
    out: list[str] = []
    for lines in _paragraphs(unit_text):
        texts = [unit_text[s:e].strip() for s, e in lines]
        markers = [_BULLET.match(unit_text[s:e]) for s, e in lines]
        if any(markers):
            item: list[str] | None = None
            for line, marker in zip(texts, markers):
                if marker:
                    if item is not None:
                        out.append(" ".join(item))
                    width = _bullet_width(line)
                    mark = line[:width].strip()
                    ordered = mark[:1].isdigit() or mark.endswith(")")
                    item = [mark if ordered else "-", line[width:].strip()]
                elif item is not None:
                    item.append(line)
                else:
                    out.append(line)
            if item is not None:
                out.append(" ".join(item))
        elif _hard_lines(unit_text, lines):
            out.extend("- " + line for line in texts)
        else:
            out.append(" ".join(texts))
    return "\n".join(out)


def _bullet_width(line: str) -> int:
    """Length of the bullet mark at the start of `line` (the last matched char is the text's first)."""
    marker = _BULLET.match(line)
    return marker.end() - 1 if marker else 0


SENTENCE_UNITS_VERSION = 2  # bump when answer_unit_spans cuts differently: stored sentence vectors are rebuilt
MIN_ANSWER_UNIT_CHARS = 20  # shorter units are labels, not answers


def answer_unit_spans(text: str) -> list[tuple[int, int]]:
    """The units of `text` an answer may quote (headings and fragments left out), as (start, end)."""
    return [
        (u.start, u.end)
        for u in split_units(text)
        if u.kind != "heading" and len(text[u.start : u.end].strip()) >= MIN_ANSWER_UNIT_CHARS
    ]


# labels that introduce a source attribution rather than a statement (kb cards, reports' reference lines)
_SOURCE_LABEL = re.compile(
    r"^\s*(?:kilder?|kjelder?|källa|källor|kilde\(r\)|sources?|references?|referanser?|hjemmel|heimel|lagrum)\s*:",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_LABEL = re.compile(r"(?:^|;\s*)[^\W\d_][^\W\d_ ]{0,24}(?: [^\W\d_]+){0,2}:\s")


_CONTENTS_TITLE = re.compile(
    r"(?:innhold|innhald|innholdsfortegnelse|innhaldsliste|innehåll|innehållsförteckning|indhold|"
    r"indholdsfortegnelse|table of contents|contents):?[ \t]*(?:\n|$)",
    re.IGNORECASE,
)
_DATED_ROW = re.compile(r"\d{6,8}\s*\|")  # "20190912 | Samordningsförbundet | Delrapport": a register of documents
# A document's control line: "Version 2.3 · Godkendt 10. januar 2024 · Ansvarlig: …" (a version
# number with an approval or revision date): it says which copy this is, never what to do
_VERSION = re.compile(r"\b(?:versjon|version|ver\.)\s*\d", re.IGNORECASE)
_DATED_APPROVAL = re.compile(
    r"\b(?:godkjent|godkendt|godkänd|approved|fastsatt|fastställd|vedtatt|vedtaget|revidert|reviderad|"
    r"revideret|revised|oppdatert|uppdaterad|opdateret|updated|gyldig\s+fra|gäller\s+från|gælder\s+fra|"
    r"valid\s+from)\s*(?:[:.]\s*)?(?:den\s+)?\d",
    re.IGNORECASE,
)
_FIELD_SEPARATOR = re.compile(r"[·|\t•]")
_PAGE_NUMBER_END = re.compile(r"(?:\.{3,}|…|\|)\s*\d{1,3}\s*$")


def looks_like_metadata(text: str) -> bool:
    """A line that labels or lists rather than says something: "nb: x; sv: y", "Kilde: ...", a bare
    link, or one made mostly of digits, punctuation and symbols (page furniture, OCR debris)."""
    body = text.strip()
    compact = "".join(body.split())
    if not compact:
        return True
    if sum(ch.isalpha() for ch in compact) < 0.55 * len(compact):
        return True
    if _SOURCE_LABEL.match(body):  # a source line (table rows stay: a timeline or a count may be one)
        return True
    if len(_URL.sub(" ", body).split()) < 3:  # a bare link
        return True
    if _CONTENTS_TITLE.match(body) or _DATED_ROW.match(body):  # a table of contents; a register row
        return True
    if (
        _VERSION.search(body)
        and _DATED_APPROVAL.search(body)
        and (_FIELD_SEPARATOR.search(body) or body[-1] not in ".!?")
    ):
        return True  # a document control line (fields, not a sentence)
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) >= 2 and sum(bool(_PAGE_NUMBER_END.search(line)) for line in lines) >= 0.6 * len(lines):
        return True  # lines ending in page numbers: a table of contents
    return ";" in body and len(_LABEL.findall(body)) >= 2
