"""Kursbygger: trainers get a ready-to-run session with cited key points, a case and a quiz.

The course is built by veiviser.course.CourseBuilder from the kb and the live index
(already cached by the shell); the page shows it and offers the exports of
veiviser.course.export.render_course.
"""

from __future__ import annotations

import logging
import re

import streamlit as st

from veiviser.course import CourseBuilder, CourseError
from veiviser.course.builder import MAX_MINUTES, MIN_MINUTES
from veiviser.course.export import COURSE_FORMATS, render_course
from veiviser.course.model import Course, CourseCitation
from veiviser.course.texts import COURSE_LANGS
from veiviser.ui.context import UiContext
from veiviser.ui.downloads import download_row

log = logging.getLogger(__name__)

COURSE_KEY = "vv_course"


def build_course(ctx: UiContext, topic: str, audience: str, minutes: int, lang: str) -> Course:
    """The course from the cached kb and retriever, so building does not reload the index."""
    kb = ctx.kb().kb
    retriever = ctx.retriever()
    builder = CourseBuilder(ctx.settings, kb=kb, retriever=retriever)
    return builder.build(topic, audience, minutes=minutes, lang=lang)


def _citations(t, citations: tuple[CourseCitation, ...]) -> None:
    for c in citations:
        with st.expander(t("course_page.citation", label=c.label)):
            st.markdown(f"> {' '.join(c.quote.split())}")
            st.caption(c.source)


def _form(ctx: UiContext) -> None:
    t = ctx.t
    with st.form("vv_course_form"):
        topic = st.text_input(
            t("course_page.topic"), placeholder=t("course_page.topic_placeholder"), key="vv_course_topic"
        )
        audience = st.text_input(
            t("course_page.audience"), placeholder=t("course_page.audience_placeholder"), key="vv_course_audience"
        )
        left, right = st.columns(2)
        minutes = left.number_input(
            t("course_page.minutes"),
            min_value=MIN_MINUTES,
            max_value=MAX_MINUTES,
            value=45,
            step=15,
            key="vv_course_minutes",
        )
        default = COURSE_LANGS.index(ctx.lang) if ctx.lang in COURSE_LANGS else 0
        lang = right.selectbox(
            t("course_page.lang"),
            COURSE_LANGS,
            index=default,
            key="vv_course_lang",
            format_func=lambda code: t(f"lang.{code}"),
        )
        submitted = st.form_submit_button(t("course_page.build_button"), type="primary")
    if not submitted:
        return
    try:
        with st.spinner(t("course_page.building")):
            st.session_state[COURSE_KEY] = build_course(ctx, topic, audience, int(minutes), lang)
    except CourseError as exc:
        st.error(t("course_page.failed", error=str(exc)))
    except Exception as exc:  # kb or index trouble: say so, keep the page alive
        log.exception("course from the app failed")
        st.error(t("course_page.failed", error=str(exc)))


def _course(ctx: UiContext, course: Course) -> None:
    t = ctx.t
    st.header(course.title)
    for notice in course.notices:
        st.info(notice)
    st.subheader(t("course_page.goals"))
    st.markdown("\n".join(f"- {g}" for g in course.goals))

    st.subheader(t("course_page.key_points"))
    for n, point in enumerate(course.key_points, start=1):
        st.markdown(f"**{n}.** {point.text}")
        if point.original:
            st.caption(t("course_page.original", text=point.original))
        _citations(t, point.citations)

    if course.case is not None:
        case = course.case
        st.subheader(case.title)  # the title names it a case already ("Case: ...", "Fall: ...")
        st.caption(t("course_page.case_pathway", pathway=case.pathway_title, phase=case.phase))
        st.markdown(case.scenario)
        for n, q in enumerate(case.questions, start=1):
            st.markdown(f"{n}. {q.question}")
            details = [q.note] if q.note else []
            if q.responsible:
                details.append(t("course_page.case_responsible", who=", ".join(q.responsible)))
            if details:
                st.caption(" · ".join(details))

    st.subheader(t("course_page.quiz"))
    for n, quiz in enumerate(course.quiz, start=1):
        st.markdown(f"**{t('course_page.quiz_question', number=n)}:** {quiz.question}")
        st.markdown("\n".join(f"- {chr(ord('A') + i)}) {option}" for i, option in enumerate(quiz.options)))
        with st.expander(t("course_page.quiz_answer")):
            st.markdown(t("course_page.quiz_correct", answer=quiz.answer))
            for c in quiz.citations:
                st.caption(f"{c.label}: «{' '.join(c.quote.split())}»")

    st.subheader(t("course_page.guide"))
    st.dataframe(
        [
            {
                t("course_page.guide_time"): step.clock,
                t("course_page.guide_minutes"): step.minutes,
                t("course_page.guide_activity"): step.activity,
                t("course_page.guide_notes"): step.notes,
            }
            for step in course.guide
        ],
        hide_index=True,
        width="stretch",
    )

    st.subheader(t("course_page.sources"))
    lines = []
    for s in course.sources:
        extra = []
        if s.pages:
            extra.append(t("course_page.source_pages", pages=", ".join(str(p) for p in s.pages)))
        if s.based_on:
            extra.append(t("course_page.source_based_on", sources="; ".join(s.based_on)))
        lines.append(f"- {s.title or s.source}" + (f" ({'; '.join(extra)})" if extra else ""))
    st.markdown("\n".join(lines))
    _downloads(ctx, course)


def _file_stem(course: Course) -> str:
    return re.sub(r"[^\w-]+", "-", course.topic.lower()).strip("-")[:60] or "kurs"


def _downloads(ctx: UiContext, course: Course) -> None:
    t = ctx.t
    st.subheader(t("course_page.download_title"))
    download_row(
        t,
        "course_page",
        COURSE_FORMATS,
        lambda fmt: render_course(course, fmt),
        lambda fmt: f"kurs-{_file_stem(course)}.{fmt}",
        "vv_course_export",
    )


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("course_page.title"))
    st.caption(t("course_page.intro"))
    _form(ctx)
    course = st.session_state.get(COURSE_KEY)
    if course is not None:
        _course(ctx, course)
