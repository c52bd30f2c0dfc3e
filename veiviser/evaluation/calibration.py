"""Sweeps that set the answerer's thresholds on a development set (`veiviser eval --calibrate`).

Abstention: every question is answered with a policy that never abstains on evidence
signals, recording the signals and whether the answer-type checks would abstain; then
a grid of `AbstentionPolicy` settings is scored by how many answerable questions are
still answered and how many unanswerable ones are refused.

Support: the reference answers are paraphrases written by people, so each of their
sentences against a chunk holding the gold evidence is a positive pair, and against a
highly ranked chunk without it a (hard) negative. The support score's threshold is
swept for balanced accuracy. Results are for reading and choosing defaults; nothing
here changes settings by itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from veiviser.answer.evidence import AbstentionPolicy, EvidenceSignals
from veiviser.answer.support import support
from veiviser.core.types import Chunk
from veiviser.evaluation.dataset import EvalQuestion
from veiviser.evaluation.relevance import contains_evidence
from veiviser.text.units import split_units


class _NeverOnSignals(AbstentionPolicy):
    def should_abstain(self, signals: EvidenceSignals) -> bool:
        return False


@dataclass(frozen=True)
class CalibrationRow:
    question: EvalQuestion
    signals: EvidenceSignals
    type_reason: str  # why the answer-type checks abstain ("" when they do not)
    pairs: tuple[tuple[str, Chunk, bool], ...] = ()  # (reference sentence, chunk, supports?)


def collect(answerer_factory, questions: Sequence[EvalQuestion], hard_negatives: int = 2) -> list[CalibrationRow]:
    """Signals and support pairs for each question; `answerer_factory(policy)` builds an ExtractiveAnswerer."""
    answerer = answerer_factory(_NeverOnSignals())
    rows: list[CalibrationRow] = []
    for question in questions:
        retrieval = answerer.retrieve(question.question)
        pairs: list[tuple[str, Chunk, bool]] = []
        if question.answerable and question.reference_answer:
            sentences = [u.text(question.reference_answer) for u in split_units(question.reference_answer)]
            relevant = [
                h.chunk for h in retrieval.hits if any(contains_evidence(h.chunk, e) for e in question.evidence)
            ]
            others = [h.chunk for h in retrieval.hits if h.chunk not in relevant][:hard_negatives]
            if relevant:
                for sentence in sentences:
                    pairs.append((sentence, relevant[0], True))
                    pairs.extend((sentence, chunk, False) for chunk in others)
        rows.append(CalibrationRow(question, retrieval.signals, retrieval.abstain_reason, tuple(pairs)))
    return rows


def default_grid(base: AbstentionPolicy | None = None) -> Iterable[AbstentionPolicy]:
    base = base or AbstentionPolicy()
    for min_cov, min_dense, cross_dense in itertools.product(
        (0.2, 0.3, 0.4), (0.83, 0.84, 0.85, 0.86, 0.87), (0.76, 0.78, 0.80, 0.82, 0.84)
    ):
        yield replace(base, min_coverage=min_cov, min_dense=min_dense, cross_min_dense=cross_dense)


def sweep_abstention(rows: Sequence[CalibrationRow], grid: Iterable[AbstentionPolicy]) -> list[dict[str, Any]]:
    """For each policy: answerable questions answered and unanswerable ones refused (type checks included)."""
    out = []
    for policy in grid:
        answered = refused = 0
        for row in rows:
            abstains = bool(row.type_reason) or policy.should_abstain(row.signals)
            if row.question.answerable:
                answered += int(not abstains)
            else:
                refused += int(abstains)
        out.append(
            {
                "min_coverage": policy.min_coverage,
                "min_dense": policy.min_dense,
                "cross_min_dense": policy.cross_min_dense,
                "answered": answered,
                "answerable": sum(1 for r in rows if r.question.answerable),
                "refused": refused,
                "unanswerable": sum(1 for r in rows if not r.question.answerable),
            }
        )
    return out


def support_scores(rows: Sequence[CalibrationRow]) -> list[tuple[float, bool]]:
    scored = []
    for row in rows:
        for sentence, chunk, positive in row.pairs:
            s = support(sentence, chunk.text, chunk.lang, row.question.lang or "nb")
            scored.append((0.0 if s.bad_numbers else s.score, positive))
    return scored


def sweep_support(
    scored: Sequence[tuple[float, bool]], thresholds: Iterable[float] | None = None
) -> list[dict[str, float]]:
    """True positive and true negative rates of `score >= threshold` on the support pairs."""
    thresholds = thresholds or [round(0.3 + 0.05 * i, 2) for i in range(13)]
    positives = [s for s, p in scored if p]
    negatives = [s for s, p in scored if not p]
    out = []
    for t in thresholds:
        tpr = sum(s >= t for s in positives) / len(positives) if positives else 0.0
        tnr = sum(s < t for s in negatives) / len(negatives) if negatives else 0.0
        out.append({"threshold": t, "tpr": round(tpr, 3), "tnr": round(tnr, 3), "balanced": round((tpr + tnr) / 2, 3)})
    return out


def calibrate(settings, questions: Sequence[EvalQuestion]) -> dict[str, Any]:
    """Run both sweeps against the index named by `settings` (the `--calibrate` report section)."""
    from veiviser.answer.answer_types import load_answer_types
    from veiviser.answer.extractive import ExtractiveAnswerer
    from veiviser.answer.phrases import load_phrases
    from veiviser.answer.support import SUPPORT_THRESHOLD
    from veiviser.app.services import build_services

    retriever = build_services(settings).retriever()
    phrases = load_phrases(settings.prompts_dir)
    types = load_answer_types(settings.prompts_dir)
    rows = collect(lambda policy: ExtractiveAnswerer(retriever, phrases, answer_types=types, policy=policy), questions)
    current = AbstentionPolicy()
    grid = sweep_abstention(rows, default_grid(current))
    grid.sort(key=lambda r: (-(r["refused"] >= 0.8 * r["unanswerable"]), -r["answered"], -r["refused"]))
    return {
        "current_policy": {
            "min_coverage": current.min_coverage,
            "min_dense": current.min_dense,
            "cross_min_dense": current.cross_min_dense,
        },
        "current": sweep_abstention(rows, [current])[0],
        "abstention_grid": grid,
        "type_check_abstentions": sum(1 for r in rows if r.type_reason and not r.question.answerable),
        "support_threshold": SUPPORT_THRESHOLD,
        "support_pairs": sum(len(r.pairs) for r in rows),
        "support_sweep": sweep_support(support_scores(rows)),
    }
