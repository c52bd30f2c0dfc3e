"""Where a case stands on its pathway: progress per phase, what is missing, which rules fire, what next.

Pure functions over the kb pathway model and a case's answers (item id -> value),
so the case walkthrough, the exports and the tests all reason the same way and
none of it needs Streamlit. An item counts as answered when its value is one the
item accepts; a phase is complete when every item is answered and no blocking
rule fires in it. The current phase is the first one that is not complete;
"missing before the next step" lists its unanswered items and every blocking rule.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from veiviser.kb.schema import ActorMap, ActorRole, AnswerType, Condition, Item, Pathway, Phase, Rule, RuleEffect

# Answer values for the yes/no style items (as stored in the case).
YES, NO, NOT_RELEVANT = "yes", "no", "na"


@dataclass(frozen=True)
class FiredRule:
    rule: Rule
    item: Item  # the item the rule is attached to
    phase: Phase

    @property
    def blocking(self) -> bool:
        return self.rule.effect is RuleEffect.BLOCK


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    answered: tuple[Item, ...]
    unanswered: tuple[Item, ...]
    answered_no: tuple[Item, ...]  # yes/no items answered "no": things to follow up
    fired: tuple[FiredRule, ...]

    @property
    def total(self) -> int:
        return len(self.phase.items)

    @property
    def done(self) -> int:
        return len(self.answered)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    @property
    def blocked(self) -> bool:
        return any(f.blocking for f in self.fired)

    @property
    def complete(self) -> bool:
        return not self.unanswered and not self.blocked


@dataclass(frozen=True)
class Missing:
    """One thing in the way of the next step: an unanswered item or a blocking rule."""

    kind: str  # "item" | "rule"
    phase: Phase
    item: Item
    rule: Rule | None = None


@dataclass(frozen=True)
class NextStep:
    """A suggested action. `kind`: "rule" (do what a fired rule says), "answer" (answer an item),
    "follow_up" (an item answered no), "actor" (a mandatory role missing from the actor map)."""

    kind: str
    item: Item | None = None
    phase: Phase | None = None
    rule: Rule | None = None
    role: ActorRole | None = None


@dataclass(frozen=True)
class Evaluation:
    pathway: Pathway
    phases: tuple[PhaseProgress, ...]
    fired: tuple[FiredRule, ...]
    current: PhaseProgress | None  # None when every phase is complete
    missing: tuple[Missing, ...]
    next_steps: tuple[NextStep, ...]
    missing_roles: tuple[ActorRole, ...]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def progress_of(self, phase_id: str) -> PhaseProgress:
        for progress in self.phases:
            if progress.phase.id == phase_id:
                return progress
        raise KeyError(f"no phase {phase_id!r} in pathway {self.pathway.id}")


def is_answered(item: Item, value: Any) -> bool:
    """Whether `value` is a real answer to `item` (an empty text or an out-of-range number is not)."""
    if value is None:
        return False
    if item.answer_type is AnswerType.TEXT:
        return isinstance(value, str) and bool(value.strip())
    return item.accepts(value)


def _same(answer: Any, expected: Any) -> bool:
    if isinstance(expected, bool):  # a yes/no condition written as true/false
        if isinstance(answer, bool):
            return answer is expected
        return answer == (YES if expected else NO)
    if isinstance(answer, bool) or isinstance(expected, bool):
        return False
    if isinstance(expected, (int, float)) and isinstance(answer, (int, float)):
        return float(answer) == float(expected)
    return str(answer).strip().casefold() == str(expected).strip().casefold()


def condition_holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    if condition.item not in answers:
        return False
    return _same(answers[condition.item], condition.equals)


def fired_rules(pathway: Pathway, answers: Mapping[str, Any]) -> list[FiredRule]:
    """Every rule whose conditions all hold, in pathway order."""
    fired: list[FiredRule] = []
    for phase in pathway.phases:
        for item in phase.items:
            for rule in item.rules:
                if all(condition_holds(c, answers) for c in rule.conditions):
                    fired.append(FiredRule(rule, item, phase))
    return fired


def actor_map_for(pathway: Pathway, others: Collection[Pathway] = ()) -> ActorMap | None:
    """The pathway's own actor map, else one from another pathway of the same jurisdiction."""
    if pathway.actor_map is not None:
        return pathway.actor_map
    for other in others:
        if other.jurisdiction == pathway.jurisdiction and other.actor_map is not None:
            return other.actor_map
    return None


def evaluate(
    pathway: Pathway,
    answers: Mapping[str, Any],
    present_roles: Collection[str] = (),
    actor_map: ActorMap | None = None,
) -> Evaluation:
    """The full picture for one case. `present_roles`: role ids on the case's actor map."""
    values = {k: v for k, v in answers.items()}
    fired = fired_rules(pathway, values)
    progress: list[PhaseProgress] = []
    for phase in pathway.phases:
        answered = tuple(i for i in phase.items if is_answered(i, values.get(i.id)))
        unanswered = tuple(i for i in phase.items if not is_answered(i, values.get(i.id)))
        answered_no = tuple(
            i for i in answered if i.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_NA) and values.get(i.id) == NO
        )
        progress.append(
            PhaseProgress(phase, answered, unanswered, answered_no, tuple(f for f in fired if f.phase.id == phase.id))
        )
    current = next((p for p in progress if not p.complete), None)

    # a blocking rule stops the case wherever it fires; unanswered items only count in the current phase
    missing: list[Missing] = [Missing("rule", f.phase, f.item, f.rule) for f in fired if f.blocking]
    if current is not None:
        missing += [Missing("item", current.phase, item) for item in current.unanswered]

    amap = actor_map or pathway.actor_map
    missing_roles = tuple(amap.missing(set(present_roles))) if amap is not None else ()

    steps: list[NextStep] = []
    order = {RuleEffect.BLOCK: 0, RuleEffect.WARN: 1, RuleEffect.SUGGEST: 2}
    for f in sorted(fired, key=lambda f: order[f.rule.effect]):
        steps.append(NextStep("rule", item=f.item, phase=f.phase, rule=f.rule))
    if current is not None:
        steps += [NextStep("answer", item=i, phase=current.phase) for i in current.unanswered[:3]]
    covered = {c.item for f in fired for c in f.rule.conditions}  # a fired rule already says what to do
    for p in progress:
        steps += [NextStep("follow_up", item=i, phase=p.phase) for i in p.answered_no if i.id not in covered]
    steps += [NextStep("actor", role=r) for r in missing_roles]

    return Evaluation(
        pathway=pathway,
        phases=tuple(progress),
        fired=tuple(fired),
        current=current,
        missing=tuple(missing),
        next_steps=tuple(steps),
        missing_roles=missing_roles,
    )
