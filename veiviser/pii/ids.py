"""Check-digit and date rules for Nordic national identity numbers.

Pure functions over digit strings, kept apart from the text scanner so the
rules can be read and tested against the published worked examples
(shared/domain/brief.md, section 5). python-stdnum was considered and not
used: it lacks the Norwegian post-2032 K1 rule, Swedish samordningsnummer and
FH-numbers, and its validators depend on today's date.
"""

from __future__ import annotations

import calendar

NO_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
NO_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# From 2032 the first check digit may leave a remainder of 0-3 (skatteetaten.no);
# validators must accept both the old rule (0) and the new one side by side.
NO_K1_REMAINDERS = frozenset({0, 1, 2, 3})
DK_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def is_valid_date(day: int, month: int, year: int | None) -> bool:
    """A real calendar date; with an unknown century, 29 February is allowed in years divisible by 4."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        return year is not None and (calendar.isleap(year) if year >= 100 else year % 4 == 0)
    return day <= calendar.monthrange(2001, month)[1]


# ---------------------------------------------------------------- Norway


def no_check_digits_ok(digits: str, *, allow_2032_rule: bool = True) -> bool:
    """Both mod-11 checks of an 11-digit Norwegian number (fødsels-, D-, H- or FH-nummer)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    k1_remainder = _weighted_sum(digits[:10], NO_K1_WEIGHTS) % 11
    allowed = NO_K1_REMAINDERS if allow_2032_rule else frozenset({0})
    return k1_remainder in allowed and _weighted_sum(digits, NO_K2_WEIGHTS) % 11 == 0


def classify_norwegian(digits: str) -> str | None:
    """The kind of a valid 11-digit Norwegian number, or None.

    D-nummer: day + 40. H-nummer: month + 40. FH-nummer (and the older
    H-number convention): first digit 8 or 9, no date, strict K1 rule since
    no 2032 change is published for them.
    """
    if len(digits) != 11 or not digits.isdigit():
        return None
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if digits[0] in "89":
        return "no_fhnr" if no_check_digits_ok(digits, allow_2032_rule=False) else None
    if not no_check_digits_ok(digits):
        return None
    if 41 <= day <= 71 and is_valid_date(day - 40, month, yy):
        return "no_dnr"
    if 41 <= month <= 52 and is_valid_date(day, month - 40, yy):
        return "no_hnr"
    if is_valid_date(day, month, yy):
        return "no_fnr"
    return None


# ---------------------------------------------------------------- Sweden


def luhn_ok(digits: str) -> bool:
    """Luhn (modulus 10, weights 2,1,... from the first digit) over an even number of digits."""
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def classify_swedish(digits: str, century: int | None = None) -> str | None:
    """The kind of a valid Swedish personnummer (YYMMDDNNNC), or None.

    `century` (18, 19 or 20) comes from the 12-digit form; the Luhn check always
    runs over the 10 digits. Samordningsnummer: day + 60.
    """
    if len(digits) != 10 or not digits.isdigit() or not luhn_ok(digits):
        return None
    yy, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    year = century * 100 + yy if century is not None else yy
    if is_valid_date(day, month, year):
        return "se_pnr"
    if 61 <= day <= 91 and is_valid_date(day - 60, month, year):
        return "se_samnr"
    return None


# ---------------------------------------------------------------- Denmark


def dk_birth_year(yy: int, seventh_digit: int) -> int:
    """Full birth year of a CPR number from YY and the 7th digit (cpr.dk table)."""
    if seventh_digit <= 3:
        return 1900 + yy
    if seventh_digit in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def dk_date_ok(digits: str) -> bool:
    """DDMMYY-SSSS has a real birth date (century from the 7th digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    return is_valid_date(day, month, dk_birth_year(yy, int(digits[6])))


def dk_mod11_ok(digits: str) -> bool:
    """The classic CPR modulus-11 check; since 2007 some valid numbers fail it, so it is only a signal."""
    return len(digits) == 10 and digits.isdigit() and _weighted_sum(digits, DK_WEIGHTS) % 11 == 0
