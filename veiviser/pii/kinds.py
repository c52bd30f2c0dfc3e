"""The kinds of personal data the guard knows: labels for masking, names for staff, advice.

Kept apart from the detectors so error messages, the CLI and the ingest report
share one vocabulary. `ADVICE` is what the guard tells staff to write
*instead*, so a refusal is a way forward, not only a stop.
"""

from __future__ import annotations

KINDS = (
    "no_fnr",
    "no_dnr",
    "no_hnr",
    "no_fhnr",
    "se_pnr",
    "se_samnr",
    "dk_cpr",
    "phone",
    "email",
    "name",
    "birth_date",
    "address",
)
ID_KINDS = frozenset(KINDS[:7])
CONTACT_KINDS = frozenset({"phone", "email"})
# Found from words and context rather than check digits: a guide, so some misses and false alarms remain.
CONTEXT_KINDS = frozenset({"name", "birth_date", "address"})

# What replaces a finding in masked text (logs, LLM prompts).
MASK_LABELS = {
    "no_fnr": "[FØDSELSNUMMER]",
    "no_dnr": "[D-NUMMER]",
    "no_hnr": "[H-NUMMER]",
    "no_fhnr": "[FH-NUMMER]",
    "se_pnr": "[PERSONNUMMER]",
    "se_samnr": "[SAMORDNINGSNUMMER]",
    "dk_cpr": "[CPR-NUMMER]",
    "phone": "[TELEFONNUMMER]",
    "email": "[E-POSTADRESSE]",
    "name": "[NAVN]",
    "birth_date": "[FØDSELSDATO]",
    "address": "[ADRESSE]",
}

# Names shown to staff (bokmål), e.g. in error messages and the CLI table.
KIND_NAMES = {
    "no_fnr": "fødselsnummer",
    "no_dnr": "D-nummer",
    "no_hnr": "H-nummer",
    "no_fhnr": "FH-nummer (felles hjelpenummer)",
    "se_pnr": "svensk personnummer",
    "se_samnr": "svensk samordningsnummer",
    "dk_cpr": "dansk CPR-nummer",
    "phone": "telefonnummer",
    "email": "e-postadresse",
    "name": "navn",
    "birth_date": "fødselsdato",
    "address": "adresse",
}

# What to write instead, per group of kinds (bokmål), in the order the groups are named.
_ID_ADVICE = "bruk sakens pseudonyme saksreferanse i stedet for ID-nummer"
ADVICE = {
    **dict.fromkeys(ID_KINDS, _ID_ADVICE),
    "phone": "skriv hvem som skal kontaktes (rolle eller tjeneste, f.eks. «fastlegen», «NAV-kontoret») "
    "i stedet for telefonnummer og e-post",
    "email": "skriv hvem som skal kontaktes (rolle eller tjeneste, f.eks. «fastlegen», «NAV-kontoret») "
    "i stedet for telefonnummer og e-post",
    "name": "skriv rollen i stedet for navnet (f.eks. «bruker», «mor», «fastlege», «koordinator»)",
    "birth_date": "skriv alder eller aldersgruppe (f.eks. «83 år», «ungdom») i stedet for fødselsdato",
    "address": "skriv kommune, bydel eller boform (f.eks. «bor hjemme i bydelen») i stedet for adresse",
}


def advice_for(kinds: tuple[str, ...]) -> list[str]:
    """The distinct pieces of advice for `kinds`, in KINDS order."""
    out: list[str] = []
    for kind in KINDS:
        if kind in kinds and ADVICE[kind] not in out:
            out.append(ADVICE[kind])
    return out
