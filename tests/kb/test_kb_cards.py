"""Structured cards for a question, matched against the shipped kb; persona decides what comes first."""

from __future__ import annotations

from pathlib import Path

import pytest

from veiviser.core.config import Settings
from veiviser.kb import load_kb
from veiviser.kb.cards import match_cards, offered_for


@pytest.fixture(scope="module")
def kb():
    return load_kb(Settings(home=Path("/nonexistent")).kb_dir)


def test_a_section_number_with_its_law_finds_that_legal_reference_first(kb):
    ref = kb.legal["no-pbrl-2-5"]
    cards = match_cards(kb, f"Hva sier {ref.law_short} {ref.section} om planen?", persona="coordinator")
    assert (cards[0].kind, cards[0].id) == ("legal", "no-pbrl-2-5")


def test_a_role_named_in_the_question_gives_its_role_card(kb):
    role = kb.roles["no-koordinator"]
    cards = match_cards(kb, f"Hva er oppgavene til en {role.name.lower()}?", persona="coordinator")
    assert ("role", "no-koordinator") in [(c.kind, c.id) for c in cards]


def test_persona_changes_which_kind_leads(kb):
    question = "Hvordan melder jeg behov til koordinerende enhet?"
    frontline = [c.kind for c in match_cards(kb, question, persona="frontline", limit=6)]
    leader = [c.kind for c in match_cards(kb, question, persona="leader", limit=6)]
    assert "item" in frontline
    assert frontline != leader


def test_an_unrelated_question_gets_no_cards(kb):
    assert match_cards(kb, "Hvordan baker jeg surdeigsbrød?") == []


@pytest.mark.parametrize(
    ("persona", "kind"),
    [("coordinator", "role"), ("leader", "requirement_set"), ("trainer", "course"), ("frontline", "checklist")],
)
def test_each_persona_is_offered_its_kind_home_jurisdiction_first(kb, persona, kind):
    offered_kind, objects = offered_for(kb, persona, "sv")
    assert offered_kind == kind and objects
    if kind in ("course", "checklist"):
        assert objects[0].jurisdiction == "se"
