"""Language of a passage or a document: nb, nn, sv, da or en.

lingua separates Swedish and English from the rest reliably, but on short or
OCR-damaged Norwegian it often answers Danish or Nynorsk (OCR turns "ø" into
"g", which looks Danish to a character model). Function words survive OCR
because most of them are plain ASCII, so among nb/nn/da we let counts of
words that only one of the pair uses decide, and fall back to lingua, then to
the document language, when the counts tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from veiviser.core.types import LANGS, Block, BlockKind

MIN_WORDS = 4  # below this, a passage says too little about its language
MIN_LETTERS = 20
MAX_WORDS = 150  # enough to tell the languages apart; the detector's cost grows with the text
DOCUMENT_SAMPLE_CHARS = 20_000
UNSURE = 0.6  # below this, lingua's sv/en guess yields to the document language
CONFIDENT = 0.85  # lingua confidence we trust over the document language when word counts tie

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Words one variety uses and the other does not (lowercase). Kept to common
# function words and domain words whose spelling differs, mostly ASCII so
# they survive OCR damage.
_NB_NOT_DA = frozenset(
    "av blir ble bli blitt etter mellom seg nå naa gjennom mye enn ut opp hva hjelp utvikling mulighet "
    "muligheter arbeid gir sier tar blant tjeneste tjenester tjenestene kommunene utfordring utfordringer "
    "oppfølging samarbeid spesielt noe noen fått vært tilbud bruker brukere brukerne".split()
)
_DA_NOT_NB = frozenset(
    "af bliver blev blive blevet efter mellem sig nu meget end ud op hvad hjælp udvikling mulighed "
    "muligheder arbejde arbejdet giver siger tager blandt ydelse ydelser kommunerne udfordring "
    "udfordringer opfølgning samarbejde specielt noget nogen nogle fået været gennem spørgsmål borgerne "
    "borgeren indsats indsatsen hvornår nævner nævnt nævnes brugere brugerne brugeren projekt projektet "
    "projekter oplysninger uden grund".split()
)
_NN_NOT_NB = frozenset(
    "ikkje eg ein eit vere korleis kva berre frå dei deira mykje òg noko nokon nokre sjølv heile vart "
    "vert verte vorte ho kven kvifor kvar fleire teneste tenester tenestene brukarar brukarane difor "
    "sidan saman eigen eige desse då hjå medan kommunane tilsette mogleg særleg seinare meir fekk "
    "gjekk".split()
)
_NB_NOT_NN = frozenset(
    "ikke jeg en et hva hvordan hvorfor hvem hvor bare fra mye noe noen selv hele ble være vaere veere "
    "tjeneste tjenester tjenestene flere disse derfor siden sammen egen eget brukere brukerne hvis "
    "kommunene ansatte mulig særlig saerlig senere mer fikk gikk deres".split()
)

_SCANDINAVIAN = ("nb", "nn", "da")


@lru_cache(maxsize=1)
def _detector():
    """Built on first use: only the five languages we serve, which is faster and more accurate."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.BOKMAL, Language.NYNORSK, Language.SWEDISH, Language.DANISH, Language.ENGLISH
    ).build()


def _code(language) -> str:
    name = language.name
    return {"BOKMAL": "nb", "NYNORSK": "nn", "SWEDISH": "sv", "DANISH": "da", "ENGLISH": "en"}[name]


def _count(words: list[str], vocabulary: frozenset[str]) -> int:
    return sum(1 for w in words if w in vocabulary)


def detect_language(text: str, default: str = "nb") -> str:
    """The language of `text` as nb/nn/sv/da/en; `default` (the document language) when unsure."""
    if default not in LANGS:
        default = "nb"
    words = [w.lower() for w in _WORD.findall(text)][:MAX_WORDS]
    if len(words) < MIN_WORDS or sum(len(w) for w in words) < MIN_LETTERS:
        return default
    return _detect_cached(" ".join(words), default)


@lru_cache(maxsize=4096)
def _detect_cached(normalized: str, default: str) -> str:
    """Cached on the word sequence: re-ingesting the same text costs nothing."""
    confidences = _detector().compute_language_confidence_values(normalized)
    if not confidences:
        return default
    scores = {_code(c.language): c.value for c in confidences}
    best = max(scores, key=scores.__getitem__)
    # An unsure Swedish/English guess inside a Nordic document is usually a damaged fragment of it.
    if best not in _SCANDINAVIAN and (scores[best] >= UNSURE or default not in _SCANDINAVIAN):
        return best

    words = normalized.split()
    nb_vs_da, da_vs_nb = _count(words, _NB_NOT_DA), _count(words, _DA_NOT_NB)
    if da_vs_nb > nb_vs_da:
        return "da"
    if nb_vs_da == da_vs_nb:
        norwegian = scores.get("nb", 0.0) + scores.get("nn", 0.0)
        if scores.get("da", 0.0) >= CONFIDENT:
            family = "da"
        elif norwegian >= CONFIDENT:
            family = "nb"
        elif default in _SCANDINAVIAN:
            family = "da" if default == "da" else "nb"
        else:
            family = "da" if best == "da" else "nb"
        if family == "da":
            return "da"

    nn_vs_nb, nb_vs_nn = _count(words, _NN_NOT_NB), _count(words, _NB_NOT_NN)
    if nn_vs_nb > nb_vs_nn:
        return "nn"
    if nb_vs_nn > nn_vs_nb:
        return "nb"
    if default in ("nb", "nn"):
        return default
    return "nn" if scores.get("nn", 0.0) > 2 * scores.get("nb", 0.0) else "nb"


def detect_document_language(blocks: Iterable[Block], default: str = "nb") -> str:
    """The main language of a document, from a sample of its text blocks."""
    parts: list[str] = []
    size = 0
    for block in blocks:
        if block.kind in (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK) or not block.text.strip():
            continue
        part = block.text[: DOCUMENT_SAMPLE_CHARS - size]  # one megabyte-long block must not become the sample
        parts.append(part)
        size += len(part) + 1
        if size >= DOCUMENT_SAMPLE_CHARS:
            break
    return detect_language("\n".join(parts), default=default)
