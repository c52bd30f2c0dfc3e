"""The labelled test routines: Markdown sources rendered to DOCX/PDF with the product's exporter.

Routines live as text under tests/fixtures/routines/ with hand labels in labels.yaml.
Two are stored as Markdown and turned into a real DOCX (tables, heading styles) or PDF
(pages) by veiviser.compliance.rendering, so the audit is tested on the formats unit leaders upload.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from veiviser.compliance.rendering import markdown_report, render_markdown

__all__ = ["markdown_report", "materialise", "materialised_labels", "routine_entries"]

ROUTINES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "routines"
LABELS_FILE = ROUTINES_DIR / "labels.yaml"


def routine_entries() -> list[dict]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))["routines"]


def materialise(entry: dict, out_dir: Path) -> Path:
    """The routine file as the audit should read it: the stored file, or its DOCX/PDF rendering."""
    source = ROUTINES_DIR / entry["file"]
    fmt = entry.get("render")
    if not fmt:
        return source
    return render_markdown(source, fmt, out_dir)


def materialised_labels(out_dir: Path) -> Path:
    """A copy of labels.yaml whose files all exist in `out_dir` (rendered ones included)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    for entry in data["routines"]:
        entry["file"] = str(materialise(entry, out_dir))
        entry.pop("render", None)
    path = out_dir / "labels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
