"""The course module: shape, cited and verifiable facts, a real quiz, a timed guide, languages, errors."""

from __future__ import annotations

import pytest
from course_helpers import cited_texts

from veiviser.app.services import course_builder
from veiviser.course import CourseBuilder, CourseError

TOPIC, AUDIENCE = "koordinatorrollen", "nye koordinatorer"


@pytest.fixture(scope="module")
def course_with_index(indexed, kb):
    return course_builder(indexed, kb=kb).build(TOPIC, AUDIENCE, minutes=45)


def all_citations(course):
    cs = [c for kp in course.key_points for c in kp.citations] + [c for q in course.quiz for c in q.citations]
    return cs + [c for q in course.case.questions for c in q.citations]


def test_json_has_the_contract_shape(course_with_index):
    data = course_with_index.as_dict()
    assert {"title", "goals", "key_points", "case", "quiz", "guide", "sources"} <= set(data)
    assert data["title"] == "Koordinatorrollen – opplæring for nye koordinatorer (45 minutter)"
    assert len(data["goals"]) >= 3
    for kp in data["key_points"]:
        assert kp["text"] and kp["citations"]
        assert all(set(c) >= {"source", "page", "quote"} for c in kp["citations"])
    for q in data["quiz"]:
        assert set(q) >= {"question", "options", "answer", "citations"}
    assert data["case"]["questions"] and data["case"]["scenario"]


def test_every_quote_is_an_exact_span_of_the_cited_source(course_with_index, indexed, kb):
    texts = cited_texts(kb, indexed)
    citations = all_citations(course_with_index)
    assert len(citations) >= 20
    for c in citations:
        assert c.source in texts, c.source
        assert c.quote in texts[c.source], (c.source, c.quote)


def test_key_points_are_about_the_topic_and_include_the_indexed_document(course_with_index):
    texts = [kp.text for kp in course_with_index.key_points]
    assert any("framdrift" in t and "individuell plan" in t for t in texts)  # the coordinator's core duty
    sources = [c.source for kp in course_with_index.key_points for c in kp.citations]
    assert "kb/roles/no.yaml" in sources and "kb/legal/no.yaml" in sources
    doc_points = [kp for kp in course_with_index.key_points if kp.citations[0].source == "innforing-koordinator.txt"]
    assert doc_points and "oordinator" in doc_points[0].text
    assert not course_with_index.notices


def test_quiz_has_at_least_eight_varied_questions_with_one_right_option(course_with_index):
    quiz = course_with_index.quiz
    assert len(quiz) >= 8
    assert len({q.question for q in quiz}) == len(quiz)
    assert {q.kind for q in quiz} >= {"provision", "duty", "concept", "phase"}
    for q in quiz:
        assert len(q.options) == 4 and len(set(q.options)) == 4
        assert q.answer in q.options
        assert q.citations
    assert len({q.options.index(q.answer) for q in quiz}) > 1  # the right answer is not always in one place


def test_quiz_answers_are_what_the_kb_says(course_with_index, kb):
    legal = kb.legal
    roles = kb.roles
    for q in course_with_index.quiz:
        if q.kind == "provision":
            ref = next(r for r in legal.values() if r.label == q.answer)
            assert ref.title in q.question
            assert q.citations[0].quote == " ".join(ref.requirement.split()) or q.citations[0].quote in ref.requirement
            for wrong in set(q.options) - {q.answer}:
                assert all(r.title not in q.question for r in legal.values() if r.label == wrong)
        if q.kind == "duty":
            owner = next(r for r in roles.values() if r.name == q.answer)
            assert any(d.text == q.citations[0].quote for d in owner.duties)


def test_guide_fills_the_session(course_with_index):
    guide = course_with_index.guide
    assert sum(g.minutes for g in guide) == 45
    assert [g.start for g in guide] == [sum(x.minutes for x in guide[:i]) for i in range(len(guide))]
    assert all(g.activity and g.notes for g in guide)


def test_sources_list_every_cited_source(course_with_index):
    listed = {s.source for s in course_with_index.sources}
    assert {c.source for c in all_citations(course_with_index)} <= listed
    kb_roles = next(s for s in course_with_index.sources if s.source == "kb/roles/no.yaml")
    assert kb_roles.kind == "kb" and kb_roles.based_on  # the sources behind the kb items are named


def test_without_an_index_the_kb_alone_is_used_and_the_user_is_told(settings, kb):
    course = course_builder(settings, kb=kb).build("taushetsplikt og samtykke", "frontlinjeansatte", minutes=30)
    assert any("ingest" in n for n in course.notices)
    assert all(c.source.startswith("kb/") for kp in course.key_points for c in kp.citations)
    assert any("taushetsplikt" in kp.text.lower() for kp in course.key_points)
    assert len(course.quiz) >= 8 and sum(g.minutes for g in course.guide) == 30


@pytest.mark.parametrize(
    "topic, audience, lang, kb_file, title_word",
    [
        ("koordinerande eining", "nye tilsette", "nn", "kb/roles/no.yaml", "opplæring"),
        ("samordnad individuell plan", "nya samordnare", "sv", "kb/legal/se.yaml", "utbildning"),
        ("forløbskoordinator", "nye medarbejdere", "da", "kb/roles/dk.yaml", "undervisning"),
    ],
)
def test_other_languages_draw_on_their_jurisdiction(settings, kb, topic, audience, lang, kb_file, title_word):
    course = CourseBuilder(settings, kb=kb).build(topic, audience, lang=lang)
    assert course.lang == lang and title_word in course.title
    assert kb_file in {c.source for c in all_citations(course)}
    assert len(course.quiz) >= 8
    texts = cited_texts(kb)
    for c in all_citations(course):
        assert c.quote in texts[c.source]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"topic": " ", "audience": "x"}, "topic"),
        ({"topic": "x", "audience": ""}, "audience"),
        ({"topic": "x", "audience": "y", "lang": "de"}, "language"),
        ({"topic": "x", "audience": "y", "minutes": 5}, "15–240"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(settings, kb, kwargs, message):
    topic, audience = kwargs.pop("topic"), kwargs.pop("audience")
    with pytest.raises(CourseError, match=message):
        CourseBuilder(settings, kb=kb).build(topic, audience, **kwargs)


def test_quiz_options_drop_the_list_markers_of_their_source_so_letters_are_not_doubled():
    from veiviser.course.quiz import _options

    options, answer = _options("Hvilken fase?", "a) Min gode dag", ["b) Kartlegging", "3. Evaluering", "Oppstart"])
    assert answer == "Min gode dag" and answer in options
    assert sorted(options) == ["Evaluering", "Kartlegging", "Min gode dag", "Oppstart"]
    assert (
        _options("Hvilken fase?", "a) Min gode dag", ["b) Kartlegging"])[0]
        == _options("Hvilken fase?", "a) Min gode dag", ["b) Kartlegging"])[0]
    )  # the order is fixed by the question


def test_every_quiz_option_of_a_built_course_starts_with_its_own_words(settings, kb):
    import re

    course = CourseBuilder(settings, kb=kb).build("SPoR og ansvarsgrupper", "ansvarsgrupper", minutes=45)
    for q in course.quiz:
        assert q.answer in q.options
        assert not any(re.match(r"^\s*(?:[a-zA-Z]|\d{1,2})[).]\s", o) for o in q.options)
