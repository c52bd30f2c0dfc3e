"""The framing words of composed answers, per language, loaded from `prompts/answer_phrases.yaml`.

Kept as data so wording can be reviewed and translated without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from veiviser.core.errors import VeiviserError

PHRASES_FILE = "answer_phrases.yaml"
FALLBACK_LANG = "nb"
_FIELDS = (
    "intro",
    "intro_other_language",
    "not_covered",
    "closest_passages",
    "where_to_ask",
    "llm_unreachable",
    "llm_timeout",
    "llm_no_supported_text",
    "llm_interrupted",
    "removed_unsupported",
    "busy_words_only",
)


class PhrasesError(VeiviserError, ValueError):
    """The phrases file is missing or incomplete; the message names the file and the gap."""

    exit_code = 2


@dataclass(frozen=True)
class Phrases:
    lang: str
    intro: str
    intro_other_language: str
    not_covered: str
    closest_passages: str
    where_to_ask: str
    llm_unreachable: str
    llm_timeout: str
    llm_no_supported_text: str
    llm_interrupted: str
    removed_unsupported: str
    busy_words_only: str
    followup_cues: tuple[str, ...] = ()
    not_answered_part: str = ""  # "{part}": a part of a multi-part question the sources do not cover
    question_words: tuple[str, ...] = ()  # words that open a (sub)question, to split multi-part questions
    unsupported_reason: str = "{reason}: {text}"  # one removed sentence with why
    unsupported_reasons: tuple[tuple[str, str], ...] = ()  # reason code -> words (claim_check reasons)

    def reason(self, code: str) -> str:
        return dict(self.unsupported_reasons).get(code, code)

    def abstention_text(self) -> str:
        return f"{self.not_covered} {self.closest_passages} {self.where_to_ask}"


@dataclass(frozen=True)
class PhraseBook:
    by_lang: dict[str, Phrases]

    def get(self, lang: str) -> Phrases:
        """Phrases for `lang`; bokmål when the language has none (nn falls back to nb too)."""
        return self.by_lang.get(lang) or self.by_lang[FALLBACK_LANG]

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(self.by_lang)


def load_phrases(prompts_dir: Path) -> PhraseBook:
    return _load(str(Path(prompts_dir) / PHRASES_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> PhraseBook:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PhrasesError(f"{path} is missing; it holds the answer phrases (restore it from the repository).") from exc
    if not isinstance(raw, dict) or FALLBACK_LANG not in raw:
        raise PhrasesError(f"{path} must map language codes to phrases and include {FALLBACK_LANG!r}.")
    book: dict[str, Phrases] = {}
    for lang, entry in raw.items():
        missing = [f for f in _FIELDS if not isinstance((entry or {}).get(f), str)]
        if missing:
            raise PhrasesError(f"{path}: language {lang!r} lacks {', '.join(missing)}.")
        cues = tuple(str(c).lower() for c in entry.get("followup_cues") or ())
        words = tuple(str(w).lower() for w in entry.get("question_words") or ())
        book[str(lang)] = Phrases(
            lang=str(lang),
            followup_cues=cues,
            not_answered_part=str(entry.get("not_answered_part") or ""),
            question_words=words,
            unsupported_reason=str(entry.get("unsupported_reason") or "{reason}: {text}"),
            unsupported_reasons=tuple((str(k), str(v)) for k, v in (entry.get("unsupported_reasons") or {}).items()),
            **{f: entry[f] for f in _FIELDS},
        )
    return PhraseBook(book)
