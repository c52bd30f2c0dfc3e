"""Score the audit against hand-labelled routines, per requirement set and split (`veiviser eval --routines`).

Labels files are described in `labels`. What matters to a unit leader, per set and split:

- gaps found: of the requirements labelled `missing` or `partial`, the share the audit
  reports as `missing` or `partial` (a gap reported `covered` is a gap the leader never sees);
- covered flagged: of the requirements labelled `covered`, the share reported as a gap;
- exact: the share with exactly the labelled status;
- section match: of the requirements labelled covered or partial with a section, that the
  audit also finds, the share whose first quote stands in the labelled section (the
  quote's section, or a heading above it, equals or contains the labelled heading).

The stricter figures of the first audit evaluation are kept too: missing found (labelled
`missing`, reported `missing`) and covered reported missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veiviser.compliance.engine import Analysis, Auditor
from veiviser.compliance.labels import LabelledRoutine, LabelsError, read_labels
from veiviser.compliance.matching import COVERED, MISSING
from veiviser.compliance.report import AuditReport

__all__ = ["EvaluationResult", "LabelsError", "RoutineScore", "evaluate", "read_labels", "section_agrees"]

_NUMBERING = re.compile(r"^(?:\d{1,2}(?: \d{1,2})*|[a-z]\d{0,2}|[ivx]{1,4}|steg \d+|trin \d+)\s+")


def _words(heading: str) -> str:
    return " ".join(re.sub(r"[^\w§]+", " ", heading.lower()).split())


def section_agrees(labelled: str, path: Sequence[str]) -> bool:
    """Whether a quote under the headings `path` stands in the labelled section.

    Headings are compared by their words (case, punctuation and section numbers aside);
    one may contain the other when the shorter has at least two words ("Melding av behov"
    in "3 Melding av behov til KE").
    """
    want = _words(labelled)
    want_bare = _NUMBERING.sub("", want)
    for heading in path:
        have = _words(heading)
        if not have:
            continue
        if have == want or _NUMBERING.sub("", have) == want_bare:
            return True
        shorter, longer = sorted((want_bare, _NUMBERING.sub("", have)), key=len)
        if len(shorter.split()) >= 2 and f" {shorter} " in f" {longer} ":
            return True
    return False


@dataclass
class RoutineScore:
    file: str
    split: str
    labels: dict[str, str]
    predicted: dict[str, str]
    requirement_set: str = ""
    style: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # labelled sections
    found_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # first quote's headings per requirement
    seconds: float = 0.0
    report: AuditReport | None = field(default=None, repr=False)
    analysis: Analysis | None = field(default=None, repr=False)

    def _ids(self, *labels: str) -> list[str]:
        return [rid for rid, lab in self.labels.items() if lab in labels]

    def counts(self) -> dict[str, int]:
        gaps = self._ids(MISSING, "partial")
        covered = self._ids(COVERED)
        missing = self._ids(MISSING)
        checked = [
            rid
            for rid in self._ids(COVERED, "partial")
            if self.sections.get(rid) and self.predicted.get(rid) in (COVERED, "partial")
        ]
        return {
            "requirements": len(self.labels),
            "gaps": len(gaps),
            "gaps_found": sum(1 for r in gaps if self.predicted.get(r) != COVERED),
            "covered": len(covered),
            "covered_flagged": sum(1 for r in covered if self.predicted.get(r) != COVERED),
            "covered_as_missing": sum(1 for r in covered if self.predicted.get(r) == MISSING),
            "missing": len(missing),
            "missing_found": sum(1 for r in missing if self.predicted.get(r) == MISSING),
            "exact": sum(1 for r, lab in self.labels.items() if self.predicted.get(r) == lab),
            "sections_checked": len(checked),
            "sections_agree": sum(1 for r in checked if section_agrees(self.sections[r], self.found_paths.get(r, ()))),
        }

    def mismatches(self) -> list[tuple[str, str, str]]:
        return [
            (rid, lab, self.predicted.get(rid, "?"))
            for rid, lab in self.labels.items()
            if self.predicted.get(rid) != lab
        ]

    def section_misses(self) -> list[tuple[str, str, str]]:
        """(requirement, labelled section, the section of the first quote) where they disagree."""
        out = []
        for rid, section in self.sections.items():
            if self.labels.get(rid) == MISSING or self.predicted.get(rid) not in (COVERED, "partial"):
                continue
            path = self.found_paths.get(rid, ())
            if not section_agrees(section, path):
                out.append((rid, section, " › ".join(path)))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "requirement_set": self.requirement_set,
            "split": self.split,
            **self.counts(),
            "mismatches": [{"id": i, "label": a, "predicted": b} for i, a, b in self.mismatches()],
            "section_misses": [{"id": i, "label": a, "found": b} for i, a, b in self.section_misses()],
            "seconds": round(self.seconds, 2),
        }


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


@dataclass
class EvaluationResult:
    routines: list[RoutineScore] = field(default_factory=list)
    decided_by: str = ""

    def totals(self, split: str | None = None, requirement_set: str | None = None) -> dict[str, Any]:
        chosen = [
            r
            for r in self.routines
            if (split is None or r.split == split) and (requirement_set is None or r.requirement_set == requirement_set)
        ]
        c: dict[str, int] = {}
        for r in chosen:
            for key, value in r.counts().items():
                c[key] = c.get(key, 0) + value
        get = c.get
        return {
            "routines": len(chosen),
            **{k: get(k, 0) for k in ("gaps", "gaps_found", "covered", "covered_flagged", "missing", "missing_found")},
            "gap_recall": _rate(get("gaps_found", 0), get("gaps", 0)),
            "covered_flagged_rate": _rate(get("covered_flagged", 0), get("covered", 0)),
            "exact": _rate(get("exact", 0), get("requirements", 0)),
            "section_match": _rate(get("sections_agree", 0), get("sections_checked", 0)),
            "sections_checked": get("sections_checked", 0),
            "missing_recall": _rate(get("missing_found", 0), get("missing", 0)),
            "covered_as_missing_rate": _rate(get("covered_as_missing", 0), get("covered", 0)),
        }

    def cells(self) -> list[tuple[str, str]]:
        """(requirement set, split) pairs present, sorted."""
        return sorted({(r.requirement_set, r.split) for r in self.routines})

    def as_dict(self) -> dict[str, Any]:
        splits = sorted({r.split for r in self.routines if r.split})
        sets = sorted({r.requirement_set for r in self.routines if r.requirement_set})
        return {
            "decided_by": self.decided_by,
            "routines": [r.as_dict() for r in self.routines],
            "total": self.totals(),
            "by_split": {s: self.totals(s) for s in splits},
            "by_set": {
                rs: {"all": self.totals(requirement_set=rs), **{s: self.totals(s, rs) for s in splits}} for rs in sets
            },
        }


def evaluate(
    auditor: Auditor,
    routines: Sequence[LabelledRoutine],
    *,
    work_dir: Path | None = None,
    on_routine: Callable[[RoutineScore], None] | None = None,
) -> EvaluationResult:
    """Audit every labelled routine (rendering Markdown sources into `work_dir` where asked) and score it."""
    import tempfile

    result = EvaluationResult(decided_by=auditor.decided_by)
    with tempfile.TemporaryDirectory(prefix="veiviser-audit-eval-") as tmp:
        out_dir = Path(work_dir or tmp)
        for routine in routines:
            started = time.perf_counter()
            text = auditor.load(routine.materialise(out_dir))
            analysis = auditor.analyse(text)
            known = {r.id for r in analysis.requirement_set.requirements}
            unknown = set(routine.labels) - known
            if unknown:
                raise LabelsError(f"{routine.name}: labels for unknown requirements {sorted(unknown)}")
            report = auditor.report(analysis)
            score = RoutineScore(
                file=routine.name,
                split=routine.split,
                labels=routine.labels,
                predicted={r.id: r.status for r in report.results},
                requirement_set=report.requirement_set,
                style=routine.style,
                sections=routine.sections,
                found_paths={
                    r.id: (r.evidence[0].path or (r.evidence[0].section,)) for r in report.results if r.evidence
                },
                seconds=time.perf_counter() - started,
                report=report,
                analysis=analysis,
            )
            result.routines.append(score)
            if on_routine:
                on_routine(score)
    return result
