"""The requirement set follows the routine's language, and "not decided yet" is read in Swedish and Danish too."""

from __future__ import annotations

import pytest
from audit_helpers import write

from veiviser.compliance import Auditor
from veiviser.compliance.engine import set_for_language
from veiviser.compliance.undecided import is_undecided, undecided_phrase


@pytest.mark.parametrize(
    "text",
    [
        "Hur samtycke ska inhämtas och dokumenteras: ej beslutat än.",
        "Formerna för remiss till teamet är ännu inte fastställda.",
        "- Uppföljning av gemensamma planer: under utredning.",
        "Planen ska beslutas senare.",
        "Hvem der indkalder, er endnu ikke afklaret.",
        "Arbejdsgang for opsporing: afventer projektgruppens anbefaling.",
        "Skal fastlægges, når det nye omsorgssystem er indført.",
        "Opplæring av koordinatorer er ikkje avklart enno.",
        "Møtestruktur: TBD.",
    ],
)
def test_undecided_in_every_language(text):
    assert is_undecided(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Borgere, der afventer plejehjemsplads, får besøg af visitator.",
        "Personen är under utredning hos psykiatrin och har hemtjänst.",
        "Det skal fastlægges i planen, hvem der gør hvad.",
        "SIP krever ikke en bestemt diagnose.",
        "Behovet avklares før vedtak fattes.",
        "Samtycket kan lämnas muntligt och dokumenteras i journalen.",
    ],
)
def test_settled_statements_are_not_undecided(text):
    assert undecided_phrase(text) is None, text


def test_set_is_picked_from_the_kb_by_language(kb):
    for lang, set_id in (
        ("nb", "no-oppfolging"),
        ("nn", "no-oppfolging"),
        ("sv", "se-samordning"),
        ("da", "dk-sammenhaeng"),
    ):
        chosen, note = set_for_language(kb, lang)
        assert chosen is not None and chosen.id == set_id and set_id in note
    assert set_for_language(kb, "en")[0] is None


SV = """Rutin för samordnad individuell plan

Samordnad individuell plan (SIP) upprättas när den enskilde behöver insatser från både socialtjänsten och
hälso- och sjukvården. Planen upprättas bara om den enskilde samtycker. Samtycket dokumenteras i journalen.
Den som först ser behovet kallar till SIP-möte utan dröjsmål.
"""

DA = """Instruks for udskrivning

Visitationen modtager genoptræningsplanen fra sygehuset og visiterer borgeren til genoptræning.
Genoptræningen er vederlagsfri, og den begynder inden for syv dage efter udskrivningen.
Hjemmeplejen holder øje med ændringer i borgerens tilstand og melder dem til sygeplejen samme dag.
"""


@pytest.mark.parametrize("text, set_id", [(SV, "se-samordning"), (DA, "dk-sammenhaeng")])
def test_audit_without_a_set_uses_the_routine_language_and_says_so(settings, kb, auditor, tmp_path, text, set_id):
    report = Auditor(settings, kb=kb, embedder=auditor.embedder).audit_file(write(tmp_path / "r.txt", text))
    assert report.requirement_set == set_id
    assert set_id in report.set_note and report.as_dict()["requirement_set_note"] == report.set_note
    fixed = Auditor(settings, kb=kb, embedder=auditor.embedder, requirement_set="no-oppfolging")
    assert fixed.audit_file(write(tmp_path / "r2.txt", text)).set_note == ""
