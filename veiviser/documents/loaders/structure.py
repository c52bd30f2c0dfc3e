"""Turning lines of extracted text into structured blocks.

Plain text, PDF text layers and OCR output all arrive as lines with hard
wraps, bullets drawn as glyphs (or misread as "e"/"o" by OCR), tab-separated
tables and headings that are only recognisable by their shape. These helpers
are shared by the text and PDF loaders so both read such lines the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from veiviser.core.types import Block, BlockKind

# Unordered bullets: the glyph is layout, not content, so it is dropped.
UNORDERED_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦‣·»–—■□➢►✓]|\uf0b7|\uf0a7|\uf0d8)\s+(?=\S)")
# OCR of a round bullet at line start: "e " or "o " (neither is a word in nb/nn/sv/da).
OCR_BULLET = re.compile(r"^\s*[eo]\s+(?=\S)")
# Ordered items keep their number: "1)" / "a)" / "12." followed by a capital ("1. september" is a date).
ORDERED_ITEM = re.compile(r"^\s*(?:\d{1,3}\)(?:\s+\S|[^\W_])|[a-z]\)\s+\S|\d{1,3}\.\s+([^\W\d_]))")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# "2 Resultater", "1.1 Pilot for ...": section numbers followed by a capitalised title.
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\s+(?=[^\W\d_])(\S.*)$")
SENTENCE_END = ".,;!:"
HAS_WORD = re.compile(r"[^\W\d_]{2,}")
SOFT_HYPHEN = "\u00ad"
# After "helse-" at a line end these words mean the hyphen is a suspended compound ("helse- og").
KEEP_HYPHEN_BEFORE = frozenset("og eller och samt and or til till to el".split())
BOUNDARY_KINDS = (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK)


@dataclass
class ParsedContent:
    """What a format module hands back; `load_file` adds identity (name, hash) and the title fallback."""

    blocks: list[Block]
    title: str = ""
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    explicit_headings: bool = True  # headings came from markup, not from guessing at line shapes


class HeadingTracker:
    """Keeps the stack of headings above the current position."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def enter(self, level: int, text: str) -> tuple[str, ...]:
        """Register a heading; returns the headings above it (its own heading_path)."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        parents = tuple(t for _, t in self._stack)
        self._stack.append((level, text))
        return parents

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._stack)

    @property
    def deepest_level(self) -> int:
        return self._stack[-1][0] if self._stack else 0

    def reset(self) -> None:
        self._stack.clear()


def has_content(text: str) -> bool:
    """True when the text has a word or a number, not just rules and punctuation."""
    return bool(text) and (bool(HAS_WORD.search(text)) or any(ch.isdigit() for ch in text))


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def join_wrapped_lines(lines: Iterable[str]) -> str:
    """Join hard-wrapped lines with spaces, undoing end-of-line hyphenation ("oppføl-" + "gingen")."""
    out = ""
    for raw in lines:
        line = collapse_spaces(raw)
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) >= 2 and out[-2].isalpha() and line[0].islower():
            first_word = line.split(" ", 1)[0].strip(",.;:").lower()
            if first_word in KEEP_HYPHEN_BEFORE:
                out = f"{out} {line}"
            elif out[-2].isupper():
                out = out + line  # "NAV-" + "kontoret": the hyphen belongs to the word
            else:
                out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out.replace(SOFT_HYPHEN, "")


def table_cells(line: str) -> list[str] | None:
    """Cells of a tab-separated or Markdown pipe table row, or None when the line is not a row."""
    if "\t" in line:
        cells = [collapse_spaces(c) for c in line.split("\t")]
    elif line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3:
        cells = [collapse_spaces(c) for c in line.strip().strip("|").split("|")]
    else:
        return None
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


def list_item_text(line: str, *, ocr_bullets: bool) -> str | None:
    """The item text when the line starts a list item, else None. Unordered bullet glyphs are dropped."""
    match = UNORDERED_BULLET.match(line)
    if match:
        return line[match.end() :]
    if ocr_bullets:
        match = OCR_BULLET.match(line)
        if match:
            return line[match.end() :]
    match = ORDERED_ITEM.match(line)
    if match and (match.group(1) is None or match.group(1).isupper()):
        return line.strip()
    return None


def numbered_heading_level(text: str) -> int:
    """Heading level of a numbered section title ("2.1 Metoder" -> 2), or 0 if the text is not one."""
    match = NUMBERED_HEADING.match(text)
    if not match or len(text) > 160 or text[-1] in SENTENCE_END or len(text.split()) > 18:
        return 0
    number = match.group(1)
    if "." not in number and int(number) > 30:
        return 0
    return number.count(".") + 1


def looks_like_heading(text: str) -> bool:
    """A short stand-alone line that starts with a capital and does not end like a sentence."""
    if not (2 <= len(text) <= 90) or len(text.split()) > 12:
        return False
    if not text[0].isalpha() or not text[0].isupper() or text[-1] in SENTENCE_END + "-":
        return False
    return bool(HAS_WORD.search(text))


class LineStructurer:
    """Builds blocks from paragraphs of raw lines, tracking the heading path as it goes."""

    def __init__(self, *, markdown: bool = False, infer_headings: bool = True, ocr_bullets: bool = False) -> None:
        self.markdown = markdown
        self.infer_headings = infer_headings
        self.ocr_bullets = ocr_bullets
        self.headings = HeadingTracker()
        self.blocks: list[Block] = []
        self._numbered_level = 0
        self.infer_unnumbered = infer_headings  # off inside slides, where short lines are fragments
        # lines the file itself prints as body text (a PDF's regular font at body size): never a
        # guessed heading, however short ("Vid mötet" in a table cell)
        self.body_lines: frozenset[str] = frozenset()

    # -- emitting ---------------------------------------------------------
    def heading(self, text: str, level: int, page: int | None) -> None:
        text = collapse_spaces(text)
        if not text:
            return
        parents = self.headings.enter(level, text)
        self.blocks.append(Block(text=text, kind=BlockKind.HEADING, page=page, heading_path=parents, level=level))

    def content(self, text: str, kind: BlockKind, page: int | None) -> None:
        if has_content(text):
            self.blocks.append(Block(text=text, kind=kind, page=page, heading_path=self.headings.path))

    def boundary(self, kind: BlockKind, page: int | None) -> None:
        if self.blocks and self.blocks[-1].kind not in BOUNDARY_KINDS:
            self.blocks.append(Block(text="", kind=kind, page=page))

    # -- parsing ----------------------------------------------------------
    def paragraph(self, lines: Sequence[str], page: int | None) -> None:
        """One run of non-blank lines."""
        lines = [ln for ln in (raw.rstrip() for raw in lines) if ln.strip()]
        if not lines:
            return
        if self.infer_headings and self._paragraph_is_heading(lines, page):
            return
        plain: list[str] = []
        item: list[str] | None = None

        def flush() -> None:
            nonlocal plain, item
            if item is not None:
                self.content(join_wrapped_lines(item), BlockKind.LIST_ITEM, page)
                item = None
            if plain:
                self.content(join_wrapped_lines(plain), BlockKind.PARAGRAPH, page)
                plain = []

        for index, line in enumerate(lines):
            if self.markdown:
                match = MARKDOWN_HEADING.match(line)
                if match:
                    flush()
                    self.heading(match.group(2), len(match.group(1)), page)
                    continue
                if index + 1 < len(lines) and SETEXT_UNDERLINE.match(lines[index + 1]) and not item and not plain:
                    self.heading(line, 1 if lines[index + 1].strip()[0] == "=" else 2, page)
                    continue
                if SETEXT_UNDERLINE.match(line):
                    continue
            cells = table_cells(line)
            if cells is not None:
                flush()
                self.content(" | ".join(cells), BlockKind.TABLE_ROW, page)
                continue
            item_text = list_item_text(line, ocr_bullets=self.ocr_bullets)
            if item_text is not None:
                flush()
                item = [item_text]
                continue
            if not has_content(line):
                continue  # rules, separators, stray punctuation
            if self.infer_headings and index and self._starts_section(lines, index):
                flush()
                self.heading(collapse_spaces(line), numbered_heading_level(collapse_spaces(line)), page)
                continue
            if item is not None:
                item.append(line)
            else:
                plain.append(line)
        flush()

    @staticmethod
    def _starts_section(lines: Sequence[str], index: int) -> bool:
        """A numbered title inside a run of lines, after a finished sentence (pdftotext page joins)."""
        text = collapse_spaces(lines[index])
        previous = lines[index - 1].rstrip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        return (
            numbered_heading_level(text) > 0
            and len(text) <= 100
            and previous[-1:] in (".", "!", "?", '"', "”", ")")
            and (not following or following[0].isupper())
        )

    def _paragraph_is_heading(self, lines: Sequence[str], page: int | None) -> bool:
        if any("\t" in ln for ln in lines) or len(lines) > 2:
            return False
        text = join_wrapped_lines(lines)
        level = numbered_heading_level(text)
        if level:
            self.heading(text, level, page)
            self._numbered_level = level
            return True
        if (
            self.infer_unnumbered
            and len(lines) == 1
            and list_item_text(lines[0], ocr_bullets=self.ocr_bullets) is None
            and looks_like_heading(text)
            and collapse_spaces(lines[0]) not in self.body_lines
        ):
            # Unnumbered: one level below the last numbered section, else a second-level section, so a
            # guessed heading never outranks a real section number.
            self.heading(text, min(self._numbered_level + 1, 6) if self._numbered_level else 2, page)
            return True
        return False

    def slide_title(self, lines: Sequence[str], page: int | None) -> bool:
        """Use a slide's first paragraph as its title when it is one short line; True if it was."""
        lines = [ln for ln in lines if ln.strip()]
        if len(lines) != 1 or "\t" in lines[0] or list_item_text(lines[0], ocr_bullets=self.ocr_bullets) is not None:
            return False
        text = collapse_spaces(lines[0])
        if not (2 <= len(text) <= 90) or not text[0].isupper() or not HAS_WORD.search(text):
            return False
        self.headings.reset()
        self.heading(text, 1, page)
        return True


def title_from_blocks(blocks: Sequence[Block], *, min_words: int) -> str:
    """The first early, unnumbered heading with enough words to be a title, or ""."""
    seen = 0
    for block in blocks:
        if block.kind in BOUNDARY_KINDS:
            if seen:
                break
            continue
        seen += 1
        if (
            block.kind is BlockKind.HEADING
            and len(block.text.split()) >= min_words
            and not NUMBERED_HEADING.match(block.text)
        ):
            return block.text  # a numbered section ("1 Innledning") names a part, not the document
        if seen >= 8:
            break
    return ""
