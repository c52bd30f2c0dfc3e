"""Is one sentence of an answer supported by the passage it cites? A learned verdict, with reasons.

The word-overlap check (`support`) finds the span a claim rests on; `claim_features` reads
that span for meaning; a logistic model trained on labelled (passage, claim) pairs
(eval/train_claims.py -> prompts/claim_checker.json) weighs the signals. The reasons name
what a reader can check: the polarity, a number, the actor, the modality, an opposite, a
name the source never uses, or plain lack of support.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from veiviser.answer.answer_types import load_answer_types
from veiviser.answer.claim_features import CLAIM_FEATURES, ClaimLexicon, claim_features, load_claim_lexicon
from veiviser.answer.decision import DecisionModelError, LearnedDecision
from veiviser.answer.support import ClaimSimilarity, Support, support

CHECKER_FILE = "claim_checker.json"
# feature -> the reason shown when it fires on a rejected claim (phrases: unsupported_reason_<reason>)
_REASONS = (
    ("polarity_mismatch", "polarity"),
    ("bad_numbers", "number"),
    ("bad_small_numbers", "number"),
    ("roles_extra", "actor"),
    ("first_role_differs", "actor"),
    ("actor_absent", "actor"),
    ("modality_mismatch", "modality"),
    ("opposite", "opposite"),
    ("novel_names", "name"),
    ("restriction_added", "restriction"),
)
# signals that refuse a claim whatever the model weighs: a statement with a number its source never
# states, or an "only" its source never says, claims something the source does not (an obeyed
# injection's "the coordinator only sends invitations" or "within six months" among them)
_REFUSING = ("bad_numbers", "bad_small_numbers", "restriction_added")


@dataclass(frozen=True)
class ClaimVerdict:
    supported: bool
    support: Support  # the span the claim was compared with (the quote when supported)
    probability: float
    reasons: tuple[str, ...] = ()  # why not supported: polarity, number, actor, modality, opposite, name, weak


def claim_signals(
    claim: str,
    passage: str,
    passage_lang: str,
    claim_lang: str,
    similarity: ClaimSimilarity | None,
    lexicon: ClaimLexicon,
    number_words: dict[str, dict[str, int]],
) -> tuple[Support, dict[str, float]]:
    """The span the claim rests on and the model's signals of the pair (no model needed: training uses it too)."""
    found = support(claim, passage, passage_lang, claim_lang, similarity, always_embed=True)
    values = claim_features(
        claim,
        passage,
        found,
        claim_lang=claim_lang,
        passage_lang=passage_lang,
        lexicon=lexicon,
        number_words=number_words,
    )
    return found, values


@dataclass(frozen=True)
class ClaimJudge:
    """The learned check with the words it reads; built once per answerer."""

    model: LearnedDecision
    lexicon: ClaimLexicon
    number_words: dict[str, dict[str, int]]  # lang -> word -> value

    def features(
        self, claim: str, passage: str, passage_lang: str, claim_lang: str, similarity: ClaimSimilarity | None
    ) -> tuple[Support, dict[str, float]]:
        return claim_signals(claim, passage, passage_lang, claim_lang, similarity, self.lexicon, self.number_words)

    def judge(
        self,
        claim: str,
        passage: str,
        passage_lang: str,
        claim_lang: str,
        similarity: ClaimSimilarity | None = None,
        *,
        margin: float = 0.0,
    ) -> ClaimVerdict:
        """`margin`: how much more sure than the threshold the model must be (re-citing needs more)."""
        found, values = self.features(claim, passage, passage_lang, claim_lang, similarity)
        if found.cosine is None and "cosine" in self.model.features:  # no embedder: the cosine says nothing
            values["cosine"] = float(self.model.mean[self.model.features.index("cosine")])
        p = self.model.probability(values)
        about_it = found.score >= self.gate_score or (found.cosine is not None and found.cosine >= self.gate_cosine)
        # a single statement that negates the sentence it rests on is refused outright: passing a
        # contradiction costs more than dropping a faithful paraphrase that turns a negation around
        refused = found.contradicts or any(values.get(f, 0.0) > 0 for f in _REFUSING)
        ok = about_it and not refused and p >= min(0.99, self.model.threshold + margin)
        fired = [r for f, r in _REASONS if values.get(f, 0.0) > 0 and (r != "polarity" or found.contradicts)]
        reasons = () if ok else ("weak",) if not about_it else tuple(dict.fromkeys(fired)) or ("weak",)
        return ClaimVerdict(ok, found, p, reasons)

    @property
    def gate_score(self) -> float:
        """The claim must resemble the passage this much in words (or in meaning, below) to be judged at all:
        the model reads contradictions, and a claim on another matter contradicts nothing."""
        return float(self.model.meta.get("gate_score", 0.0))

    @property
    def gate_cosine(self) -> float:
        return float(self.model.meta.get("gate_cosine", 2.0))


def load_claim_judge(prompts_dir: Path) -> ClaimJudge | None:
    """The trained check in prompts_dir, or None (the word-overlap rules decide)."""
    path = Path(prompts_dir) / CHECKER_FILE
    if not path.exists():
        return None
    try:
        model = LearnedDecision.from_dict(json.loads(path.read_text(encoding="utf-8")), allowed=CLAIM_FEATURES)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, DecisionModelError):
            raise
        raise DecisionModelError(
            f"{path} is not a usable claim checker ({exc}); retrain it with eval/train_claims.py or delete it"
        ) from exc
    return ClaimJudge(model, load_claim_lexicon(prompts_dir), dict(load_answer_types(prompts_dir).count_words))
