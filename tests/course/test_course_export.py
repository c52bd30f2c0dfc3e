"""Course exports read back with python-docx and python-pptx: goals, points, case, quiz, guide and sources."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pptx import Presentation

from veiviser.course import CourseBuilder
from veiviser.course.export import COURSE_FORMATS, LETTERS, format_for, render_course
from veiviser.reports.exports import ExportError


@pytest.fixture(scope="module")
def course(kb, tmp_path_factory):
    from veiviser.core.config import Settings

    settings = Settings(home=tmp_path_factory.mktemp("home"), embedder="fake")
    return CourseBuilder(settings, kb=kb).build("koordinatorrollen", "nye koordinatorer")


def slide_texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_pptx_has_the_module_as_slides(course):
    prs = Presentation(io.BytesIO(render_course(course, "pptx")))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == course.title
    assert titles[1] == "Læringsmål"
    assert any(t.startswith("Nøkkelpunkter") for t in titles)
    assert course.case.title in titles and "Spørsmål til gruppa" in titles
    quiz_titles = [t for t in titles if t.startswith("Quiz ") and "/" in t]
    assert len(quiz_titles) == len(course.quiz) >= 8
    assert titles[-2:] == ["Fasilitatorguide", "Kilder"]
    for goal in course.goals:
        assert goal in slide_texts(prs.slides[1])
    all_text = "\n".join(slide_texts(s) for s in prs.slides)
    for kp in course.key_points:
        assert kp.text in all_text
    quiz_slides = [s for s in prs.slides if s.shapes.title.text in quiz_titles]
    for slide, q in zip(quiz_slides, course.quiz):
        body = slide_texts(slide)
        assert q.question in body
        assert all(f"{LETTERS[i]}) {o}" in body for i, o in enumerate(q.options))
        notes = slide.notes_slide.notes_text_frame.text
        assert q.answer in notes and q.citations[0].title in notes


def test_docx_has_headings_quiz_answers_and_the_guide_table(course):
    doc = Document(io.BytesIO(render_course(course, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Læringsmål", "Nøkkelpunkter"]
    assert {course.case.title, "Quiz", "Fasilitatorguide", "Kilder"} <= set(headings)
    body = "\n".join(p.text for p in doc.paragraphs)
    for n, q in enumerate(course.quiz, 1):
        assert f"{n}. {q.question}" in body
        assert f"Svar: {LETTERS[q.options.index(q.answer)]}) {q.answer}" in body
    guide = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in guide.rows]
    assert rows[0] == ["Tid", "Aktivitet", "Notater"]
    assert [r[1] for r in rows[1:]] == [g.activity for g in course.guide]


def test_markdown_holds_the_same(course):
    md = render_course(course, "md").decode("utf-8")
    assert md.startswith(f"# {course.title}")
    for kp in course.key_points:
        assert kp.text in md
    for s in course.sources:
        assert s.source in md


def test_formats_come_from_the_file_name(tmp_path):
    assert [format_for(tmp_path / f"k.{f}") for f in COURSE_FORMATS] == list(COURSE_FORMATS)
    with pytest.raises(ExportError, match=".pptx"):
        format_for(tmp_path / "k.pdf")
