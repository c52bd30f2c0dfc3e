"""The language a question is asked in, so the answer's framing matches it.

`veiviser.text.langdetect.detect_language` (lingua plus Nordic function-word counts) decides
when it is installed; a question too short for it to judge falls back to a small
heuristic on letters and function words, then to the caller's default (the previous
question's language in a conversation, or the UI language).
"""

from __future__ import annotations

import logging
import re

from veiviser.core.types import LANGS

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+")
# Function words that mostly belong to one of the languages we answer in.
_MARKERS: dict[str, frozenset[str]] = {
    "nb": frozenset("hva hvilke hvilken hvordan hvorfor ikke av blir også mellom kommunene noe jeg vi kan".split()),
    "nn": frozenset("kva kven korleis kvifor ikkje eg ein eit frå berre kommunane".split()),
    "sv": frozenset("och är inte hur vad vilken vilka vilket för också från hos mycket varför kommunerna jag".split()),
    "da": frozenset("hvad hvilke hvordan ikke af bliver også mellem kommunerne noget jeg borgere borgerne".split()),
    "en": frozenset("the what which how why is are of and does do about who when where can".split()),
}


_DANISH_SPELLING = re.compile(r"[^\Wi]ej|^ud[a-zæøå]{3}|bejd|træn")
_NORWEGIAN_SPELLING = re.compile(r"[a-zæøå]ei|^ut[a-zæøå]{3}|beid")


def heuristic_language(text: str) -> str | None:
    """A guess from function words and letters, or None when nothing points anywhere."""
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _MARKERS.items()}
    lowered = text.lower()
    if "ä" in lowered or "ö" in lowered:
        scores["sv"] += 2
    if "æ" in lowered or "ø" in lowered:
        scores["nb"] += 1
        scores["da"] += 1
    # Danish writes "ej" and "ud"/"bejd" where Norwegian writes "ei" and "ut"/"beid"
    # (udarbejder/utarbeider, vej/vei, rejse/reise)
    scores["da"] += sum(1 for w in words if _DANISH_SPELLING.search(w))
    scores["nb"] += sum(1 for w in words if _NORWEGIAN_SPELLING.search(w))
    best = max(scores, key=lambda lang: (scores[lang], lang == "nb"))
    return best if scores[best] > 0 else None


ENGLISH_MARGIN = 2  # English function words must outnumber any other language's this many times over


def _plainly_english(text: str) -> bool:
    """At least two English function words and few of any other language's: a Nordic name or
    term inside an English question must not make the character model call it Danish."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(1 for w in words if w in _MARKERS["en"])
    other = max(sum(1 for w in words if w in vocab) for lang, vocab in _MARKERS.items() if lang != "en")
    return english >= 2 and english >= ENGLISH_MARGIN * other + 1


def question_language(text: str, *, override: str | None = None, default: str = "nb") -> str:
    """nb, nn, sv, da or en: `override` when given, else detected, else `default`."""
    if override:
        if override not in LANGS:
            raise ValueError(f"Unknown language {override!r}; choose one of: {', '.join(LANGS)}")
        return override
    if _plainly_english(text):  # "What is the total budget of the Fremfærd project?": names are not the language
        return "en"
    guess = heuristic_language(text) or (default if default in LANGS else "nb")
    try:
        from veiviser.text.langdetect import detect_language
    except ImportError:
        log.debug("veiviser.text.langdetect not available; using the heuristic language guess")
        return guess
    return detect_language(text, default=guess)
