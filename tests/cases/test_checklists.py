"""Checklist logic over a pathway built in the test: progress, missing items, rules, next steps, roles."""

from __future__ import annotations

import pytest

from veiviser.cases.checklists import actor_map_for, evaluate, fired_rules, is_answered
from veiviser.kb.schema import ActorMap, Item, Pathway

SRC = [{"source": "test-source", "locator": "s. 1"}]


def _item(item_id: str, answer_type: str = "yes_no", **extra) -> dict:
    return {
        "id": item_id,
        "text": f"Spørsmål {item_id}?",
        "text_en": f"Question {item_id}?",
        "why": "Fordi det er viktig.",
        "responsible": ["no-koordinator"],
        "sources": SRC,
        "answer_type": answer_type,
        **extra,
    }


ACTOR_MAP = {
    "id": "test-map",
    "title": "Kart",
    "title_en": "Map",
    "always_included": [{"id": "person", "label": "Personen", "label_en": "Person"}],
    "required_roles": [
        {"id": "koordinator", "label": "Koordinator", "label_en": "Coordinator", "role_card": "no-koordinator"},
        {"id": "fastlege", "label": "Fastlege", "label_en": "GP"},
    ],
    "message": "Mangler en rolle.",
    "message_en": "A role is missing.",
    "sources": SRC,
}


def _pathway(with_map: bool = True, jurisdiction: str = "no") -> Pathway:
    consent_rule = {
        "when": {"item": "samtykke", "equals": "no"},
        "effect": "block",
        "message": "Ikke del uten samtykke.",
        "message_en": "Do not share without consent.",
        "may_not_share_with": ["skole"],
        "do_instead": "Be om samtykke.",
        "do_instead_en": "Ask for consent.",
    }
    suggest_rule = {
        "when": {"item": "kanal", "equals": "annet"},
        "also": [{"item": "skala", "equals": 2}],
        "effect": "suggest",
        "message": "Vurder fast kanal.",
        "message_en": "Consider the usual channel.",
    }
    data = {
        "id": "test-pathway",
        "jurisdiction": jurisdiction,
        "lang": {"no": "nb", "se": "sv", "dk": "da"}[jurisdiction],
        "title": "Testforløp",
        "title_en": "Test pathway",
        "description": "Et forløp for tester.",
        "sources": SRC,
        "phases": [
            {
                "id": "fase-1",
                "title": "Første",
                "title_en": "First",
                "items": [
                    _item("samtykke", rules=[consent_rule]),
                    _item("aktuelt", "yes_no_na"),
                    _item("fritekst", "text"),
                ],
            },
            {
                "id": "fase-2",
                "title": "Andre",
                "title_en": "Second",
                "items": [
                    _item("skala", "scale", scale_min=1, scale_max=9),
                    _item(
                        "kanal",
                        "choice",
                        options=[
                            {"value": "plo", "label": "PLO", "label_en": "PLO"},
                            {"value": "annet", "label": "Annet", "label_en": "Other"},
                        ],
                        rules=[suggest_rule],
                    ),
                    _item("oppfolging"),
                ],
            },
        ],
    }
    if with_map:
        data["actor_map"] = ACTOR_MAP
    return Pathway.model_validate(data)


def test_empty_case_starts_in_the_first_phase_with_everything_missing():
    ev = evaluate(_pathway(), {})
    assert (ev.done, ev.total) == (0, 6)
    assert ev.current.phase.id == "fase-1"
    assert [m.item.id for m in ev.missing] == ["samtykke", "aktuelt", "fritekst"]
    assert [s.kind for s in ev.next_steps][:3] == ["answer", "answer", "answer"]
    assert {r.id for r in ev.missing_roles} == {"koordinator", "fastlege"}


def test_answers_move_progress_and_the_current_phase():
    answers = {"samtykke": "yes", "aktuelt": "na", "fritekst": "Kort notat", "skala": 5}
    ev = evaluate(_pathway(), answers)
    first, second = ev.phases
    assert (first.done, first.total, first.complete) == (3, 3, True)
    assert second.fraction == pytest.approx(1 / 3)
    assert ev.current.phase.id == "fase-2"
    assert [m.item.id for m in ev.missing] == ["kanal", "oppfolging"]


def test_no_consent_blocks_the_phase_and_says_what_may_not_be_shared():
    answers = {"samtykke": "no", "aktuelt": "yes", "fritekst": "x"}
    ev = evaluate(_pathway(), answers)
    assert ev.current.phase.id == "fase-1"  # answered, but blocked
    assert ev.phases[0].blocked and not ev.phases[0].complete
    assert [(m.kind, m.rule.effect.value) for m in ev.missing] == [("rule", "block")]
    first_step = ev.next_steps[0]
    assert first_step.kind == "rule" and first_step.rule.may_not_share_with == ("skole",)
    # the answered-no item is covered by its rule, so it is not also listed as a follow-up
    assert not [s for s in ev.next_steps if s.kind == "follow_up" and s.item.id == "samtykke"]


def test_a_rule_needs_all_its_conditions():
    pathway = _pathway()
    assert fired_rules(pathway, {"kanal": "annet", "skala": 3}) == []
    fired = fired_rules(pathway, {"kanal": "annet", "skala": 2})
    assert [f.item.id for f in fired] == ["kanal"]


def test_answered_no_without_a_rule_becomes_a_follow_up():
    answers = {"samtykke": "yes", "aktuelt": "yes", "fritekst": "x", "skala": 4, "kanal": "plo", "oppfolging": "no"}
    ev = evaluate(_pathway(), answers, present_roles={"koordinator", "fastlege"})
    assert ev.current is None and ev.fraction == 1.0
    assert [(s.kind, s.item.id) for s in ev.next_steps] == [("follow_up", "oppfolging")]
    assert ev.missing_roles == ()


@pytest.mark.parametrize(
    ("answer_type", "value", "expected"),
    [
        ("yes_no", "yes", True),
        ("yes_no", "na", False),
        ("yes_no_na", "na", True),
        ("scale", 10, False),
        ("scale", True, False),
        ("text", "   ", False),
        ("text", "noe", True),
    ],
)
def test_what_counts_as_answered(answer_type, value, expected):
    extra = {"scale_min": 1, "scale_max": 9} if answer_type == "scale" else {}
    item = Item.model_validate(_item("punkt", answer_type, **extra))
    assert is_answered(item, value) is expected


def test_actor_map_falls_back_to_a_pathway_of_the_same_jurisdiction():
    own = _pathway(with_map=True)
    other = _pathway(with_map=False)
    swedish = _pathway(with_map=False, jurisdiction="se")
    assert isinstance(actor_map_for(other, [own]), ActorMap)
    assert actor_map_for(swedish, [own]) is None
    ev = evaluate(other, {}, present_roles={"fastlege"}, actor_map=actor_map_for(other, [own]))
    assert [r.id for r in ev.missing_roles] == ["koordinator"]


def test_a_blocking_rule_in_a_later_phase_is_missing_too():
    pathway = _pathway()
    pathway_blocking_later = pathway.model_copy(update={"phases": (pathway.phases[1], pathway.phases[0])})
    ev = evaluate(pathway_blocking_later, {"samtykke": "no"})
    assert ev.current.phase.id == "fase-2"
    assert [(m.kind, m.item.id) for m in ev.missing][0] == ("rule", "samtykke")


def test_an_actor_maps_missing_roles_message_does_not_claim_how_many_are_missing():
    import re

    from veiviser.core.config import project_root
    from veiviser.kb.loader import load_kb

    kb = load_kb(project_root() / "kb")
    for pathway in kb.pathways:
        actor_map = getattr(pathway, "actor_map", None)
        if actor_map is None:
            continue
        for text in (actor_map.message, actor_map.message_en):
            # the number missing varies (0 of 4 present is not "one of the four"); the list below says which
            assert not re.search(r"\b(en av|én av|ett av|one of)\b", text or "", re.IGNORECASE), text
