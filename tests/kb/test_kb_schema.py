"""The kb schema refuses what a curator could get wrong in a single file."""

from __future__ import annotations

import copy

import pytest
from kb_builder import base_kb
from pydantic import ValidationError

from veiviser.kb.schema import Calculator, Item, LegalFile, Pathway, RequirementSet, SourceRef


def _item() -> dict:
    return copy.deepcopy(base_kb()["pathways/no-test.yaml"]["phases"][0]["items"][0])


def test_item_rejects_unknown_field():
    data = _item() | {"colour": "red"}
    with pytest.raises(ValidationError, match="colour"):
        Item.model_validate(data)


def test_nested_rule_rejects_unknown_field():
    data = _item()
    data["rules"][0]["severity"] = "high"
    with pytest.raises(ValidationError, match="severity"):
        Item.model_validate(data)


def test_scale_needs_bounds_and_only_scale_has_them():
    data = _item() | {"answer_type": "scale"}
    with pytest.raises(ValidationError, match="scale_min < scale_max"):
        Item.model_validate(data)
    with pytest.raises(ValidationError, match="only belong to answer_type scale"):
        Item.model_validate(_item() | {"scale_min": 1, "scale_max": 9})
    ok = Item.model_validate(_item() | {"answer_type": "scale", "scale_min": 1, "scale_max": 9})
    assert ok.accepts(9) and not ok.accepts(10) and not ok.accepts("9")


def test_choice_needs_distinct_options():
    options = [{"value": "ja", "label": "A", "label_en": "A"}, {"value": "ja", "label": "B", "label_en": "B"}]
    with pytest.raises(ValidationError, match="unique"):
        Item.model_validate(_item() | {"answer_type": "choice", "options": options})


def test_quote_must_be_short_but_findable():
    with pytest.raises(ValidationError, match="at most 15 words"):
        SourceRef(source="x-y", quote=" ".join(["ord"] * 16))
    with pytest.raises(ValidationError, match="at least two words"):
        SourceRef(source="x-y", quote="kort")
    assert SourceRef(source="x-y", quote="så få som mulig, så mange som nødvendig").quote


def test_uncertain_legal_ref_needs_a_note():
    data = copy.deepcopy(base_kb()["legal/no.yaml"])
    data["refs"][0]["uncertain"] = True
    with pytest.raises(ValidationError, match="uncertain_note"):
        LegalFile.model_validate(data)


def test_language_must_match_jurisdiction():
    data = copy.deepcopy(base_kb()["pathways/no-test.yaml"]) | {"lang": "sv"}
    with pytest.raises(ValidationError, match="nb/nn"):
        Pathway.model_validate(data)


def test_requirement_id_pattern():
    data = copy.deepcopy(base_kb()["compliance/no-test.yaml"])
    data["requirements"][0]["id"] = "R1"
    with pytest.raises(ValidationError):
        RequirementSet.model_validate(data)


def test_calculator_scores_and_rejects_out_of_range_grades():
    calc = Calculator.model_validate(
        {
            "id": "c-t",
            "title": "T",
            "title_en": "T",
            "unit": "vårdcentral",
            "parameters": [
                {"id": "a-a", "label": "A", "label_en": "A", "data_from": "VGR", "grade_min": 1, "grade_max": 4},
                {"id": "b-b", "label": "B", "label_en": "B", "data_from": "FK", "grade_min": 1, "grade_max": 4},
            ],
            "aggregation": "sum",
            "decision": "Högst först.",
            "sources": [{"source": "x-y"}],
        }
    )
    assert calc.score({"a-a": 4, "b-b": 2}) == 6
    with pytest.raises(ValueError, match="1-4"):
        calc.score({"a-a": 5, "b-b": 2})
    with pytest.raises(ValueError, match="missing"):
        calc.score({"a-a": 1})
