"""Render an evaluation summary as Markdown, and check it against minimum thresholds."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veiviser.core.errors import VeiviserError

MAX_MISSES_LISTED = 25
# threshold name -> (section, key) in the summary
THRESHOLD_KEYS: dict[str, tuple[str, str]] = {
    "recall_at_1": ("retrieval", "R@1"),
    "recall_at_5": ("retrieval", "R@5"),
    "recall_at_10": ("retrieval", "R@10"),
    "mrr": ("retrieval", "MRR"),
    "ndcg_at_10": ("retrieval", "nDCG@10"),
    "hit_at_5": ("retrieval", "Hit@5"),
    "answered_rate": ("answers", "answered_rate"),
    "abstention_recall": ("answers", "abstention_recall"),
    "abstention_precision": ("answers", "abstention_precision"),
    "citation_validity": ("answers", "citation_validity"),
    "answer_contains_evidence": ("answers", "answer_contains_evidence"),
}


class ThresholdError(VeiviserError, ValueError):
    """A thresholds file names something we do not measure."""

    exit_code = 2


@dataclass(frozen=True)
class Shortfall:
    name: str
    minimum: float
    measured: float | None

    def __str__(self) -> str:
        shown = "not measured" if self.measured is None else f"{self.measured:.4f}"
        return f"{self.name}: {shown} < {self.minimum:.4f}"


def load_thresholds(path: Path, dataset: str) -> dict[str, float]:
    """The [<dataset>] table of a TOML thresholds file (e.g. [questions] or [norquad])."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdError(f"{path}: cannot read thresholds ({exc})") from exc
    table = data.get(dataset, {})
    unknown = sorted(set(table) - set(THRESHOLD_KEYS))
    if unknown:
        raise ThresholdError(f"{path}: unknown threshold(s) {', '.join(unknown)}; known: {', '.join(THRESHOLD_KEYS)}")
    return {k: float(v) for k, v in table.items()}


def check_thresholds(summary: Mapping[str, Any], minimums: Mapping[str, float]) -> list[Shortfall]:
    shortfalls = []
    for name, minimum in minimums.items():
        section, key = THRESHOLD_KEYS[name]
        measured = summary.get(section, {}).get("overall", {}).get(key)
        if measured is None or measured < minimum:
            shortfalls.append(Shortfall(name, minimum, measured))
    return shortfalls


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(rows: Mapping[str, Mapping[str, Any]], columns: list[str], first: str) -> list[str]:
    lines = [f"| {first} | " + " | ".join(columns) + " |", "|" + "---|" * (len(columns) + 1)]
    for name, row in rows.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(row.get(c)) for c in columns) + " |")
    return lines


_UNIT_NOTE = {
    "questions": "Relevant items are the questions' evidence strings; @k counts the top k retrieved passages.",
    "norquad": "The relevant item is the question's context; @k counts the top k distinct contexts retrieved.",
}


def to_markdown(summary: Mapping[str, Any], shortfalls: list[Shortfall] | None = None) -> str:
    out = [f"# Veiviser evaluation: {summary['dataset']}", ""]
    index = summary.get("index", {})
    out.append(
        f"{summary['questions']} questions, k = {summary['k']}, answerer: {summary.get('answerer') or '–'}, "
        f"reranker: {summary.get('reranker') or 'none'}; "
        f"index: {index.get('chunks', '?')} chunks from {index.get('documents', '?')} documents "
        f"({'re-used' if index.get('reused') else 'built'} in {index.get('ingest_seconds', '?')} s)."
    )
    retrieval = summary.get("retrieval", {})
    overall = retrieval.get("overall", {})
    if overall:
        columns = list(overall)
        out += ["", f"## Retrieval ({retrieval.get('questions', 0)} answerable questions)", ""]
        out += [_UNIT_NOTE[summary["dataset"]], ""] if summary.get("dataset") in _UNIT_NOTE else []
        out += _table({"all": overall}, columns, "")
        for key in ("lang", "kind", "persona"):
            groups = retrieval.get(f"by_{key}")
            if groups and len(groups) > 1:
                out += ["", f"### By {key}", ""]
                out += _table(groups, ["n"] + columns, key)
    answers = summary.get("answers")
    if answers:
        cols = [
            "answered_rate",
            "abstention_recall",
            "abstention_precision",
            "citation_validity",
            "answer_contains_evidence",
        ]
        out += ["", "## Answers", ""]
        out += _table(
            {"all": answers["overall"]},
            ["answerable", "answered", "unanswerable", "abstained_on_unanswerable"] + cols,
            "",
        )
        for key in ("lang", "kind", "persona"):
            groups = answers.get(f"by_{key}")
            if groups and len(groups) > 1:
                out += ["", f"### Answers by {key}", ""]
                out += _table(
                    groups,
                    [
                        "answerable",
                        "answered",
                        "unanswerable",
                        "abstained_on_unanswerable",
                        "citation_validity",
                        "answer_contains_evidence",
                    ],
                    key,
                )
    misses = [
        row
        for row in summary.get("per_question", [])
        if row.get("answerable") and (row.get("first_relevant_rank") is None or row.get("abstained"))
    ]
    if misses:
        out += ["", "## Answerable questions missed (no relevant chunk in the top k, or abstained)", ""]
        if len(misses) > MAX_MISSES_LISTED:
            out.append(f"{len(misses)} questions; the first {MAX_MISSES_LISTED}:")
            out.append("")
        for row in misses[:MAX_MISSES_LISTED]:
            where = row.get("first_relevant_rank")
            out.append(
                f"- {row['id']} ({row.get('lang')}, {row.get('kind')}): first relevant rank "
                f"{where if where else '> k'}{', abstained' if row.get('abstained') else ''}"
            )
    calibration = summary.get("calibration")
    if calibration:
        out += ["", "## Calibration", ""]
        cur = calibration["current"]
        out.append(
            f"Current abstention policy {calibration['current_policy']}: answers {cur['answered']}/{cur['answerable']} "
            f"answerable, refuses {cur['refused']}/{cur['unanswerable']} unanswerable "
            f"({calibration['type_check_abstentions']} of them by the answer-type checks)."
        )
        out += ["", "Best policies of the grid (answer-type checks always on):", ""]
        cols = ["min_coverage", "min_dense", "cross_min_dense", "answered", "refused"]
        out += _table({str(i): row for i, row in enumerate(calibration["abstention_grid"][:15], 1)}, cols, "#")
        out += [
            "",
            f"Support threshold (now {calibration['support_threshold']}), "
            f"{calibration['support_pairs']} reference-sentence/chunk pairs:",
            "",
        ]
        out += _table(
            {str(r["threshold"]): r for r in calibration["support_sweep"]}, ["tpr", "tnr", "balanced"], "threshold"
        )
    if shortfalls is not None:
        out += ["", "## Thresholds", ""]
        out += [f"- below minimum: {s}" for s in shortfalls] or ["- all thresholds met"]
    return "\n".join(out) + "\n"
