"""First names with Nordic frequencies, read from the gender-guesser package's name list.

Names come from a maintained list installed from PyPI (gender-guesser 0.4.0:
Jörg Michael's nam_dict.txt, about 48,000 first names with a frequency of 1-13
per country), not from a list of our own: the repo holds no names. Only the
data file is read; the package's code is not imported. names-dataset was
considered and not used: its 55 MB wheel was built from the 2021 Facebook leak,
which a guard for personal data should not depend on.

Two tiers matter to the name detector:
- Nordic names (a frequency in Norway, Sweden, Denmark, Iceland or Finland),
- other common names (frequency >= `COMMON_ELSEWHERE` in any country), since
  Nordic case notes name people of every origin.
A name whose lowercase form is also an everyday word (wordfreq Zipf >= the
bars below in nb/sv/da/en, or listed in the cue file) is *ambiguous*: it
never counts alone and needs a clear surname. Other-tier names that are
everyday words are dropped altogether.
"""

from __future__ import annotations

import importlib.resources
import math
from dataclasses import dataclass
from functools import lru_cache

from veiviser.core.errors import VeiviserError
from veiviser.pii.cues import load_cues

DATA_PACKAGE = "gender_guesser"
DATA_FILE = "nam_dict.txt"
# Column of each country's frequency digit, counted from character 30 of a line (file header).
_NORDIC_COLUMNS = {"iceland": 15, "denmark": 16, "norway": 17, "sweden": 18, "finland": 19}
_LAST_COUNTRY_COLUMN = 55
COMMON_ELSEWHERE = 5  # frequency 1-13 (hex digit); 5 keeps names a few thousand people share
AMBIGUOUS_ZIPF_NORDIC = 5.3  # "per", "dag", "hans", "liv", "vår" ...
AMBIGUOUS_ZIPF_EN = 5.0  # "will", "may", "mark", "grace" ...
DROP_ZIPF = 4.5  # other-tier names this common as words are not names here


class GazetteerError(VeiviserError, RuntimeError):
    """The first-name list the guard needs is not installed."""


@dataclass(frozen=True)
class Gazetteer:
    """Title-case first names: `nordic` maps a name to its highest Nordic frequency (1-13)."""

    nordic: dict[str, int]
    elsewhere: frozenset[str]
    ambiguous: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.nordic or name in self.elsewhere

    def is_name(self, word: str) -> bool:
        """A known first name in title case ("Kari", "Anne-Lise"); ALL CAPS is read as title case."""
        if word.isupper() and len(word) > 1:
            word = _title(word)
        if word in self:
            return True
        if "-" in word:
            parts = word.split("-")
            return len(parts) == 2 and all(p in self for p in parts)
        return False

    def is_ambiguous(self, word: str) -> bool:
        return _title(word) in self.ambiguous


def _title(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def read_name_list() -> str:
    try:
        return (importlib.resources.files(DATA_PACKAGE) / "data" / DATA_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GazetteerError(
            "The first-name list of the personal-data guard is missing (package gender-guesser). "
            "Install the project's dependencies again: .venv/bin/pip install -e ."
        ) from exc


def _frequency(ch: str) -> int:
    return int(ch, 16) if ch in "123456789ABCD" else 0


def parse_name_list(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """(Nordic frequency, highest frequency anywhere) per name in the nam_dict.txt format."""
    nordic: dict[str, int] = {}
    anywhere: dict[str, int] = {}
    for line in text.splitlines():
        if len(line) < 31 or line[0] in "#=" or line[29] == "+":  # '+' in column 30: duplicate sort line
            continue
        name = line[3:29].strip()
        if not name or " " in name:
            continue
        values = line[30 : 30 + _LAST_COUNTRY_COLUMN]
        best_nordic = max((_frequency(values[i]) for i in _NORDIC_COLUMNS.values() if i < len(values)), default=0)
        best = max((_frequency(ch) for ch in values), default=0)
        # '+' inside a name stands for '-', ' ' or nothing (Arabic, Chinese, Korean names).
        for variant in {name.replace("+", "-"), name.replace("+", "").capitalize()} if "+" in name else {name}:
            if best_nordic:
                nordic[variant] = max(nordic.get(variant, 0), best_nordic)
            anywhere[variant] = max(anywhere.get(variant, 0), best)
    return nordic, anywhere


def _zipf_tables() -> dict[str, dict[str, float]]:
    import wordfreq

    return {lang: wordfreq.get_frequency_dict(lang) for lang in ("nb", "sv", "da", "en")}


def _zipf(tables: dict[str, dict[str, float]], lang: str, word: str) -> float:
    freq = tables[lang].get(word, 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


def build_gazetteer(text: str) -> Gazetteer:
    nordic, anywhere = parse_name_list(text)
    cues = load_cues()
    tables = _zipf_tables()
    ambiguous: set[str] = set()
    elsewhere: set[str] = set()
    for name in nordic:
        low = name.lower()
        nordic_zipf = max(_zipf(tables, lang, low) for lang in ("nb", "sv", "da"))
        if (
            low in cues.ambiguous_names
            or nordic_zipf >= AMBIGUOUS_ZIPF_NORDIC
            or _zipf(tables, "en", low) >= AMBIGUOUS_ZIPF_EN
        ):
            ambiguous.add(name)
    for name, freq in anywhere.items():
        if name in nordic or freq < COMMON_ELSEWHERE or len(name) < 3:
            continue
        low = name.lower()
        if low in cues.ambiguous_names or max(_zipf(tables, lang, low) for lang in tables) >= DROP_ZIPF:
            continue
        elsewhere.add(name)
    return Gazetteer(nordic=nordic, elsewhere=frozenset(elsewhere), ambiguous=frozenset(ambiguous))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The first-name gazetteer, built once per process (about half a second).

    Nothing here logs: the log filter masks through this module, and a record
    logged while the list is being built would build it again, without end.
    """
    return build_gazetteer(read_name_list())
