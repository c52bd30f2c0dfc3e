"""Word-level OCR repair: which known word a damaged word most likely was.

A small noisy-channel corrector. Candidates come only from systematic
confusion rules (`CONFUSIONS`: which printed characters may hide which
national letter, and what believing that costs), looked up in a frequency
lexicon through its accent skeleton. A reading's score is its Zipf frequency
minus the confusion costs, so "mgter" becomes "møter" (g->ø, common word)
and not "måter".

Long Nordic compounds are often missing from word lists, so a word is also
read as 2-4 known parts, with a linking -s- after a noun stem
("oppfglgingsteamene" -> oppfølging+s+teamene). The same parsing protects
clean compounds: a word that reads as known parts as printed is only changed
for a clearly better reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from veiviser.text.lexicon import Lexicon

# Which national letter a printed unit may stand for, and what believing it
# costs (Zipf units). Roles: AE = æ/ä, OE = ø/ö, AA = å. Units of two or three
# characters cover letters the OCR split in two ("ae" for æ, "e@" for ø).
# Cheap: characters that are never letters (@ ¢ & digits) and g, which OCR
# engines without Nordic models print for ø. Dear (>= WEAK_CONFUSION_COST):
# a real vowel standing for another letter.
CONFUSIONS: dict[str, tuple[tuple[str, float], ...]] = {
    # ø
    "g": (("OE", 0.5),),
    "¢": (("OE", 0.2),),
    "@": (("OE", 0.3), ("AA", 0.5)),
    "e": (("OE", 1.2), ("AE", 1.0)),
    "o": (("OE", 1.2),),
    "p": (("OE", 1.5),),
    "e@": (("OE", 0.3),),
    "a@": (("OE", 0.3),),
    "@g": (("OE", 0.3),),
    "g@": (("OE", 0.3),),
    "eg": (("OE", 0.9),),
    "og": (("OE", 0.9),),
    "dg": (("OE", 0.9),),
    # å
    "a": (("AA", 0.3), ("OE", 1.2), ("AE", 1.0)),
    "8": (("AA", 0.3),),
    "3": (("AA", 0.3),),
    "&": (("AA", 0.3),),
    "a3": (("AA", 0.3),),
    "a8": (("AA", 0.3),),
    "3@": (("AA", 0.3),),
    "d": (("AA", 1.3),),
    # æ
    "z": (("AE", 0.4),),
    "ae": (("AE", 0.3), ("OE", 0.6)),
    "ee": (("AE", 0.5),),
    "ea": (("AE", 0.5),),
    "ze": (("AE", 0.4),),
    "za": (("AE", 0.4),),
    "ez": (("AE", 0.5),),
    "eae": (("AE", 0.4),),
    "zae": (("AE", 0.4),),
    "a7": (("AE", 0.4),),
}
_MAX_UNIT = max(len(u) for u in CONFUSIONS)
_ROLE_INDEX = {"AE": 0, "OE": 1, "AA": 2}
ROLE_LETTERS = {"nb": "æøå", "nn": "æøå", "da": "æøå", "sv": "äöå"}  # in role order AE, OE, AA
# Characters that are never letters: a word holding one is damaged for sure.
DAMAGE_GLYPHS = frozenset("@¢&")
_DAMAGE_DIGITS = "387"

# Scoring, in Zipf units (log10 of frequency per billion words).
SINGLE_MIN_ZIPF = 2.0  # a whole-word candidate must be at least this common ...
RARE_WORD_MAX_COST = 0.8  # ... unless only cheap confusions lead to it
PART_MIN_ZIPF = 2.5  # every part of a compound reading must be at least this common
MIN_PART_LEN = 3
SHORT_PART_MIN_ZIPF = 4.0  # a three-letter part must be a common word (mål, råd, tid), not junk
RELAXED_PART_MIN_ZIPF = 1.0  # rare parts make a word plausible as printed, not a repair target
INFLECTION_DOUBT = 0.5  # a stem plus an ending is a little less sure than a listed word
MAX_PARTS = 4
MAX_WORD_CHARS = 60  # about twice the longest listed compound; longer "words" are data, never repaired
PART_OFFSET = 6.0  # a compound scores sum(zipf - offset) + offset: each extra part costs
PART_ZIPF_CAP = 5.5  # a very common part (for, opp) must not make any compound look likely
JOIN_COST = 0.3
NOVEL_COMPOUND_COST = 1.0  # a compound no word list holds is less likely than a listed word
MAX_WORD_COST = 2.5  # total confusion cost of a whole-word reading
MAX_COMPOUND_COST = 1.6  # total confusion cost of a compound reading
WEAK_CONFUSION_COST = 1.0
WEAK_PART_MIN_LEN = 6  # a part reached through a vowel confusion must be long
WORD_BUDGET = 3  # confusions tried per whole word
PART_BUDGET = 2  # confusions tried per compound part
MARGIN_KNOWN = 1.1  # a listed word yields only to a reading this much more likely
MARGIN_PRINTED = 1.0  # same for an unlisted word that reads as known parts as printed
STRONG_GAIN = 2.0  # a listed word this much less likely than its repair is evidence of damage
GATE_ZIPF = 2.0  # listed words at least this common change only in a damaged document
GLUED_FUNCTION_WORD_ZIPF = 5.0  # two function words run together ("atdet") must both be common
I_FOR_L_MAX_COST = 1.0  # confusion cost allowed beside a capital I printed for l ("Igpende")
_CACHE_LIMIT = 200_000  # cached words per repairer

# Closed-class words: never the head of a compound, never a linking-s stem.
_FUNCTION_WORDS = {
    "nb": """i og er det å på som til en av for ikke med har jeg at de du om den så vi fra var kan et men han
        seg dette noe skal noen ble vil bare også ut da nå hva etter eller meg være blir hadde alle her når
        hun man der dem oss mot ved nei ja hvis dersom enn selv hvor hvem hvilke hvilken sin sitt sine min
        mitt mine din ditt dine vår vårt våre deres hans hennes ens ett disse denne dere inn opp over
        under mellom uten hos blant mange få flere mer mest mye lite hver hvert ingen intet""",
    "sv": """i och är det att på som till en av för inte med har jag de du om den så vi från var kan ett men
        han sig detta något ska några blev vill bara också ut då nu vad efter eller mig vara blir hade alla
        här när hon man där dem oss mot vid nej ja än själv hur vem vilka sin sitt sina min mitt mina din
        ditt dina""",
    "da": """i og er det at på som til en af for ikke med har jeg de du om den så vi fra var kan et men han
        sig dette noget skal nogle blev vil bare også ud da nu hvad efter eller mig være bliver havde alle
        her når hun man der dem os mod ved nej ja hvis end selv hvor hvem sin sit sine min mit mine din dit
        dine""",
}
_FUNCTION_WORDS["nn"] = _FUNCTION_WORDS["nb"]
# Prepositions and particles that do start compounds (til-bud, opp-følging).
_COMPOUND_PREFIXES = {
    "nb": "til for med av om ut inn opp over under mot ved mellom etter fra bak",
    "nn": "til for med av om ut inn opp over under mot ved mellom etter frå bak",
    "sv": "till för med av om ut in upp över under mot vid mellan efter från",
    "da": "til for med af om ud ind op over under mod ved mellem efter fra",
}
# Short words a token may have swallowed when OCR lost a space ("hjelpernei").
# Not en/er/et/a: those are also inflection endings ("surveyen").
_GLUE_WORDS = {
    "nb": "i og på å at det av til som",
    "nn": "i og på å at det av til som",
    "sv": "i och på att det av till som",
    "da": "i og på at det af til som",
}
# Inflection endings, longest first: a known stem plus one of these is a plausible word.
_ENDINGS = {
    "nb": ("ene", "ers", "ets", "ens", "en", "er", "et", "ne", "te", "de", "e", "s", "t", "a"),
    "nn": ("ane", "ene", "ast", "ar", "en", "er", "et", "ne", "te", "de", "e", "s", "t", "a"),
    "sv": ("erna", "arna", "orna", "ens", "ets", "en", "et", "er", "ar", "or", "na", "s", "t", "a", "e"),
    "da": ("erne", "ene", "ens", "ets", "en", "er", "et", "ne", "te", "de", "e", "s", "t"),
}


@dataclass(frozen=True)
class Reading:
    """One way to read a printed string: its known parts, the text they make, score and confusion cost."""

    parts: tuple[str, ...]
    text: str
    score: float
    cost: float


@dataclass(frozen=True)
class Proposal:
    """A replacement for one word, and what it needs from the rest of the document."""

    replacement: str  # lower case
    gated: bool  # changes a valid word: only in a document that shows damage
    evidence: bool  # is itself evidence that the document is damaged


class WordRepairer:
    """Proposes repairs for single words of one language; caches per instance."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        lang = lexicon.lang
        roles = ROLE_LETTERS[lang]
        self._confusions = {
            unit: {roles[_ROLE_INDEX[role]]: cost for role, cost in options} for unit, options in CONFUSIONS.items()
        }
        self._letters = lexicon.letters
        self.function_words = frozenset(_FUNCTION_WORDS[lang].split())
        self._compound_prefixes = frozenset(_COMPOUND_PREFIXES[lang].split())
        self._glue_words = tuple(_GLUE_WORDS[lang].split())
        self._endings = _ENDINGS[lang]
        self._proposals: dict[str, Proposal | None] = {}
        self._segments: dict[tuple[str, int], tuple[tuple[str, float], ...]] = {}

    # ------------------------------------------------------------ public

    def propose(self, piece: str) -> Proposal | None:
        """A repair for one word as printed (letters and damage glyphs, no punctuation), or None."""
        if piece in self._proposals:
            return self._proposals[piece]
        if len(self._proposals) > _CACHE_LIMIT:  # a long ingest must not grow memory without bound
            self._proposals.clear()
            self._segments.clear()
        proposal = self._propose(piece) if self._eligible(piece) else None
        self._proposals[piece] = proposal
        return proposal

    def reads_as_word(self, word: str) -> bool:
        """Whether a lower-case word is listed or reads as known parts as printed."""
        if len(word) > MAX_WORD_CHARS:
            return False
        return self.lexicon.zipf(word) >= SINGLE_MIN_ZIPF or self._as_printed(word)[0] is not None

    def variants(self, word: str) -> list[tuple[str, float]]:
        """Listed words one cheap confusion away from a lower-case word, most frequent first."""
        if len(word) > MAX_WORD_CHARS:
            return []
        found = [
            (cand, cost)
            for cand, cost in self._segment_candidates(word, 1)
            if cand != word and cost < WEAK_CONFUSION_COST and self.lexicon.zipf(cand) >= SINGLE_MIN_ZIPF
        ]
        return sorted(found, key=lambda kv: kv[1] - self.lexicon.zipf(kv[0]))

    # ------------------------------------------------------------ decision

    @staticmethod
    def _eligible(piece: str) -> bool:
        if not 2 <= len(piece) <= MAX_WORD_CHARS:
            return False  # the candidate search grows with length: a megabyte "word" would never finish
        letters = [c for c in piece if c.isalpha()]
        if not letters:
            # glyph-only pieces such as "3@" may still be a damaged letter
            return any(c in DAMAGE_GLYPHS for c in piece) and all(c in DAMAGE_GLYPHS or c in "38" for c in piece)
        if not all(c.isalpha() or c in DAMAGE_GLYPHS or c in _DAMAGE_DIGITS for c in piece):
            return False
        if "7" in piece.replace("a7", ""):
            return False
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return False  # acronyms (NAV, PSFS, IPLOS) are not words to correct
        rest = piece[2:] if piece.startswith("AE") else piece[1:]  # "AEldre": a capital Æ split in two
        if any(c.isupper() for c in rest):
            return False  # mixed case (SPoR, iPhone): a name, not damage
        return True

    def _propose(self, piece: str) -> Proposal | None:
        lower = piece.lower()
        # wordfreq lists some OCR junk ("a3"); a "word" with a digit or glyph is damaged whatever it says
        listed = self.lexicon.zipf(lower) if lower.isalpha() else 0.0
        if listed > 0:
            return self._improve_listed(lower, listed)
        proposal = self._repair_unlisted(lower)
        if proposal is None and piece.startswith("I") and len(piece) > 2:
            # "Igpende": a capital I printed for l, often beside the usual letter damage
            as_l = "l" + lower[1:]
            if self.lexicon.zipf(as_l) >= SINGLE_MIN_ZIPF:
                return Proposal(as_l, gated=False, evidence=True)
            best = self._best_reading(as_l)
            if best is not None and best.cost <= I_FOR_L_MAX_COST:
                return Proposal(best.text, gated=False, evidence=True)
        return proposal

    def _improve_listed(self, word: str, zipf: float) -> Proposal | None:
        """A listed word changes only for a much more frequent reading ("pa" -> "på")."""
        best: tuple[float, str] | None = None
        for cand, cost in self._segment_candidates(word, WORD_BUDGET):
            if cand == word or len(cand) < 2:
                continue
            cz = self.lexicon.zipf(cand)
            if cz < SINGLE_MIN_ZIPF:
                continue
            if best is None or cz - cost > best[0]:
                best = (cz - cost, cand)
        if best is None:
            return None
        gain = best[0] - zipf
        if gain < MARGIN_KNOWN:
            return None
        return Proposal(best[1], gated=zipf >= GATE_ZIPF, evidence=gain >= STRONG_GAIN)

    def _repair_unlisted(self, word: str) -> Proposal | None:
        printed_score, valid_compound = self._as_printed(word)
        best = self._best_reading(word)
        if printed_score is not None:
            if best is not None and best.text != word and best.score - printed_score >= MARGIN_PRINTED:
                return Proposal(best.text, gated=valid_compound, evidence=not valid_compound)
            return None
        if best is not None:
            return Proposal(best.text, gated=False, evidence=best.cost > 0)
        glued = self._split_glued(word)
        if glued is not None:
            return Proposal(glued, gated=False, evidence=True)
        return None

    # ------------------------------------------------------------ candidates

    def _segment_candidates(self, segment: str, budget: int) -> tuple[tuple[str, float], ...]:
        """Listed words `segment` may be, each with the cost of the confusions leading there."""
        key = (segment, budget)
        cached = self._segments.get(key)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        letters = self._letters
        for skeleton_key, units in self._skeleton_keys(segment, budget):
            if not units:
                if skeleton_key in self.lexicon:
                    found[skeleton_key] = 0.0
                continue
            for word in self.lexicon.words_with_skeleton(skeleton_key):
                cost = 0.0
                for unit, letter in zip(units, (ch for ch in word if ch in letters)):
                    if unit == letter:
                        continue
                    unit_cost = self._confusions.get(unit, {}).get(letter)
                    if unit_cost is None:
                        break
                    cost += unit_cost
                else:
                    if cost < found.get(word, float("inf")):
                        found[word] = cost
        result = tuple(sorted(found.items(), key=lambda kv: kv[1]))
        self._segments[key] = result
        return result

    def _skeleton_keys(self, s: str, budget: int) -> list[tuple[str, tuple[str, ...]]]:
        """Lookup keys for `s`: each confusable unit kept or starred (at most `budget` starred).

        A national letter already printed is always starred; a damage glyph or
        digit must be starred, since no word contains it.
        """
        letters = self._letters
        confusions = self._confusions
        out: list[tuple[str, tuple[str, ...]]] = []
        n = len(s)

        def walk(i: int, key: str, units: tuple[str, ...], used: int) -> None:
            if i == n:
                out.append((key, units))
                return
            ch = s[i]
            if ch in letters:
                walk(i + 1, key + "*", units + (ch,), used)
                return
            if ch.isalpha():
                walk(i + 1, key + ch, units, used)
            if used < budget:
                for length in range(1, _MAX_UNIT + 1):
                    unit = s[i : i + length]
                    if len(unit) == length and unit in confusions:
                        walk(i + length, key + "*", units + (unit,), used + 1)

        walk(0, "", (), 0)
        return out

    def _best_reading(self, word: str) -> Reading | None:
        best: Reading | None = None
        for cand, cost in self._segment_candidates(word, WORD_BUDGET):
            cz = self.lexicon.zipf(cand)
            if cost > MAX_WORD_COST or not _believable(cz, cost):
                continue
            if best is None or cz - cost > best.score:
                best = Reading((cand,), cand, cz - cost, cost)
        compound = self._compound_reading(word, max_cost=MAX_COMPOUND_COST)
        if compound is not None and (best is None or compound.score > best.score):
            best = compound
        return best

    def _compound_reading(
        self,
        word: str,
        *,
        max_cost: float,
        min_zipf: float = PART_MIN_ZIPF,
        inflected_head: bool = False,
    ) -> Reading | None:
        """Best reading of `word` as 2..MAX_PARTS known parts, with an optional linking s.

        Dynamic programming over cut points. With `max_cost` 0 it asks whether
        the word reads as a compound as printed; `inflected_head` then also
        accepts a last part that is a known stem plus an ending ("yter-ne").
        """
        n = len(word)
        if n < 2 * MIN_PART_LEN:
            return None
        # best[i]: (score without offset, cost, parts, text) of the best reading of word[:i]
        best: list[tuple[float, float, tuple[str, ...], str] | None] = [None] * (n + 1)
        best[0] = (0.0, 0.0, (), "")
        for i in range(n):
            state = best[i]
            if state is None or len(state[2]) >= MAX_PARTS:
                continue
            for j in range(i + MIN_PART_LEN, n + 1):
                final = j == n
                for cand, cost, cz in self._part_candidates(word[i:j], max_cost, final and inflected_head):
                    if state[1] + cost > max_cost or not self._may_be_part(cand, cz, cost, min_zipf, final):
                        continue
                    score = state[0] + min(cz, PART_ZIPF_CAP) - PART_OFFSET - cost - (JOIN_COST if state[2] else 0.0)
                    ends = [(j, "")]
                    # the linking -s- follows a noun stem, never a preposition ("oppfølging-s-team")
                    if not final and word[j] == "s" and not cand.endswith("s") and cand not in self.function_words:
                        ends.append((j + 1, "s"))
                    for end, link in ends:
                        if end == n and link:
                            continue
                        current = best[end]
                        if current is None or score > current[0]:
                            best[end] = (score, state[1] + cost, state[2] + (cand,), state[3] + cand + link)
        final_state = best[n]
        if final_state is None or len(final_state[2]) < 2:
            return None
        score = final_state[0] + PART_OFFSET - NOVEL_COMPOUND_COST
        return Reading(final_state[2], final_state[3], score, final_state[1])

    def _may_be_part(self, part: str, zipf: float, cost: float, min_zipf: float, final: bool) -> bool:
        if zipf < min_zipf:
            return False
        if len(part) <= MIN_PART_LEN and zipf < SHORT_PART_MIN_ZIPF:
            return False
        if cost >= WEAK_CONFUSION_COST and len(part) < WEAK_PART_MIN_LEN:
            return False  # a short part is reached through a vowel confusion too easily
        if part in self.function_words:
            return not final and part in self._compound_prefixes
        return True

    def _part_candidates(self, segment: str, max_cost: float, inflected: bool) -> list[tuple[str, float, float]]:
        """(word, confusion cost, zipf) for one compound part."""
        if max_cost > 0:
            return [(w, c, self.lexicon.zipf(w)) for w, c in self._segment_candidates(segment, PART_BUDGET)]
        zipf = self.lexicon.zipf(segment)
        if zipf == 0 and inflected:
            zipf = self._inflected_zipf(segment)
        return [(segment, 0.0, zipf)] if zipf > 0 else []

    def _inflected_zipf(self, word: str) -> float:
        """Zipf of the known stem if `word` is stem + inflection ending (less a small doubt), else 0."""
        best = 0.0
        for ending in self._endings:
            stem = word[: -len(ending)]
            if len(stem) < MIN_PART_LEN or not word.endswith(ending) or stem in self.function_words:
                continue
            zipf = self.lexicon.zipf(stem)
            if zipf >= (SHORT_PART_MIN_ZIPF if len(stem) <= MIN_PART_LEN else PART_MIN_ZIPF):
                best = max(best, zipf - INFLECTION_DOUBT)
        return best

    def _as_printed(self, word: str) -> tuple[float | None, bool]:
        """How well an unlisted word reads as printed, and whether it is a plain valid compound.

        A compound of common parts is valid; one needing rare parts or an
        inflected head is only plausible ("tjenesteyterne"), which still
        protects it from repairs that are not clearly better.
        """
        valid = self._compound_reading(word, max_cost=0.0)
        if valid is not None:
            return valid.score, True
        scores: list[float] = []
        inflected = self._inflected_zipf(word)
        if inflected > 0:
            scores.append(inflected)
        relaxed = self._compound_reading(word, max_cost=0.0, min_zipf=RELAXED_PART_MIN_ZIPF, inflected_head=True)
        if relaxed is not None:
            scores.append(relaxed.score)
        return (max(scores) if scores else None), False

    def _split_glued(self, word: str) -> str | None:
        """A word and a short function word that OCR ran together ("hjelpernei" -> "hjelperne i").

        A function word in front is only split off when it never starts a
        compound or verb ("og", "at", "som"), because "av", "til", "i" do
        ("avidentifisere", "tilrettelegge", "iverksette").
        """
        best: tuple[float, str] | None = None
        for glue in self._glue_words:
            if len(word) - len(glue) < MIN_PART_LEN:
                continue
            splits: list[tuple[str, str]] = []
            if word.endswith(glue):
                splits.append((word[: -len(glue)], f"{word[: -len(glue)]} {glue}"))
            if word.startswith(glue) and glue not in self._compound_prefixes and glue != "i":
                splits.append((word[len(glue) :], f"{glue} {word[len(glue) :]}"))
            for content, text in splits:
                zipf = self.lexicon.zipf(content)
                if zipf < PART_MIN_ZIPF or (content in self.function_words and zipf < GLUED_FUNCTION_WORD_ZIPF):
                    continue
                if best is None or zipf > best[0]:
                    best = (zipf, text)
        return None if best is None else best[1]


def _believable(zipf: float, cost: float) -> bool:
    """A common word, or a rare one reached only through cheap confusions (g, @, digits)."""
    return zipf >= SINGLE_MIN_ZIPF or (zipf > 0 and cost <= RARE_WORD_MAX_COST)
