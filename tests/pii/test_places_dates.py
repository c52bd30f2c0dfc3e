"""Birth dates near a birth word, and street addresses (veiviser.pii.places_dates)."""

from __future__ import annotations

import pytest

from veiviser.pii import scan


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text, {kind})]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Brukeren er født 1. mars 1990.", "1. mars 1990"),
        ("Pasient, f. 01.03.90, henvist.", "01.03.90"),
        ("Född den 3 maj 1950 i Malmö.", "3 maj 1950"),
        ("Borgeren er født 1990-03-01.", "1990-03-01"),
        ("DOB: March 1, 1990", "March 1, 1990"),
        ("Fødselsdato: 010390", "010390"),
        ("Fødd 29.02.2000 på Voss.", "29.02.2000"),
    ],
)
def test_birth_dates_after_a_birth_word(text, date):
    assert _found(text, "birth_date") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "Møtet er 01.09.2018 kl. 10.00.",
        "Planen revideres innen 1. mars 2024.",
        "født 31.02.1990",  # no such date
        "født 29.02.1990",  # not a leap year
        "f.eks. 12.03.2021",
        "Født i 1990.",  # a year is not a birth date
    ],
)
def test_other_dates_are_not_birth_dates(text):
    assert _found(text, "birth_date") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Bor i Storgata 5 med sønnen.", "Storgata 5"),
        ("Hjemmebesøk i Brakeveien 12 B tirsdag.", "Brakeveien 12 B"),
        ("Post til Drottninggatan 3, 111 51 Stockholm.", "Drottninggatan 3, 111 51 Stockholm"),
        ("Besøg på Nørregade 7.", "Nørregade 7"),
        ("Kontor i Olav Kyrres gate 5.", "Olav Kyrres gate 5"),
        ("Bygdøy allé 2, 0257 Oslo", "Bygdøy allé 2, 0257 Oslo"),
    ],
)
def test_street_addresses(text, address):
    assert _found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Riksvei 4 og Fylkesveg 17 stenges.",
        "Veien 2 videre er en ny plan.",
        "Gata har 2 kafeer.",
        "Se kapittel 5 og fase 2.",
    ],
)
def test_routes_and_street_words_alone_are_not_addresses(text):
    assert _found(text, "address") == []
