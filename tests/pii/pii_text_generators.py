"""Generated test material for the PII guard: obfuscated ID layouts, and sentences with and
without names, birth dates, addresses, phone numbers and e-mail addresses (nb, sv, da, en).

Shared by tests/pii and bench/pii_guard.py. Every value is synthetic: ID numbers
are solved by pii_generators, surnames are invented from syllables (or are
everyday words that are also surnames), first names are drawn from the guard's
own first-name list, streets are invented. Templates are split into train and
test once (`split`); tests and tuning use train, the bench reports test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pii_generators as gen

# ------------------------------------------------------------------ ID layouts

INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
VISIBLE_SEPARATORS = (" ", ".", "/", "-", "\u00a0", "\u202f", "\n", "\u2013", " - ")


def layouts(digits: str, rng: random.Random) -> dict[str, str]:
    """The digits of one ID written in each layout people use, keyed by layout name.

    The serial part follows the date: at 6 for 10/11 digits, at 8 for the 12-digit Swedish form.
    """
    cut = 8 if len(digits) == 12 else 6
    head, tail = digits[:cut], digits[cut:]
    sep = rng.choice(VISIBLE_SEPARATORS)
    dated = ".".join(head[i : i + 2] for i in range(0, cut, 2)) if cut == 6 else f"{head[:4]}-{head[4:6]}-{head[6:]}"
    hidden = rng.choice(INVISIBLES)
    at = rng.randrange(1, len(digits))
    return {
        "packed": digits,
        "canonical": f"{head}-{tail}",
        "space": f"{head} {tail}",
        "dot": f"{head}.{tail}",
        "slash": f"{head}/{tail}",
        "nbsp": f"{head}\u00a0{tail}",
        "narrow_nbsp": f"{head}\u202f{tail}",
        "line_break": f"{head}\n{tail}",
        "dated": f"{dated}-{tail}" if cut == 6 else f"{dated} {tail}",
        "groups_4_4": " ".join(digits[i : i + 4] for i in range(0, len(digits), 4)),
        "every_digit": " ".join(digits),
        "random_separator": f"{head}{sep}{tail}",
        "invisible_inside": digits[:at] + hidden + digits[at:],
        "invisible_and_space": f"{head}{hidden} {tail}",
        "soft_hyphen_line": f"{head}\u00ad\n{tail}",
    }


ID_CONTEXTS = (
    "{x}",
    "Bruker med nr. {x} ble meldt til koordinerende enhet 01.09.2018.",
    "Ta kontakt angående {x} før møtet i oppfølgingsteamet kl. 10.00.",
    "Ref. ({x}), jf. § 2-5 og pilotperioden 2018–2023.",
    "Han oppga {x}, men ba om at det ikke deles.",
    "Samordnad individuell plan för {x} upprättades 2020-03-01.",
    "Borgeren ({x}) deltager i forløbet; se s. 12-14.",
    "«{x}» står i journalnotatet fra 12.03.2021.",
)
DK_CONTEXTS = (
    "CPR-nr. {x} er registreret.",
    "Borgerens CPR {x} står i sagen.",
    "personnummer {x} fremgår af journalen.",
)


def embed(rng: random.Random, value: str, contexts: tuple[str, ...] = ID_CONTEXTS) -> tuple[str, int, int]:
    template = rng.choice(contexts)
    start = template.index("{x}")
    return template.replace("{x}", value), start, start + len(value)


def wrong_check_digit(digits: str, rng: random.Random) -> str:
    """The same number with its last digit changed (one of the check digits for NO, the Luhn digit for SE)."""
    return digits[:-1] + str((int(digits[-1]) + rng.randint(1, 9)) % 10)


# ------------------------------------------------------------- sentence material

_ONSETS = ("Br", "Kv", "Tj", "Sk", "Fj", "Gr", "Vr", "Sn", "Tr", "Bl", "Hj", "St", "Kl", "Fl", "Dr", "M", "L", "R")
_VOWELS = ("a", "e", "i", "o", "u", "y", "å", "ø", "æ", "ö", "ä")
_CODAS = ("nd", "rk", "ll", "st", "m", "v", "ng", "rt", "k", "l", "n", "s")
_SURNAME_ENDINGS = ("sen", "son", "sson", "stad", "rud", "heim", "vik", "dal", "berg", "nes", "", "", "e", "er")
# Everyday words that are also common Nordic surnames: harder, since they are not rare words.
WORD_SURNAMES = ("Berg", "Lie", "Moe", "Dahl", "Strand", "Bakke", "Haug", "Lund", "Holm", "Vik", "Lind", "Sand")
_STREET_SUFFIXES = ("veien", "vegen", "gata", "gaten", "vägen", "gatan", "vej", "gade", "stræde", "allé", "bakken")
_STREET_WORDS = ("gate", "vei", "väg", "vej", "gade")
_CITIES = ("Oslo", "Bergen", "Malmö", "Odense", "Tromsø", "Umeå", "Aarhus", "Lillehammer")


def invented_word(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def surname(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(WORD_SURNAMES)
    return invented_word(rng) + rng.choice(_SURNAME_ENDINGS)


def full_name(rng: random.Random, first_names: list[str]) -> str:
    first = rng.choice(first_names)
    roll = rng.random()
    if roll < 0.15:
        return f"{first} {rng.choice(first_names)} {surname(rng)}"  # a middle name
    if roll < 0.25:
        return f"{first} {surname(rng)[0]}. {surname(rng)}"  # an initial
    if roll < 0.3:
        return f"{first}-{rng.choice(first_names)} {surname(rng)}"
    return f"{first} {surname(rng)}"


def birth_date(rng: random.Random) -> str:
    d = gen._date(rng, 1925, 2023)
    months = {"nb": "januar februar mars april mai juni juli august september oktober november desember",
              "sv": "januari februari mars april maj juni juli augusti september oktober november december",
              "en": "January February March April May June July August September October November December"}  # fmt: skip
    month = months[rng.choice(list(months))].split()[d.month - 1]
    forms = (
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}.{d.month}.{d.year % 100:02d}",
        d.isoformat(),
        f"{d.day}. {month} {d.year}",
        f"{d.day} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        f"{d.day:02d}{d.month:02d}{d.year % 100:02d}",
    )
    return rng.choice(forms)


def address(rng: random.Random) -> str:
    number = f"{rng.randint(1, 199)}{rng.choice(['', '', '', ' B', 'A'])}"
    if rng.random() < 0.3:
        street = f"{invented_word(rng)}es {rng.choice(_STREET_WORDS)}"  # "Brakes gate"
    else:
        street = invented_word(rng) + rng.choice(_STREET_SUFFIXES)
    street = street[0].upper() + street[1:]
    place = f", {rng.randint(1000, 9989)} {rng.choice(_CITIES)}" if rng.random() < 0.3 else ""
    return f"{street} {number}{place}"


# Each template holds one slot: {name}, {first}, {birth}, {address}, {phone} or {email}.
POSITIVE_TEMPLATES = {
    "name": (
        "Koordinator {name} følger opp saken videre.",
        "Vi hadde møte med {name} og fastlegen i går.",
        "{name} ønsker at mor skal delta i ansvarsgruppen.",
        "Samtalen med {name} ble utsatt til neste uke.",
        "Handläggaren kontaktade {name} om samordnad plan.",
        "{name} har fått insatser från både kommun och region.",
        "Vi träffade {name} tillsammans med anhöriga.",
        "Borgeren {name} ønsker hjælp til at koordinere indsatsen.",
        "Sagsbehandleren har talt med {name} om forløbet.",
        "{name} deltager i mødet på torsdag.",
        "The coordinator met {name} to revise the plan.",
        "{name} asked for a new coordinator.",
        "Brukeren heter {first} og bor alene.",
        "Pasienten {first} skal utskrives fredag.",
        "Mor {first} ringte om vedtaket.",
        "Patienten {first} har en fast vårdkontakt.",
        "Brugeren hedder {first} og er 54 år.",
        "The patient {first} prefers morning visits.",
    ),
    "birth": (
        "Brukeren er født {birth} og har vedtak om hjemmetjenester.",
        "Pasient, f. {birth}, henvist fra fastlege.",
        "Fødselsdato: {birth}.",
        "Gutten, født den {birth}, har behov for barnekoordinator.",
        "Hon är född {birth} och bor i eget boende.",
        "Klienten, född {birth}, har samordnad individuell plan.",
        "Borgeren er født {birth} og bor i plejebolig.",
        "Barnet er født {birth} og går i børnehave.",
        "The client was born {birth} and lives at home.",
        "DOB: {birth}; referred by the GP.",
        "Kvinnen er fødd {birth} og har hatt koordinator sidan 2020.",
        "Fødselsdag {birth}, oppfølging i team.",
    ),
    "address": (
        "Brukeren bor i {address} sammen med sønnen.",
        "Hjemmebesøk i {address} tirsdag.",
        "Post sendes til {address}.",
        "Hon bor på {address} sedan 2019.",
        "Möte hemma hos klienten på {address}.",
        "Borgeren bor på {address}, 2. sal.",
        "Besøg på {address} er aftalt.",
        "The client lives at {address}.",
        "Ny adresse: {address}.",
        "Han flyttet til {address} i fjor.",
    ),
    "phone": (
        "Ring pårørende på {phone} ved behov.",
        "Fastlegen nås på {phone}.",
        "Ring {phone} för att boka tid.",
        "Kontaktpersonen har telefon {phone}.",
        "Borgeren kan kontaktes på {phone}.",
        "Call the family on {phone}.",
        "Mobil: {phone}",
        "Tlf. {phone} (dagtid)",
    ),
    "email": (
        "Send referatet til {email}.",
        "Skicka planen till {email} senast fredag.",
        "Kontakt: {email}",
        "Send the minutes to {email}.",
        "Svar gerne på {email}.",
        "E-post {email} brukes av koordinator.",
    ),
}

# Sentences that hold none of the kinds, written to tempt the detectors.
NEGATIVE_TEMPLATES = (
    "Helse Bergen og Asker kommune har samarbeidsavtale om {topic}.",
    "SINTEF evaluerte piloten 2018–2023 for Helsedirektoratet.",
    "NAV-kontoret har plikt til å sørge for individuell plan, jf. § 15.",
    "Møtet i oppfølgingsteamet er 01.09.2018 kl. 10.00.",
    "Region Skåne och Västra Götalandsregionen deltog i utvecklingsarbetet.",
    "Statsforvalteren i Vestland er klageinstans etter pbrl. § 7-2.",
    "Per måned får brukeren 12 timer praktisk bistand.",
    "Dag 1: kartlegging; dag 2: {topic}.",
    "Liv og helse er tema for samlingen i Kristiansand.",
    "Fase 2 starter etter Riksvei 4-prosjektet er ferdig.",
    "Samordningsförbundet Göteborg tog fram en modell för {topic}.",
    "Kommunen har 2 500 brukere og et budsjett på 12 000 000 kroner.",
    "Fremfærd Sundhed og Ældre arbejder med {topic} 2019–2021.",
    "Individuell plan skal revideres innen 01.03.2024.",
    "The Norwegian Directorate of Health published the guide in 2017.",
    "Koordinerende enhet i Tromsø kommune tar imot meldinger om behov.",
    "Se kapittel 5 og vedlegg 3 i rapporten fra 2019.",
    "Sverige har 290 kommuner och 21 regioner.",
    "Borgere med komplekse problemer får en fast kontaktperson.",
    "Kurset holdes på Gardermoen 12. mars 2024.",
    "Oppfølgingsteam Molde og Ålesund deltok fra 2018.",
    "Ansvarsgruppen møtes hver 6. uke, neste gang 14.02.",
    "Lov om kommunale helse- og omsorgstjenester trådte i kraft 1. januar 2012.",
    "Hverdagsrehabilitering ble innført i Stavanger i 2014.",
)
NEGATIVE_TOPICS = ("koordinering", "samordning", "rehabilitering", "hverdagsmestring", "brukermedvirkning")


@dataclass(frozen=True)
class Sentence:
    text: str
    kind: str | None  # the kind planted, or None for a sentence without personal data
    span: tuple[int, int] | None
    template: str


def split(template: str) -> str:
    """ "train" or "test", fixed once per template by its position in its list (every third is test)."""
    for templates in POSITIVE_TEMPLATES.values():
        if template in templates:
            return "test" if templates.index(template) % 3 == 2 else "train"
    return "test" if NEGATIVE_TEMPLATES.index(template) % 3 == 2 else "train"


_KIND_OF_SLOT = {"name": "name", "first": "name", "birth": "birth_date", "address": "address"}


def positive(rng: random.Random, kind: str, first_names: list[str], part: str) -> Sentence:
    templates = [t for t in POSITIVE_TEMPLATES[kind] if split(t) == part]
    template = rng.choice(templates)
    slot = template[template.index("{") + 1 : template.index("}")]
    value = {
        "name": lambda: full_name(rng, first_names),
        "first": lambda: rng.choice(first_names),
        "birth": lambda: birth_date(rng),
        "address": lambda: address(rng),
        "phone": lambda: gen.phone(rng),
        "email": lambda: gen.email(rng),
    }[slot]()
    start = template.index("{")
    text = template.replace("{" + slot + "}", value)
    return Sentence(text, _KIND_OF_SLOT.get(slot, slot), (start, start + len(value)), template)


def negative(rng: random.Random, part: str) -> Sentence:
    template = rng.choice([t for t in NEGATIVE_TEMPLATES if split(t) == part])
    return Sentence(template.replace("{topic}", rng.choice(NEGATIVE_TOPICS)), None, None, template)
