"""Person names from a first-name list, capitalisation and context (veiviser.pii.names)."""

from __future__ import annotations

import pytest

from veiviser.pii import scan
from veiviser.pii.names import clear_surname, reference_has_name


def _names(text: str) -> list[str]:
    return [f.text for f in scan(text, {"name"})]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Vi møtte Kari Nordmann i går.", ["Kari Nordmann"]),
        ("Anne-Lise B. Testesen kommer.", ["Anne-Lise B. Testesen"]),
        ("Kari Anne Fiktivsen ringte.", ["Kari Anne Fiktivsen"]),
        ("OLA NORDMANN, SAKSBEHANDLER", ["OLA NORDMANN"]),
        ("Pasienten Kari skal utskrives.", ["Kari"]),
        ("mor Siv ringte", ["Siv"]),
        ("Samtale med fru Eksempelsen.", ["Eksempelsen"]),
        ("Han heter Xandro og bor alene.", ["Xandro"]),
        ("Navn: Zelko Vrint", ["Zelko Vrint"]),
        ("Brukeren Testesen har fått vedtak.", ["Testesen"]),
        ("Nordmann, Ola (koordinator)", ["Nordmann, Ola"]),
        ("Per Hansen og Dag Fiktivsen deltok.", ["Per Hansen", "Dag Fiktivsen"]),
        ("Mohammed Testesen har tolk.", ["Mohammed Testesen"]),
    ],
)
def test_names_are_found(text, names):
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Helse Bergen, Asker kommune, SINTEF og NAV samarbeider.",
        "Ola er et vanlig eksempelnavn i veiledere.",  # a first name alone, no context
        "Per måned gis 12 timer. Dag 1 er kartlegging. Liv og helse er tema.",
        "Per Berg er et vanlig eksempel.",  # an everyday first name and an everyday surname: too weak alone
        "Sam Nord og Region Skåne deltok.",
        "Maria Kirke ligger i Oslo.",
        "Koordinerende enhet og Statsforvalteren i Vestland.",
        "Individuell Plan Og Koordinator",
    ],
)
def test_organisations_places_and_lone_first_names_are_not_names(text):
    assert _names(text) == []


def test_an_everyday_first_name_counts_with_context_or_a_clear_surname():
    assert _names("brukeren Per Berg") == ["Per Berg"]
    assert _names("Per Testesen") == ["Per Testesen"]
    assert clear_surname("Testesen") and clear_surname("Vrintqor")
    assert not clear_surname("Berg") and not clear_surname("H.")


def test_a_name_ends_at_its_surname():
    text = "2005 | Eva Fiktivsen Samordnare Samordningsförbundet | rapport"
    assert _names(text) == ["Eva Fiktivsen"]


@pytest.mark.parametrize(
    ("reference", "has_name"),
    [
        ("OlaNordmann", True),
        ("kari-2024", True),
        ("KE_Fiktivsen_Kari", True),
        ("Per-Hansen", True),
        ("KE-2024-017", False),
        ("KE-AUD", False),  # three capitals: an abbreviation
        ("IP-sak-17", False),
        ("per-2024", False),  # an everyday word alone
    ],
)
def test_case_references_holding_a_first_name(reference, has_name):
    assert reference_has_name(reference) is has_name
