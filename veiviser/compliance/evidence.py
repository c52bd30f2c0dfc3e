"""The evidence behind a decided status: which passages to quote, from which section, and what is lacking.

The learned decision may disagree with the matcher's rules. Its status stands, and the
evidence follows it:

- `missing`: no quotes (mentions that say "not decided yet" are kept, so the report can
  say so);
- `covered` or `partial` where the rules found evidence: the rules' passages;
- `covered` or `partial` where the rules found none: the passages nearest to the
  requirement that use its words (a keyword and the requirement among the passage's
  closest), else the passages for which it is the closest requirement.

A partial finding always names what is lacking: the evidence items no passage shows,
or, when every item was touched, the item shown most weakly.

`main_section` picks the section a reader should look at: the one whose passages carry
the most of the evidence (items shown, then keyword and heading matches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from veiviser.compliance.keywords import KeywordIndex, passage_words
from veiviser.compliance.matching import (
    COVERED,
    MISSING,
    PARTIAL,
    PassageEvidence,
    RequirementMatch,
    similarity_matrix,
)
from veiviser.compliance.passages import RoutineText
from veiviser.compliance.profile import RequirementProfile

FALLBACK_MARGIN = 0.03  # a passage using the requirement's words may be this far from its closest requirement
MAX_FALLBACK = 4
_HOW_WEIGHT = {"keyword": 1.0, "heading": 0.8, "meaning": 0.6, "item": 0.5}


def main_section(evidence: Sequence[PassageEvidence]) -> str:
    """The section holding the strongest evidence ("" when there is none)."""
    weight: dict[str, float] = {}
    first: dict[str, int] = {}
    for e in evidence:
        section = e.passage.section
        weight[section] = weight.get(section, 0.0) + _HOW_WEIGHT.get(e.how, 0.5) + len(e.items)
        first.setdefault(section, e.passage.index)
    if not weight:
        return ""
    return max(weight, key=lambda s: (weight[s], -first[s]))


def _fallback(
    routine: RoutineText,
    profile: RequirementProfile,
    keywords: KeywordIndex,
    relative: np.ndarray,
    undecided: Sequence[bool],
) -> tuple[PassageEvidence, ...]:
    passages = routine.passages
    scored: list[tuple[float, int, PassageEvidence]] = []
    for k, p in enumerate(passages):
        if undecided[k]:
            continue
        hits = keywords.hits(profile.id, passage_words(p.match_text, p.lang))
        rel = float(relative[k]) if len(relative) else 0.0
        if hits and rel >= -FALLBACK_MARGIN:
            scored.append(
                (
                    sum(h.weight for h in hits) + rel * 10,
                    k,
                    PassageEvidence(p, "keyword", tuple(h.keyword for h in hits)),
                )
            )
        elif rel >= 0 and len(relative):
            scored.append((rel * 10, k, PassageEvidence(p, "meaning")))
    best = sorted(scored, key=lambda t: (-t[0], t[1]))[:MAX_FALLBACK]
    return tuple(e for _, _, e in sorted(best, key=lambda t: t[1]))


def _weakest_item(profile: RequirementProfile, vectors: np.ndarray, evidence: Sequence[PassageEvidence]) -> int:
    if not evidence or vectors.ndim != 2 or vectors.shape[1] == 0 or not profile.items:
        return len(profile.items) - 1
    rows = vectors[[e.passage.index for e in evidence]]
    best = [float(item.z(rows).max()) for item in profile.items]
    return int(np.argmin(best))


def decided_matches(
    routine: RoutineText,
    profiles: Sequence[RequirementProfile],
    keywords: KeywordIndex,
    vectors: np.ndarray,
    rule_matches: Sequence[RequirementMatch],
    statuses: Sequence[str],
    undecided: Sequence[bool],
) -> list[RequirementMatch]:
    """The rules' matches with the decided statuses, their evidence and what is lacking (module docstring)."""
    sims = similarity_matrix(vectors, profiles)
    relative = sims - sims.max(axis=1, keepdims=True) if len(sims) and sims.shape[1] else sims
    out: list[RequirementMatch] = []
    for col, (profile, match, status) in enumerate(zip(profiles, rule_matches, statuses)):
        n_items = len(profile.items)
        if status == MISSING:
            out.append(replace(match, status=MISSING, evidence=(), items_found=(), items_missing=tuple(range(n_items))))
            continue
        evidence = match.evidence
        found = match.items_found
        if not evidence:
            column = relative[:, col] if relative.ndim == 2 and relative.shape[1] else np.zeros(0)
            evidence = _fallback(routine, profile, keywords, column, undecided)
            found = ()
        if status == COVERED:
            missing = tuple(j for j in range(n_items) if j not in found) if found else ()
        else:
            missing = tuple(j for j in range(n_items) if j not in found)
            if not missing and n_items:
                missing = (_weakest_item(profile, vectors, evidence),)
                found = tuple(j for j in found if j not in missing)
        out.append(
            replace(
                match,
                status=status if status in (COVERED, PARTIAL) else PARTIAL,
                evidence=evidence,
                items_found=found,
                items_missing=missing,
            )
        )
    return out
