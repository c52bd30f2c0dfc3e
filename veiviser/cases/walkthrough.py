"""What the case walkthrough shows and accepts, decided without a UI (the screens are veiviser.ui.case).

Which tabs a pathway offers, where a case stands, which items are SPoR questions,
the care-load total, how a widget value becomes a stored answer and what a
learning-log entry needs: pure functions over the kb pathway model and a case.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from veiviser.cases.actor_map import role_ids_present
from veiviser.cases.checklists import Evaluation, actor_map_for, evaluate
from veiviser.cases.models import SPOR_SCORE_RANGE, Case
from veiviser.kb.schema import AnswerType, Calculator, Item, Pathway

#: The fields of a learning-log entry, in the order the form asks for them; the incident is required.
LEARNING_LOG_FIELDS = ("incident", "understanding", "decision", "evaluation", "lesson")


def evaluate_case(case: Case, pathway: Pathway, pathways: Collection[Pathway] = ()) -> Evaluation:
    """Where the case stands on its pathway, with the actor map that applies (see checklists.actor_map_for)."""
    amap = actor_map_for(pathway, pathways)
    answers = {item_id: a.value for item_id, a in case.answers.items()}
    return evaluate(pathway, answers, role_ids_present(case.actors, amap), amap)


def spor_items(pathway: Pathway) -> list[Item]:
    """The pathway's SPoR interview questions: its scale items scored like the SPoR guide (1-9)."""
    return [
        i
        for i in pathway.items()
        if i.answer_type is AnswerType.SCALE and (i.scale_min, i.scale_max) == SPOR_SCORE_RANGE
    ]


def spor_scores() -> list[int]:
    """The scores a SPoR question can be given."""
    low, high = SPOR_SCORE_RANGE
    return list(range(low, high + 1))


def case_tabs(pathway: Pathway) -> list[str]:
    """The walkthrough's tabs for a case on `pathway`, in order: SPoR and the calculator only where they apply."""
    tabs = [
        ("checklist", True),
        ("actors", True),
        ("spor", bool(spor_items(pathway))),
        ("calculator", pathway.calculator is not None),
        ("log", True),
        ("export", True),
        ("history", True),
    ]
    return [name for name, on in tabs if on]


def toggled_status(status: str) -> str:
    """The status the case's open/close button sets: an open case is closed, anything else reopened."""
    return "closed" if status == "open" else "open"


def scale_values(item: Item) -> list[int]:
    """The values a scale item can be answered with."""
    low, high = item.scale_min, item.scale_max
    if low is None or high is None:  # never for a validated scale item: the kb schema requires both bounds
        raise ValueError(f"item {item.id} has no scale bounds")
    return list(range(low, high + 1))


def answer_value(item: Item, value: Any) -> Any:
    """A widget's value as the answer to store: an empty string is no answer, except for a text item."""
    if isinstance(value, str) and item.answer_type is not AnswerType.TEXT:
        return value or None
    return value


def care_load_total(calculator: Calculator, care_load: Mapping[str, Any]) -> int | None:
    """The calculator's score from a case's stored grades; None until every parameter has a valid grade."""
    grades = {p.id: g for p in calculator.parameters if (g := care_load.get(p.id)) is not None}
    try:
        return calculator.score(grades)
    except ValueError:
        return None


def care_load_max(calculator: Calculator) -> int:
    """The highest score the calculator can give."""
    return sum(p.grade_max for p in calculator.parameters)


def learning_log_entry(values: Mapping[str, str]) -> dict[str, str] | None:
    """The entry to store from the form's texts, each trimmed; None when the (required) incident is blank."""
    entry = {name: values.get(name, "").strip() for name in LEARNING_LOG_FIELDS}
    return entry if entry["incident"] else None
