"""Score the audit against hand-labelled routines: are the gaps found, are covered requirements left alone?

A labels file (YAML) names routine files (relative to itself) and, for each, the
expected status of every requirement:

    requirement_set: no-oppfolging
    routines:
      - file: rutine.docx
        split: dev            # optional: dev | holdout
        labels: {R01: covered, R02: missing, ...}

Two figures matter to a unit leader. Gap recall: of the requirements labelled
`missing`, the share the audit also calls `missing`. False alarms: of the requirements
labelled `covered`, the share the audit calls `missing`. Agreement on all three
statuses is reported too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from veiviser.compliance.engine import Auditor
from veiviser.compliance.matching import COVERED, MISSING, STATUSES
from veiviser.compliance.report import AuditReport
from veiviser.core.errors import VeiviserError


class LabelsError(VeiviserError, ValueError):
    """The labels file is malformed; the message says where."""

    exit_code = 2


@dataclass(frozen=True)
class LabelledRoutine:
    path: Path
    labels: dict[str, str]
    split: str = ""
    style: str = ""


@dataclass
class RoutineScore:
    file: str
    split: str
    labels: dict[str, str]
    predicted: dict[str, str]
    seconds: float = 0.0
    report: AuditReport | None = field(default=None, repr=False)

    def _ids(self, label: str) -> list[str]:
        return [rid for rid, lab in self.labels.items() if lab == label]

    @property
    def gaps(self) -> int:
        return len(self._ids(MISSING))

    @property
    def gaps_found(self) -> int:
        return sum(1 for rid in self._ids(MISSING) if self.predicted.get(rid) == MISSING)

    @property
    def covered(self) -> int:
        return len(self._ids(COVERED))

    @property
    def false_alarms(self) -> int:
        return sum(1 for rid in self._ids(COVERED) if self.predicted.get(rid) == MISSING)

    @property
    def agreement(self) -> int:
        return sum(1 for rid, lab in self.labels.items() if self.predicted.get(rid) == lab)

    def mismatches(self) -> list[tuple[str, str, str]]:
        return [
            (rid, lab, self.predicted.get(rid, "?"))
            for rid, lab in self.labels.items()
            if self.predicted.get(rid) != lab
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "split": self.split,
            "gaps": self.gaps,
            "gaps_found": self.gaps_found,
            "covered": self.covered,
            "false_alarms": self.false_alarms,
            "agreement": self.agreement,
            "requirements": len(self.labels),
            "mismatches": [{"id": i, "label": a, "predicted": b} for i, a, b in self.mismatches()],
            "seconds": round(self.seconds, 2),
        }


@dataclass
class EvaluationResult:
    routines: list[RoutineScore] = field(default_factory=list)

    def totals(self, split: str | None = None) -> dict[str, Any]:
        chosen = [r for r in self.routines if split is None or r.split == split]
        gaps = sum(r.gaps for r in chosen)
        covered = sum(r.covered for r in chosen)
        labelled = sum(len(r.labels) for r in chosen)
        found = sum(r.gaps_found for r in chosen)
        alarms = sum(r.false_alarms for r in chosen)
        agree = sum(r.agreement for r in chosen)
        return {
            "routines": len(chosen),
            "gaps": gaps,
            "gaps_found": found,
            "gap_recall": round(found / gaps, 4) if gaps else None,
            "covered": covered,
            "false_alarms": alarms,
            "false_alarm_rate": round(alarms / covered, 4) if covered else None,
            "agreement": round(agree / labelled, 4) if labelled else None,
        }

    def as_dict(self) -> dict[str, Any]:
        splits = sorted({r.split for r in self.routines if r.split})
        return {
            "routines": [r.as_dict() for r in self.routines],
            "total": self.totals(),
            "by_split": {s: self.totals(s) for s in splits},
        }


def read_labels(path: Path) -> tuple[str, list[LabelledRoutine]]:
    """The requirement set id and the labelled routines of a labels file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelsError(f"cannot read labels file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("routines"), list):
        raise LabelsError(f"{path}: expected a mapping with a `routines` list")
    out: list[LabelledRoutine] = []
    for n, entry in enumerate(data["routines"], 1):
        if not isinstance(entry, dict) or "file" not in entry or not isinstance(entry.get("labels"), dict):
            raise LabelsError(f"{path}: routine {n} needs `file` and a `labels` mapping")
        labels = {str(k): str(v) for k, v in entry["labels"].items()}
        bad = {k: v for k, v in labels.items() if v not in STATUSES}
        if bad:
            raise LabelsError(f"{path}: routine {entry['file']}: labels must be one of {STATUSES}, got {bad}")
        file = Path(entry["file"])
        out.append(
            LabelledRoutine(
                path=file if file.is_absolute() else path.parent / file,
                labels=labels,
                split=str(entry.get("split", "")),
                style=str(entry.get("style", "")),
            )
        )
    return str(data.get("requirement_set", "")), out


def evaluate(
    auditor: Auditor,
    routines: Sequence[LabelledRoutine],
    *,
    on_routine: Callable[[RoutineScore], None] | None = None,
) -> EvaluationResult:
    import time

    result = EvaluationResult()
    known = {r.id for r in auditor.requirement_set.requirements}
    for routine in routines:
        unknown = set(routine.labels) - known
        if unknown:
            raise LabelsError(f"{routine.path.name}: labels for unknown requirements {sorted(unknown)}")
        started = time.perf_counter()
        report = auditor.audit_file(routine.path)
        score = RoutineScore(
            file=routine.path.name,
            split=routine.split,
            labels=routine.labels,
            predicted={r.id: r.status for r in report.results},
            seconds=time.perf_counter() - started,
            report=report,
        )
        result.routines.append(score)
        if on_routine:
            on_routine(score)
    return result
