"""Hand-labelled routines for scoring the audit: read labels files in both formats, materialise the routines.

A labels file (YAML) names a requirement set and routine files (relative to itself):

    requirement_set: no-oppfolging
    routines:
      - file: brekkestad-lang.md
        render: docx              # optional: audit the Markdown source rendered to docx or pdf
        split: train              # optional: train | test (older files: dev | holdout)
        style: "Long bokmål routine"
        labels:
          R01: {label: covered, section: "3 Melding av behov"}   # the section that shows it best
          R02: {label: missing, section: null}
          R03: partial                                         # the flat form, without a section

`find_label_files` collects every labels.yaml under a folder (one per requirement set,
e.g. eval/routines/{no,se,dk}).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from veiviser.compliance.matching import STATUSES
from veiviser.compliance.rendering import RENDER_FORMATS, render_markdown
from veiviser.core.errors import VeiviserError

LABELS_NAME = "labels.yaml"


class LabelsError(VeiviserError, ValueError):
    """The labels file is malformed; the message says where."""

    exit_code = 2


@dataclass(frozen=True)
class LabelledRoutine:
    path: Path
    labels: dict[str, str]
    split: str = ""
    style: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # requirement id -> labelled section heading
    render: str = ""  # "docx" | "pdf": audit the Markdown source rendered to this format
    requirement_set: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    def materialise(self, out_dir: Path) -> Path:
        """The file the audit reads: the stored file, or its DOCX/PDF rendering in `out_dir`."""
        return render_markdown(self.path, self.render, out_dir) if self.render else self.path


def _label(path: Path, file: str, rid: str, value: object) -> tuple[str, str]:
    """(status, section) of one label in either format."""
    if isinstance(value, dict):
        status, section = value.get("label"), value.get("section")
    else:
        status, section = value, None
    status = str(status)
    if status not in STATUSES:
        raise LabelsError(f"{path}: routine {file}: label of {rid} must be one of {STATUSES}, got {status!r}")
    return status, "" if section is None else str(section)


def read_labels(path: Path) -> tuple[str, list[LabelledRoutine]]:
    """The requirement set id and the labelled routines of a labels file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelsError(f"cannot read labels file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("routines"), list):
        raise LabelsError(f"{path}: expected a mapping with a `routines` list")
    set_id = str(data.get("requirement_set") or "")
    out: list[LabelledRoutine] = []
    for n, entry in enumerate(data["routines"], 1):
        if not isinstance(entry, dict) or "file" not in entry or not isinstance(entry.get("labels"), dict):
            raise LabelsError(f"{path}: routine {n} needs `file` and a `labels` mapping")
        labels: dict[str, str] = {}
        sections: dict[str, str] = {}
        for rid, value in entry["labels"].items():
            status, section = _label(path, str(entry["file"]), str(rid), value)
            labels[str(rid)] = status
            if section:
                sections[str(rid)] = section
        render = str(entry.get("render") or "")
        if render and render not in RENDER_FORMATS:
            raise LabelsError(f"{path}: routine {entry['file']}: render must be one of {RENDER_FORMATS}")
        file = Path(entry["file"])
        out.append(
            LabelledRoutine(
                path=file if file.is_absolute() else path.parent / file,
                labels=labels,
                split=str(entry.get("split", "")),
                style=str(entry.get("style", "")),
                sections=sections,
                render=render,
                requirement_set=set_id,
            )
        )
    return set_id, out


def find_label_files(root: Path) -> list[Path]:
    """`root` itself when it is a labels file, else every labels.yaml below it, sorted."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise LabelsError(f"{root}: no such labels file or folder")
    files = sorted(root.rglob(LABELS_NAME))
    if not files:
        raise LabelsError(f"{root}: no {LABELS_NAME} below this folder")
    return files
