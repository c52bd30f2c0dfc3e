"""`CourseBuilder`: a ready-to-run training session on a topic, from the kb and the index.

    builder = course_builder(settings)                 # veiviser.app: kb, the index, an LLM when configured
    course = builder.build("koordinatorrollen", "nye koordinatorer", minutes=45, lang="nb")
    course.as_dict()                                   # the JSON of `veiviser course --json`

The module holds learning goals, cited key points (kb facts first, then passages found
in the indexed documents), a case built from the most relevant pathway, a quiz of at
least eight questions and a facilitator's guide timed to the session. Offline it uses
the kb and the index only; with an LLM (settings.answerer ollama, openai or scripted)
the key points are reworded for the audience and every rewording is checked against
its source (see `rephrase`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.core.protocols import Retriever
from veiviser.course.facts import Fact, KbFacts
from veiviser.course.model import (
    Case,
    CaseQuestion,
    Course,
    CourseCitation,
    GuideStep,
    KeyPoint,
    QuizQuestion,
    SourceEntry,
)
from veiviser.course.overlap import covered, keep_new
from veiviser.course.quiz import QuizMaker
from veiviser.course.texts import COURSE_LANGS, JURISDICTION, texts
from veiviser.kb.language import written_in
from veiviser.kb.loader import KnowledgeBase, load_kb

log = logging.getLogger(__name__)

MIN_MINUTES, MAX_MINUTES = 15, 240
MIN_QUIZ = 8
MAX_QUIZ = 12
LLM_ANSWERERS = ("ollama", "openai", "scripted")
#: Share of the session per activity: welcome, key points, case work, quiz, summary.
GUIDE_SHARES = (("intro", 0.10), ("points", 0.30), ("case", 0.35), ("quiz", 0.20), ("summary", 0.05))
#: How many key points of each kind of kb fact at most, in the order they are presented.
POINT_KINDS = (("concept", 1), ("role_summary", 1), ("duty", 3), ("legal", 2), ("task", 1), ("pitfall", 2))
INDEX_POINTS = 3  # key points from indexed documents
CASE_QUESTIONS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class CourseError(VeiviserError, ValueError):
    """The course cannot be built as asked; the message says what to change."""

    exit_code = 2


@dataclass(frozen=True)
class _Point:
    point: KeyPoint
    cited_text: str
    source_lang: str


class CourseBuilder:
    def __init__(
        self,
        settings: Settings,
        *,
        kb: KnowledgeBase | None = None,
        retriever=None,
        chat_model=None,
        open_retriever: Callable[[], Retriever] | None = None,
    ) -> None:
        """`retriever` searches the index; `open_retriever` opens one on first use (the app layer
        passes it, so a course without key points from the index never loads the embedder)."""
        self.settings = settings
        self.kb = kb if kb is not None else load_kb(settings.kb_dir)
        self._retriever = retriever
        self._open_retriever = open_retriever
        self._chat_model = chat_model

    # ------------------------------------------------------------------ public
    def build(self, topic: str, audience: str, *, minutes: int = 45, lang: str = "nb") -> Course:
        topic, audience = " ".join(topic.split()), " ".join(audience.split())
        if not topic:
            raise CourseError('Give a topic, for example --topic "koordinatorrollen".')
        if not audience:
            raise CourseError('Give an audience, for example --audience "nye koordinatorer".')
        if lang not in COURSE_LANGS:
            raise CourseError(f"Course language must be one of: {', '.join(COURSE_LANGS)}")
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise CourseError(f"A session must last {MIN_MINUTES}–{MAX_MINUTES} minutes (got {minutes}).")
        t = texts(lang)
        facts = KbFacts(self.kb, JURISDICTION[lang], lang)
        ranked = facts.rank(topic, audience)
        notices: list[str] = []

        kb_points = self._kb_points(facts, ranked)
        index_points = self._index_points(topic, audience, lang, facts, notices, kb_points)
        points = kb_points + index_points
        points = self._maybe_rephrase(points, lang, audience, notices)
        quiz = QuizMaker(facts, lang).quiz(ranked, max(MIN_QUIZ, min(MAX_QUIZ, round(minutes / 5))))
        case = self._case(facts, ranked, lang)
        goals = self._goals(facts, kb_points, case, lang, facts.named_owners(f"{topic} {audience}"))
        guide = self._guide(minutes, topic, len(points), len(quiz), lang)
        sources = self._sources(facts, [p.point for p in points], quiz, case)
        return Course(
            title=t["title"].format(topic=topic[:1].upper() + topic[1:], audience=audience, minutes=minutes),
            topic=topic,
            audience=audience,
            minutes=minutes,
            lang=lang,
            goals=tuple(goals),
            key_points=tuple(p.point for p in points),
            case=case,
            quiz=tuple(quiz),
            guide=tuple(guide),
            sources=tuple(sources),
            notices=tuple(notices),
        )

    # ------------------------------------------------------------------ key points
    def _kb_points(self, facts: KbFacts, ranked: Sequence[tuple[float, Fact]]) -> list[_Point]:
        """The best facts of each kind, none saying only what another chosen one says (see `overlap`)."""
        chosen: list[Fact] = []
        lang = written_in(facts.jurisdiction)
        for kind, limit in POINT_KINDS:
            of_kind = (f for _, f in ranked if f.kind == kind)
            taken = 0
            while taken < limit and (fact := next(of_kind, None)) is not None:
                if keep_new(chosen, fact, lambda f: f.text, lang):
                    taken += 1
        # the provisions behind the chosen duties belong with them
        basis = [b for f in chosen if f.kind == "duty" for b in f.legal_basis]
        present = {f.owner for f in chosen if f.kind == "legal"}
        for ref_id in dict.fromkeys(basis):
            if len([f for f in chosen if f.kind == "legal"]) >= 3:
                break
            if ref_id not in present:
                fact = next((f for f in facts.facts if f.kind == "legal" and f.owner == ref_id), None)
                if fact is not None and keep_new(chosen, fact, lambda f: f.text, lang):
                    present.add(ref_id)
        order = {kind: i for i, (kind, _) in enumerate(POINT_KINDS)}
        chosen.sort(key=lambda f: order[f.kind])
        return [
            _Point(KeyPoint(text=f.text, citations=(f.citation,), kind=f.kind), f.cited_text, facts.lang)
            for f in chosen
        ]

    def retriever(self):
        if self._retriever is None and self._open_retriever is not None:
            self._retriever = self._open_retriever()
        return self._retriever

    def _index_points(
        self, topic: str, audience: str, lang: str, facts: KbFacts, notices: list[str], kb_points: Sequence[_Point]
    ) -> list[_Point]:
        from veiviser.core.types import SearchFilters

        try:
            retriever = self.retriever()
        except Exception as exc:  # no index yet, or an index this build cannot open
            log.info("course: no index (%s); kb facts only", type(exc).__name__)
            retriever = None
        if retriever is None:
            notices.append(texts(lang)["notice_no_index"])
            return []
        langs = {"no": ("nb", "nn"), "se": ("sv",), "dk": ("da",)}[JURISDICTION[lang]] if lang != "en" else None
        hits = retriever.search(topic, k=30, filters=SearchFilters(langs=langs) if langs else None)
        weights = facts.topic_terms(topic, audience)
        out: list[_Point] = []
        seen_docs: dict[str, int] = {}
        for hit in hits:
            chunk = hit.chunk
            if chunk.doc_type == "kb" or seen_docs.get(chunk.doc_id, 0) >= 2:
                continue
            span = _best_sentence(chunk.text, chunk.lang or lang, weights)
            if span is None:
                continue
            start, end = span
            quote = chunk.text[start:end]
            said = [p.point.text for p in (*kb_points, *out)]
            if any(covered(quote, text, chunk.lang or written_in(facts.jurisdiction)) for text in said):
                continue  # a passage that repeats a point already made
            citation = CourseCitation(
                source=chunk.source, page=chunk.page, quote=quote, section=chunk.section, title=chunk.title
            )
            out.append(
                _Point(
                    KeyPoint(text=" ".join(quote.split()), citations=(citation,), kind="passage"),
                    chunk.text,
                    chunk.lang or lang,
                )
            )
            seen_docs[chunk.doc_id] = seen_docs.get(chunk.doc_id, 0) + 1
            if len(out) >= INDEX_POINTS:
                break
        return out

    def chat_model(self):
        if self._chat_model is None and self.settings.answerer in LLM_ANSWERERS:
            from veiviser.answer.llm import make_chat_model

            self._chat_model = make_chat_model(self.settings)
        return self._chat_model

    def _maybe_rephrase(self, points: list[_Point], lang: str, audience: str, notices: list[str]) -> list[_Point]:
        model = self.chat_model()
        if model is None or not points:
            return points
        from veiviser.course.rephrase import rephrase_points

        t = texts(lang)
        rephrased: list[KeyPoint] = [p.point for p in points]
        rejected = 0
        for source_lang in dict.fromkeys(p.source_lang for p in points):
            idx = [i for i, p in enumerate(points) if p.source_lang == source_lang]
            outcome = rephrase_points(
                [points[i].point for i in idx],
                [points[i].cited_text for i in idx],
                model,
                lang=lang,
                audience=audience,
                source_lang=source_lang,
            )
            for i, kp in zip(idx, outcome.points):
                rephrased[i] = kp
            rejected += outcome.rejected
            if outcome.error:
                notices.append(t["notice_llm_failed"].format(error=outcome.error))
                break
        if rejected:
            notices.append(t["notice_llm_rejected"].format(n=rejected))
        return [_Point(kp, p.cited_text, p.source_lang) for kp, p in zip(rephrased, points)]

    # ------------------------------------------------------------------ case
    def _case(self, facts: KbFacts, ranked: Sequence[tuple[float, Fact]], lang: str) -> Case | None:
        pathways = [pw for pw in self.kb.pathways if pw.jurisdiction == facts.jurisdiction]
        if not pathways:
            return None
        item_scores: dict[str, float] = {f.owner: s for s, f in ranked if f.kind == "item_why"}
        by_pathway = {pw.id: sum(item_scores.get(i.id, 0.0) for i in pw.items()) for pw in pathways}
        pathway = max(pathways, key=lambda pw: (by_pathway[pw.id], len(pw.items())))
        phase = max(pathway.phases, key=lambda ph: (sum(item_scores.get(i.id, 0.0) for i in ph.items), len(ph.items)))
        items = sorted(phase.items, key=lambda i: -item_scores.get(i.id, 0.0))[:CASE_QUESTIONS]
        if len(items) < 3:  # a short phase borrows from the next one
            later = pathway.phases[pathway.phases.index(phase) + 1 :]
            items += [i for ph in later for i in ph.items][: 3 - len(items)]
        roles = self.kb.roles
        questions: list[CaseQuestion] = []
        for item in items:
            cited = facts.cite(pathway, item.why, item.text)
            questions.append(
                CaseQuestion(
                    question=item.text,
                    note=item.why,
                    responsible=tuple(roles[r].name if r in roles else r for r in item.responsible),
                    citations=(cited[0],) if cited else (),
                )
            )
        t = texts(lang)
        target = _first_sentence(pathway.target_group or "")
        scenario = t["case_scenario"].format(
            pathway=pathway.title,
            target=t["case_target"].format(target=target) if target else "",
            phase=phase.title,
            phase_description=_first_sentence(phase.description or pathway.description),
        )
        return Case(
            title=t["case_title"].format(pathway=pathway.title),
            pathway=pathway.id,
            pathway_title=pathway.title,
            phase=phase.title,
            scenario=scenario,
            questions=tuple(questions),
        )

    # ------------------------------------------------------------------ goals, guide, sources
    def _goals(
        self, facts: KbFacts, points: Sequence[_Point], case: Case | None, lang: str, named: set[str]
    ) -> list[str]:
        t = texts(lang)
        legal = self.kb.legal
        fact_by_quote = {f.citation.quote: f for f in facts.facts}
        quotes = [p.point.citations[0].quote for p in points]
        used = [fact_by_quote[q] for q in quotes if q in fact_by_quote]
        goals: list[str] = []
        role_facts = [f for f in used if f.kind in ("duty", "role_summary") and f.owner in named]
        if role_facts:
            role = role_facts[0].owner_label
            labels = [legal[b].label for f in role_facts for b in f.legal_basis if b in legal and _short_ref(legal[b])]
            basis = t["basis"].format(labels=", ".join(dict.fromkeys(labels))) if labels else ""
            goals.append(t["goal_role"].format(role=_decap(role, lang), basis=basis))
        legal_labels = [f.owner_label for f in used if f.kind == "legal" and _short_ref(legal[f.owner])]
        if legal_labels:
            goals.append(t["goal_legal"].format(labels=", ".join(dict.fromkeys(legal_labels))))
        concepts = [f.owner_label for f in used if f.kind == "concept"]
        if concepts:
            goals.append(t["goal_concept"].format(terms=", ".join(f"«{c}»" for c in concepts)))
        pitfalls = [f for f in used if f.kind == "pitfall" and f.owner in named]
        if pitfalls:
            role = pitfalls[0].owner_label
            goals.append(t["goal_pitfall"].format(role=_decap(role, lang)))
        if case is not None:
            goals.append(t["goal_case"].format(pathway=case.pathway_title))
        goals.append(t["goal_sources"])
        return goals

    @staticmethod
    def _guide(minutes: int, topic: str, n_points: int, n_quiz: int, lang: str) -> list[GuideStep]:
        t = texts(lang)
        lengths = [max(1, round(minutes * share)) for _, share in GUIDE_SHARES]
        lengths[2] += minutes - sum(lengths)  # the case absorbs rounding
        steps: list[GuideStep] = []
        start = 0
        for (key, _), length in zip(GUIDE_SHARES, lengths):
            notes = t[f"guide_{key}_notes"].format(topic=topic, n=n_points if key == "points" else n_quiz)
            steps.append(GuideStep(start=start, minutes=length, activity=t[f"guide_{key}"], notes=notes))
            start += length
        return steps

    def _sources(
        self, facts: KbFacts, points: Sequence[KeyPoint], quiz: Sequence[QuizQuestion], case: Case | None
    ) -> list[SourceEntry]:
        citations = [c for p in points for c in p.citations] + [c for q in quiz for c in q.citations]
        if case:
            citations += [c for q in case.questions for c in q.citations]
        fact_by_quote = {(f.citation.source, f.citation.quote): f for f in facts.facts}
        entries: dict[str, dict] = {}
        for c in citations:
            entry = entries.setdefault(c.source, {"title": c.title, "pages": [], "based_on": []})
            if c.page is not None and c.page not in entry["pages"]:
                entry["pages"].append(c.page)
            fact = fact_by_quote.get((c.source, c.quote))
            if fact is not None:
                entry["based_on"].extend(b for b in fact.based_on if b not in entry["based_on"])
        t = texts(facts.lang)
        out: list[SourceEntry] = []
        for source, entry in entries.items():
            is_kb = source.startswith(f"{self.kb.root.name}/")
            title = t["kb_source"].format(title=entry["title"]) if is_kb else entry["title"] or source
            out.append(
                SourceEntry(
                    source=source,
                    title=title,
                    kind="kb" if is_kb else "document",
                    pages=tuple(sorted(entry["pages"])),
                    based_on=tuple(entry["based_on"]),
                )
            )
        out.sort(key=lambda s: (s.kind != "document", s.source))
        return out


def _decap(name: str, lang: str) -> str:
    """ "Koordinerende enhet (KE)" -> "koordinerende enhet (KE)" inside a sentence; acronyms stay."""
    if lang == "en" or len(name) < 2 or not name[1].islower():
        return name
    return name[0].lower() + name[1:]


def _short_ref(ref) -> bool:
    """A provision cited by a short label ("hol § 7-2"), as goals name them; guidelines are cited in the sources."""
    return bool(ref.section) and ref.kind.value in ("law", "regulation") and len(ref.label) <= 40


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def _best_sentence(text: str, lang: str, weights: dict[str, float]) -> tuple[int, int] | None:
    """The sentence (exact span) of a passage that says most about the topic, or None."""
    from veiviser.text.tokens import analyse
    from veiviser.text.units import split_units

    best: tuple[float, int, int] | None = None
    for unit in split_units(text):
        if unit.kind == "heading":
            continue
        sentence = text[unit.start : unit.end]
        if not 40 <= len(sentence) <= 400 or sentence.rstrip().endswith("?") or len(sentence.split()) < 6:
            continue  # questions and fragments are not key points
        stems = set(analyse(sentence, lang))
        score = sum(w for stem, w in weights.items() if stem in stems)
        if score > 0 and (best is None or score > best[0]):
            best = (score, unit.start, unit.end)
    return (best[1], best[2]) if best else None
