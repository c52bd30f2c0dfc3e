"""Signals of whether a passage supports a claim, read for meaning rather than word overlap.

Word overlap alone passes a claim that says the opposite with the same words ("Koordinatoren
har ingen plikter"), that swaps who acts ("the coordinating unit appoints ..." for "the
coordinator ..."), that turns "skal" into "kan", or that changes a small number. Each signal
here looks for one of those: polarity, numbers (digits and number words), the actors named
and which one acts, the modality, pairs of opposites, an "only" the source never says, and
names the source never uses; plus
the resemblance measures of `support` and, with an embedder, the cosine. A small learned
model (answer.claim_check) weighs them. Concepts, not words, are compared (prompts/
claim_lexicon.yaml), so a Norwegian claim can be checked against a Swedish passage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from veiviser.answer.evidence import language_family
from veiviser.answer.support import Support, negated, numbers_in, strip_markers
from veiviser.text.tokens import fold, tokenize

LEXICON_FILE = "claim_lexicon.yaml"
CLAIM_FEATURES = (
    "score",
    "fuzzy",
    "overlap",
    "cosine",
    "has_cosine",
    "polarity_mismatch",
    "bad_numbers",
    "bad_small_numbers",
    "roles_extra",
    "first_role_differs",
    "actor_absent",
    "modality_mismatch",
    "opposite",
    "novel_names",
    "restriction_added",
    "cross_language",
    "log_chars",
)
_ENUMERATOR = re.compile(r"^[ \t]*(?:#+[ \t]*)?\d+(?:\.\d+)*[.)][ \t]", re.MULTILINE)
_NAME = re.compile(r"(?<=\s)[A-ZÆØÅÄÖ][\w-]+")


class _LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    roles: dict[str, list[str]]
    modality: dict[str, list[str]]
    opposites: list[list[list[str]]]
    restrictors: list[str]
    numbers: dict[str, dict[str, int]]

    @field_validator("opposites")
    @classmethod
    def _pairs(cls, value: list[list[list[str]]]) -> list[list[list[str]]]:
        if any(len(pair) != 2 or not all(pair) for pair in value):
            raise ValueError("each entry of opposites is a pair of non-empty word lists")
        return value


def _pattern(forms: list[str]) -> re.Pattern[str]:
    """Word-start matches of any form; "form$" must match a whole word."""
    parts = []
    for form in forms:
        whole = form.endswith("$")
        body = r"\s+".join(re.escape(fold(w)) for w in form.rstrip("$").lower().split())
        parts.append(body + (r"(?![^\W\d_])" if whole else ""))
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(parts) + ")")


@dataclass(frozen=True)
class ClaimLexicon:
    roles: dict[str, re.Pattern[str]]
    modality: dict[str, re.Pattern[str]]
    opposites: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    restrictor: re.Pattern[str]
    numbers: dict[str, dict[str, int]]  # lang -> word -> value, beyond answer_types' counts

    def roles_in(self, text: str) -> list[tuple[int, str]]:
        """(position, role) of every actor named in `text`, in reading order."""
        folded = fold(text.lower())
        found = [(m.start(), role) for role, pattern in self.roles.items() for m in pattern.finditer(folded)]
        return sorted(found)

    def modalities(self, text: str) -> set[str]:
        folded = fold(text.lower())
        return {name for name, pattern in self.modality.items() if pattern.search(folded)}

    def opposite(self, claim: str, passage: str) -> bool:
        """The claim uses one side of a pair of opposites where the passage uses only the other."""
        c, p = fold(claim.lower()), fold(passage.lower())
        for a, b in self.opposites:
            for mine, other in ((a, b), (b, a)):
                if mine.search(c) and not other.search(c) and other.search(p) and not mine.search(p):
                    return True
        return False

    def restriction_added(self, claim: str, passage: str) -> bool:
        """The claim says "only" (kun, bare, endast ...) and its passage never restricts anything."""
        return bool(self.restrictor.search(fold(claim.lower()))) and not self.restrictor.search(fold(passage.lower()))


def load_claim_lexicon(prompts_dir: Path) -> ClaimLexicon:
    return _load(str(Path(prompts_dir) / LEXICON_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> ClaimLexicon:
    raw = _LexiconFile.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    return ClaimLexicon(
        {role: _pattern(forms) for role, forms in raw.roles.items()},
        {name: _pattern(forms) for name, forms in raw.modality.items()},
        tuple((_pattern(a), _pattern(b)) for a, b in raw.opposites),
        _pattern(raw.restrictors),
        {lang: dict(words) for lang, words in raw.numbers.items()},
    )


def _numbers(text: str, number_words: dict[str, int]) -> set[str]:
    """Digits (normalised by `numbers_in`) and number words as digits ("fem" -> "5").

    A list item's or a heading's number ("6. Uppföljning") counts nothing: it must not
    vouch for "sex månader" in a claim.
    """
    text = _ENUMERATOR.sub(" ", text)
    words = {str(number_words[w]) for w in tokenize(text) if w in number_words}
    return numbers_in(text) | words


def claim_features(
    claim: str,
    passage: str,
    found: Support,
    *,
    claim_lang: str,
    passage_lang: str,
    lexicon: ClaimLexicon,
    number_words: dict[str, dict[str, int]],
) -> dict[str, float]:
    """The signals of one (claim, passage) pair; `found` is `support(...)` of the same pair."""
    claim = strip_markers(claim)
    closest = found.closest or passage[found.start : found.end]

    # number words are read in each text's own language ("to" is 2 in Norwegian, not in English)
    def words_of(lang: str) -> dict[str, int]:
        return number_words.get(lang, {}) | lexicon.numbers.get(lang, {})

    claim_numbers = _numbers(claim, words_of(claim_lang))
    missing = claim_numbers - _numbers(passage, words_of(passage_lang))
    if missing:  # "two weeks" for "14 dager" states the same time
        durations = _durations(passage, words_of(passage_lang))
        missing -= {n for n, unit in _durations(claim, words_of(claim_lang)) if _same_time(n, unit, durations)}
    small = {n for n in missing if _is_small(n)}
    claim_roles = lexicon.roles_in(claim)
    passage_roles = {role for _, role in lexicon.roles_in(passage)}
    closest_roles = lexicon.roles_in(closest)
    first_differs = bool(
        claim_roles
        and closest_roles
        and {r for _, r in claim_roles} <= {r for _, r in closest_roles}
        and len({r for _, r in closest_roles}) > 1
        and claim_roles[0][1] != closest_roles[0][1]
    )
    # the claim's first actor (who acts) is not in the sentence it rests on, which names others
    actor_absent = bool(claim_roles and closest_roles and claim_roles[0][1] not in {r for _, r in closest_roles})
    claim_modal, closest_modal = lexicon.modalities(claim), lexicon.modalities(closest)
    passage_folded = fold(passage.lower())
    novel = [n for n in _NAME.findall(" " + claim) if fold(n.lower()) not in passage_folded]
    return {
        "score": found.score,
        "fuzzy": found.fuzzy,
        "overlap": found.overlap,
        "cosine": found.cosine if found.cosine is not None else 0.0,
        "has_cosine": 0.0 if found.cosine is None else 1.0,
        "polarity_mismatch": 1.0 if negated(claim) != negated(closest) else 0.0,
        "bad_numbers": float(min(len(missing - small), 3)),
        "bad_small_numbers": float(min(len(small), 3)),
        "roles_extra": float(min(len({r for _, r in claim_roles} - passage_roles), 3)),
        "first_role_differs": 1.0 if first_differs else 0.0,
        "actor_absent": 1.0 if actor_absent else 0.0,
        "modality_mismatch": 1.0 if claim_modal and closest_modal and not claim_modal & closest_modal else 0.0,
        "opposite": 1.0 if lexicon.opposite(claim, closest) else 0.0,
        "novel_names": float(min(len(novel), 3)),
        "restriction_added": 1.0 if lexicon.restriction_added(claim, passage) else 0.0,
        "cross_language": 1.0 if language_family(claim_lang) != language_family(passage_lang) else 0.0,
        "log_chars": math.log1p(len(claim)),
    }


def _durations(text: str, number_words: dict[str, int]) -> set[tuple[str, str]]:
    """(number, "day" or "week") for every number a day or week word follows ("14 dager", "två veckor")."""
    words = tokenize(_ENUMERATOR.sub(" ", text))
    out = set()
    for word, unit in zip(words, words[1:]):
        value = word if word.isdigit() else str(number_words[word]) if word in number_words else None
        kind = next((k for k, stems in _TIME_UNITS.items() if unit.startswith(stems)), None)
        if value is not None and kind is not None:
            out.add((value, kind))
    return out


def _same_time(number: str, unit: str, durations: set[tuple[str, str]]) -> bool:
    try:
        value = float(number)
    except ValueError:
        return False
    days = value * 7 if unit == "week" else value
    return any(float(n) * (7 if u == "week" else 1) == days for n, u in durations)


_TIME_UNITS = {"day": ("dag", "døgn", "dygn", "døgn", "day"), "week": ("uke", "veke", "veck", "uge", "week")}


def _is_small(number: str) -> bool:
    try:
        return float(number) <= 10
    except ValueError:
        return False
