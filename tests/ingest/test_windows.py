"""Passage windows: whole sentences packed up to a size, covering the chunk's text once."""

from __future__ import annotations

import re

import pytest

from ingest.windows import passage_windows

TEXT = (
    "Koordinatoren skal sikre nødvendig oppfølging. Hun skal også sørge for samordning av tjenestetilbudet! "
    "Kommunen skal ha en koordinerende enhet?\nOppgaver:\n- Individuell plan\n- Kontakt med fastlegen\n"
    "Planen krever samtykke fra personen; den skal evalueres jevnlig."
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_a_text_that_fits_is_one_window_and_size_zero_turns_windows_off():
    assert passage_windows("  Kort tekst. To setninger.  ", 350) == ["Kort tekst. To setninger."]
    assert passage_windows(TEXT, 0) == [TEXT.strip()]
    assert passage_windows("   \n ", 350) == []


@pytest.mark.parametrize("size", [40, 80, 120, 200])
def test_windows_are_whole_sentences_within_the_size_and_cover_the_text_in_order(size):
    windows = passage_windows(TEXT, size)
    assert len(windows) > 1
    assert words(" ".join(windows)) == words(TEXT)  # nothing lost, nothing repeated
    for window in windows:
        units = [u for u in re.split(r"(?<=[.!?:])\s+|\n+", window) if u.strip()]
        assert len(window) <= size or len(units) == 1  # only a single long sentence may exceed
        assert not window.startswith(" ") and not window.endswith(" ")


def test_a_sentence_longer_than_the_size_is_never_cut():
    long_sentence = "Dette er en svært lang setning " + "med mange ord " * 20 + "som ender her."
    windows = passage_windows(f"Først. {long_sentence} Sist.", 50)
    assert long_sentence in windows
    assert windows[0] == "Først." and windows[-1] == "Sist."


def test_a_semicolon_does_not_end_the_sentence():
    text = "Planen krever samtykke fra personen; den skal evalueres jevnlig. Neste setning står alene."
    assert passage_windows(text, 40) == [
        "Planen krever samtykke fra personen; den skal evalueres jevnlig.",
        "Neste setning står alene.",
    ]
