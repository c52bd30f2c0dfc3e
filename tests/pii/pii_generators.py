"""Generators of fake but valid Nordic ID numbers, phone numbers and e-mail addresses.

Check digits are *solved* here (the production code only validates), written
independently of veiviser.pii so the detection tests do not run the scanner
against itself. Phone numbers are checked with libphonenumber, the reference
for what numbers exist. Every value is synthetic.
"""

from __future__ import annotations

import datetime
import random

import phonenumbers

NO_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
NO_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
DK_W = (4, 3, 2, 7, 6, 5, 4, 3, 2)

ID_SEPARATORS = ("", "", "-", " ", "\u00a0")

SENTENCES = (
    "{x}",
    "Fødselsnummer: {x}.",
    "Bruker med nr. {x} ble meldt til koordinerende enhet 01.09.2018.",
    "Ta kontakt med {x} før møtet i oppfølgingsteamet kl. 10.00.",
    "Ref. ({x}), jf. § 2-5 og pilotperioden 2018–2023.",
    "Han oppga {x}, men ba om at det ikke deles med NAV.",
    "Linje én\n{x}\nLinje tre i individuell plan",
    "Samordnad individuell plan för {x} upprättades 2020-03-01.",
    "Borgeren ({x}) deltager i forløbet; se s. 12-14.",
    "«{x}» står i journalnotatet fra 12.03.2021; 3-5 % av brukerne.",
)


def embed(rng: random.Random, value: str) -> tuple[str, int, int]:
    """`value` placed in a random sentence; returns the sentence and the value's span."""
    template = rng.choice(SENTENCES)
    start = template.index("{x}")
    return template.replace("{x}", value), start, start + len(value)


def _date(rng: random.Random, first_year: int, last_year: int) -> datetime.date:
    first = datetime.date(first_year, 1, 1).toordinal()
    last = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(first, last))


def _ddmmyy(d: datetime.date) -> str:
    return f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"


# ------------------------------------------------------------------ Norway


def _no_individual(rng: random.Random, year: int) -> int:
    if year < 1900:
        return rng.randint(500, 749)
    if year >= 2000:
        return rng.randint(500, 999)
    if year >= 1940 and rng.random() < 0.2:
        return rng.randint(900, 999)
    return rng.randint(0, 499)


def no_with_check_digits(nine: str, k1_remainder: int = 0) -> str | None:
    """Append K1 (so the K1 sum leaves `k1_remainder`) and K2, or None when a digit would be 10."""
    k1 = (k1_remainder - sum(int(d) * w for d, w in zip(nine, NO_W1))) % 11
    if k1 == 10:
        return None
    ten = nine + str(k1)
    k2 = (-sum(int(d) * w for d, w in zip(ten, NO_W2))) % 11
    return None if k2 == 10 else ten + str(k2)


def norwegian(rng: random.Random, kind: str = "no_fnr", post_2032: bool | None = None) -> str:
    """11 digits of a valid fødselsnummer, D-, H- or FH-nummer."""
    while True:
        if kind == "no_fhnr":
            nine = rng.choice("89") + "".join(rng.choice("0123456789") for _ in range(8))
            number = no_with_check_digits(nine)
        else:
            d = _date(rng, 1900, 2039)
            day = d.day + (40 if kind == "no_dnr" else 0)
            month = d.month + (40 if kind == "no_hnr" else 0)
            nine = f"{day:02d}{month:02d}{d.year % 100:02d}{_no_individual(rng, d.year):03d}"
            new_rule = rng.random() < 0.3 if post_2032 is None else post_2032
            number = no_with_check_digits(nine, rng.randint(1, 3) if new_rule else 0)
        if number:
            return number


# ------------------------------------------------------------------ Sweden


def luhn_digit(nine: str) -> str:
    total = 0
    for i, d in enumerate(nine):
        total += sum(divmod(int(d) * (2 - i % 2), 10))
    return str(-total % 10)


def swedish_digits(d: datetime.date, samordning: bool, rng: random.Random) -> str:
    day = d.day + (60 if samordning else 0)
    nine = f"{d.year % 100:02d}{d.month:02d}{day:02d}{rng.randint(1, 999):03d}"
    return nine + luhn_digit(nine)


def swedish(rng: random.Random, kind: str = "se_pnr", first_year: int = 1900) -> str:
    """A valid personnummer or samordningsnummer in one of its written forms."""
    d = _date(rng, first_year, 2024)
    ten = swedish_digits(d, kind == "se_samnr", rng)
    form = rng.randrange(4)
    if form == 0 and d.year <= 1924:
        return f"{ten[:6]}+{ten[6:]}"
    if form == 1:
        return f"{d.year // 100}{ten[:6]}{rng.choice(['-', ''])}{ten[6:]}"
    return f"{ten[:6]}{rng.choice(ID_SEPARATORS)}{ten[6:]}"


# ----------------------------------------------------------------- Denmark


def dk_seventh_digits(year: int) -> list[int]:
    yy = year % 100
    if 1900 <= year <= 1999:
        return [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
    if 2000 <= year <= 2036:
        return [4, 9] + ([5, 6, 7, 8] if yy <= 57 else [])
    if 2037 <= year <= 2057:
        return [5, 6, 7, 8]
    raise ValueError(year)


def danish_digits(rng: random.Random, mod11: bool = True, first_year: int = 1900) -> str:
    while True:
        d = _date(rng, first_year, 2024)
        nine = _ddmmyy(d) + str(rng.choice(dk_seventh_digits(d.year))) + f"{rng.randint(0, 99):02d}"
        solved = -sum(int(x) * w for x, w in zip(nine, DK_W)) % 11
        if mod11 and solved < 10:
            return nine + str(solved)
        if not mod11:
            return nine + str(rng.choice([x for x in range(10) if x != solved]))


def danish(rng: random.Random, mod11: bool = True) -> str:
    digits = danish_digits(rng, mod11)
    sep = rng.choice(ID_SEPARATORS) if mod11 else "-"
    return f"{digits[:6]}{sep}{digits[6:]}"


# ----------------------------------------------- reference checks for near-misses


def se_valid(ten: str) -> bool:
    if luhn_digit(ten[:9]) != ten[9]:
        return False
    yy, mm, dd = int(ten[:2]), int(ten[2:4]), int(ten[4:6])
    dd = dd - 60 if dd > 60 else dd
    for century in (1800, 1900, 2000):
        try:
            datetime.date(century + yy, mm, dd)
            return True
        except ValueError:
            pass
    return False


def dk_mod11_valid(ten: str) -> bool:
    return sum(int(x) * w for x, w in zip(ten, DK_W + (1,))) % 11 == 0


def dk_date_valid(ten: str) -> bool:
    for century in (1800, 1900, 2000):
        try:
            datetime.date(century + int(ten[4:6]), int(ten[2:4]), int(ten[:2]))
            return True
        except ValueError:
            pass
    return False


def short_id_kinds(value: str) -> set[str]:
    """Every scheme a written 10/12-digit Swedish or Danish number is valid under.

    Some digit strings are both a valid Swedish personnummer and a valid
    Danish CPR; either label is then right, and only the text around it could tell.
    """
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) not in (10, 12):
        return set()
    ten = digits[-10:]
    kinds = set()
    if se_valid(ten):
        kinds.add("se_samnr" if int(ten[4:6]) > 60 else "se_pnr")
    if len(digits) == 10 and "+" not in value and dk_date_valid(ten):
        kinds.add("dk_cpr")
    return kinds


# ------------------------------------------------------------ phones, e-mail

_PHONE_PREFIXES = {
    "NO": ("2", "3", "4", "5", "6", "7", "9"),
    "DK": ("2", "3", "4", "5", "6", "7", "8", "9"),
    "SE": ("070", "072", "073", "076", "079", "08", "031", "040", "018", "0611"),
}


def _valid_national(rng: random.Random, region: str) -> str:
    while True:
        prefix = rng.choice(_PHONE_PREFIXES[region])
        length = 8 if region in ("NO", "DK") else 10 if prefix.startswith("07") else rng.choice([9, 10])
        number = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        if phonenumbers.is_valid_number(phonenumbers.parse(number, region)):
            return number


def phone(rng: random.Random) -> str:
    """A valid NO, DK or SE number, laid out the way libphonenumber formats it or packed."""
    region = rng.choice(("NO", "DK", "SE"))
    national = _valid_national(rng, region)
    parsed = phonenumbers.parse(national, region)
    fmt = phonenumbers.PhoneNumberFormat
    cc = str(parsed.country_code)
    significant = phonenumbers.national_significant_number(parsed)
    layouts = [
        phonenumbers.format_number(parsed, fmt.NATIONAL),  # 22 33 44 55 / 070-123 45 67
        phonenumbers.format_number(parsed, fmt.INTERNATIONAL),  # +47 22 33 44 55
        phonenumbers.format_number(parsed, fmt.E164),  # +4722334455
        f"00{cc} {significant}",
        national,
    ]
    if region == "NO":
        layouts.append(f"{national[:3]} {national[3:5]} {national[5:]}")  # 223 34 455
    if region == "SE":
        layouts.append(f"+46 (0){phonenumbers.format_number(parsed, fmt.NATIONAL)[1:]}")
    return rng.choice(layouts)


_FIRST = ("ola", "kari", "per", "anne", "bjørn", "sigrid", "lars", "mette", "åse", "erik")
_LAST = ("nordmann", "hansen", "testesen", "eksempel", "fiktiv", "dummy")
_DOMAINS = ("kommune.no", "nav.no", "example.org", "vgregion.se", "regionh.dk", "bydel-x.oslo.kommune.no")


def email(rng: random.Random) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}_{last}{rng.randint(1, 99)}",
            f"{first}+ip",
            f"{first}-{last}",
        )
    )
    return f"{local}@{rng.choice(_DOMAINS)}"
