"""Where a text gives a name: capitalised words inside sentences, person names, lists of names.

Nordic prose capitalises little besides names, so a capitalised word that does not open a
sentence or line (and that the question does not use) is good evidence that a name is given.
The answer types use it for "hvilket konsulentbyrå ...?", "hva heter ...?".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from veiviser.pii.names import find_names

_WORD = re.compile(r"[^\W\d_][\w-]*")
_SENTENCE_BREAK = re.compile(r"[.!?:;]\s+|\n")
LIST_NAME_WORDS = 3  # a list line of at most this many words that starts with a capital reads as a name


def name_positions(text: str, question: str, *, person: bool) -> tuple[list[str], list[int], list[int]]:
    """The lower-cased words of `text`, the indexes of those that give a name (a person's name
    with `person`, else a capitalised word inside a sentence that the question does not use),
    and each word's sentence number."""
    spans = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    words = [w.lower() for _, w in spans]
    starts = [start for start, _ in spans]
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    sentence = [bisect_left(breaks, start + 1) for start in starts]
    if person:
        found = [bisect_left(starts, start) for start, _, _ in find_names(text)]
        return words, [i for i in found if i < len(words)], sentence
    asked = {part.lower() for w in _WORD.findall(question) for part in (w, *w.split("-"))}
    opening = {0} | {bisect_left(starts, end) for end in breaks}
    names = [
        i
        for i, (_, w) in enumerate(spans)
        if w[0].isupper() and len(w) > 1 and i not in opening and w.lower() not in asked
    ]
    return words, names, sentence


def lists_names(text: str) -> bool:
    """Two or more lines that are short capitalised items ("- Stokke 3", "Sandefjord: 5")."""
    items = 0
    for line in text.splitlines():
        words = _WORD.findall(line)
        if 0 < len(words) <= LIST_NAME_WORDS and words[0][0].isupper():
            items += 1
    return items >= 2


def has_proper_name(text: str, question: str = "") -> bool:
    """A capitalised word that does not start a sentence or line and that the question does not use.

    Nordic prose capitalises little besides names ("Mette", "Rambøll", "Vestfold DPS"), so
    such a word is good evidence that a name is given; acronyms count (NAV, KL).
    """
    asked = {part.lower() for w in _WORD.findall(question) for part in (w, *w.split("-"))}
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?:;])\s+", line):
            words = _WORD.findall(sentence)
            for word in words[1:]:
                if word[0].isupper() and word.lower() not in asked and len(word) > 1:
                    return True
    return False
