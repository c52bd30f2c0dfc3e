"""General signals per requirement for the learned audit decision (`decision.AuditDecision`).

For one routine and one requirement: how the hand-set matcher decided (its status, how
many passages it took as evidence and why, the share of evidence items it found), how
close the routine comes to the requirement in meaning (is it the closest requirement of
some passage, by what margin, how the best similarity stands against the routine's other
requirements), how much of the requirement's vocabulary and its evidence items' words
the routine uses, whether a section heading names it, how much of what the routine says
about it is "not decided yet", and the routine's size. None of them names a requirement,
a routine or a language, so one model serves every requirement set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from veiviser.compliance.keywords import KeywordIndex, key_in, passage_words
from veiviser.compliance.matching import COVERED, PARTIAL, RequirementMatch, item_keys, similarity_matrix
from veiviser.compliance.passages import RoutineText
from veiviser.compliance.profile import RequirementProfile

Z_CLIP = 6.0
ITEM_WORD_MARGIN = 0.04  # passages this close to their closest requirement are searched for an item's words
FEATURES = (
    "rules_covered",
    "rules_partial",
    "rules_item_share",
    "log_evidence",
    "log_keyword_evidence",
    "log_heading_evidence",
    "log_meaning_evidence",
    "item_z_mean",
    "item_share_z1",
    "item_share_z2",
    "item_word_mean",
    "item_word_share_half",
    "log_closest",
    "closest_share",
    "best_relative",
    "best_sim_z",
    "keyword_best",
    "keyword_total",
    "log_keyword_passages",
    "heading_keyword",
    "log_undecided",
    "undecided_share",
    "best_section_share",
    "log_sections_with_evidence",
    "log_passages",
)


def _log(n: float) -> float:
    return math.log1p(max(0.0, n))


def requirement_features(
    routine: RoutineText,
    profiles: Sequence[RequirementProfile],
    keywords: KeywordIndex,
    vectors: np.ndarray,
    matches: Sequence[RequirementMatch],
    undecided: Sequence[bool],
) -> list[dict[str, float]]:
    """One feature dict per profile (in the profiles' order); every value is finite."""
    passages = routine.passages
    n = len(passages)
    dense = vectors.ndim == 2 and vectors.shape[1] > 0 and n > 0
    sims = similarity_matrix(vectors, profiles)
    if n and sims.shape[1]:
        relative = sims - sims.max(axis=1, keepdims=True)
        best_per_req = sims.max(axis=0)
        spread = float(best_per_req.std()) or 1.0
        centre = float(best_per_req.mean())
    else:
        relative = sims
        best_per_req = np.zeros(len(profiles))
        spread, centre = 1.0, 0.0
    words = [passage_words(p.text, p.lang) for p in passages]
    heading_words = {s: passage_words(s, routine.lang) for s in {h for p in passages for h in p.section_path if h}}
    decided = np.array([not u for u in undecided], dtype=bool) if n else np.zeros(0, dtype=bool)
    out: list[dict[str, float]] = []
    for col, (profile, match) in enumerate(zip(profiles, matches)):
        rid = profile.id
        n_items = max(1, len(profile.items))
        hows = [e.how for e in match.evidence]
        # evidence items against every decided passage, not only those the rules kept
        if dense and decided.any():
            z = np.stack([item.z(vectors[decided]) for item in profile.items], axis=1)
            best_z = np.clip(z.max(axis=0), -Z_CLIP, Z_CLIP)
        else:
            best_z = np.zeros(len(profile.items))
        hits = [keywords.hits(rid, words[k]) if decided[k] else [] for k in range(n)]
        kw_weights = [sum(h.weight for h in hs) for hs in hits]
        hit_keywords = {h.keyword: h.weight for hs in hits for h in hs}
        # item words are looked for in the passages near the requirement (or using its words)
        near = [k for k in range(n) if decided[k] and (hits[k] or not dense or relative[k, col] >= -ITEM_WORD_MARGIN)]
        word_shares = []
        for item in profile.items:
            keys = item_keys(item.text)
            shares = [sum(1 for key in keys if key_in(key, words[k])) / len(keys) for k in near] if keys else []
            word_shares.append(max(shares, default=0.0))
        heading_kw = max((keywords.score(rid, w) for w in heading_words.values()), default=0.0)
        closest = int(((relative[:, col] >= 0) & decided).sum()) if n else 0
        best_rel = float(relative[decided, col].max()) if n and decided.any() else -0.1
        by_section: dict[str, int] = {}
        for e in match.evidence:
            by_section[e.passage.section] = by_section.get(e.passage.section, 0) + 1
        n_ev = len(match.evidence)
        out.append(
            {
                "rules_covered": 1.0 if match.status == COVERED else 0.0,
                "rules_partial": 1.0 if match.status == PARTIAL else 0.0,
                "rules_item_share": len(match.items_found) / n_items,
                "log_evidence": _log(n_ev),
                "log_keyword_evidence": _log(hows.count("keyword")),
                "log_heading_evidence": _log(hows.count("heading")),
                "log_meaning_evidence": _log(hows.count("meaning") + hows.count("item")),
                "item_z_mean": float(best_z.mean()) if len(best_z) else 0.0,
                "item_share_z1": float((best_z >= 1.0).mean()) if len(best_z) else 0.0,
                "item_share_z2": float((best_z >= 2.0).mean()) if len(best_z) else 0.0,
                "item_word_mean": float(np.mean(word_shares)) if word_shares else 0.0,
                "item_word_share_half": float(np.mean([s >= 0.5 for s in word_shares])) if word_shares else 0.0,
                "log_closest": _log(closest),
                "closest_share": closest / n if n else 0.0,
                "best_relative": max(-0.1, min(0.1, best_rel)),
                "best_sim_z": max(-4.0, min(4.0, (float(best_per_req[col]) - centre) / spread)) if dense else 0.0,
                "keyword_best": min(3.0, max(kw_weights, default=0.0)),
                "keyword_total": min(6.0, sum(hit_keywords.values())),
                "log_keyword_passages": _log(sum(1 for w in kw_weights if w > 0)),
                "heading_keyword": min(2.0, heading_kw),
                "log_undecided": _log(len(match.undecided)),
                "undecided_share": len(match.undecided) / (len(match.undecided) + n_ev) if match.undecided else 0.0,
                "best_section_share": max(by_section.values()) / n_ev if n_ev else 0.0,
                "log_sections_with_evidence": _log(len(by_section)),
                "log_passages": _log(n),
            }
        )
    return out
