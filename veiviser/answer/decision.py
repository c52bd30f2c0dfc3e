"""Whether to answer, decided by a small model learned from labelled questions instead of hand-set bars.

`decision_features` turns what one answer attempt computed (the search result's signals,
the selected sentences, the answer-type checks) into general numbers: how much of the
question the passages and the chosen sentences cover, how close the best passage and the
best sentence are to the question, whether the asked-for kind of answer (a number, a
section, a phone number) is there, the language pair and the kind of passage. None names
a particular question or document.

`LearnedDecision` is a logistic regression over those features; its weights, the
feature scaling and the chosen threshold live in a small JSON file trained by
`eval/train_decisions.py` (cross-validated on the train split only). It decides by
default; with VEIVISER_DECISION=rules, or on an index built with another embedder than
the one it was trained on, the hand-set `AbstentionPolicy` decides.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from veiviser.answer.candidates import says_not_covered
from veiviser.core.errors import VeiviserError
from veiviser.core.linear import linear_fields, read_linear_fields, write_model
from veiviser.text.terms import TextTokens, passage_tokens

if TYPE_CHECKING:
    from veiviser.answer.compose import CitedSentence
    from veiviser.answer.evidence import Retrieval

DECISION_FILE = "answer_decision.json"
FEATURES = (
    "coverage",
    "best_passage_coverage",
    "log_lexical",
    "dense",
    "has_dense",
    "cross_language",
    "agreement",
    "n_terms",
    "heaviest_term_found",
    "sentence_coverage",
    "sentence_heaviest_found",
    "sentence_dense",
    "n_sentences",
    # not "whether the question asks for a number or a name": that is how a labelled set was
    # built (its near-miss questions all ask for one), not evidence; learned, it refused typed
    # questions the sources do answer (dev set: 7 of 40)
    "type_missing",
    "number_missing",
    "top_kb",
    "top_score_gap",
    "count_unbound",
    "not_covered_match",
)


class DecisionModelError(VeiviserError, ValueError):
    """The decision model file cannot be used; the message says which and what to do."""

    exit_code = 2


def decision_features(
    retrieval: Retrieval,
    sentences: Sequence[CitedSentence],
    *,
    reason: str,
    sentence_dense: float | None,
    count_bound: bool | None = None,
) -> dict[str, float]:
    """General signals of one answer attempt (see the module docstring); every value is finite."""
    signals = retrieval.signals
    terms = retrieval.terms
    heaviest = max(terms.terms, key=lambda t: t.weight, default=None)
    hits = retrieval.hits
    top_tokens = [passage_tokens(h.chunk) for h in hits[:3]]
    chosen = TextTokens(" ".join(s.text for s in sentences), retrieval.lang) if sentences else None

    def found(tokens: Sequence[TextTokens], word: str) -> float:
        return max((t.match(word, terms.lang) for t in tokens), default=0.0)

    sentence_coverage = terms.coverage(chosen) if chosen is not None else 0.0
    # how well a "the sources do not say ..." note among the top passages matches the question
    silent = [TextTokens(h.chunk.text, h.chunk.lang) for h in hits[:5] if says_not_covered(h.chunk)]
    not_covered = max((terms.coverage(t) for t in silent), default=0.0)
    gap = float(hits[0].score - hits[1].score) if len(hits) > 1 else 0.0
    return {
        "coverage": signals.coverage,
        "best_passage_coverage": signals.best_passage_coverage,
        "log_lexical": math.log1p(max(0.0, signals.lexical)),
        "dense": signals.dense if signals.dense is not None else 0.0,
        "has_dense": 1.0 if signals.dense is not None else 0.0,
        "cross_language": 1.0 if signals.cross_language else 0.0,
        "agreement": 1.0 if signals.agreement else 0.0,
        "n_terms": float(min(len(terms.terms), 12)),
        "heaviest_term_found": found(top_tokens, heaviest.word) if heaviest else 0.0,
        "sentence_coverage": sentence_coverage,
        "sentence_heaviest_found": found([chosen], heaviest.word) if heaviest and chosen else 0.0,
        "sentence_dense": sentence_dense if sentence_dense is not None else 0.0,
        "n_sentences": float(len(sentences)),
        "type_missing": 1.0 if reason.startswith("lacks_") and "number_in_question" not in reason else 0.0,
        "number_missing": 1.0 if "number_in_question" in reason else 0.0,
        "top_kb": 1.0 if hits and hits[0].chunk.doc_type == "kb" else 0.0,
        "top_score_gap": max(-5.0, min(5.0, gap)),
        "count_unbound": 1.0 if count_bound is False else 0.0,
        "not_covered_match": not_covered,
    }


def lacks_what_was_asked(values: dict[str, float]) -> bool:
    """The selected sentences lack the asked-for number, amount, name... or a number the question names.

    The learned decision weighs soft evidence; this is a contradiction, so it vetoes an answer
    as the rules do (a multi-part question may still get a partial answer).
    """
    return values.get("type_missing", 0.0) > 0 or values.get("number_missing", 0.0) > 0


@dataclass(frozen=True)
class LearnedDecision:
    """Logistic regression over standardised features: answer when P(answerable) >= threshold."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: dict[str, Any]

    def probability(self, values: dict[str, float]) -> float:
        x = np.array([values.get(name, 0.0) for name in self.features], dtype=np.float64)
        z = float(((x - self.mean) / self.scale) @ self.coef + self.intercept)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def should_answer(self, values: dict[str, float]) -> bool:
        return self.probability(values) >= self.threshold

    def as_dict(self) -> dict[str, Any]:
        return linear_fields(self.features, self.mean, self.scale, self.coef) | {
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        write_model(path, self.as_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any], allowed: Sequence[str] = FEATURES) -> LearnedDecision:
        names, mean, scale, coef = read_linear_fields(data, allowed, "the decision model", DecisionModelError)
        return cls(
            names, mean, scale, coef, float(data["intercept"]), float(data["threshold"]), dict(data.get("meta", {}))
        )


def load_decision(prompts_dir: Path) -> LearnedDecision | None:
    """The trained decision in prompts_dir, or None when none has been trained there."""
    path = Path(prompts_dir) / DECISION_FILE
    if not path.exists():
        return None
    try:
        return LearnedDecision.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, DecisionModelError):
            raise
        raise DecisionModelError(
            f"{path} is not a usable decision model ({exc}); retrain it with eval/train_decisions.py or delete it"
        ) from exc
