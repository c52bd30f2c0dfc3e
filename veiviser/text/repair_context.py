"""Context rules for the OCR confusions a lexicon cannot decide alone.

Some damaged forms are valid words themselves: "a" (å), "far" (får), "sa"
(så), "vare" (være/våre), a stray "8"/"3"/"&" (å), "A" (Å), and `|` for a
sentence-initial "I". Word frequencies cannot tell them apart and wordfreq has
no bigrams, so these rules look at the neighbouring words instead. Each rule
follows Norwegian grammar (an infinitive marker precedes an infinitive, a
verb follows its subject, a possessive precedes its noun), never a word pair
seen in evaluation data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

# ------------------------------------------------------------------ token type


@dataclass
class WordToken:
    """One whitespace-separated token: punctuation around a core that repair may replace."""

    lead: str
    core: str
    trail: str
    new_core: str | None = None
    gated: bool = False  # the proposal changes a valid word: only in a damaged document
    evidence: bool = False  # the proposal is itself evidence of OCR damage

    @property
    def word(self) -> str:
        """The core as it reads now (after any repair proposed so far)."""
        return self.new_core if self.new_core is not None else self.core

    @property
    def text(self) -> str:
        return self.lead + self.word + self.trail


# ------------------------------------------------------------------ word lists

NB_FUNCTION_WORDS = frozenset(
    """i og er det å på som til en av for ikke med har jeg at de du om den så vi fra var kan et men han
    seg dette noe skal noen ble vil bare også ut da nå hva etter eller meg være blir hadde alle her når
    hun man der dem oss mot ved nei ja hvis dersom enn selv hvor hvem hvilke hvilken sin sitt sine min
    mitt mine din ditt dine vår vårt våre deres hans hennes ens ett disse denne dere inn opp over
    under mellom uten hos blant mange få flere mer mest mye lite hver hvert ingen intet""".split()
)
# Infinitives of one syllable (and their compounds: forstå, oppnå, motta).
_SHORT_INFINITIVES = frozenset(
    "få gå ta se ha bli nå stå gi si bo dø tro slå så dra be le snu ro sy gro spå by".split()
)
# Function words that are also infinitives, so they may follow "å".
_FUNCTION_INFINITIVES = frozenset("ikke være få se ha bli gå ta gi si nå".split())
# Words ending in -e that are not infinitives: determiners and plural adjectives,
# which is what follows a number ("3 nye", "8 store").
_NOT_INFINITIVE = frozenset(
    """de dette denne disse alle mange andre hele noe ene egne samme bare ble meget mye like deres hennes
    nye store gode små ulike flere første siste neste eldre yngre unge gamle viktige sentrale faste
    hvite svarte norske nasjonale lokale kommunale ganske""".split()
)
# Nouns that take a number after them ("side 3", "kapittel 8"): a digit there is a number.
_NUMBER_NOUNS = frozenset(
    """side sidene kapittel punkt nr tabell figur kl paragraf trinn fase runde del versjon uke år dag
    klasse vedlegg avsnitt nivå steg""".split()
)
_MODALS = frozenset("kan skal vil må bør kunne skulle ville måtte burde å".split())
# "får" (gets) rather than "far" (father): a subject or adverb before it, or an object after it.
_VERB_BEFORE = frozenset(
    """jeg du han hun vi dere de man den det dette som ikke også ofte alltid aldri bare kun nå da når hvis
    dersom at ingen alle mange flere noen andre begge""".split()
)
_VERB_AFTER = frozenset(
    "det de den dette disse ikke en et ett til også mer mindre flere ofte alltid aldri bare kun seg meg deg oss dem".split()
)
_DETERMINERS = frozenset("min din sin hans hennes vår deres en hver".split())
# What "sa" (said) takes after it; anything else makes it "så" (so / saw).
_SAID_COMPLEMENTS = frozenset(
    """at det han hun de den dette seg til noe ja nei om hva hvor hvordan hvorfor jeg vi du man dere
    ikke også bare fra""".split()
)
_DASHES = ("—", "–", "-")
_SENTENCE_END = (".", "!", "?", ":", ";")
_BULLET_MARKS = frozenset({"e", "o", "*", "•", "-", "–", "—", "·", "»", "›", "¢"})
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]$")
_LETTER = re.compile(r"[^\W\d_]")
# A table row prints `|` between cells; then a `|` is not a damaged "I".
_TABLE_PIPES = 3


def at_sentence_start(words: list[WordToken], idx: int) -> bool:
    """Whether words[idx] begins a sentence (line start, after bullets, numbering or a full stop)."""
    j = idx - 1
    while j >= 0:
        prev = words[j]
        text = prev.text
        if j == 0 and not prev.lead and not prev.trail and prev.core.lower() in _BULLET_MARKS:
            j -= 1
            continue
        if _NUMBERED.match(text) or text in _DASHES or text in ("•", "*"):
            j -= 1
            continue
        return text.endswith(_SENTENCE_END)
    return True


def repair_pipes(words: list[WordToken]) -> None:
    """`|` standing alone where a sentence starts is a capital I ("| tillegg" -> "I tillegg")."""
    if sum(1 for w in words if w.core == "|") >= _TABLE_PIPES:
        return
    for idx, token in enumerate(words):
        if token.core != "|" or token.lead or token.trail.strip(".,;:"):
            continue
        nxt = words[idx + 1] if idx + 1 < len(words) else None
        prev = words[idx - 1] if idx > 0 else None
        if nxt is not None:
            if _LETTER.match(nxt.word[:1] or "") and at_sentence_start(words, idx):
                token.new_core = "I"
        elif prev is not None and prev.text.endswith((".", "!", "?")):
            # a sentence that starts at the end of a line and goes on below
            token.new_core = "I"


class Vocabulary(Protocol):
    """What the rules need to know about words (given by `veiviser.text.word_repair.WordRepairer`)."""

    def reads_as_word(self, word: str) -> bool: ...

    def variants(self, word: str) -> list[tuple[str, float]]: ...


class NorwegianContext:
    """The function-word rules for Norwegian (bokmål and nynorsk)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary

    def apply(self, words: list[WordToken], damaged: bool) -> None:
        """Decide the ambiguous tokens of one line; `damaged` allows changing valid words."""
        for idx, token in enumerate(words):
            if not token.core:
                continue
            marker = self.marker_reading(words, idx)
            if marker is not None:
                token.new_core, next_word = marker
                if next_word is not None:
                    words[idx + 1].new_core = next_word
            elif damaged and not token.lead:
                prev = words[idx - 1] if idx > 0 else None
                nxt = words[idx + 1] if idx + 1 < len(words) else None
                self._ambiguous_word(token, prev, nxt)
                if token.new_core is None and prev is not None and not prev.trail and prev.word.lower() in _MODALS:
                    # a modal verb takes an infinitive: "må ga" is a damaged "må gå"
                    verb = self._infinitive_variant(token) if not self.looks_infinitive(token) else None
                    if verb is not None:
                        token.new_core = verb

    def count_markers(self, words: list[WordToken]) -> int:
        """How many stand-alone infinitive markers the line prints damaged: evidence of OCR damage."""
        return sum(1 for idx, token in enumerate(words) if token.core and self.marker_reading(words, idx))

    # -------------------------------------------------------------- å

    def marker_reading(self, words: list[WordToken], idx: int) -> tuple[str, str | None] | None:
        """If words[idx] is a damaged infinitive marker: ("å" or "Å", a repair of the verb after it or None)."""
        token = words[idx]
        if token.lead or token.trail or token.core not in ("a", "A", "&", "@", "8", "3"):
            return None
        prev = words[idx - 1] if idx > 0 else None
        nxt = words[idx + 1] if idx + 1 < len(words) else None
        core = token.core
        if core == "A":
            # sentence-initial "Å styrke ..." in headings and bullet lists
            return ("Å", None) if at_sentence_start(words, idx) and self.looks_infinitive(nxt) else None
        if core in ("8", "3"):
            # a digit between a word and an infinitive; after "side", "kapittel" ... it is a number
            if prev is None or not self.looks_infinitive(nxt):
                return None
            before = prev.word.lower()
            plain_word = before.isalpha() and before.islower() and before not in _NUMBER_NOUNS and not prev.trail
            return ("å", None) if prev.text in _DASHES or plain_word else None
        if self.looks_infinitive(nxt):
            return ("å", None)
        verb = self._infinitive_variant(nxt)
        if verb is not None:
            return ("å", verb)
        if nxt is None and core == "a" and prev is not None and not prev.trail:
            # "... og a" ending a line: the infinitive follows on the next line
            if prev.word.isalpha() and prev.word.islower():
                return ("å", None)
        return None

    def looks_infinitive(self, token: WordToken | None) -> bool:
        """Whether a (lower-case, known) word can be an infinitive: -e, -es, or a one-syllable verb."""
        if token is None or token.lead:
            return False
        word = token.word
        if not word.isalpha() or not word.islower() or word in _NOT_INFINITIVE:
            return False
        if word in NB_FUNCTION_WORDS and word not in _FUNCTION_INFINITIVES:
            return False
        if not self._vocabulary.reads_as_word(word):
            return False
        if len(word) >= 3 and (word.endswith("e") or word.endswith("es")):
            return True
        return any(word == v or (word.endswith(v) and len(word) - len(v) >= 2) for v in _SHORT_INFINITIVES)

    def _infinitive_variant(self, nxt: WordToken | None) -> str | None:
        """A damaged infinitive after the marker ("a ga"): its reading that is an infinitive ("gå")."""
        if nxt is None or nxt.lead or nxt.trail.strip(".,;:!?") or not nxt.word.isalpha() or not nxt.word.islower():
            return None
        for variant, _cost in self._vocabulary.variants(nxt.word):
            if self.looks_infinitive(WordToken(lead="", core=variant, trail="")):
                return variant
        return None

    # -------------------------------------------------------------- valid words

    def _ambiguous_word(self, token: WordToken, prev: WordToken | None, nxt: WordToken | None) -> None:
        lower = token.core.lower()
        before = prev.word.lower() if prev is not None else ""
        after = nxt.word.lower() if nxt is not None else ""
        open_after = not token.trail  # nothing but a space between this word and the next
        replacement: str | None = None
        if lower == "far":
            if before in _DETERMINERS or before.endswith("s"):
                return  # "min far", "barnets far": the noun
            subject_before = before in _VERB_BEFORE or (prev is not None and prev.trail.endswith(","))
            definite_subject = (
                len(before) > 4 and before.endswith(("en", "et", "ene", "erne")) and not (prev and prev.trail)
            )
            if subject_before or definite_subject or (open_after and after in _VERB_AFTER):
                replacement = "får"
        elif lower == "sa":
            if (
                open_after
                and nxt is not None
                and nxt.word.isalpha()
                and nxt.word.islower()
                and after not in _SAID_COMPLEMENTS
            ):
                replacement = "så"
        elif lower == "vare":
            if before in _MODALS and not (prev and prev.trail):
                replacement = "være"
            elif open_after and len(after) >= 4 and after.endswith("er") and after not in NB_FUNCTION_WORDS:
                replacement = "våre"  # a possessive before a plural noun: "våre måter"
        if replacement is not None:
            token.new_core = replacement.capitalize() if token.core[:1].isupper() else replacement
