"""Routines written as Markdown, rendered to the DOCX or PDF a unit leader would upload.

The labelled evaluation routines (eval/routines) and the test fixtures are stored as
Markdown so they can be read and reviewed; a labels entry with `render: docx|pdf` is
turned into a real DOCX (heading styles, tables) or PDF (pages) with the product's own
exporter before it is audited, so the audit is measured on the formats people upload.

Only a small Markdown subset is needed: `#` headings (the first level-1 heading is the
title), paragraphs, `-` bullets, numbered lines ("1. ...", each its own paragraph) and
pipe tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from veiviser.reports.exports import Bullets, Heading, Paragraph, Report, Table, render

RENDER_FORMATS = ("docx", "pdf")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")


def markdown_report(text: str) -> Report:
    """A small Markdown subset (see the module docstring) as an exports.Report."""
    title = ""
    blocks: list = []
    bullets: list[str] = []
    rows: list[tuple[str, ...]] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(" ".join(para)))
            para.clear()
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()
        if rows:
            blocks.append(Table(rows[0], tuple(rows[1:])))
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            heading = line.lstrip("#").strip()
            if level == 1 and not title:
                title = heading
            else:
                blocks.append(Heading(heading, level=max(1, level - 1)))
        elif line.startswith("|"):
            if not _TABLE_RULE.match(line.strip("|").strip()):
                rows.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
        elif line.startswith("- "):
            bullets.append(line[2:].strip())
        else:
            if _NUMBERED.match(line):
                flush()
            para.append(line.replace("**", ""))
    flush()
    return Report(title=title or "Rutine", blocks=tuple(blocks))


def render_markdown(source: Path, fmt: str, out_dir: Path) -> Path:
    """`source` (Markdown) rendered to `fmt` in `out_dir`; the path of the new file."""
    if fmt not in RENDER_FORMATS:
        raise ValueError(f"cannot render a routine to {fmt!r}; choose one of {', '.join(RENDER_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.{fmt}"
    target.write_bytes(render(markdown_report(source.read_text(encoding="utf-8")), fmt))
    return target
