"""The audit evaluation as Markdown: figures per requirement set and split, then what went wrong."""

from __future__ import annotations

from typing import Any

from veiviser.compliance.evaluation import EvaluationResult

TARGETS = "targets: gaps found ≥ 90 %, covered flagged ≤ 10 %, section match ≥ 90 %"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def figures_table(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "| set | split | routines | gaps found | covered flagged | exact | section match | missing found |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, t in rows:
        set_name, _, split = name.partition("/")
        lines.append(
            f"| {set_name} | {split or 'all'} | {t['routines']} | {t['gaps_found']}/{t['gaps']} "
            f"({_pct(t['gap_recall'])}) | {t['covered_flagged']}/{t['covered']} ({_pct(t['covered_flagged_rate'])}) "
            f"| {_pct(t['exact'])} | {_pct(t['section_match'])} of {t['sections_checked']} "
            f"| {t['missing_found']}/{t['missing']} ({_pct(t['missing_recall'])}) |"
        )
    return lines


def to_markdown(result: EvaluationResult, *, title: str = "Audit evaluation", split: str | None = None) -> str:
    routines = [r for r in result.routines if split is None or r.split == split]
    shown = EvaluationResult(routines=routines, decided_by=result.decided_by)
    rows = [(f"{rs}/{sp}", shown.totals(sp, rs)) for rs, sp in shown.cells()]
    rows.append(("all/" + (split or "all"), shown.totals()))
    lines = [f"# {title}", "", f"Decision: {result.decided_by or '?'}; {TARGETS}.", "", *figures_table(rows), ""]
    lines += ["## Per routine", "", "| set | routine | split | gaps found | covered flagged | exact | section |"]
    lines.append("|---|---|---|---|---|---|---|")
    for r in routines:
        c = r.counts()
        lines.append(
            f"| {r.requirement_set} | {r.file} | {r.split} | {c['gaps_found']}/{c['gaps']} | "
            f"{c['covered_flagged']}/{c['covered']} | {c['exact']}/{c['requirements']} | "
            f"{c['sections_agree']}/{c['sections_checked']} |"
        )
    lines += ["", "## Disagreements", ""]
    for r in routines:
        wrong = [f"{rid} labelled {a}, audit {b}" for rid, a, b in r.mismatches()]
        wrong += [f"{rid} section «{a}», quoted from «{b or '–'}»" for rid, a, b in r.section_misses()]
        if wrong:
            lines.append(f"- {r.requirement_set}/{r.file}: " + "; ".join(wrong))
    return "\n".join(lines) + "\n"
