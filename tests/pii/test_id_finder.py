"""ID numbers written with any separator, inside or across runs of digits (veiviser.pii.id_finder)."""

from __future__ import annotations

import random

import pii_generators as gen
import pii_text_generators as tg
import pytest

from veiviser.pii import ID_KINDS, scan

FNR = "01019010046"  # 1 Jan 1990, solved check digits: synthetic


def _ids(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text) if f.kind in ID_KINDS]


def test_the_fixture_number_is_valid():
    assert gen.no_with_check_digits(FNR[:9]) == FNR


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Fnr 010190.10046 i saken.", "no_fnr", "010190.10046"),
        ("Fnr 0101 9010 046 i saken.", "no_fnr", "0101 9010 046"),
        ("Fnr 010190/10046 i saken.", "no_fnr", "010190/10046"),
        ("Fnr 01.01.90-10046 i saken.", "no_fnr", "01.01.90-10046"),
        ("Fnr 010190\n10046 i saken.", "no_fnr", "010190\n10046"),
        ("Fnr 0 1 0 1 9 0 1 0 0 4 6 i saken.", "no_fnr", "0 1 0 1 9 0 1 0 0 4 6"),
        ("Fnr 010190\u202f10046 i saken.", "no_fnr", "010190\u202f10046"),
        ("Fnr 0101\u200b9010046 i saken.", "no_fnr", "0101\u200b9010046"),
        ("Fnr 010190\u00ad10046 i saken.", "no_fnr", "010190\u00ad10046"),
        ("Fnr 01\u20600190\ufeff10046 i saken.", "no_fnr", "01\u20600190\ufeff10046"),
        ("Personnummer 640823.3234 finns.", "se_pnr", "640823.3234"),
        ("Personnummer 19640823 3234 finns.", "se_pnr", "19640823 3234"),
        ("Personnummer 640823+3234 finns.", "se_pnr", "640823+3234"),
        ("Borger 010190 1234 er visiteret.", "dk_cpr", "010190 1234"),  # 1 January: mod 11 not required
    ],
)
def test_separators_and_invisible_characters_do_not_hide_an_id(text, kind, span):
    assert _ids(text) == [(kind, span)]


def test_every_generated_layout_of_valid_numbers_is_found():
    rng = random.Random(3)
    missed = []
    for kind in ("no_fnr", "no_dnr", "no_hnr", "no_fhnr"):
        for _ in range(40):
            digits = gen.norwegian(rng, kind)
            for name, value in tg.layouts(digits, rng).items():
                text, start, end = tg.embed(rng, value)
                if not any(f.kind == kind and f.start <= start and f.end >= end - 1 for f in scan(text)):
                    missed.append((kind, name))
    assert missed == []


def test_wrong_check_digits_are_not_flagged_in_any_layout():
    rng = random.Random(4)
    flagged = total = 0
    for _ in range(60):
        for digits in (gen.norwegian(rng), gen.swedish_digits(gen._date(rng, 1940, 1999), False, rng)):
            bad = tg.wrong_check_digit(digits, rng)
            if len(bad) == 10 and gen.dk_date_valid(bad):
                continue  # still a possible CPR number
            for value in tg.layouts(bad, rng).values():
                total += 1
                flagged += bool(_ids(tg.embed(rng, value)[0]))
    assert total > 1000
    assert flagged / total <= 0.02


@pytest.mark.parametrize(
    "text",
    [
        "FOR-2011-12-16-1256 og LOV-1999-07-02-63 gjelder.",
        "Konto 1503.12.34567 og 1503 12 34567.",
        "Ring +47 22 33 44 55 eller 0047 22 33 44 55.",
        "Tabell: 2018 2019 2020 2021 2022, 12 000 000 kroner og 100 200 300 400.",
        "ISBN 978-82-8081-123-4, møtet 01.09.2018 10.00 og 12.03.2021 14.30.",
    ],
)
def test_look_alikes_are_not_ids(text):
    assert _ids(text) == []


def test_a_danish_number_failing_mod11_needs_a_signal():
    rng = random.Random(5)
    digits = next(d for d in (gen.danish_digits(rng, mod11=False) for _ in range(100)) if not d.startswith("0101"))
    spaced = f"{digits[:6]} {digits[6:]}"
    assert not gen.dk_mod11_valid(digits)
    assert [k for k, _ in _ids(f"CPR-nr. {spaced} er registreret.")] == ["dk_cpr"]
    assert [k for k, _ in _ids(f"Borgerens fødselsnummer {spaced}.")] in (["dk_cpr"], ["se_pnr"], ["se_samnr"])
    assert "dk_cpr" not in [k for k, _ in _ids(f"Ordre {spaced} er sendt.")]


def test_an_id_inside_a_longer_run_needs_an_id_layout():
    assert _ids(f"2018 {FNR[:6]} {FNR[6:]} 2019") == [("no_fnr", f"{FNR[:6]} {FNR[6:]}")]
    # "01 0190 10046" inside a run is no ID layout; alone it would be.
    assert _ids("12 01 0190 10046") == []
    assert _ids("01 0190 10046") == [("no_fnr", "01 0190 10046")]


def test_a_number_of_someone_born_in_2000_in_groups_of_four_is_not_a_dialling_prefix():
    import datetime

    rng = random.Random(6)
    found = 0
    for _ in range(40):
        born = datetime.date(2000, rng.randint(1, 12), rng.randint(1, 28))
        digits = gen.swedish_digits(born, rng.random() < 0.5, rng)  # "0006 7497 41": starts with 00
        grouped = " ".join(digits[i : i + 4] for i in range(0, 10, 4))
        found += bool(_ids(f"Personen har nummer {grouped} i journalen."))
    assert found == 40
    # a real international number keeps being one
    assert _ids("Ring 0046 8 123 456 78 eller 0045 33 12 34 56.") == []
