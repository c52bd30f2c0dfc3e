"""UI strings from locales/<lang>.yaml, with a schema check that every locale has the same keys.

All text the app shows lives in the locale files so staff see the app in their own
language; bokmål (nb) is the reference locale and the fallback for anything missing.
Keys are nested YAML mappings, addressed with dots ("ask.title").
"""

from __future__ import annotations

import logging
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from veiviser.core.errors import VeiviserError

log = logging.getLogger(__name__)

UI_LANGS = ("nb", "sv", "da", "en")
FALLBACK_LANG = "nb"


class LocaleError(VeiviserError, ValueError):
    """A locale file is missing, unreadable or out of step with the reference locale."""


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings to dotted keys; lists and strings are leaves."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def load_locale_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LocaleError(f"locale file {path} is missing") from exc
    except yaml.YAMLError as exc:
        raise LocaleError(f"locale file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise LocaleError(f"locale file {path} must hold a mapping of keys to strings")
    return flatten(data)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_locales(locales_dir: Path, langs: tuple[str, ...] = UI_LANGS) -> list[str]:
    """Problems that make the locales inconsistent; an empty list means they all match nb.

    Every locale must have exactly nb's keys, the same kind of value (text or list,
    lists of the same length) and the same {placeholders}, so a string can never be
    missing or break formatting in one language only.
    """
    problems: list[str] = []
    reference = load_locale_file(locales_dir / f"{FALLBACK_LANG}.yaml")
    for lang in langs:
        if lang == FALLBACK_LANG:
            continue
        try:
            other = load_locale_file(locales_dir / f"{lang}.yaml")
        except LocaleError as exc:
            problems.append(str(exc))
            continue
        for key in sorted(set(reference) - set(other)):
            problems.append(f"{lang}: missing key {key}")
        for key in sorted(set(other) - set(reference)):
            problems.append(f"{lang}: key {key} is not in {FALLBACK_LANG}.yaml")
        for key in sorted(set(reference) & set(other)):
            ref, val = reference[key], other[key]
            if isinstance(ref, list) != isinstance(val, list):
                problems.append(f"{lang}: {key} must be a {'list' if isinstance(ref, list) else 'text'} as in nb")
            elif isinstance(ref, list):
                if len(ref) != len(val):
                    problems.append(f"{lang}: {key} has {len(val)} entries, nb has {len(ref)}")
            elif not isinstance(val, str) or not val.strip():
                problems.append(f"{lang}: {key} is empty")
            elif _placeholders(str(ref)) != _placeholders(val):
                problems.append(
                    f"{lang}: {key} placeholders {_placeholders(val)} differ from nb {_placeholders(str(ref))}"
                )
    return problems


@dataclass(frozen=True)
class Translator:
    """Looks up a key in the chosen locale, then in nb; a key missing from both shows as itself."""

    lang: str
    strings: Mapping[str, Any]
    fallback: Mapping[str, Any]

    def __call__(self, key: str, **values: Any) -> str:
        text = self.strings.get(key)
        if not isinstance(text, str):
            text = self.fallback.get(key)
        if not isinstance(text, str):
            log.warning("missing UI string %s", key)
            return key
        if values:
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError):
                log.warning("UI string %s could not be filled with %s", key, sorted(values))
                return text
        return text

    def list(self, key: str) -> list[str]:
        value = self.strings.get(key)
        if not isinstance(value, list):
            value = self.fallback.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []

    def has(self, key: str) -> bool:
        return key in self.strings or key in self.fallback


@lru_cache(maxsize=16)
def _cached(locales_dir: str, lang: str, mtime: float) -> dict[str, Any]:
    return load_locale_file(Path(locales_dir) / f"{lang}.yaml")


def translator(locales_dir: Path, lang: str) -> Translator:
    """The translator for `lang` (unknown languages fall back to nb)."""
    if lang not in UI_LANGS:
        log.warning("unknown UI language %r; using %s", lang, FALLBACK_LANG)
        lang = FALLBACK_LANG

    def load(code: str) -> dict[str, Any]:
        path = locales_dir / f"{code}.yaml"
        try:
            return _cached(str(locales_dir), code, path.stat().st_mtime)
        except (OSError, LocaleError) as exc:
            if code == FALLBACK_LANG:
                raise LocaleError(f"the reference locale {path} cannot be read: {exc}") from exc
            log.warning("locale %s unusable (%s); falling back to %s", code, exc, FALLBACK_LANG)
            return {}

    fallback = load(FALLBACK_LANG)
    strings = fallback if lang == FALLBACK_LANG else load(lang)
    return Translator(lang=lang, strings=strings, fallback=fallback)
