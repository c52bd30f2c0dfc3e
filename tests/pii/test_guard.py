"""Refusals say what was found and what to write instead; case references refuse names (veiviser.pii.guard)."""

from __future__ import annotations

import pytest

from veiviser.cases import validation
from veiviser.pii import PiiError, guard, guard_reference


@pytest.mark.parametrize(
    ("text", "kind", "advice"),
    [
        ("Møte med Kari Fiktivsen i morgen.", "name", "skriv rollen i stedet for navnet"),
        ("Brukeren er født 1. mars 1990.", "birth_date", "skriv alder eller aldersgruppe"),
        ("Hjemmebesøk i Brakeveien 12.", "address", "skriv kommune, bydel eller boform"),
        ("Ring 22 33 44 55.", "phone", "skriv hvem som skal kontaktes"),
        ("Fnr 010190.10046.", "no_fnr", "pseudonyme saksreferanse"),
    ],
)
def test_a_refusal_names_the_kind_and_what_to_write_instead(text, kind, advice):
    with pytest.raises(PiiError) as exc:
        guard(text, field="notat")
    assert exc.value.kinds == (kind,)
    assert advice in str(exc.value) and "«notat»" in str(exc.value)
    assert "Fiktivsen" not in str(exc.value) and "1990" not in str(exc.value)


def test_clean_case_notes_pass():
    guard("Koordinator avtalte møte med fastlegen og NAV-kontoret i Asker kommune 01.09.2024.")
    guard("Brukeren (83 år) bor hjemme i bydelen og ønsker at mor deltar.")


@pytest.mark.parametrize("reference", ["Ola Nordmann", "OlaNordmann", "kari-2024", "KE_Fiktivsen_Kari"])
def test_case_references_refuse_names_as_names(reference):
    with pytest.raises(PiiError) as exc:
        guard_reference(reference, field="saksreferanse")
    assert "name" in exc.value.kinds
    with pytest.raises(PiiError):
        validation.reference(reference)
    with pytest.raises(PiiError):
        validation.typed_reference(f" {reference} ", field="saksreferanse")


def test_plain_case_references_pass():
    for reference in ("KE-2024-017", "SAK_001", "KE-AUD", "IP-sak-17"):
        guard_reference(reference)
        assert validation.reference(reference) == reference
