"""Headings a loader misses or invents: plain-text headings without a blank line, and PDF table lines.

Plain text. People type headings directly above their text, without a blank line:

    Hvem er med i teamet
    Oppfølgingsteamet er ikke et fast team. Det består av ...

A text file keeps no styles, and the text loader joins the lines of a paragraph, so the
heading above would run into its first sentence and the section would get no name. A
line is taken for a heading, and set off by a blank line before the file is structured,
when it

- starts the file, follows a blank line, or follows a line that ends a sentence;
- is short (at most MAX_HEADING_WORDS words and MAX_HEADING_CHARS characters) and does
  not end like a sentence (a question mark is allowed: "Vem ringer in till träffen?");
- does not end in a word that runs on ("og", "at", "för", "til" ...);
- starts with a capital letter or a section number ("1 SIP", "A. SUNDHEDSAFTALE",
  "3.2 Tjenestenivå", "IV. Møter"), is not a list item or a table row;
- is followed by a line that does not continue it (that line starts with a capital
  letter, a digit or a list mark, not in lower case).

Hard-wrapped prose does not meet these together: a wrapped line either follows a line
that did not end a sentence or is followed by its lower-case continuation.

PDF. A PDF keeps no table structure, so a table's bold header row comes out as a heading;
`pdf_table_headings` finds those (see there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from veiviser.core.types import Block, BlockKind

MAX_HEADING_WORDS = 9
MAX_HEADING_CHARS = 80
_BOUNDARIES = (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK)
_DASH_CELL = re.compile(r"\s[–—-]$")  # a row ending in an empty cell written as a dash
_PDF_NUMBERED = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+")
_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-ZÆØÅÄÖ]\.|[A-ZÆØÅÄÖ]\d{1,2}\.?|[IVX]{1,4}\.)\s+")
_SENTENCE_END = re.compile(r"[.!;:,…]\s*[\"'»”)]*\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-–•*▪►·o]\s|\(?[a-zæøå]\)\s)")
# a line ending in one of these runs on into the next line: "Koordinator skal sørge for at"
_RUNS_ON = frozenset(
    "at og i på til for med av som en et ei den det de om eller samt men fra frå and or the "
    "att och till som av en ett den det de om eller men från på med "
    "af og til for med som en et den det de om eller men fra på".split()
)
_LEADS_A_LINE = re.compile(r"^\s*[\"«(]?(?:[A-ZÆØÅÄÖÜ0-9]|[-–•*▪►·]\s)")


def is_heading_line(line: str) -> bool:
    """A short, capitalised or numbered line that does not end like a sentence (see the module docstring)."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if "|" in text or "\t" in line or _SENTENCE_END.search(text) or _LIST_MARK.match(text):
        return False
    if text.split()[-1].lower() in _RUNS_ON:
        return False
    body = _NUMBER.sub("", text)
    first = body[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and any(ch.isalpha() for ch in body)


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?:;…]\s*[\"'»”)]*\s*$", line.strip()))


def separate_headings(text: str) -> str:
    """`text` with a blank line after every heading line that runs straight into its text."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not nxt.strip() or "\f" in line or "\f" in nxt:
            continue
        prev = lines[i - 1] if i > 0 else ""
        starts_block = i == 0 or not prev.strip() or _ends_sentence(prev) or is_heading_line(prev)
        if starts_block and is_heading_line(line) and _LEADS_A_LINE.match(nxt):
            out.append("")
    return "\n".join(out)


def pdf_table_headings(blocks: Sequence[Block]) -> tuple[set[int], dict[int, str]]:
    """Bold lines of a PDF that the loader took for headings but that belong to a table.

    A PDF keeps no table structure: a table's bold header row ("Hva Hvem Frist") comes
    out as a heading, and so can a row with an empty cell ("Fastlege E-melding –"). Such
    a "heading" is a table line when it directly follows a heading (nothing between),
    ends in a cell that is only a dash, or is longer than a heading. Returns the indexes of
    those blocks and, for every block under one, the section it really belongs to.
    """
    demoted: set[int] = set()
    section_of: dict[int, str] = {}
    accepted = ""
    content_since = True
    replaced: dict[str, str] = {}
    for index, block in enumerate(blocks):
        if block.kind in _BOUNDARIES or not block.text.strip():
            continue
        text = " ".join(block.text.split())
        if block.kind is BlockKind.HEADING:
            numbered = bool(_PDF_NUMBERED.match(text))
            tabular = _DASH_CELL.search(text) is not None or len(text.split()) > MAX_HEADING_WORDS
            if accepted and (tabular or (not content_since and not numbered)):
                demoted.add(index)
                replaced[text] = accepted
                continue
            accepted, content_since = text, False
            continue
        content_since = True
        heading = " ".join(block.heading_path[-1].split()) if block.heading_path else ""
        if heading in replaced:
            section_of[index] = replaced[heading]
    return demoted, section_of
