"""Decide, for each requirement, which routine passages address it and which evidence items they show.

Every routine about coordinated services uses the same vocabulary ("koordinator",
"individuell plan", "koordinerende enhet"), so absolute similarity says little: almost
every sentence is somewhat close to every requirement. What separates them is which
requirement a sentence is *closest to*. A passage counts as evidence for a requirement
when

- it uses one of the requirement's keywords and the requirement is (nearly) its closest
  one in meaning (within `keyword_margin` of its best requirement; within the wider
  `heading_keyword_margin` when its section heading uses a keyword too), or
- its section heading uses a keyword and the requirement is its closest one, or
- without any keyword, the requirement is its closest one by a clear margin
  (`meaning_margin` over the runner-up): paraphrases such as "Er det barn i saken, skal
  de få si sin mening" for the person's participation.

Sentences that only say a topic is not decided yet never count (`undecided`); they are
kept as "undecided mentions" so the report can say so. A requirement with evidence is
then scored item by item: an evidence item is shown when a passage near the requirement
stands out from the item's background by `item_z` spreads (see `profile`). `covered`
needs at least `covered_share` of the items, `partial` fewer, `missing` no evidence.

The thresholds were set on the labelled routines in tests/fixtures/routines (see the
audit evaluation); they are margins and spreads, not raw scores, so they carry over to
other embedders of the same kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from veiviser.compliance.keywords import KeywordIndex, key_in, make_keyword, passage_words
from veiviser.compliance.passages import Passage, RoutineText
from veiviser.compliance.profile import RequirementProfile
from veiviser.compliance.undecided import is_undecided

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
STATUSES = (COVERED, PARTIAL, MISSING)
_ANAPHORA = ("dette", "desse", "disse", "dette punktet", "det siste")
ITEM_WORD_ZIPF = 4.5  # item words at least this common in everyday text say nothing about the item


@lru_cache(maxsize=2048)
def item_keys(text: str) -> tuple[str, ...]:
    """The word keys of an evidence item's uncommon words ("PSFS", "Statsforvalteren", "agenda")."""
    from veiviser.text.terms import zipf
    from veiviser.text.tokens import tokenize

    rare = " ".join(w for w in tokenize(text) if not w.isdigit() and zipf(w, "nb") < ITEM_WORD_ZIPF)
    return make_keyword(rare).keys if rare else ()


@dataclass(frozen=True)
class MatchThresholds:
    keyword_margin: float = 0.005
    heading_keyword_margin: float = 0.02
    meaning_margin: float = 0.012
    item_z: float = 1.5
    item_band: float = 1.0
    item_pool_margin: float = 0.02
    covered_share: float = 0.4
    item_word_share: float = 0.75  # share of an item's content words that shows it without vectors (>1: off)


@dataclass(frozen=True)
class PassageEvidence:
    """A passage that addresses a requirement, and why we think so."""

    passage: Passage
    how: str  # "keyword" | "heading" | "meaning" | "item"
    keywords: tuple[str, ...] = ()
    items: tuple[int, ...] = ()  # 0-based evidence items it shows


@dataclass(frozen=True)
class RequirementMatch:
    requirement_id: str
    status: str
    evidence: tuple[PassageEvidence, ...]  # in document order
    items_found: tuple[int, ...]
    items_missing: tuple[int, ...]
    undecided: tuple[Passage, ...] = ()


def undecided_flags(passages: Sequence[Passage]) -> list[bool]:
    """Which passages only say 'not decided yet'; "Dette er ikke avklart" also marks the sentence before it."""
    flags = [is_undecided(p.text) for p in passages]
    for i, p in enumerate(passages):
        if flags[i] and i > 0 and passages[i - 1].block_index == p.block_index:
            if p.text.lower().startswith(_ANAPHORA):
                flags[i - 1] = True
    return flags


def similarity_matrix(passage_vectors: np.ndarray, profiles: Sequence[RequirementProfile]) -> np.ndarray:
    """(passages, requirements): each passage's best similarity to any text of each requirement."""
    n = len(passage_vectors)
    if n == 0 or passage_vectors.shape[1] == 0:
        return np.zeros((n, len(profiles)), dtype=np.float32)
    return np.stack([(passage_vectors @ p.vectors.T).max(axis=1) for p in profiles], axis=1)


def match_requirements(
    routine: RoutineText,
    profiles: Sequence[RequirementProfile],
    keywords: KeywordIndex,
    passage_vectors: np.ndarray,
    thresholds: MatchThresholds = MatchThresholds(),
) -> list[RequirementMatch]:
    """One `RequirementMatch` per profile, in the profiles' order."""
    passages = routine.passages
    dense = passage_vectors.ndim == 2 and passage_vectors.shape[1] > 0 and len(passages) > 0
    sims = similarity_matrix(passage_vectors, profiles)
    if len(passages):
        best = sims.max(axis=1, keepdims=True)
        relative = sims - best
        ordered = np.sort(sims, axis=1)
        runner_up_gap = ordered[:, -1] - ordered[:, -2] if sims.shape[1] > 1 else ordered[:, -1]
    else:
        relative = sims
        runner_up_gap = np.zeros(0)
    undecided = undecided_flags(passages)
    text_words = [passage_words(p.text, p.lang) for p in passages]
    context_words = [passage_words(p.context, p.lang) for p in passages]

    out: list[RequirementMatch] = []
    for col, profile in enumerate(profiles):
        rid = profile.id
        found: dict[int, PassageEvidence] = {}
        mentions: list[Passage] = []
        keyword_hit = [False] * len(passages)
        for k, passage in enumerate(passages):
            rel = float(relative[k, col])
            hits = keywords.hits(rid, text_words[k])
            context_hits = keywords.hits(rid, context_words[k]) if passage.context else []
            keyword_hit[k] = bool(hits or context_hits)
            how = ""
            if hits and (
                rel >= -thresholds.keyword_margin or (context_hits and rel >= -thresholds.heading_keyword_margin)
            ):
                how = "keyword"
            elif context_hits and rel >= 0:
                how = "heading"
            elif dense and rel >= 0 and runner_up_gap[k] >= thresholds.meaning_margin:
                how = "meaning"
            if undecided[k]:
                # a "not decided yet" sentence is a mention of the topic when it reads as one
                # or uses keywords that belong to this requirement alone
                if how or sum(h.weight for h in hits) >= 1.0:
                    mentions.append(passage)
                continue
            if not how:
                continue
            used = hits if how == "keyword" else context_hits
            found[k] = PassageEvidence(passage, how, tuple(h.keyword for h in used))

        items_at: dict[int, int] = {}
        if found:
            # items may also be shown by passages close to the requirement that use one of its keywords
            pool = [
                k
                for k in range(len(passages))
                if not undecided[k]
                and (k in found or (dense and relative[k, col] >= -thresholds.item_pool_margin and keyword_hit[k]))
            ]
            if dense:
                scores = np.stack([item.z(passage_vectors[pool]) for item in profile.items], axis=1)
                # a passage shows the items it is nearly closest to, not every item it is near
                shown = (scores >= thresholds.item_z) & (
                    scores >= scores.max(axis=1, keepdims=True) - thresholds.item_band
                )
                for j in range(len(profile.items)):
                    rows = np.nonzero(shown[:, j])[0]
                    if len(rows):
                        items_at[j] = pool[int(rows[np.argmax(scores[rows, j])])]
            if thresholds.item_word_share <= 1.0:
                for j, item in enumerate(profile.items):
                    if j in items_at:
                        continue
                    keys = item_keys(item.text)
                    for k in pool:
                        share = sum(1 for key in keys if key_in(key, text_words[k])) / max(1, len(keys))
                        if keys and share >= thresholds.item_word_share:
                            items_at[j] = k
                            break
        by_passage: dict[int, list[int]] = {}
        for j, k in items_at.items():
            by_passage.setdefault(k, []).append(j)
        evidence: dict[int, PassageEvidence] = {}
        for k, ev in found.items():
            evidence[k] = PassageEvidence(ev.passage, ev.how, ev.keywords, tuple(sorted(by_passage.get(k, ()))))
        for k, js in by_passage.items():
            if k not in evidence:
                evidence[k] = PassageEvidence(passages[k], "item", (), tuple(sorted(js)))

        n_items = len(profile.items)
        found_items = tuple(sorted(items_at))
        if not found:
            status = MISSING
            found_items = ()
            evidence = {}
        elif len(found_items) >= thresholds.covered_share * n_items:
            status = COVERED
        else:
            status = PARTIAL
        out.append(
            RequirementMatch(
                requirement_id=rid,
                status=status,
                evidence=tuple(evidence[k] for k in sorted(evidence)),
                items_found=found_items,
                items_missing=tuple(j for j in range(n_items) if j not in found_items),
                undecided=tuple(mentions),
            )
        )
    return out
