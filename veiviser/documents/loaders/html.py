"""HTML via selectolax (lexbor): visible text only, with headings, list items and table rows.

The walk over the tree is iterative, so depth costs no Python recursion. The
HTML5 tree builder itself gets slow (quadratic) on tens of thousands of nested
block elements, so absurdly deep markup is flattened before parsing: tags
below a depth limit are removed and their text kept.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from veiviser.core.types import Block, BlockKind
from veiviser.documents.errors import LoadError
from veiviser.documents.loaders.structure import HeadingTracker, ParsedContent, collapse_spaces, has_content
from veiviser.documents.loaders.text import decode_text

log = logging.getLogger(__name__)

MAX_DEPTH = 1000

SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "canvas", "iframe", "object", "embed",
     "select", "button", "-comment"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
     "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend",
     "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
     "tr", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}
)  # fmt: skip
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
RAW_TEXT_TAGS = ("script", "style", "textarea", "title", "xmp", "noscript", "template")
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>")


def flatten_deep_markup(data: bytes, max_depth: int = MAX_DEPTH) -> tuple[bytes, int]:
    """Remove tags nested deeper than `max_depth` (keeping their text). Returns (html, deepest depth seen)."""
    lowered = data.lower()
    out: list[bytes] = []
    stack: list[tuple[bytes, bool]] = []  # (tag name, kept)
    position = 0
    deepest = 0
    for match in _TAG.finditer(data):
        if match.start() < position:
            continue  # inside a raw-text element we skipped over
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        out.append(data[position : match.start()])
        position = match.end()
        if closing:
            for offset in range(1, min(len(stack), 64) + 1):
                if stack[-offset][0] == name:
                    kept = stack[-offset][1]
                    del stack[-offset:]
                    out.append(match.group(0) if kept else b" ")
                    break
            else:
                out.append(match.group(0))
            continue
        if name.decode() in VOID_TAGS or rest.rstrip().endswith(b"/"):
            out.append(match.group(0) if len(stack) < max_depth else b" ")
            continue
        kept = len(stack) < max_depth
        stack.append((name, kept))
        deepest = max(deepest, len(stack))
        out.append(match.group(0) if kept else b" ")
        if name.decode() in RAW_TEXT_TAGS:
            end = lowered.find(b"</" + name, position)
            if end == -1:
                end = len(data)
            out.append(data[position:end])
            position = end
    out.append(data[position:])
    return b"".join(out), deepest


def _depth_estimate(data: bytes) -> int:
    """Upper bound on nesting, in one cheap pass: opening tags minus closing tags, at its peak."""
    depth = peak = 0
    for match in _TAG.finditer(data):
        if match.group(1):
            depth -= 1
        elif match.group(2).lower().decode() not in VOID_TAGS:
            depth += 1
            peak = max(peak, depth)
    return peak


def load_html(path: Path, data: bytes) -> ParsedContent:
    from selectolax.lexbor import LexborHTMLParser

    text, warnings, encoding = decode_text(data, path)
    raw = text.encode("utf-8")
    if _depth_estimate(raw) > MAX_DEPTH:
        raw, deepest = flatten_deep_markup(raw)
        warnings.append(
            f"{path.name}: HTML nested {deepest} levels deep; markup below level {MAX_DEPTH} was flattened."
        )
    tree = LexborHTMLParser(raw.decode("utf-8", errors="replace"))
    title_node = tree.css_first("title")
    title = collapse_spaces(title_node.text()) if title_node is not None else ""
    blocks = _walk(tree.root)
    if not blocks:
        raise LoadError(path, "No readable text found in the HTML page. Check that it is the right file.")
    return ParsedContent(
        blocks=blocks, title=title, warnings=warnings, meta={"encoding": encoding}, explicit_headings=True
    )


class _Collector:
    """Receives enter/exit/text events and cuts them into blocks."""

    def __init__(self) -> None:
        self.headings = HeadingTracker()
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.kinds: list[tuple[str, BlockKind, int]] = []  # open containers that decide the block kind
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def text(self, value: str) -> None:
        (self.cell if self.cell is not None else self.buffer).append(value)

    def enter(self, tag: str) -> None:
        if tag == "br":
            self.text(" ")
            return
        if tag in ("td", "th"):
            self.cell = []
            return
        if tag == "tr":
            self.flush()
            self.row = []
            return
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in HEADING_TAGS:
            self.kinds.append((tag, BlockKind.HEADING, HEADING_TAGS[tag]))
        elif tag == "li":
            self.kinds.append((tag, BlockKind.LIST_ITEM, 0))

    def exit(self, tag: str) -> None:
        if tag in ("td", "th"):
            if self.cell is not None and self.row is not None:
                value = collapse_spaces("".join(self.cell))
                if value:
                    self.row.append(value)
            elif self.cell is not None:
                self.buffer.extend(self.cell)
            self.cell = None
            return
        if tag == "tr":
            if self.row:
                self.blocks.append(Block(" | ".join(self.row), BlockKind.TABLE_ROW, heading_path=self.headings.path))
            self.row = None
            return
        if tag in BLOCK_TAGS:
            self.flush()
        if self.kinds and self.kinds[-1][0] == tag:
            self.kinds.pop()

    def flush(self) -> None:
        value = collapse_spaces("".join(self.buffer))
        self.buffer = []
        if not has_content(value):
            return
        kind, level = (self.kinds[-1][1], self.kinds[-1][2]) if self.kinds else (BlockKind.PARAGRAPH, 0)
        if kind is BlockKind.HEADING:
            parents = self.headings.enter(level, value)
            self.blocks.append(Block(value, BlockKind.HEADING, heading_path=parents, level=level))
        else:
            self.blocks.append(Block(value, kind, heading_path=self.headings.path))


def _walk(root) -> list[Block]:
    """Depth-first over the tree without recursion, emitting enter/exit events."""
    collector = _Collector()
    node = root.child if root is not None else None
    if node is None:
        return []
    root_id = root.mem_id
    while node is not None:
        tag = node.tag
        descend = False
        if tag == "-text":
            collector.text(node.text_content or "")
        elif tag not in SKIPPED_TAGS and not tag.startswith("-") and not _hidden(node):
            collector.enter(tag)
            descend = node.child is not None
            if not descend:
                collector.exit(tag)
        if descend:
            node = node.child
            continue
        while node is not None and node.next is None:
            node = node.parent
            if node is None or node.mem_id == root_id or node.tag == "-document":
                node = None
                break
            collector.exit(node.tag)
        if node is not None:
            node = node.next
    collector.flush()
    return collector.blocks


def _hidden(node) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = (attributes.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style
