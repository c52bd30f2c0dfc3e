"""Person names in free text and in case references.

A name is found from a known first name (veiviser.pii.gazetteer) plus
capitalisation and context, never from capitalisation alone:
- a known first name followed by capitalised words or an initial is a full name
  ("Kari Nordmann", "Anne-Lise B. Hansen", "OLA NORDMANN"); a first name that is
  also an everyday word ("Per", "Dag", "Liv") needs a clear surname
  ("Per Hansen": a surname ending, or a word too rare to be an everyday one);
- a first name alone counts only right after a role or relation word
  ("pasienten Kari", "mor Siv"), never alone ("Ola" in a list of examples);
- any capitalised word counts after a title or a naming word ("fru Hansen",
  "heter Xandro", "Navn: ...");
- "Nordmann, Ola" (surname first) counts when the surname has a surname ending.
A capitalised word right after the first name that names an organisation or a
place ("Sam Nord", "Maria kirke", "Helse ..."; the cue file's not_surnames)
makes the whole thing an organisation, so "Helse Bergen", "Asker kommune",
"NAV" and "SINTEF" are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from veiviser.pii.contacts import Candidate
from veiviser.pii.cues import Cues, load_cues
from veiviser.pii.gazetteer import Gazetteer, gazetteer

_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP_WORD = rf"[{_UPPER}][^\W\d_]*(?:-[{_UPPER}][^\W\d_]*)?"
# The first letter is matched before the look-behind so the regex engine can skip ahead to capitals.
_CAP_RE = re.compile(rf"([{_UPPER}](?<![\w\-.@][{_UPPER}])[^\W\d_]*(?:-[{_UPPER}][^\W\d_]*)?)(?![\w@]|-\w)")
_NEXT_RE = re.compile(rf"[ \t\u00a0\u202f]+(?:(?P<initial>[{_UPPER}]\.)|(?P<word>{_CAP_WORD})(?![\w@]|-\w))")
_SURNAME_FIRST_RE = re.compile(rf",[ \t\u00a0]+({_CAP_WORD})(?![\w@]|-\w)")
_PREVIOUS_RE = re.compile(r"([^\W\d_][\w.]*)([ \t\u00a0\u202f:,]*)$")
_MAX_CHAIN = 4
RARE_ZIPF = 3.0  # a surname candidate rarer than this as a word in nb/sv/da/en is clearly a surname
_REFERENCE_PARTS_RE = re.compile(r"[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ]+(?![a-zß-öø-ÿ])")


@lru_cache(maxsize=4096)
def _word_zipf(word: str) -> float:
    import wordfreq

    return max(wordfreq.zipf_frequency(word, lang) for lang in ("nb", "sv", "da", "en"))


def _has_surname_ending(word: str, cues: Cues) -> bool:
    low = word.lower()
    if not low.endswith(cues.surname_suffixes):  # one C call rules out almost every word
        return False
    return any(low.endswith(s) and len(low) >= len(s) + 2 for s in cues.surname_suffixes)


def clear_surname(word: str, cues: Cues | None = None) -> bool:
    """A capitalised word that is surely a surname: a surname ending, or too rare to be an everyday word."""
    cues = cues or load_cues()
    if len(word) < 2 or word.endswith("."):
        return False
    return _has_surname_ending(word, cues) or _word_zipf(word.lower()) < RARE_ZIPF


def _previous_word(text: str, start: int, cues: Cues) -> str:
    """The word before `start` (lowercase, no final dot); "" when a full stop ends it unless it is a title."""
    m = _PREVIOUS_RE.search(text, max(0, start - 30), start)
    if not m or "\n\n" in m.group(2):
        return ""
    raw = m.group(1).lower()
    bare = raw.rstrip(".")
    if raw.endswith(".") and raw not in cues.titles and bare not in cues.titles:
        return ""
    return bare


def _is_title(word: str, cues: Cues) -> bool:
    return word in cues.titles or f"{word}." in cues.titles


def _chain(text: str, end: int, all_caps: bool, names: Gazetteer) -> list[tuple[int, int, str]]:
    """Middle names and initials, then one surname, following a first name (spaces only between).

    The chain ends at the first word that is not a first name or an initial, so a title or an
    organisation written after a name in a table ("Åsa Radl Samordnare ...") is not taken along.
    """
    out: list[tuple[int, int, str]] = []
    pos = end
    while len(out) < _MAX_CHAIN - 1:
        m = _NEXT_RE.match(text, pos)
        if not m:
            break
        token = m.group("initial") or m.group("word")
        if all_caps != (token.isupper() and len(token) > 1) and not m.group("initial"):
            break
        out.append((m.start(m.lastgroup or "word"), m.end(), token))
        pos = m.end()
        if not m.group("initial") and not names.is_name(token):
            break  # the surname
    return out


def _name_span(
    text: str, start: int, end: int, word: str, names: Gazetteer, cues: Cues, after_cue: bool
) -> tuple[int, int] | None:
    all_caps = word.isupper() and len(word) > 1
    is_first = names.is_name(word) and not (all_caps and len(word) < 3)
    surname_like = not all_caps and _has_surname_ending(word, cues)
    if not (is_first or surname_like or after_cue):
        return None  # the common case: an ordinary capitalised word
    following = _chain(text, end, all_caps, names)
    for k, (_, _, token) in enumerate(following):
        if token.lower() in cues.not_surnames:
            if k == 0:
                return None  # "Sam Nord", "Maria Kirke": an organisation or a place
            following = following[:k]
            break
    chain_end = following[-1][1] if following else end
    if after_cue and not all_caps:
        return start, chain_end  # "fru Hansen", "heter Xandro"
    previous = _previous_word(text, start, cues)
    person_context = previous in cues.person_words
    if is_first:
        if following:
            surname = following[-1][2]
            if not names.is_ambiguous(word) or person_context or clear_surname(surname, cues):
                return start, chain_end
            return None
        return (start, end) if person_context and not all_caps else None
    if surname_like and person_context:
        return start, chain_end  # "brukeren Hansen"
    if surname_like and not following:
        m = _SURNAME_FIRST_RE.match(text, end)
        if m and names.is_name(m.group(1)) and not names.is_ambiguous(m.group(1)):
            return start, m.end(1)  # "Nordmann, Ola"
    return None


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    """Titles and naming words followed by a capitalised word: "fru Hansen", "heter Kari", "Navn: ..."."""
    cues = load_cues()
    words = sorted({w.rstrip(".") for w in cues.titles | cues.naming_words}, key=lambda w: (-len(w), w))
    alternation = "|".join(re.escape(w) for w in words)
    firsts = re.escape("".join(sorted({w[0].lower() for w in words} | {w[0].upper() for w in words})))
    return re.compile(rf"(?=[{firsts}])(?<![\w.])(?i:{alternation})\.?[ \t\u00a0\u202f:]+(?=[{_UPPER}])")


def find_names(text: str) -> Iterator[Candidate]:
    """Spans of person names in `text`, in order and non-overlapping."""
    names = gazetteer()
    cues = load_cues()
    after_cue = {m.end() for m in _cue_re().finditer(text)}
    last_end = 0
    for m in _CAP_RE.finditer(text):
        start, end = m.span(1)
        if start < last_end:
            continue
        span = _name_span(text, start, end, m.group(1), names, cues, start in after_cue)
        if span:
            last_end = span[1]
            yield span[0], span[1], "name"


def reference_has_name(reference: str) -> bool:
    """A case reference such as "OlaNordmann", "kari-2024" or "KE_Hansen_Kari" that holds a person's name.

    References are short codes, so any known first name of three letters or more counts,
    in any case, except the everyday-word ones ("per", "dag", "mai"), which count only
    when another word follows ("Per-Hansen"). Three capitals ("KE-AUD", "KE-PII") read as an
    abbreviation, not a name.
    """
    names = gazetteer()
    parts = [p for p in _REFERENCE_PARTS_RE.findall(reference) if len(p) >= 2]
    for k, part in enumerate(parts):
        title = part[:1].upper() + part[1:].lower()
        if len(title) < 3 or (part.isupper() and len(part) <= 3) or not names.is_name(title):
            continue
        if not names.is_ambiguous(title) or (k + 1 < len(parts) and len(parts[k + 1]) >= 3):
            return True
    return False
