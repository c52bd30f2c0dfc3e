"""Which sentences answer: a learned score for candidate sentences, replacing hand-set weights.

The hand-set scorer (ExtractiveAnswerer.score) weighs word coverage, passage rank and the
cosine to the question with fixed weights. This module turns the same signals, plus a few
more, into features and scores each candidate with a logistic regression trained by
eval/train_decisions.py on labelled questions (a candidate is right when it holds the
gold evidence). The model file is prompts/sentence_scorer.json; VEIVISER_SENTENCES=learned
uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from veiviser.answer.candidates import list_items
from veiviser.answer.compose import title_of
from veiviser.answer.decision import DecisionModelError, LearnedDecision
from veiviser.answer.evidence import language_family

if TYPE_CHECKING:
    from veiviser.answer.answer_types import AnswerTypes
    from veiviser.answer.candidates import Candidate
    from veiviser.answer.evidence import Retrieval

SCORER_FILE = "sentence_scorer.json"
SENTENCE_FEATURES = (
    "coverage",
    "rank_prior",
    "type_ok",
    "type_asked",
    "number_in",
    "dense_rel",
    "dense_abs",
    "is_list",
    "is_item",
    "log_chars",
    "kb",
    "heaviest_found",
    "count_match",
    "has_digit",
    "count_bound",
    "cross_language",
    "coverage_same_language",
    "dense_cross_language",
    "glossary",
    "glossary_unasked",
)
_DIGIT = re.compile(r"\d")


def sentence_features(
    retrieval: Retrieval,
    candidates: Sequence[Candidate],
    answer_types: AnswerTypes,
    *,
    asked_items: int | None,
    cosines: np.ndarray | None,
) -> list[dict[str, float]]:
    """General signals of each candidate sentence for this question."""

    wanted = answer_types.required(retrieval.question, retrieval.lang)
    numbers = re.findall(r"\b\d{2,}\b", retrieval.question)
    terms = retrieval.terms
    heaviest = max(terms.terms, key=lambda t: t.weight, default=None)
    if cosines is not None and len(cosines):
        low, high = float(np.min(cosines)), float(np.max(cosines))
        spread = max(high - low, 0.05)
    asks_definition = answer_types.asks_definition(retrieval.question, retrieval.lang)
    family = language_family(retrieval.lang)
    out = []
    for i, c in enumerate(candidates):
        text = c.quote.text
        cosine = float(cosines[i]) if cosines is not None and len(cosines) else 0.0
        title = title_of(c.quote)
        typed = bool(wanted) and all(
            answer_types.satisfies(text, t, retrieval.lang, retrieval.question, title=title) for t in wanted
        )
        chunk = c.quote.hit.chunk
        cross = 1.0 if chunk.lang and language_family(chunk.lang) != family else 0.0
        # words are compared only within one language family
        bound = [] if cross else [answer_types.bound(text, t, retrieval.lang, retrieval.question) for t in wanted]
        dense_rel = (cosine - low) / spread if cosines is not None and len(cosines) else 0.0
        glossary = 1.0 if chunk.doc_type == "kb" and chunk.source.endswith("glossary.yaml") else 0.0
        out.append(
            {
                "coverage": c.coverage,
                "rank_prior": 1.0 / (1.0 + 0.5 * c.hit_index),
                "type_ok": 1.0 if typed else 0.0,
                "type_asked": 1.0 if wanted else 0.0,
                "number_in": 1.0 if numbers and any(n in text for n in numbers) else 0.0,
                "dense_rel": dense_rel,
                "dense_abs": cosine,
                "is_list": 1.0 if c.kind == "list" else 0.0,
                "is_item": 1.0 if c.kind == "item" else 0.0,
                "log_chars": math.log1p(len(text)),
                "kb": 1.0 if c.quote.hit.chunk.doc_type == "kb" else 0.0,
                "heaviest_found": c.tokens.match(heaviest.word, terms.lang) if heaviest else 0.0,
                "count_match": (1.0 if list_items(text) == asked_items else -1.0)
                if asked_items and c.kind == "list"
                else 0.0,
                "has_digit": 1.0 if _DIGIT.search(text) else 0.0,
                "count_bound": 1.0 if any(bound) else (-1.0 if False in bound else 0.0),
                # word overlap means little across languages; the cosine has to carry the choice there
                "cross_language": cross,
                "coverage_same_language": c.coverage * (1.0 - cross),
                "dense_cross_language": dense_rel * cross,
                "glossary": glossary,
                # a glossary line answers "what is X?", rarely anything else
                "glossary_unasked": glossary * (0.0 if asks_definition else 1.0),
            }
        )
    return out


def load_sentence_scorer(prompts_dir: Path) -> LearnedDecision | None:
    """The trained sentence scorer in prompts_dir, or None when none has been trained there."""
    import json

    path = Path(prompts_dir) / SCORER_FILE
    if not path.exists():
        return None
    try:
        return LearnedDecision.from_dict(json.loads(path.read_text(encoding="utf-8")), allowed=SENTENCE_FEATURES)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, DecisionModelError):
            raise
        raise DecisionModelError(f"{path} is not a usable sentence scorer ({exc}); retrain it or delete it") from exc
