"""NorQuAD answer evaluations: `veiviser eval --norquad FILE --answers` and `--abstention`.

--answers: every context is indexed and every question asked of the default extractive
answerer. An answer is right when one of its citation quotes (or its text) contains a
gold answer string of the question, case and whitespace folded (`contains_gold`).

--abstention: a fixed half of the contexts is indexed (`dataset.split_for_abstention`);
the questions about the other half have no answer in the index, and the answerer should
abstain on them.

Each question is retrieved once (`ExtractiveAnswerer.retrieve`). That one `Retrieval`
gives the answer at the current operating point and its confidence, >= 0 exactly when
the answerer answers: with the learned decision (the default) its probability minus its
threshold, with the rules `AbstentionPolicy.confidence` of the evidence signals. For a
question the decision turned away, the answer it would give at a lower threshold is
known from the same `Retrieval` (the learned decision has already selected its
sentences; for the rules the selection and the answer-type checks run on it), so the
trade-off curve ("answer iff confidence >= t") is a count over the collected outcomes,
never a second question to the answerer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from veiviser.answer.evidence import Retrieval
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.core.types import Answer
from veiviser.evaluation.dataset import EvalQuestion
from veiviser.evaluation.relevance import contains_gold

MODES = ("answers", "abstention")
GATE_REASON = "weak_evidence"  # the abstention the rules' confidence decides; the others stay abstentions
LEARNED_REASON = "learned_decision"  # the abstention the learned decision's probability decides
TABLE_ROWS = 15  # thresholds in the report's curve table (the PNG draws every one)


@dataclass(frozen=True)
class AnswerOutcome:
    question: EvalQuestion
    answer: Answer  # what the default answerer says (the operating point, t = 0)
    reason: str  # why it abstained ("" when it answered): weak_evidence, lacks_quantity, no_hits...
    confidence: float  # >= 0 exactly when the decision answers (see the module docstring)
    gold_in_quote: bool  # the answer given quotes a gold answer
    passes_checks: bool  # past the evidence gate, the answer-type checks (and the search) let it answer
    right_if_answered: bool  # the answer it gives past the evidence gate quotes a gold answer
    gold_in_passages: bool  # a retrieved passage holds a gold answer (what any answer could quote)
    seconds: float = 0.0

    @property
    def answered(self) -> bool:
        return not self.answer.abstained

    def answers_at(self, threshold: float) -> bool:
        """Would it answer when the policy demanded `confidence >= threshold`?"""
        return self.passes_checks and self.confidence >= threshold


def quotes_gold(answer: Answer, golds: Sequence[str]) -> bool:
    """Does the answer (one of its citation quotes, or its text) contain a gold answer string?"""
    if answer.abstained:
        return False
    return contains_gold([c.quote for c in answer.citations] + [answer.text], golds)


def past_the_gate(answerer: ExtractiveAnswerer, retrieval: Retrieval) -> Retrieval:
    """The retrieval as `ExtractiveAnswerer.retrieve` would finish it had the decision let it through."""
    if retrieval.abstain_reason == LEARNED_REASON:  # its sentences are selected and checked already
        return replace(retrieval, abstain=False, abstain_reason="")
    sentences = answerer.select(retrieval)
    reason = answerer.unanswered(retrieval, sentences)
    return replace(retrieval, abstain=bool(reason), abstain_reason=reason, sentences=tuple(sentences))


def confidence(answerer: ExtractiveAnswerer, retrieval: Retrieval) -> float:
    """How far above (>= 0) or below (< 0) the bar of the decision in use the question stands."""
    decision = answerer.decision
    if decision is not None and retrieval.features is not None:
        return decision.probability(retrieval.features) - decision.threshold
    return answerer.gatherer.policy.confidence(retrieval.signals)


def ask(answerer: ExtractiveAnswerer, question: EvalQuestion) -> AnswerOutcome:
    """One retrieval; the answer, its confidence and the answer it would give at any threshold."""
    retrieval = answerer.retrieve(question.question)
    answer = answerer.answer_from(retrieval)
    golds = question.evidence
    gated = retrieval.abstain_reason in (GATE_REASON, LEARNED_REASON)
    finished = past_the_gate(answerer, retrieval) if gated else retrieval
    hypothetical = answer if finished is retrieval else answerer.answer_from(finished)
    return AnswerOutcome(
        question=question,
        answer=answer,
        reason=(retrieval.abstain_reason or "no_sentences") if answer.abstained else "",
        confidence=confidence(answerer, retrieval),
        gold_in_quote=quotes_gold(answer, golds),
        passes_checks=not hypothetical.abstained,
        right_if_answered=quotes_gold(hypothetical, golds),
        gold_in_passages=contains_gold((h.chunk.text for h in retrieval.hits), golds),
    )


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def rates_at(outcomes: Sequence[AnswerOutcome], threshold: float) -> dict[str, Any]:
    """One point of the trade-off: answerable answered (right) and unanswerable abstained, at `threshold`."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    answered = [o for o in answerable if o.answers_at(threshold)]
    return {
        "t": threshold,
        "answered": _ratio(len(answered), len(answerable)),
        "answered_right": _ratio(sum(1 for o in answered if o.right_if_answered), len(answerable)),
        "abstained_unanswerable": _ratio(
            sum(1 for o in unanswerable if not o.answers_at(threshold)), len(unanswerable)
        ),
    }


def curve_thresholds(outcomes: Sequence[AnswerOutcome]) -> list[float]:
    """Every threshold at which an answer changes, and one above them all (nothing answered)."""
    values = sorted({o.confidence for o in outcomes if o.passes_checks})
    return values + [values[-1] + 0.01] if values else [0.0]


def table_thresholds(outcomes: Sequence[AnswerOutcome], rows: int = TABLE_ROWS) -> list[float]:
    """About `rows` thresholds evenly spread over the collected confidences, rounded, with 0 (today's)."""
    values = sorted({round(o.confidence, 3) for o in outcomes if o.passes_checks})
    if not values:
        return [0.0]
    picked = {values[round(i * (len(values) - 1) / max(1, rows - 1))] for i in range(rows)}
    picked.add(0.0)
    picked.add(round(values[-1] + 0.001, 3))  # above every confidence: nothing answered
    return sorted(picked)


def curve(outcomes: Sequence[AnswerOutcome], thresholds: Sequence[float]) -> list[dict[str, Any]]:
    return [rates_at(outcomes, t) for t in thresholds]


def summarise(outcomes: Sequence[AnswerOutcome], mode: str, contexts: dict[str, int]) -> dict[str, Any]:
    """The `norquad_answers` section of the summary (thresholds apply to its "overall" figures)."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    answered = [o for o in answerable if o.answered]
    right = [o for o in answerable if o.gold_in_quote]
    refused = [o for o in unanswerable if not o.answered]
    overall = {
        "answerable": len(answerable),
        "answered": len(answered),
        "answered_rate": _ratio(len(answered), len(answerable)),
        "gold_in_quote": _ratio(len(right), len(answerable)),
        "gold_in_quote_of_answered": _ratio(len(right), len(answered)),
        "gold_in_passages": _ratio(sum(1 for o in answerable if o.gold_in_passages), len(answerable)),
        "unanswerable": len(unanswerable),
        "abstained_on_unanswerable": len(refused),
        "abstention_recall": _ratio(len(refused), len(unanswerable)),
        "abstention_precision": _ratio(len(refused), sum(1 for o in outcomes if not o.answered)),
    }
    out: dict[str, Any] = {
        "mode": mode,
        "contexts": contexts,
        "overall": overall,
        "abstain_reasons": {
            "answerable": dict(Counter(o.reason for o in answerable if not o.answered).most_common()),
            "unanswerable": dict(Counter(o.reason for o in unanswerable if not o.answered).most_common()),
        },
    }
    if answerable and unanswerable:
        rows = curve(outcomes, table_thresholds(outcomes))
        out["curve"] = rows
        out["operating_point"] = rates_at(outcomes, 0.0)
        out["best_balanced"] = max(
            rows, key=lambda r: ((r["answered_right"] or 0.0) + (r["abstained_unanswerable"] or 0.0), -abs(r["t"]))
        )
    return out


def outcome_row(outcome: AnswerOutcome) -> dict[str, Any]:
    """The per-question fields these evaluations add to the summary's per_question rows."""
    return {
        "abstained": not outcome.answered,
        "abstain_reason": outcome.reason,
        "confidence": round(outcome.confidence, 4),
        "gold_in_quote": outcome.gold_in_quote,
        "right_if_answered": outcome.right_if_answered,
        "gold_in_passages": outcome.gold_in_passages,
        "citations": len(outcome.answer.citations),
    }
