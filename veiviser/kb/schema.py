"""Pydantic models for every kind of file under kb/.

The curated knowledge base is data, so the schema is the contract: extra
fields are forbidden everywhere (a misspelt key is an error, not silently
ignored), ids follow one pattern, and cross-field rules that a single file can
check (scale bounds, choice options, the language of a jurisdiction) live
here. Checks that need the whole kb or the corpus live in `validate.py`.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", min_length=2, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Jurisdiction = Literal["no", "se", "dk"]
Lang = Literal["nb", "nn", "sv", "da", "en"]

#: The languages a jurisdiction's text may be written in.
JURISDICTION_LANGS: dict[str, tuple[str, ...]] = {"no": ("nb", "nn"), "se": ("sv",), "dk": ("da",)}

#: Longest quote we keep from a source: enough to find the passage, never a copy of it.
MAX_QUOTE_WORDS = 15


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_lang(jurisdiction: str, lang: str, where: str) -> None:
    allowed = JURISDICTION_LANGS[jurisdiction]
    if lang not in allowed:
        raise ValueError(f"{where}: jurisdiction {jurisdiction!r} is written in {'/'.join(allowed)}, not {lang!r}")


# --------------------------------------------------------------------------- sources


class SourceKind(str, Enum):
    CORPUS = "corpus"  # a document in the shared corpus; quotes are checked against it
    BRIEF = "brief"  # a source named in the domain brief; facts are carried over via the brief
    WEB = "web"  # a public page we name but do not hold


class Source(Strict):
    id: Id
    title: Text
    kind: SourceKind
    file: str | None = None  # corpus file name (kind corpus) or "brief.md" (kind brief)
    url: str | None = None  # as text; only when the source itself names an address
    publisher: str | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)
    lang: Lang | None = None
    brief_sections: tuple[str, ...] = ()  # brief sections naming this source (kind brief)
    note: str | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Source:
        if self.kind is SourceKind.CORPUS and not self.file:
            raise ValueError(f"source {self.id}: a corpus source needs `file` (the corpus file name)")
        if self.kind is SourceKind.BRIEF and not self.brief_sections:
            raise ValueError(f"source {self.id}: a brief source needs `brief_sections` (where the brief names it)")
        return self


class SourcesFile(Strict):
    sources: tuple[Source, ...] = Field(min_length=1)


class SourceRef(Strict):
    """A citation: which source, optionally a short verifiable quote and where in the source."""

    source: Id
    quote: str | None = None
    locator: str | None = None  # page, slide, section or brief section

    @field_validator("quote")
    @classmethod
    def _short_quote(cls, v: str | None) -> str | None:
        if v is None:
            return v
        words = v.split()
        if len(v.strip()) < 12 or len(words) < 2:
            raise ValueError("a quote must be at least two words and 12 characters so it can be found")
        if len(words) > MAX_QUOTE_WORDS:
            raise ValueError(f"a quote may hold at most {MAX_QUOTE_WORDS} words; cite, do not copy")
        return v


Sources = Annotated[tuple[SourceRef, ...], Field(min_length=1)]


# --------------------------------------------------------------------------- legal references


class LegalKind(str, Enum):
    LAW = "law"
    REGULATION = "regulation"
    GUIDELINE = "guideline"  # national guideline (veileder, vejledning, kvalitetsstandard)
    CIRCULAR = "circular"  # rundskriv / interpretive statement
    PREPARATORY_WORK = "preparatory_work"  # proposition or bill


class LegalRef(Strict):
    id: Id
    kind: LegalKind
    law: Text  # full name as the brief gives it
    law_short: str | None = None  # common abbreviation (hol, pbrl, SoL ...)
    section: str | None = None  # exactly as the brief gives it; None when the brief gives none
    title: Text  # short label in the jurisdiction's language
    title_en: Text
    requirement: Text  # what it requires, in our own words
    applies_to: Text  # who the duty or right concerns
    source_text: Text  # where to read it, as text
    sources: Sources
    last_verified: dt.date
    uncertain: bool = False
    uncertain_note: str | None = None
    note: str | None = None
    related: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _uncertain_needs_note(self) -> LegalRef:
        if self.uncertain and not self.uncertain_note:
            raise ValueError(f"legal ref {self.id}: uncertain: true needs an uncertain_note saying what is unsure")
        return self

    @property
    def label(self) -> str:
        """Short citation label, e.g. 'hol § 7-1'."""
        name = self.law_short or self.law
        return f"{name} {self.section}" if self.section else name


class LegalFile(Strict):
    jurisdiction: Jurisdiction
    lang: Lang
    title: Text
    refs: tuple[LegalRef, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _lang(self) -> LegalFile:
        _check_lang(self.jurisdiction, self.lang, "legal file")
        for ref in self.refs:
            if not ref.id.startswith(f"{self.jurisdiction}-"):
                raise ValueError(
                    f"legal ref {ref.id}: ids in the {self.jurisdiction} file start with '{self.jurisdiction}-'"
                )
        return self


# --------------------------------------------------------------------------- pathways


class AnswerType(str, Enum):
    YES_NO = "yes_no"
    YES_NO_NA = "yes_no_na"  # yes / no / not relevant
    TEXT = "text"
    SCALE = "scale"
    NUMBER = "number"
    CHOICE = "choice"


#: Values a checklist answer of each type may take (for rule conditions).
YES_NO_VALUES = ("yes", "no")
YES_NO_NA_VALUES = ("yes", "no", "na")


class Option(Strict):
    value: Id
    label: Text
    label_en: Text


class Condition(Strict):
    item: Id
    equals: str | int | float | bool


class RuleEffect(str, Enum):
    WARN = "warn"
    BLOCK = "block"  # the case may not proceed as planned (e.g. no sharing without consent)
    SUGGEST = "suggest"


class Rule(Strict):
    """If the answers match, show a message; for consent rules, name who may not receive information."""

    when: Condition
    also: tuple[Condition, ...] = ()  # further conditions that must all hold
    effect: RuleEffect
    message: Text  # in the pathway's language
    message_en: Text
    may_not_share_with: tuple[Text, ...] = ()
    do_instead: str | None = None
    do_instead_en: str | None = None
    legal_basis: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _pairs(self) -> Rule:
        if bool(self.do_instead) != bool(self.do_instead_en):
            raise ValueError("do_instead and do_instead_en go together")
        return self

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return (self.when, *self.also)


class Item(Strict):
    id: Id
    text: Text
    text_en: Text
    why: Text
    responsible: tuple[Id, ...] = Field(min_length=1)  # role card ids
    responsible_note: str | None = None
    legal_basis: tuple[Id, ...] = ()
    sources: Sources
    answer_type: AnswerType
    scale_min: int | None = None
    scale_max: int | None = None
    options: tuple[Option, ...] = ()
    source_number: str | None = None  # numbering in the source (e.g. a question number)
    note: str | None = None
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _answer_shape(self) -> Item:
        if self.answer_type is AnswerType.SCALE:
            if self.scale_min is None or self.scale_max is None or self.scale_min >= self.scale_max:
                raise ValueError(f"item {self.id}: a scale needs scale_min < scale_max")
        elif self.scale_min is not None or self.scale_max is not None:
            raise ValueError(f"item {self.id}: scale_min/scale_max only belong to answer_type scale")
        if self.answer_type is AnswerType.CHOICE:
            if len(self.options) < 2:
                raise ValueError(f"item {self.id}: a choice needs at least two options")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError(f"item {self.id}: option values must be unique")
        elif self.options:
            raise ValueError(f"item {self.id}: options only belong to answer_type choice")
        return self

    def accepts(self, value: object) -> bool:
        """Whether `value` is a possible answer (used to check rule conditions)."""
        t = self.answer_type
        if t is AnswerType.YES_NO:
            return value in YES_NO_VALUES
        if t is AnswerType.YES_NO_NA:
            return value in YES_NO_NA_VALUES
        if t is AnswerType.CHOICE:
            return value in {o.value for o in self.options}
        if t is AnswerType.SCALE:
            low, high = self.scale_min, self.scale_max
            if low is None or high is None:  # never for a validated item: a scale requires both bounds
                return False
            return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        if t is AnswerType.NUMBER:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, str)


class Phase(Strict):
    id: Id
    title: Text
    title_en: Text
    description: str | None = None
    items: tuple[Item, ...] = Field(min_length=1)


class CalculatorParameter(Strict):
    id: Id
    label: Text
    label_en: Text
    data_from: Text  # which party supplies the figure, as the source says
    grade_min: int
    grade_max: int


class Calculator(Strict):
    """A small scoring aid. `assumptions` and `not_in_source` keep our choices apart from the source's facts."""

    id: Id
    title: Text
    title_en: Text
    unit: Text  # what is scored (e.g. a care centre)
    parameters: tuple[CalculatorParameter, ...] = Field(min_length=1)
    aggregation: Literal["sum"]
    decision: Text  # what the result is used for, per the source
    assumptions: tuple[Text, ...] = ()
    not_in_source: tuple[Text, ...] = ()
    sources: Sources

    def score(self, grades: dict[str, int]) -> int:
        """Sum of the grades; every parameter must be graded within its bounds."""
        missing = [p.id for p in self.parameters if p.id not in grades]
        if missing:
            raise ValueError(f"grades missing for: {', '.join(missing)}")
        unknown = set(grades) - {p.id for p in self.parameters}
        if unknown:
            raise ValueError(f"unknown parameters: {', '.join(sorted(unknown))}")
        total = 0
        for p in self.parameters:
            g = grades[p.id]
            if not isinstance(g, int) or isinstance(g, bool) or not p.grade_min <= g <= p.grade_max:
                raise ValueError(f"{p.id}: grade must be a whole number {p.grade_min}-{p.grade_max}, got {g!r}")
            total += g
        return total


class ActorRole(Strict):
    id: Id
    label: Text
    label_en: Text
    role_card: Id | None = None


class ActorMap(Strict):
    """Roles that must be on every actor map; `missing()` tells a case which are absent."""

    id: Id
    title: Text
    title_en: Text
    always_included: tuple[ActorRole, ...] = ()  # the person (and relatives, if any)
    required_roles: tuple[ActorRole, ...] = Field(min_length=1)
    message: Text
    message_en: Text
    sources: Sources

    def missing(self, present_role_ids: set[str] | frozenset[str]) -> list[ActorRole]:
        return [r for r in self.required_roles if r.id not in present_role_ids]


class CycleStage(Strict):
    id: Id
    label: Text
    label_en: Text
    description: Text


class CycleTracker(Strict):
    id: Id
    title: Text
    title_en: Text
    stages: tuple[CycleStage, ...] = Field(min_length=2)
    cycles_planned: int | None = Field(default=None, ge=1)
    solutions_min: int = Field(ge=0)
    solutions_max: int = Field(ge=1)
    catalogue_label: Text
    after_trial: Text  # what happens when a trial is evaluated
    sources: Sources

    @model_validator(mode="after")
    def _bounds(self) -> CycleTracker:
        if self.solutions_min > self.solutions_max:
            raise ValueError(f"cycle tracker {self.id}: solutions_min > solutions_max")
        return self


class Pathway(Strict):
    id: Id
    jurisdiction: Jurisdiction
    lang: Lang
    title: Text
    title_en: Text
    description: Text
    target_group: str | None = None
    sources: Sources
    legal_basis: tuple[Id, ...] = ()
    phases: tuple[Phase, ...] = Field(min_length=1)
    calculator: Calculator | None = None
    actor_map: ActorMap | None = None
    cycle_tracker: CycleTracker | None = None
    not_covered: tuple[Text, ...] = ()  # what the sources are silent on, said openly

    @model_validator(mode="after")
    def _lang(self) -> Pathway:
        _check_lang(self.jurisdiction, self.lang, f"pathway {self.id}")
        return self

    def items(self) -> list[Item]:
        return [item for phase in self.phases for item in phase.items]


# --------------------------------------------------------------------------- role cards


class Duty(Strict):
    text: Text
    legal_basis: tuple[Id, ...] = ()
    sources: Sources


class Pitfall(Strict):
    text: Text
    sources: Sources


class RoleCard(Strict):
    id: Id
    name: Text
    name_en: Text
    aliases: tuple[Text, ...] = ()  # other names the role goes by, in any language ("GP", "NAV")
    summary: Text  # what the role is
    summary_en: Text
    duties: tuple[Duty, ...] = ()
    typical_tasks: tuple[Text, ...] = ()
    pitfalls: tuple[Pitfall, ...] = ()
    contacts: tuple[Text, ...] = ()  # who to contact, and for what
    sources: Sources
    note: str | None = None


class RolesFile(Strict):
    jurisdiction: Jurisdiction
    lang: Lang
    title: Text
    roles: tuple[RoleCard, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _lang(self) -> RolesFile:
        _check_lang(self.jurisdiction, self.lang, "roles file")
        for role in self.roles:
            if not role.id.startswith(f"{self.jurisdiction}-"):
                raise ValueError(
                    f"role {role.id}: ids in the {self.jurisdiction} file start with '{self.jurisdiction}-'"
                )
        return self


# --------------------------------------------------------------------------- glossary


GLOSSARY_LANGS: tuple[str, ...] = ("nb", "nn", "sv", "da", "en")


class Terms(Strict):
    nb: tuple[Text, ...] = ()
    nn: tuple[Text, ...] = ()
    sv: tuple[Text, ...] = ()
    da: tuple[Text, ...] = ()
    en: tuple[Text, ...] = ()

    def by_lang(self) -> dict[str, tuple[str, ...]]:
        return {lang: getattr(self, lang) for lang in GLOSSARY_LANGS}

    def all(self) -> list[str]:
        return [t for lang in GLOSSARY_LANGS for t in getattr(self, lang)]


class Concept(Strict):
    id: Id
    terms: Terms
    related: Terms = Terms()  # looser retrieval synonyms: used to expand queries, never shown as equivalents
    approximate: bool = False  # the brief marks the equivalence (u): not verified
    definition_nb: Text
    definition_en: Text
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _has_terms(self) -> Concept:
        langs_with_terms = [lang for lang, ts in self.terms.by_lang().items() if ts]
        if not langs_with_terms:
            raise ValueError(f"concept {self.id}: give at least one term")
        return self


class GlossaryFile(Strict):
    concepts: tuple[Concept, ...] = Field(min_length=1)


# --------------------------------------------------------------------------- compliance requirement sets


class Requirement(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^R\d{2}$")]
    title: Text
    title_en: Text
    description: Text
    legal_basis: tuple[Id, ...] = ()
    sources: Sources
    evidence_required: tuple[Text, ...] = Field(min_length=1)
    example_phrasings: tuple[Text, ...] = Field(min_length=3)
    keywords: tuple[Text, ...] = Field(min_length=3)

    @model_validator(mode="after")
    def _has_basis(self) -> Requirement:
        if not self.legal_basis and not self.sources:
            raise ValueError(f"requirement {self.id}: give a legal or guideline basis")
        return self


class RequirementSet(Strict):
    id: Id
    jurisdiction: Jurisdiction
    lang: Lang
    title: Text
    title_en: Text
    description: Text
    requirements: tuple[Requirement, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _lang(self) -> RequirementSet:
        _check_lang(self.jurisdiction, self.lang, f"requirement set {self.id}")
        return self
