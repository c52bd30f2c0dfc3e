"""The course module as data: what `veiviser course --json` prints and every export renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CourseCitation:
    """Where a fact comes from. `quote` is an exact span of the cited text: a kb document
    block (source "kb/<folder>/<file>.yaml") or an indexed chunk (source = file name)."""

    source: str
    page: int | None
    quote: str
    section: str = ""
    title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "page": self.page,
            "quote": self.quote,
            "section": self.section,
            "title": self.title,
        }

    @property
    def label(self) -> str:
        where = self.title or self.source
        if self.page is not None:
            where += f", s. {self.page}"
        if self.section:
            where += f" – {self.section}"
        return where


@dataclass(frozen=True)
class KeyPoint:
    text: str
    citations: tuple[CourseCitation, ...]
    original: str = ""  # the cited wording when `text` was rephrased by a language model
    kind: str = ""  # duty, legal, concept, pitfall, passage ...

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "citations": [c.as_dict() for c in self.citations]}
        if self.original:
            out["original"] = self.original
        return out


@dataclass(frozen=True)
class CaseQuestion:
    question: str
    note: str  # why it matters: for the facilitator
    responsible: tuple[str, ...]
    citations: tuple[CourseCitation, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "note": self.note,
            "responsible": list(self.responsible),
            "citations": [c.as_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class Case:
    title: str
    pathway: str
    pathway_title: str
    phase: str
    scenario: str
    questions: tuple[CaseQuestion, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "pathway": self.pathway,
            "pathway_title": self.pathway_title,
            "phase": self.phase,
            "scenario": self.scenario,
            "questions": [q.as_dict() for q in self.questions],
        }


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    options: tuple[str, ...]
    answer: str  # the exact text of the correct option
    citations: tuple[CourseCitation, ...]
    kind: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "options": list(self.options),
            "answer": self.answer,
            "citations": [c.as_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class GuideStep:
    start: int  # minutes from the start
    minutes: int
    activity: str
    notes: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "minutes": self.minutes, "activity": self.activity, "notes": self.notes}

    @property
    def clock(self) -> str:
        end = self.start + self.minutes
        return f"{self.start // 60}:{self.start % 60:02d}–{end // 60}:{end % 60:02d}"


@dataclass(frozen=True)
class SourceEntry:
    source: str
    title: str
    kind: str  # "kb" or "document"
    pages: tuple[int, ...] = ()
    based_on: tuple[str, ...] = ()  # for kb files: the sources the cited kb items rest on

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "kind": self.kind,
            "pages": list(self.pages),
            "based_on": list(self.based_on),
        }


@dataclass(frozen=True)
class Course:
    title: str
    topic: str
    audience: str
    minutes: int
    lang: str
    goals: tuple[str, ...]
    key_points: tuple[KeyPoint, ...]
    case: Case | None
    quiz: tuple[QuizQuestion, ...]
    guide: tuple[GuideStep, ...]
    sources: tuple[SourceEntry, ...]
    notices: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "topic": self.topic,
            "audience": self.audience,
            "minutes": self.minutes,
            "lang": self.lang,
            "goals": list(self.goals),
            "key_points": [k.as_dict() for k in self.key_points],
            "case": self.case.as_dict() if self.case else {},
            "quiz": [q.as_dict() for q in self.quiz],
            "guide": [g.as_dict() for g in self.guide],
            "sources": [s.as_dict() for s in self.sources],
            "notices": list(self.notices),
        }
