"""Cue words of the personal-data guard, read from prompts/pii_cues.yaml.

The lists (naming words, titles, roles, street endings, month names, ...) are
kept as data so the people who tune the guard can add a word without touching
the detectors, the way the answer phrases live in prompts/. They are read once
per process; a missing or malformed file is an error with the path to fix,
never a silently weaker guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from veiviser.core.config import project_root
from veiviser.core.errors import VeiviserError

CUES_FILE = "pii_cues.yaml"

_LISTS = (
    "naming_words",
    "titles",
    "person_words",
    "not_surnames",
    "ambiguous_names",
    "surname_suffixes",
    "birth_words",
    "id_words",
    "street_suffixes",
    "street_words",
    "road_designations",
)


class PiiCuesError(VeiviserError, RuntimeError):
    """The cue file of the personal-data guard is missing or malformed."""


@dataclass(frozen=True)
class Cues:
    """Lowercase cue words by role; `months` maps a month name or abbreviation to its number."""

    naming_words: frozenset[str]
    titles: frozenset[str]
    person_words: frozenset[str]
    not_surnames: frozenset[str]
    ambiguous_names: frozenset[str]
    surname_suffixes: tuple[str, ...]
    birth_words: tuple[str, ...]
    id_words: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    street_words: tuple[str, ...]
    road_designations: frozenset[str]
    months: dict[str, int]


def default_cues_path() -> Path:
    return project_root() / "prompts" / CUES_FILE


def parse_cues(data: Any, source: str = CUES_FILE) -> Cues:
    """Cues from the YAML mapping `data`; `source` names the file in errors."""
    if not isinstance(data, dict):
        raise PiiCuesError(f"{source} must be a mapping of cue lists; restore it from the repository.")
    lists: dict[str, list[str]] = {}
    for key in _LISTS:
        words = data.get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise PiiCuesError(f"{source}: «{key}» must be a non-empty list of words; restore it from the repository.")
        lists[key] = [w.strip().lower() for w in words]
    months = data.get("months")
    if not isinstance(months, dict) or not all(isinstance(v, int) and 1 <= v <= 12 for v in months.values()):
        raise PiiCuesError(f"{source}: «months» must map month names to 1-12; restore it from the repository.")
    # Longest first, so an alternation built from a list prefers "gaten" over "gate".
    by_length = {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in lists.items()}
    return Cues(
        naming_words=frozenset(lists["naming_words"]),
        titles=frozenset(lists["titles"]),
        person_words=frozenset(lists["person_words"]),
        not_surnames=frozenset(lists["not_surnames"]),
        ambiguous_names=frozenset(lists["ambiguous_names"]),
        surname_suffixes=by_length["surname_suffixes"],
        birth_words=by_length["birth_words"],
        id_words=by_length["id_words"],
        street_suffixes=by_length["street_suffixes"],
        street_words=by_length["street_words"],
        road_designations=frozenset(lists["road_designations"]),
        months={str(k).lower(): int(v) for k, v in months.items()},
    )


@lru_cache(maxsize=4)
def load_cues(path: Path | None = None) -> Cues:
    """The cues in `path` (default prompts/pii_cues.yaml), read once per process."""
    path = path or default_cues_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PiiCuesError(
            f"The personal-data guard's cue file {path} could not be read ({exc.strerror or exc}); "
            "restore prompts/pii_cues.yaml from the repository."
        ) from exc
    except yaml.YAMLError as exc:
        raise PiiCuesError(f"{path} is not valid YAML ({exc}); fix it or restore it from the repository.") from exc
    return parse_cues(data, str(path))
