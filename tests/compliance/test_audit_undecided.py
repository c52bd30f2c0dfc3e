"""'Not yet decided' sentences in bokmål and nynorsk are spotted; ordinary negations are not."""

from __future__ import annotations

import pytest

from veiviser.compliance.matching import undecided_flags
from veiviser.compliance.passages import Passage
from veiviser.compliance.undecided import is_undecided, undecided_phrase


@pytest.mark.parametrize(
    "text",
    [
        "Møtestruktur: TBD.",
        "Opplæringsplan for koordinatorer er under arbeid og vil bli utarbeidet senere.",
        "Om brukeren kan ønske seg en bestemt koordinator, er ikke bestemt.",
        "Korleis kommunen skal samarbeide med helseføretaket, er ikkje avklart enno.",
        "Dette vil bli utarbeidd seinare.",
        "Det er ennå ikke bestemt hvem som leder teamet.",
        "Opplæring | Ikke avklart",
        "Rutine for møter: kommer senere",
        "Samarbeidsavtalen er førebels ikkje på plass.",
        "Vi har ikke tatt stilling til hvordan pårørende involveres.",
        "Det skal utredes om kommunen skal tilby et eget kurs for koordinatorer.",
        "I 2026 skal det vurderes å innføre oppfølgingsteam.",
        "Det ska utredas om teamet ska finnas kvar.",
        "Hvem som har ansvaret, er uavklart.",
        "Rettleiing av koordinatorar skal avklarast seinare.",
    ],
)
def test_undecided_sentences(text):
    assert is_undecided(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Det kreves ikke en bestemt diagnose.",
        "Opplysninger deles ikke med skole uten samtykke.",
        "Under arbeidet med individuell plan skal brukeren delta.",
        "Koordinator er ikke en saksbehandler.",
        "Planen skal være ferdig innen tre måneder.",
        "Det skal ikke lages en ny plan.",
        "Brukaren er ikkje ein pasient i spesialisthelsetenesta.",
        "Vedtak fattes av tildelingskontoret.",
        # assessing the person is a procedure, not an open question
        "Det skal vurderes om personen har behov for individuell plan.",
        "Behovet skal vurderes av koordinerende enhet.",
    ],
)
def test_decided_sentences(text):
    assert not is_undecided(text), text


def test_phrase_is_reported():
    assert undecided_phrase("Samarbeid med NAV er ikkje avklart enno.") == "er ikkje avklart"


def _passage(i: int, text: str, block: int) -> Passage:
    return Passage(i, text, block, 0, len(text), None, "", "", "sentence", "nb")


def test_dette_er_ikke_avklart_marks_the_sentence_it_points_back_to():
    passages = [
        _passage(0, "Koordinator oppnevnes av tildelingskontoret.", 0),
        _passage(1, "Kommunen samarbeider med NAV om individuell plan.", 1),
        _passage(2, "Dette er ikke avklart.", 1),
    ]
    assert undecided_flags(passages) == [False, True, True]
