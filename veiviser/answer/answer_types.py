"""What kind of answer a question asks for, and whether a sentence gives it.

"Hvor mange brukere ...?" is answered only by a sentence with a number, "how much funding
...?" only by an amount of money; "Hvilken paragraf
...?" only by one naming a section; "telefonnummeret til ...?" only by a phone number.
When the best sentences the sources offer lack it, the sources touch the topic but do
not answer, and the answerer abstains. Cues and number words per language live in
prompts/answer_types.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from veiviser.answer.names_in_text import has_proper_name, lists_names, name_positions
from veiviser.pii.names import find_names
from veiviser.text.tokens import fold, tokenize

TYPES_FILE = "answer_types.yaml"
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SECTION = re.compile(r"§|\b(?:paragraf\w*|kap(?:\.|ittel|itel)?)\s*\d", re.IGNORECASE)
_CURRENCY = (
    r"(?:kr\.?|kroner|kronor|nok|sek|dkk|mill\.?|millioner|miljoner|mio\.?|mrd\.?|milliarder|miljarder|euro|eur|€|\$)"
)
_MONEY = re.compile(rf"\d[\d\s.,]*\s?{_CURRENCY}(?![^\W\d_])|(?<![^\W\d_]){_CURRENCY}\s?\d", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+\d{2}[\s-]?)?\d(?:[\s-]?\d){6,}(?!\d)")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|mai|maj|may|jun|jul|aug|sep|okt|oct|nov|des|dec)[a-zæøåäö]*\b|\b\d{1,2}\.\s?\d{1,2}\.",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(?:daglig\w*|ukentlig\w*|vekentleg\w*|veckovis|ugentlig\w*|månedlig\w*|månadsvis|månadleg\w*|årlig\w*|"
    r"årleg\w*|hver|hvert|kvar|kvart|varje|hver\s+\w+|daily|weekly|monthly|yearly|annually|every|"
    r"gang(?:er)?|gong(?:er)?|gång(?:er)?|gange|times|per\s+(?:uke|veke|vecka|uge|måned|månad|år|week|month|year))\b",
    re.IGNORECASE,
)
_NUMBER_WORD = (
    r"(?:\d+|en|ett|et|ein|eit|én|ét|one|a|to|två|tre|three|fire|fyra|fem|five|seks|sex|six|sju|syv|seven|"
    r"åtte|åtta|otte|eight|ti|tio|ten|fjorten|fjorton|fourteen|fjortan|tolv|twelve|tjue|tjugo|tyve|twenty|"
    r"two|four|to\s+eller\s+tre|\w+ste|\w+de)"
)
_DURATION = re.compile(
    rf"\b{_NUMBER_WORD}\s+(?:\w+\s+)?(?:arbeids|arbets|arbejds|virke|verke|hver|vär|kalender|kalendar|calendar\s|working\s)?"
    r"(?:dag\w*|døgn\w*|dygn\w*|days?|uke\w*|veke\w*|veck\w*|uge\w*|weeks?|måned\w*|månad\w*|months?|"
    r"timer?|timm\w*|hours?|år|years?)\b",
    re.IGNORECASE,
)
_AT_ONCE = re.compile(
    r"\b(?:straks|umiddelbart|omgående|omedelbart|samme\s+dag|same\s+dag|samma\s+dag|same\s+day|immediately|"
    r"uten\s+opphold|utan\s+dröjsmål|uden\s+ophold|utan\s+opphald|without\s+delay)\b",
    re.IGNORECASE,
)
# what a text holds: "planen skal inneholde", "planen ska visa", "the plan sets out", or a list of items
_CONTENTS = re.compile(
    r"\b(?:inneh[oå]ld\w*|inneheld\w*|innehåll\w*|indehold\w*|contain\w*|includ\w*|omfatt\w*|"
    r"visa|viser?|vise|angi\w*|ange\w*|anger|beskriv\w*|describ\w*|set\w*\s+out|show\w*|"
    r"skal\s+stå|ska\s+stå|skal\s+fremgå|ska\s+framgå|skal\s+framgå|fremgå\w*|framgå\w*|state\w*|"
    r"består\s+av|består\s+af|consist\w*\s+of)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"[^\W\d_][\w-]*")
BIND_WINDOW = 3  # a count binds to the noun it stands within this many words of ("65 brukere", "brukere: 65")
_GENITIVE_ENDINGS = ("ens", "ets", "enes", "ernes", "arnas", "ernas", "ornas", "ans", "ns")  # "personens vilja"
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")
_YEAR_WORDS = ("år", "året", "årene", "åra", "åren", "years", "year")
NAME_BIND_WINDOW = 4  # a name binds to the noun it names within this many words ("konsulentbyrået Rambøll")
POST_WINDOW = 2  # the post a naming question asks about follows its cue within this many words ("the project leader")
MIN_STEM = 5  # two words are one noun when they share this many first letters (brukere/brukerne, deltakere/deltagare)
_CLAUSE = re.compile(r"[,;:?.!]|\s(?:og|and|och|samt)\s")
_FILLER = frozenset(
    "av of de dei the a an af på det der there are were was is er var vart har have had did do does i in "
    "som were totalt total alt all ulike olika different".split()
)


@dataclass(frozen=True)
class AnswerTypes:
    cues: dict[str, dict[str, tuple[str, ...]]]  # type -> lang -> cues
    satisfied_by: dict[str, str]  # type -> kind of evidence (number, money, section, phone, year)
    number_words: dict[str, frozenset[str]]  # lang -> words
    with_words: dict[str, frozenset[str]] = field(default_factory=dict)  # type -> one must also occur
    count_words: dict[str, dict[str, int]] = field(default_factory=dict)  # lang -> word -> 2..10
    bind_cues: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # type -> lang -> cues
    definition_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> cues
    # type -> a question word must end so ("prosjektlederen", "forskaren"): one of these or a with_word
    with_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actor_words: tuple[str, ...] = ()  # word starts naming who acts (roles, services, bodies), folded
    count_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # English word start -> Nordic ones

    def asks_definition(self, question: str, lang: str) -> bool:
        """Does the question ask what a term means ("hva betyr ...", "what is ...")?"""
        normal = " " + " ".join(tokenize(question)) + " "
        return any(f" {cue} " in normal for cue in self.definition_cues.get(lang, ()))

    def names_actor(self, text: str) -> bool:
        """Does `text` name someone who acts (a role, a service, a body)? A genitive ("personens vilje",
        "kommunens rutiner") names whose thing it is, not who acts."""
        for word in tokenize(text):
            if word.endswith(_GENITIVE_ENDINGS):
                continue
            folded = fold(word)
            for start in self.actor_words:  # "lege$" is a whole word: not "legemiddel"
                if folded == start[:-1] if start.endswith("$") else folded.startswith(start):
                    return True
        return False

    def numbers_read_in(self, lang: str) -> frozenset[str]:
        """Number words that state a quantity in an answer to a question in `lang`: the quote may be in
        any of our languages ("To av tre informanter" answers "how many informants"), but a word that is
        also an everyday word of the question's language ("to", "fire" in English) counts only in its own."""
        return _numbers_read_in(self.number_words, lang)

    def counted_words(self, question: str, answer_type: str, lang: str) -> tuple[str, ...]:
        """What a count question counts: the words of its clause after "hvor mange" (none: nothing counted).

        "Hvor mange *brukere* ble *rekruttert*, og ..." gives (brukere, rekruttert). Only the
        cues in `bind_cues` count things; "how long", "how much" ask for a duration or an
        amount, which need not stand beside a noun. "Hvor mange var de?" counts no noun.
        """
        cues = self.bind_cues.get(answer_type, {}).get(lang, ())
        for clause in _CLAUSE.split(question):
            words = tokenize(clause)
            normal = " ".join(words)
            for cue in cues:
                at = f" {normal} ".find(f" {cue} ")
                if at < 0:
                    continue
                rest = [w for w in normal[at + len(cue) :].split() if w not in _FILLER and not w.isdigit()]
                rest = [w for w in rest if len(w) >= MIN_STEM - 1]
                if rest and normal[at + len(cue) :].split()[:3].count(rest[0]):
                    return tuple(rest)
                return ()
        return ()

    def bound_across(self, text: str, answer_type: str, question: str) -> bool | None:
        """`bound` for an English question over a Nordic text: the counted English noun is read through
        its Nordic word starts (None when it has none, or when the type counts no noun)."""
        counted = self.counted_words(question, answer_type, "en")
        if not counted or self.satisfied_by.get(answer_type) != "number":
            return None
        starts = {n for key, nordic in self.count_nouns.items() if counted[0].startswith(key) for n in nordic}
        if not starts:
            return None
        words = tokenize(text)
        values = self.numbers_read_in("en")
        answers = [i for i, w in enumerate(words) if (w.isdigit() or w in values) and not _YEAR_TOKEN.fullmatch(w)]
        near = [i for i, w in enumerate(words) if any(fold(w).startswith(fold(n)) for n in starts)]
        return any(abs(i - j) <= BIND_WINDOW for i in answers for j in near)

    def bound(self, text: str, answer_type: str, lang: str, question: str) -> bool | None:
        """Does a number in `text` count what the question counts? None when nothing is counted.

        "Hvor mange brukere bodde i Senja?" is not answered by "en workshop med 5 kommuner":
        the number must stand within a few words of the counted noun or of another word of
        its clause ("22 deltakere rekruttert" for "hvor mange brukere ble rekruttert").
        """
        counted = self.counted_words(question, answer_type, lang)
        if not counted:
            return None
        kind = self.satisfied_by.get(answer_type, "")
        if kind in ("proper_name", "person_name"):
            counted = counted[:1]  # the noun named ("konsulentbyrå"), not every word of its clause
            # "hvilket konsulentbyrå ...?" is not answered by a sentence naming the project's owners
            # beside one that mentions a consultancy without its name: the name must stand by the noun
            if lists_names(text):
                return True  # "- Larvik 6 / - Stokke 3": a list of names answers "hvilken kommune ...?"
            words, answers, sentence = name_positions(text, question, person=kind == "person_name")
            near = [i for i, w in enumerate(words) if any(same_noun(w, c) for c in counted)]
            return any(abs(i - j) <= NAME_BIND_WINDOW and sentence[i] == sentence[j] for i in answers for j in near)
        words = tokenize(text)
        values = self.numbers_read_in(lang)
        # "the workshop with the 5 municipalities": a number the question names is not the count asked for
        named = {w for w in tokenize(question) if w.isdigit() or w in values}
        # a year ("i løpet av 2022") counts nothing, unless years are what is counted
        years_counted = any(same_noun(c, y) or c == y for c in counted for y in _YEAR_WORDS)
        answers = [
            i
            for i, w in enumerate(words)
            if (w.isdigit() or w in values) and w not in named and (years_counted or not _YEAR_TOKEN.fullmatch(w))
        ]
        near = [i for i, w in enumerate(words) if any(same_noun(w, c) for c in counted)]
        return any(abs(i - j) <= BIND_WINDOW for i in answers for j in near)

    def asked_count(self, question: str, lang: str, question_words: Sequence[str] = ()) -> int | None:
        """How many items a list question asks for ("hvilke fire ...", "which three ..."), or None.

        The number must follow a question word (or open the question: "Nevn tre ..."), so a
        count that is part of the topic ("teamet med fem kommuner") is not taken for one.
        """
        words = tokenize(question)
        values = self.count_words.get(lang, {}) | self.count_words.get("en", {})
        openers = {w for w in question_words if " " not in w} | {"nevn", "name", "list", "nämn", "nævn"}
        for i, word in enumerate(words[1:], 1):
            value = values.get(word) or (int(word) if word.isdigit() and 2 <= int(word) <= 10 else None)
            if value and words[i - 1] in openers:
                return value
        return None

    def required(self, question: str, lang: str) -> tuple[str, ...]:
        """The answer types `question` asks for (cues of its language, whole words)."""
        tokens = tokenize(question)
        normal = " " + " ".join(tokens) + " "
        # "vilka fem kommuner" asks what "vilka kommuner" does: a count word between cue words is skipped
        counts = self.count_words.get(lang, {}) | self.count_words.get("en", {})
        uncounted = " " + " ".join(t for t in tokens if t not in counts and not t.isdigit()) + " "
        if "§" in question:
            normal += " § "
        words = set(normal.split())
        found = []
        for name, by_lang in self.cues.items():
            cues = by_lang.get(lang) or by_lang.get("nb", ())
            if not any(f" {cue} " in normal or f" {cue} " in uncounted for cue in cues):
                continue
            needed = self.with_words.get(name)
            endings = self.with_endings.get(name)
            if (needed or endings) and not (
                (needed and words & needed) or (endings and self._names_post(normal, cues, endings))
            ):
                continue
            found.append(name)
        return tuple(found)

    @staticmethod
    def _names_post(normal: str, cues: Sequence[str], endings: tuple[str, ...]) -> bool:
        """A word right after a cue names a post ("hva heter *prosjektlederen*", "the name of the
        *researcher*"), not a verb further on ("hva heter kommunen som *leder* ...")."""
        for cue in cues:
            at = normal.find(f" {cue} ")
            if at >= 0 and any(w.endswith(endings) for w in normal[at + len(cue) + 2 :].split()[:POST_WINDOW]):
                return True
        return False

    def satisfies(self, text: str, answer_type: str, lang: str, question: str = "", *, title: str = "") -> bool:
        """Does `text` give what `answer_type` asks for? (`question`: words it uses do not count as a name;
        `title`: the kb entry the text stands under, which names the section a legal text is from.)"""
        kind = self.satisfied_by.get(answer_type, "")
        if kind == "section" and title and _SECTION.search(title):
            return True
        if kind == "number":
            if _DIGIT.search(text):
                return True
            words = self.numbers_read_in(lang)
            return any(w in words for w in tokenize(text))
        if kind == "money":
            return bool(_MONEY.search(text))
        if kind == "section":
            return bool(_SECTION.search(text))
        if kind == "phone":
            return bool(_PHONE.search(text))
        if kind == "year":
            return bool(_YEAR.search(text))
        if kind == "email":
            return bool(_EMAIL.search(text))
        if kind == "time":
            return bool(_YEAR.search(text) or _MONTH.search(text))
        if kind == "duration":
            return bool(_DURATION.search(text) or _AT_ONCE.search(text))
        if kind == "contents":
            return bool(_CONTENTS.search(text)) or text.count("\n") >= 2
        if kind == "frequency":
            # "hver sjette uke", "4 ganger i året", "månedlig": not any digit ("2 kap. 7 §") nor a duration
            return bool(_FREQUENCY.search(text))
        if kind == "actor":
            return self.names_actor(text) or has_proper_name(text, question)
        if kind == "proper_name":
            return has_proper_name(text, question)
        if kind == "person_name":  # a known first name with a surname, read as the personal-data scan reads it
            return any(True for _ in find_names(text))
        return True


AMBIGUOUS_NUMBER_WORDS = frozenset({"to", "fire", "sex", "ni", "ti"})  # also everyday words of another language


@lru_cache(maxsize=16)
def _numbers_cache(key: tuple[tuple[str, frozenset[str]], ...], lang: str) -> frozenset[str]:
    words = dict(key)
    own = words.get(lang, frozenset()) | words.get("en", frozenset())
    others = frozenset().union(*words.values()) - AMBIGUOUS_NUMBER_WORDS
    return own | others


def _numbers_read_in(number_words: dict[str, frozenset[str]], lang: str) -> frozenset[str]:
    return _numbers_cache(tuple(sorted(number_words.items())), lang)


_SOFT = str.maketrans({"g": "k", "d": "t", "b": "p"})  # deltagare/deltakere, brugere/brukere


def same_noun(a: str, b: str) -> bool:
    """Two word forms of one noun, or a compound ending in it (brukere/brugere, rehabkoordinatorer/koordinatorer)."""
    a, b = fold(a.lower()).translate(_SOFT), fold(b.lower()).translate(_SOFT)
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_STEM:
        return False
    if a[:MIN_STEM] == b[:MIN_STEM]:
        return True
    short, long = sorted((a, b), key=len)
    stem = short[: max(MIN_STEM, len(short) - 2)]
    return stem in long


def load_answer_types(prompts_dir: Path) -> AnswerTypes:
    return _load(str(Path(prompts_dir) / TYPES_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> AnswerTypes:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    cues: dict[str, dict[str, tuple[str, ...]]] = {}
    satisfied_by: dict[str, str] = {}
    with_words: dict[str, frozenset[str]] = {}
    with_endings: dict[str, tuple[str, ...]] = {}
    for name, entry in (raw.get("types") or {}).items():
        satisfied_by[name] = str(entry.get("satisfied_by", ""))
        if entry.get("with_words"):
            with_words[name] = frozenset(str(w).lower() for w in entry["with_words"])
        if entry.get("with_word_endings"):
            with_endings[name] = tuple(str(w).lower() for w in entry["with_word_endings"])
        cues[name] = {
            lang: tuple(" ".join(tokenize(str(c))) or str(c) for c in values)
            for lang, values in (entry.get("cues") or {}).items()
        }
    words = {
        lang: frozenset(str(w).lower() for w in values) for lang, values in (raw.get("number_words") or {}).items()
    }
    counts = {
        str(lang): {str(w).lower(): int(n) for w, n in (values or {}).items()}
        for lang, values in (raw.get("count_words") or {}).items()
    }
    bind: dict[str, dict[str, tuple[str, ...]]] = {
        name: {
            lang: tuple(" ".join(tokenize(str(c))) for c in values)
            for lang, values in (entry.get("bind_cues") or {}).items()
        }
        for name, entry in (raw.get("types") or {}).items()
        if entry.get("bind_cues")
    }
    definitions = {
        str(lang): tuple(" ".join(tokenize(str(c))) for c in values)
        for lang, values in (raw.get("definition_cues") or {}).items()
    }
    actors = tuple(
        fold(str(w).lower()) for entry in (raw.get("types") or {}).values() for w in entry.get("actor_words") or ()
    )
    nouns = {str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in (raw.get("count_nouns") or {}).items()}
    return AnswerTypes(cues, satisfied_by, words, with_words, counts, bind, definitions, with_endings, actors, nouns)
