"""Spør: chat with streamed, cited answers; citation chips open the source passage; kb cards beside."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

import streamlit as st

from veiviser.app.feedback import DOWN, UP
from veiviser.app.preferences import PERSONAS
from veiviser.core.types import Answer, Chunk, Citation
from veiviser.kb.cards import Card, match_cards, offered_for
from veiviser.pii import PiiError
from veiviser.retrieval.passages import find_chunk, surrounding
from veiviser.ui import answering
from veiviser.ui.cards import render_card, render_offer
from veiviser.ui.components import chunk_meta, error_message, passage_html
from veiviser.ui.context import UiContext
from veiviser.ui.shell import page_for, save_preferences

log = logging.getLogger(__name__)

CHAT_KEY = "vv_chat"
PENDING_KEY = "vv_pending_question"
PERSONA_KEY = "vv_persona"


@dataclass
class Turn:
    id: str
    question: str
    answer: Answer
    persona: str
    cards: list[Card] = field(default_factory=list)


def _chat() -> list[Turn]:
    return st.session_state.setdefault(CHAT_KEY, [])


def _passage_for(ctx: UiContext, answer: Answer, citation: Citation) -> Chunk | None:
    for hit in answer.passages:
        if hit.chunk.id == citation.chunk_id:
            return hit.chunk
    version = ctx.version()
    return find_chunk(version, citation.source, citation.chunk_id) if version is not None else None


def _chip_label(citation: Citation, chunk: Chunk | None) -> str:
    title = chunk.title if chunk is not None and chunk.title else citation.source
    if len(title) > 32:
        title = title[:30].rstrip() + "…"
    page = f" s.{citation.page}" if citation.page is not None else ""
    return f"[{citation.n}] {title}{page}"


def _source_panel(ctx: UiContext, turn: Turn, citation: Citation) -> None:
    t = ctx.t
    chunk = _passage_for(ctx, turn.answer, citation)
    with st.container(border=True, key=f"vv_source_{turn.id}_{citation.n}"):
        if chunk is None:
            st.markdown(f"**[{citation.n}] {citation.source}**")
            html, _ = passage_html(citation.quote, citation.quote)
            st.html(html)
            return
        st.markdown(f"**[{citation.n}] {chunk.title or chunk.source}**")
        st.caption(" · ".join(p for p in (chunk.source, chunk_meta(t, chunk)) if p))
        html, found = passage_html(chunk.text, citation.quote)
        st.html(html)
        st.caption(t("ask.cited_span") if found else t("ask.quote_not_found"))
        if chunk.original_text:
            with st.expander(t("ask.original_text")):
                st.text(chunk.original_text)
        with st.expander(t("ask.surrounding")):
            version = ctx.version()
            around = surrounding(version, chunk) if version is not None else []
            if not around:
                st.caption(t("ask.surrounding_empty"))
            for other in around:
                quote = citation.quote if other.id == chunk.id else ""
                body, _ = passage_html(other.text, quote)
                st.html(body)


def _closest_passages(ctx: UiContext, answer: Answer) -> None:
    t = ctx.t
    st.markdown(f"**{t('ask.closest')}**")
    for hit in answer.passages[:5]:
        chunk = hit.chunk
        label = f"{chunk.title or chunk.source}" + (f" – {t('ask.page', page=chunk.page)}" if chunk.page else "")
        with st.expander(label):
            st.caption(" · ".join(p for p in (chunk.source, chunk_meta(t, chunk)) if p))
            body, _ = passage_html(chunk.text)
            st.html(body)


def _feedback(ctx: UiContext, turn: Turn) -> None:
    t = ctx.t
    store = ctx.feedback()
    rating = st.feedback("thumbs", key=f"vv_fb_{turn.id}")
    if rating is None:
        return
    value = UP if rating == 1 else DOWN
    recorded = st.session_state.setdefault("vv_fb_recorded", {})
    if recorded.get(turn.id) != value:
        store.record(turn.id, turn.answer, value, ui_lang=ctx.lang, persona=turn.persona)
        recorded[turn.id] = value
    with st.form(f"vv_fb_form_{turn.id}", border=False):
        comment = st.text_input(t("ask.feedback_comment"), key=f"vv_fb_comment_{turn.id}")
        if st.form_submit_button(t("ask.feedback_save")):
            try:
                store.record(turn.id, turn.answer, value, comment=comment, ui_lang=ctx.lang, persona=turn.persona)
                st.success(t("ask.feedback_thanks"))
            except PiiError as exc:
                st.error(error_message(t, exc, t("ask.feedback_comment")))


def _escape_markdown(text: str) -> str:
    """Source or model text shown as plain text inside Markdown (no links, emphasis or HTML from it)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|~<>" else ch for ch in text)


def _render_turn(ctx: UiContext, turn: Turn) -> None:
    t = ctx.t
    with st.chat_message("user"):
        st.markdown(turn.question)
    with st.chat_message("assistant"):
        kb = ctx.kb().kb
        if turn.cards and kb is not None:
            main, side = st.columns([3, 2], gap="medium")
        else:
            main, side = st.container(), None
        with main:
            answer = turn.answer
            if answer.abstained:
                st.info(t("ask.abstained"), icon=":material/help:")
                st.markdown(answer.text)
                if answer.passages:
                    _closest_passages(ctx, answer)
            else:
                st.markdown(answer.text)
            for notice in answer.notices:
                st.caption(f"{t('ask.notices_title')}: {notice}")
            if answer.unsupported:  # sentences of an LLM answer the sources do not support: folded away, struck
                with st.expander(t("ask.unsupported_title", n=len(answer.unsupported))):
                    for claim in answer.unsupported:
                        st.markdown(f"~~{_escape_markdown(claim.text)}~~  \n{_escape_markdown(claim.explained)}")
            if answer.citations:
                chunks = {c.n: _passage_for(ctx, answer, c) for c in answer.citations}
                chosen = st.pills(
                    t("ask.sources_label"),
                    [c.n for c in answer.citations],
                    format_func=lambda n: _chip_label(next(c for c in answer.citations if c.n == n), chunks[n]),
                    key=f"vv_cite_{turn.id}",
                    wrap=True,
                )
                if chosen is not None:
                    citation = next(c for c in answer.citations if c.n == chosen)
                    _source_panel(ctx, turn, citation)
            name = answer.answerer.partition(":")[0]
            shown = t(f"settings.answerer_{name}") if t.has(f"settings.answerer_{name}") else answer.answerer
            st.caption(t("ask.answered_with", answerer=shown))
            st.caption(t("ask.feedback_prompt"))
            _feedback(ctx, turn)
        if side is not None:
            with side:
                st.caption(t("ask.cards_title"))
                for card in turn.cards:
                    render_card(t, kb, card, ctx.lang)


def _ask(ctx: UiContext, question: str, persona: str) -> None:
    """Stream the answer into the chat, then keep the finished turn for the next rerun."""
    t = ctx.t
    history = tuple(turn.answer for turn in _chat())
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        try:
            answerer = answering.get_answerer(ctx)
            holder: dict[str, Answer] = {}
            with st.spinner(t("ask.thinking")):
                deltas = answering.stream(answerer, question, history, holder)
                st.write_stream(deltas)
            answer = holder["answer"]
        except Exception as exc:
            log.exception("answering failed")
            st.error(t("ask.answer_failed", error=str(exc)))
            return
    kb = ctx.kb().kb
    cards = match_cards(kb, question, persona=persona, lang=ctx.lang) if kb is not None else []
    _chat().append(Turn(id=uuid.uuid4().hex[:12], question=question, answer=answer, persona=persona, cards=cards))
    st.rerun()


def _landing(ctx: UiContext, persona: str) -> None:
    t = ctx.t
    st.markdown(f"**{t('ask.starters_title')}**")
    cols = st.columns(3)
    for n, starter in enumerate(t.list(f"ask.starters.{persona}")):
        if cols[n % 3].button(starter, key=f"vv_starter_{persona}_{n}", width="stretch"):
            st.session_state[PENDING_KEY] = starter
            st.rerun()
    kb = ctx.kb().kb
    if kb is not None:
        kind, objects = offered_for(kb, persona, ctx.lang)
        if objects:
            st.markdown(f"**{t('ask.offered_title')}: {t(f'ask.offered.{persona}')}**")
            render_offer(t, kb, kind, objects, ctx.lang)


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("ask.title"))
    st.caption(t("ask.intro"))
    if st.session_state.get(PERSONA_KEY) not in PERSONAS:
        st.session_state[PERSONA_KEY] = ctx.prefs.persona if ctx.prefs.persona in PERSONAS else PERSONAS[0]
    persona = (
        st.segmented_control(
            t("persona.label"), PERSONAS, format_func=lambda p: t(f"persona.{p}"), key=PERSONA_KEY, required=True
        )
        or PERSONAS[0]
    )
    if persona != ctx.prefs.persona:
        save_preferences(ctx, persona=persona)

    if ctx.version() is None:
        if ctx.index_error():
            st.error(t("ask.index_error", error=ctx.index_error()))
        else:
            st.info(t("ask.no_index"), icon=":material/info:")
        st.page_link(page_for("knowledge"), label=t("ask.open_knowledge"), icon=":material/library_books:")
        _landing(ctx, persona)
        return

    chat = _chat()
    if not chat:
        _landing(ctx, persona)
    for turn in chat:
        _render_turn(ctx, turn)
    if chat and st.button(t("ask.clear"), key="vv_clear_chat", type="tertiary"):
        st.session_state[CHAT_KEY] = []
        st.rerun()
    typed = st.chat_input(t("ask.placeholder"), key="vv_chat_input")
    question = typed or st.session_state.pop(PENDING_KEY, None)
    if question and question.strip():
        _ask(ctx, question.strip(), persona)
