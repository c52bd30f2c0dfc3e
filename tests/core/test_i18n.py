"""Locale files: the real ones agree with nb; the checker catches drift; the translator falls back to nb."""

from __future__ import annotations

from pathlib import Path

import pytest

from veiviser.core.config import Settings
from veiviser.core.i18n import UI_LANGS, check_locales, load_locale_file, translator

REAL_LOCALES = Settings(home=Path("/nonexistent")).locales_dir


def test_the_shipped_locales_have_the_same_keys_and_placeholders_as_nb():
    assert check_locales(REAL_LOCALES) == []
    sizes = {lang: len(load_locale_file(REAL_LOCALES / f"{lang}.yaml")) for lang in UI_LANGS}
    assert len(set(sizes.values())) == 1 and sizes["nb"] > 300


def test_every_ui_language_translates_the_navigation_differently_from_a_key():
    titles = {lang: translator(REAL_LOCALES, lang)("nav.case") for lang in UI_LANGS}
    assert titles["nb"] == "Saksveileder" and titles["en"] == "Case walkthrough"
    assert len(set(titles.values())) == 4 and not any(v.startswith("nav.") for v in titles.values())


def _write(folder: Path, lang: str, text: str) -> None:
    (folder / f"{lang}.yaml").write_text(text, encoding="utf-8")


def test_checker_reports_missing_and_extra_keys_lists_and_placeholders(tmp_path):
    _write(tmp_path, "nb", "a: Hei {name}\nb:\n  c: Tekst\nl:\n  - en\n  - to\n")
    _write(tmp_path, "sv", "a: Hej {namn}\nb:\n  c: Text\n  d: Extra\nl:\n  - ett\n")
    _write(tmp_path, "da", "a: Hej {name}\nl: ikke en liste\n")
    problems = check_locales(tmp_path, ("nb", "sv", "da"))
    assert "sv: key b.d is not in nb.yaml" in problems
    assert any(p.startswith("sv: a placeholders") for p in problems)
    assert "sv: l has 1 entries, nb has 2" in problems
    assert "da: missing key b.c" in problems
    assert "da: l must be a list as in nb" in problems


def test_checker_reports_an_unreadable_locale(tmp_path):
    _write(tmp_path, "nb", "a: Hei\n")
    _write(tmp_path, "sv", "a: [unclosed\n")
    problems = check_locales(tmp_path, ("nb", "sv"))
    assert len(problems) == 1 and "not valid YAML" in problems[0]


def test_translator_falls_back_to_nb_and_formats(tmp_path):
    _write(tmp_path, "nb", "a: Hei {name}\nb: Bare norsk\nl:\n  - x\n")
    _write(tmp_path, "en", "a: Hello {name}\n")
    t = translator(tmp_path, "en")
    assert t("a", name="Kari") == "Hello Kari"
    assert t("b") == "Bare norsk"
    assert t.list("l") == ["x"]
    assert t("missing.key") == "missing.key"
    assert translator(tmp_path, "xx").lang == "nb"


def test_a_broken_reference_locale_is_an_error(tmp_path):
    from veiviser.core.i18n import LocaleError

    with pytest.raises(LocaleError):
        translator(tmp_path, "nb")
