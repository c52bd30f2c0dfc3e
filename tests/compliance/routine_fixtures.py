"""The labelled test routines: Markdown sources rendered to DOCX/PDF with the product's exporter.

Routines live as text under tests/fixtures/routines/ with hand labels in labels.yaml.
Two are stored as Markdown and turned into a real DOCX (tables, heading styles) or PDF
(pages) here, so the audit is tested on the formats unit leaders actually upload.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from veiviser.reports.exports import Bullets, Heading, Paragraph, Report, Table, render

ROUTINES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "routines"
LABELS_FILE = ROUTINES_DIR / "labels.yaml"

_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def markdown_report(text: str) -> Report:
    """A small Markdown subset (#-headings, paragraphs, '-' bullets, pipe tables) as an exports.Report."""
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
            para.append(line.replace("**", ""))
    flush()
    return Report(title=title or "Rutine", blocks=tuple(blocks))


def routine_entries() -> list[dict]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))["routines"]


def materialise(entry: dict, out_dir: Path) -> Path:
    """The routine file as the audit should read it: the stored file, or its DOCX/PDF rendering."""
    source = ROUTINES_DIR / entry["file"]
    fmt = entry.get("render")
    if not fmt:
        return source
    target = out_dir / f"{source.stem}.{fmt}"
    target.write_bytes(render(markdown_report(source.read_text(encoding="utf-8")), fmt))
    return target


def materialised_labels(out_dir: Path) -> Path:
    """A copy of labels.yaml whose files all exist in `out_dir` (rendered ones included)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    for entry in data["routines"]:
        entry["file"] = str(materialise(entry, out_dir))
        entry.pop("render", None)
    path = out_dir / "labels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
