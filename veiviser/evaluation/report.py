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
    "quote_contains_evidence": ("answers", "quote_contains_evidence"),
}
# the [norquad_answers] table: NorQuAD --answers / --abstention (see evaluation.norquad_answers)
NORQUAD_ANSWER_KEYS: dict[str, tuple[str, str]] = {
    "answered_rate": ("norquad_answers", "answered_rate"),
    "gold_in_quote": ("norquad_answers", "gold_in_quote"),
    "abstention_recall": ("norquad_answers", "abstention_recall"),
}
SECTION_KEYS: dict[str, dict[str, tuple[str, str]]] = {"norquad_answers": NORQUAD_ANSWER_KEYS}


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
    """The [<dataset>] table of a TOML thresholds file (e.g. [questions], [norquad], [norquad_answers])."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdError(f"{path}: cannot read thresholds ({exc})") from exc
    table = data.get(dataset, {})
    known = SECTION_KEYS.get(dataset, THRESHOLD_KEYS)
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ThresholdError(
            f"{path}: unknown threshold(s) {', '.join(unknown)} in [{dataset}]; known: {', '.join(known)}"
        )
    return {k: float(v) for k, v in table.items()}


def check_thresholds(summary: Mapping[str, Any], minimums: Mapping[str, float], dataset: str = "") -> list[Shortfall]:
    """The minimums not met; `dataset` names a table with keys of its own (e.g. "norquad_answers")."""
    keys = SECTION_KEYS.get(dataset, THRESHOLD_KEYS)
    prefix = f"{dataset}." if dataset in SECTION_KEYS else ""
    shortfalls = []
    for name, minimum in minimums.items():
        section, key = keys[name]
        measured = summary.get(section, {}).get("overall", {}).get(key)
        if measured is None or measured < minimum:
            shortfalls.append(Shortfall(prefix + name, minimum, measured))
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
            "quote_contains_evidence",
        ]
        out += ["", "## Answers", ""]
        out += [
            "answer_contains_evidence: a cited passage holds gold evidence; "
            "quote_contains_evidence: the quoted sentences themselves do.",
            "",
        ]
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
                        "quote_contains_evidence",
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
    if summary.get("norquad_answers"):
        out += _norquad_answers(summary["norquad_answers"])
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


_ANSWER_COLUMNS = [
    "answerable",
    "answered",
    "answered_rate",
    "gold_in_quote",
    "gold_in_quote_of_answered",
    "gold_in_passages",
]
_ABSTENTION_COLUMNS = ["unanswerable", "abstained_on_unanswerable", "abstention_recall", "abstention_precision"]


def _norquad_answers(section: Mapping[str, Any]) -> list[str]:
    """The NorQuAD --answers / --abstention section: figures, abstention reasons, the trade-off curve."""
    overall = section["overall"]
    contexts = section.get("contexts", {})
    out = ["", f"## NorQuAD answers ({section['mode']})", ""]
    if section["mode"] == "abstention":
        out.append(
            f"{contexts.get('indexed', '?')} of {contexts.get('total', '?')} contexts indexed (a fixed half: parity of "
            "the SHA-256 of the context text); a question is answerable when its context is indexed. "
        )
    else:
        out.append(f"All {contexts.get('total', '?')} contexts indexed; every question is answerable. ")
    out[-1] += (
        "An answer is right (gold_in_quote) when a citation quote or its text contains a gold answer "
        "(case and whitespace folded); gold_in_quote counts over all answerable questions, "
        "gold_in_quote_of_answered over the answered ones; gold_in_passages: a retrieved passage holds a gold answer."
    )
    out += [""] + _table({"all": overall}, _ANSWER_COLUMNS, "")
    if overall.get("unanswerable"):
        out += [""] + _table({"all": overall}, _ABSTENTION_COLUMNS, "")
    reasons = section.get("abstain_reasons", {})
    for group in ("answerable", "unanswerable"):
        if reasons.get(group):
            listed = ", ".join(f"{name} {n}" for name, n in reasons[group].items())
            out += ["", f"Abstentions on {group} questions: {listed}."]
    curve = section.get("curve")
    if curve:
        out += [
            "",
            "### Trade-off across the confidence threshold",
            "",
            "Answer iff the confidence is >= t: with the learned decision its probability minus its "
            "threshold, with the rules `AbstentionPolicy.confidence` (abstentions for a missing answer "
            "type then stay abstentions); >= 0 exactly when today's answerer answers. t = 0 is the "
            "current operating point. Rates are shares of the answerable (answered, answered with gold "
            "in a quote) and unanswerable (abstained) questions.",
            "",
        ]
        rows = {(f"**{r['t']:g}** (now)" if r["t"] == 0 else f"{r['t']:g}"): r for r in curve}
        out += _table(rows, ["answered", "answered_right", "abstained_unanswerable"], "t")
        best = section.get("best_balanced")
        if best:
            out += [
                "",
                f"Best balanced row of the table: t = {best['t']:g} (answered right {_fmt(best['answered_right'])}, "
                f"abstained on unanswerable {_fmt(best['abstained_unanswerable'])}).",
            ]
    if section.get("curve_png"):
        out += ["", f"![Abstention trade-off]({Path(section['curve_png']).name})"]
    return out
