"""Multiple-choice questions from the kb: the right answer is a cited kb fact, the distractors are
related facts of the same kind that answer a different question.

Four question kinds, so a quiz is not one drill repeated:
- provision: "Hvilken bestemmelse handler om «Rett til individuell plan»?" – other provisions
  of the same jurisdiction (the ones the kb marks as related, or of the same law, first);
- duty: "Hvem har denne plikten: «…»?" – other roles, never one with a duty or task that
  says nearly the same thing;
- concept: "Hva betyr «koordinerende enhet»?" – definitions of other concepts, the closest in
  wording first;
- phase: "I hvilken fase … hører dette spørsmålet hjemme: «…»?" – the pathway's other phases.

Nothing is invented: every option is a label, name, definition or phase title from the kb.
Option order is shuffled deterministically from the question text.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from veiviser.course.facts import Fact, KbFacts
from veiviser.course.model import QuizQuestion
from veiviser.course.texts import texts

OPTIONS = 4
SAME_DUTY_RATIO = 70  # a role with a duty this similar (token set ratio) is not a wrong answer
KINDS = ("provision", "duty", "concept", "phase")


@dataclass(frozen=True)
class Candidate:
    score: float
    kind: str
    question: QuizQuestion


_ENUMERATOR = re.compile(r"^\s*(?:[a-zA-Z]|\d{1,2})[).]\s+")


def _bare(option: str) -> str:
    """An option without the list marker it had in its source ("a) Min gode dag" -> "Min gode dag"):
    the quiz puts its own letters in front."""
    return _ENUMERATOR.sub("", option, count=1)


def _options(question: str, correct: str, distractors: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """The options in a fixed shuffled order, and the correct one, both without source list markers."""
    options = [_bare(correct), *(_bare(d) for d in distractors)]
    seed = int(hashlib.sha256(question.encode("utf-8")).hexdigest()[:12], 16)
    random.Random(seed).shuffle(options)
    return tuple(options), _bare(correct)


def _words(text: str) -> set[str]:
    return {w for w in text.lower().split() if len(w) > 3}


def _closest(target: str, others: Sequence[str], n: int) -> list[str]:
    ranked = sorted(others, key=lambda o: (-len(_words(o) & _words(target)), others.index(o)))
    return ranked[:n]


class QuizMaker:
    def __init__(self, facts: KbFacts, lang: str) -> None:
        self.facts = facts
        self.kb = facts.kb
        self.lang = lang
        self.t = texts(lang)

    # ------------------------------------------------------------------ kinds
    def provision(self, fact: Fact) -> QuizQuestion | None:
        legal = self.kb.legal
        ref = legal.get(fact.owner)
        if ref is None or not ref.section:
            return None
        pool = [
            r
            for f in self.kb.legal_files
            if f.jurisdiction == self.facts.jurisdiction
            for r in f.refs
            if r.id != ref.id and r.section and r.label != ref.label and r.title != ref.title
        ]
        pool.sort(key=lambda r: (r.id not in ref.related and ref.id not in r.related, r.law != ref.law))
        distractors = list(dict.fromkeys(r.label for r in pool))[: OPTIONS - 1]
        if len(distractors) < OPTIONS - 1:
            return None
        question = self.t["q_legal_label"].format(title=ref.title)
        return QuizQuestion(question, *_options(question, ref.label, distractors), (fact.citation,), kind="provision")

    def duty(self, fact: Fact) -> QuizQuestion | None:
        roles = [r for f in self.kb.role_files if f.jurisdiction == self.facts.jurisdiction for r in f.roles]
        owner = next((r for r in roles if r.id == fact.owner), None)
        if owner is None:
            return None

        def says_the_same(role) -> bool:
            texts_of_role = [d.text for d in role.duties] + list(role.typical_tasks) + [role.summary]
            return any(fuzz.token_set_ratio(fact.text.lower(), t.lower()) >= SAME_DUTY_RATIO for t in texts_of_role)

        def same_role_family(role) -> bool:  # "Koordinator" vs "Barnekoordinator": a learner could defend both
            a, b = role.name.lower(), owner.name.lower()
            return a in b or b in a

        others = [r for r in roles if r.id != owner.id and not same_role_family(r) and not says_the_same(r)]
        ranked = self.facts.rank(fact.text)
        relevance = {f.owner: s for s, f in ranked if f.kind in ("duty", "role_summary", "task")}
        others.sort(key=lambda r: -relevance.get(r.id, 0.0))
        distractors = [r.name for r in others[: OPTIONS - 1]]
        if len(distractors) < OPTIONS - 1:
            return None
        question = self.t["q_role_duty"].format(duty=fact.text.rstrip("."))
        return QuizQuestion(question, *_options(question, owner.name, distractors), (fact.citation,), kind="duty")

    def concept(self, fact: Fact) -> QuizQuestion | None:
        others = [
            f.text
            for f in self.facts.facts
            if f.kind == "concept"
            and f.owner != fact.owner
            and f.owner_label.lower() not in fact.text.lower()
            and fact.owner_label.lower() not in f.text.lower()
        ]
        distractors = _closest(fact.text, list(dict.fromkeys(others)), OPTIONS - 1)
        if len(distractors) < OPTIONS - 1:
            return None
        question = self.t["q_concept"].format(term=fact.owner_label)
        return QuizQuestion(question, *_options(question, fact.text, distractors), (fact.citation,), kind="concept")

    def phase(self, fact: Fact) -> QuizQuestion | None:
        item_ref = self.kb.items().get(fact.owner)
        if item_ref is None:
            return None
        pathway, phase = item_ref.pathway, item_ref.phase
        distractors = [p.title for p in pathway.phases if p.id != phase.id and p.title != phase.title]
        if len(distractors) < OPTIONS - 1:
            return None
        distractors = distractors[: OPTIONS - 1]
        cited = self.facts.cite(pathway, item_ref.item.text, phase.title)
        if cited is None:
            return None
        question = self.t["q_phase"].format(pathway=pathway.title, item=item_ref.item.text)
        return QuizQuestion(question, *_options(question, phase.title, distractors), (cited[0],), kind="phase")

    # ------------------------------------------------------------------ selection
    def candidates(self, ranked: Sequence[tuple[float, Fact]]) -> list[Candidate]:
        makers = {"legal": self.provision, "duty": self.duty, "concept": self.concept, "item_why": self.phase}
        out: list[Candidate] = []
        seen: set[str] = set()
        for score, fact in ranked:
            maker = makers.get(fact.kind)
            if maker is None:
                continue
            question = maker(fact)
            if question is None or question.question in seen:
                continue
            seen.add(question.question)
            out.append(Candidate(score, question.kind, question))
        return out

    def quiz(self, ranked: Sequence[tuple[float, Fact]], n: int) -> list[QuizQuestion]:
        """`n` questions: the most relevant first, taken in turn from each kind; the rest of the kb
        fills up when the topic itself offers too few."""
        relevant = self.candidates(ranked)
        chosen = _round_robin(relevant, n)
        if len(chosen) < n:
            seen = {q.question for q in chosen}
            rest = [c for c in self.candidates([(0.0, f) for f in self.facts.facts]) if c.question.question not in seen]
            chosen += _round_robin(rest, n - len(chosen))
        return chosen


def _round_robin(candidates: Sequence[Candidate], n: int) -> list[QuizQuestion]:
    queues = {kind: [c for c in candidates if c.kind == kind] for kind in KINDS}
    order = sorted(KINDS, key=lambda k: -(queues[k][0].score if queues[k] else -1))
    chosen: list[QuizQuestion] = []
    answers: set[tuple[str, str]] = set()  # one question per right answer and kind keeps the quiz varied
    while len(chosen) < n and any(queues.values()):
        for kind in order:
            while queues[kind] and len(chosen) < n:
                question = queues[kind].pop(0).question
                if (kind, question.answer) not in answers:
                    answers.add((kind, question.answer))
                    chosen.append(question)
                    break
    return chosen
