"""The PII guard: detection rates on generated numbers, near-misses, masking, logging."""

from __future__ import annotations

import io
import logging
import random

import pii_generators as gen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veiviser.pii import (
    ID_KINDS,
    KINDS,
    PiiError,
    PiiMaskingFilter,
    contains_pii,
    guard,
    mask,
    scan,
)
from veiviser.pii.ids import classify_norwegian, classify_swedish, dk_date_ok, dk_mod11_ok

N_PER_KIND = 2000


def _rates(make, kind: str, seed: int, also_right=lambda value: set()) -> tuple[float, float]:
    """(detected with a right label, detected with exactly `kind`) over N_PER_KIND generated values.

    `also_right(value)` names other kinds the generated value is genuinely valid
    under (a few digit strings are both a Swedish and a Danish number).
    """
    rng = random.Random(seed)
    right = exact = 0
    for _ in range(N_PER_KIND):
        value = make(rng)
        text, start, end = gen.embed(rng, value)
        kinds = {f.kind for f in scan(text) if (f.start, f.end) == (start, end)}
        right += bool(kinds & ({kind} | also_right(value)))
        exact += kind in kinds
    return right / N_PER_KIND, exact / N_PER_KIND


# ------------------------------------------------------------- worked examples


def test_brief_test_vectors():
    assert classify_norwegian("31129956715") == "no_fnr"
    assert classify_swedish("6408233234") == "se_pnr"
    assert classify_swedish("7010632391") == "se_samnr"
    found = scan("fnr 31129956715, personnummer 640823-3234 og samordningsnummer 701063-2391.")
    assert [(f.kind, f.text) for f in found] == [
        ("no_fnr", "31129956715"),
        ("se_pnr", "640823-3234"),
        ("se_samnr", "701063-2391"),
    ]


def test_post_2032_first_check_digit_rule_is_accepted_beside_the_old_one():
    # Same nine digits, K1 chosen so the K1 sum leaves remainder 0, 1, 2 (3 gives a 10: never issued).
    assert [gen.no_with_check_digits("311299567", r) for r in range(5)] == [
        "31129956715",
        "31129956723",
        "31129956731",
        None,
        "31129956758",
    ]
    for number in ("31129956715", "31129956723", "31129956731"):
        assert classify_norwegian(number) == "no_fnr"
    assert classify_norwegian("31129956758") is None  # remainder 4 is outside the 2032 rule


def test_danish_mod11_is_a_signal_not_a_requirement():
    rng = random.Random(5)
    failing = gen.danish_digits(rng, mod11=False)
    assert dk_date_ok(failing) and not dk_mod11_ok(failing)
    hyphenated = f"{failing[:6]}-{failing[6:]}"
    bare = failing
    assert [f.kind for f in scan(f"Borger {hyphenated} er visiteret.")] == ["dk_cpr"]
    assert [f.kind for f in scan(f"CPR-nr. {bare} er registreret.")] == ["dk_cpr"]
    # A bare 10-digit run with a date-like start and no signal is too weak to call a CPR.
    assert not any(f.kind == "dk_cpr" for f in scan(f"Ordre {bare} er sendt."))


# ------------------------------------------------------------- detection rates


@pytest.mark.parametrize("kind", ["no_fnr", "no_dnr", "no_hnr", "no_fhnr"])
def test_norwegian_numbers_are_detected(kind):
    def make(rng):
        digits = gen.norwegian(rng, kind)
        return digits[:6] + rng.choice(gen.ID_SEPARATORS) + digits[6:]

    right, exact = _rates(make, kind, seed=KINDS.index(kind))
    assert exact >= 0.99


@pytest.mark.parametrize("kind", ["se_pnr", "se_samnr"])
def test_swedish_numbers_are_detected(kind):
    right, exact = _rates(lambda rng: gen.swedish(rng, kind), kind, seed=11, also_right=gen.short_id_kinds)
    assert right >= 0.99
    assert exact >= 0.95  # the rest are also valid CPR numbers, labelled by the tie-break


def test_danish_cpr_with_mod11_in_any_layout_is_detected():
    right, exact = _rates(lambda rng: gen.danish(rng, mod11=True), "dk_cpr", seed=12)
    assert exact >= 0.99


def test_danish_cpr_failing_mod11_is_detected_in_canonical_form():
    right, exact = _rates(lambda rng: gen.danish(rng, mod11=False), "dk_cpr", seed=13, also_right=gen.short_id_kinds)
    assert right >= 0.99
    assert exact >= 0.90  # the rest are also valid Swedish numbers (Luhn and date)


def test_phone_numbers_are_detected():
    # A packed Swedish mobile (0701234567) can also be a valid personnummer or CPR;
    # it is masked either way.
    right, exact = _rates(gen.phone, "phone", seed=14, also_right=gen.short_id_kinds)
    assert right >= 0.99
    assert exact >= 0.97


def test_email_addresses_are_detected():
    right, exact = _rates(gen.email, "email", seed=15)
    assert exact >= 0.99


# ------------------------------------------------------------------ near-misses


def _no_near_misses(rng: random.Random) -> list[str]:
    valid = gen.norwegian(rng, rng.choice(["no_fnr", "no_dnr", "no_hnr", "no_fhnr"]), post_2032=False)
    wrong_k2 = valid[:10] + str((int(valid[10]) + rng.randint(1, 9)) % 10)
    impossible = []
    for ddmm in ("3002", "3102", "3104", "3106", "3109", "3111", "0013", "1513", "0010", "3200", "7202"):
        number = gen.no_with_check_digits(ddmm + valid[4:9])
        if number:
            impossible.append(number)
    return [wrong_k2, *impossible]


def _short_near_misses(rng: random.Random) -> list[str]:
    """10-digit Swedish/Danish numbers with a wrong check digit or an impossible date."""
    out = []
    ten = gen.swedish_digits(gen._date(rng, 1932, 1999), rng.random() < 0.3, rng)
    out.append(ten[:9] + str((int(ten[9]) + rng.randint(1, 9)) % 10))  # wrong Luhn digit
    for mmdd in ("0230", "0231", "0431", "1301", "0001", "0100", "0292"):
        nine = ten[:2] + mmdd + ten[6:9]
        out.append(nine + gen.luhn_digit(nine))  # right Luhn digit, impossible date
    for ddmm in ("3002", "3102", "3104", "0013", "1513", "0000", "3200"):
        nine = ddmm + ten[4:6] + "0" + ten[7:9]
        solved = -sum(int(x) * w for x, w in zip(nine, gen.DK_W)) % 11
        if solved < 10:
            out.append(nine + str(solved))  # mod-11 fine, impossible CPR date
    danish = gen.danish_digits(rng, mod11=False)
    out.append(danish)  # fails mod 11, no hyphen, no context word
    # A near-miss must be invalid under every scheme, not just the one it was made from. A CPR
    # number with a 1 January birth date may fail mod 11 and still be issued (cpr.dk), so it is no near-miss.
    return [
        n
        for n in out
        if not gen.se_valid(n) and not (gen.dk_date_valid(n) and (gen.dk_mod11_valid(n) or n.startswith("0101")))
    ]


def test_near_misses_are_not_flagged_as_ids():
    rng = random.Random(21)
    flagged, total = [], 0
    for _ in range(400):
        for number in _no_near_misses(rng):
            for layout in (number, f"{number[:6]} {number[6:]}"):
                total += 1
                text = f"Saksnummer {layout} ble journalført."
                flagged += [f.kind for f in scan(text) if f.kind in ID_KINDS]
        for number in _short_near_misses(rng):
            for layout in (number, f"{number[:6]}-{number[6:]}"):
                if "-" in layout and gen.dk_date_valid(number):
                    continue  # a hyphenated CPR with a real date is a CPR by design
                total += 1
                flagged += [f.kind for f in scan(f"Løpenummer {layout} i arkivet.") if f.kind in ID_KINDS]
    assert total > 5000
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "Piloten varte 2018–2023 og 2018-2023, jf. hol. § 7-2 a og pbrl. § 2-5.",
        "Møtet var 01.09.2018 kl. 10.00–12.00, neste 1.8.2022 og 2022-08-01.",
        "FOR-2011-12-16-1256 og FOR-2010-11-19-1462, SFS 2009:981, lag (2019:1297).",
        "Prop. 100 L (2020–2021), s. 12-14; 3-5 % av befolkningen; 6,7 % og 21,5 %.",
        "Budsjett 12 000 000 kroner, 2 500 brukere, 100 200 300 400 i tabellen.",
        "Tabell: 2018 2019 2020 2021 og 20190912 Samordningsförbundet.",
        "Org.nr. 974 760 673 og 974760673; konto 1503.12.34567.",
        "ISBN 978-82-8081-123-4 og versjon v2.3, rapport 2017/12.",
    ],
)
def test_ordinary_document_numbers_are_not_flagged(text):
    assert scan(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Ring (+47) 22 33 44 55 nå.", "(+47) 22 33 44 55"),
        ("Tlf. (+47 22 33 44 55)", "+47 22 33 44 55"),
        ("Växel +46 (0)8-123 456 78.", "+46 (0)8-123 456 78"),
        ("Ring +47 22 33 44 55 12 ganger.", "+47 22 33 44 55"),
        ("Mobil 912\u00a034\u00a0567 hele dagen", "912\u00a034\u00a0567"),
    ],
)
def test_phone_layouts_and_spans(text, span):
    assert [(f.kind, f.text) for f in scan(text)] == [("phone", span)]


def test_an_11_digit_number_is_one_finding_not_a_phone_too():
    found = scan("Fnr. 31129956715 og tlf. 22 33 44 55.")
    assert [f.kind for f in found] == ["no_fnr", "phone"]


def test_real_corpus_has_no_id_numbers(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        found = scan(path.read_text(encoding="utf-8"))
        assert [f.kind for f in found if f.kind in ID_KINDS] == [], path.name


# -------------------------------------------------------------------- properties

_PII_ALPHABET = st.sampled_from(list("0123456789 -+.@()\u00a0\nabcæøå§–") + ["no", "+47", "cpr"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_PII_ALPHABET, max_size=80).map("".join)))
def test_scan_never_raises_and_offsets_slice_back(text):
    found = scan(text)
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.kind in KINDS
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert not contains_pii(mask(text))


# ----------------------------------------------------------------------- masking


def test_mask_replaces_each_finding_with_its_label_and_keeps_the_rest():
    text = "Kari (fnr 31129956715) ringte fra +47 912 34 567 og skrev til kari@example.org i går."
    assert mask(text) == ("Kari (fnr [FØDSELSNUMMER]) ringte fra [TELEFONNUMMER] og skrev til [E-POSTADRESSE] i går.")
    assert mask("Ingen personopplysninger her, bare § 2-5.") == "Ingen personopplysninger her, bare § 2-5."


def test_masked_display_value_never_shows_the_whole_number():
    [f] = scan("31129956715")
    assert f.masked == "*********15"
    assert "31129956715" not in repr(f)
    [e] = scan("ola.nordmann@kommune.no")
    assert e.masked == "o***@***.no"


def test_guard_raises_a_norwegian_message_listing_kinds_but_not_values():
    with pytest.raises(PiiError) as exc:
        guard("Ring 22 33 44 55 om 31129956715", field="notat")
    message = str(exc.value)
    assert exc.value.kinds == ("no_fnr", "phone")
    assert "fødselsnummer og telefonnummer" in message and "«notat»" in message
    assert "31129956715" not in message and "22 33 44 55" not in message
    assert isinstance(exc.value, ValueError)
    guard("Koordinator avtalte møte med fastlegen.")  # clean text passes


# ----------------------------------------------------------------------- logging


def _logger_with_filter(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PiiMaskingFilter())
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_log_filter_masks_message_args_and_tracebacks():
    logger, stream = _logger_with_filter("veiviser.test.pii_filter")
    logger.info("bruker %s ringte %s", "31129956715", "+47 912 34 567")
    logger.warning("e-post kari@example.org mottatt")
    try:
        raise ValueError("ugyldig 640823-3234")
    except ValueError:
        logger.exception("feil for %s", "701063-2391")
    out = stream.getvalue()
    for secret in ("31129956715", "912 34 567", "kari@example.org", "640823-3234", "701063-2391"):
        assert secret not in out
    assert "bruker [FØDSELSNUMMER] ringte [TELEFONNUMMER]" in out
    assert "[PERSONNUMMER]" in out and "ValueError" in out


def test_log_filter_keeps_records_with_bad_format_args():
    logger, stream = _logger_with_filter("veiviser.test.pii_filter_bad")
    logger.info("to plasser %s %s", "31129956715")  # one arg missing
    assert "31129956715" not in stream.getvalue()
    assert "[FØDSELSNUMMER]" in stream.getvalue()
