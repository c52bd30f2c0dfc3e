"""Spør: chat with streamed, cited answers; citation chips open the source passage; kb cards beside.

Each finished turn is stored at once (veiviser.app.conversations, personal data masked) and the
conversation's id is kept in the URL (`?conversation=`), so a reload, a bookmark or a new session reopens it;
the sidebar lists the user's conversations to reopen, rename or delete.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import streamlit as st

from veiviser.app.feedback import DOWN, UP
from veiviser.app.preferences import PERSONAS
from veiviser.core.errors import VeiviserError
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
CONVERSATION_KEY = "vv_conversation"  # the id of the stored conversation the chat shows, if any
MISSING_KEY = "vv_conversation_missing"
SAVE_FAILED_KEY = "vv_conversation_not_saved"
QUERY_PARAM = "conversation"
LISTED = 50  # conversations shown in the sidebar


@dataclass
class Turn:
    id: str
    question: str
    answer: Answer
    persona: str
    cards: list[Card] = field(default_factory=list)
    asked_at: str = ""  # UTC, as stored


def _chat() -> list[Turn]:
    return st.session_state.setdefault(CHAT_KEY, [])


# ---------------------------------------------------------------- stored conversations


def _start_new() -> None:
    """An empty chat; the conversation shown until now stays stored and listed."""
    st.session_state[CHAT_KEY] = []
    st.session_state[CONVERSATION_KEY] = None
    st.query_params.pop(QUERY_PARAM, None)


def _select(conversation_id: str) -> None:
    st.query_params[QUERY_PARAM] = conversation_id  # _sync_conversation opens it in this run


def _open(ctx: UiContext, conversation_id: str) -> bool:
    """Load a stored conversation of this user into the chat; False when there is none by that id."""
    stored = answering.conversations(ctx).get(ctx.user, conversation_id)
    if stored is None:
        return False
    kb = ctx.kb().kb
    st.session_state[CHAT_KEY] = [
        Turn(
            id=s.turn_id,
            question=s.answer.question,
            answer=s.answer,
            persona=s.persona,
            cards=match_cards(kb, s.answer.question, persona=s.persona, lang=ctx.lang) if kb is not None else [],
            asked_at=s.asked_at,
        )
        for s in stored.turns
    ]
    st.session_state[CONVERSATION_KEY] = conversation_id
    return True


def _sync_conversation(ctx: UiContext) -> None:
    """The URL names the conversation: a reload or a new session opens it; the session's goes back in the URL."""
    wanted = st.query_params.get(QUERY_PARAM)
    current = st.session_state.get(CONVERSATION_KEY)
    if wanted and wanted != current:
        if not _open(ctx, wanted):  # deleted, past retention, or someone else's
            log.info("conversation in the URL not found for this user")
            st.session_state[MISSING_KEY] = True
            _start_new()
    elif current and not wanted:
        st.query_params[QUERY_PARAM] = current


def _save(ctx: UiContext, turn: Turn) -> None:
    """Store the finished turn at once, so nothing already shown is lost on a reload."""
    try:
        conversation_id = answering.conversations(ctx).add_turn(
            ctx.user, st.session_state.get(CONVERSATION_KEY), turn.id, turn.answer, turn.persona
        )
    except (sqlite3.Error, OSError, VeiviserError) as exc:
        log.warning("conversation not saved: %s", exc)
        st.session_state[SAVE_FAILED_KEY] = True
        return
    st.session_state[CONVERSATION_KEY] = conversation_id
    st.query_params[QUERY_PARAM] = conversation_id


def _rename(ctx: UiContext, conversation_id: str) -> None:
    title = st.session_state.get(f"vv_conv_title_{conversation_id}", "")
    answering.conversations(ctx).rename(ctx.user, conversation_id, title)


def _delete(ctx: UiContext, conversation_id: str) -> None:
    answering.conversations(ctx).delete(ctx.user, conversation_id)
    if st.session_state.get(CONVERSATION_KEY) == conversation_id:
        _start_new()


def _conversation_sidebar(ctx: UiContext) -> None:
    t = ctx.t
    current = st.session_state.get(CONVERSATION_KEY)
    listed = answering.conversations(ctx).recent(ctx.user, limit=LISTED)
    with st.sidebar:
        st.markdown(f"**{t('conversations.title')}**")
        st.button(t("conversations.new"), key="vv_conv_new", on_click=_start_new, icon=":material/add:")
        days = ctx.settings.conversation_retention_days
        st.caption(t("conversations.retention", days=days) if days else t("conversations.retention_off"))
        if not listed:
            st.caption(t("conversations.empty"))
        for item in listed:
            st.button(
                _escape_markdown(item.title),
                key=f"vv_conv_{item.id}",
                on_click=_select,
                args=(item.id,),
                type="secondary" if item.id == current else "tertiary",  # the open one framed
                help=t("conversations.updated", time=answering.local_time(item.updated_at), turns=item.turns),
                width="stretch",
            )
        chosen = next((item for item in listed if item.id == current), None)
        if chosen is None:
            return
        with st.expander(t("conversations.manage")):
            with st.form("vv_conv_rename", border=False):
                st.text_input(
                    t("conversations.rename_label"), value=chosen.title, key=f"vv_conv_title_{chosen.id}", max_chars=200
                )
                st.form_submit_button(t("conversations.rename"), on_click=_rename, args=(ctx, chosen.id))
            confirm = st.checkbox(t("conversations.delete_confirm"), key=f"vv_conv_confirm_{chosen.id}")
            st.button(
                t("conversations.delete"),
                key="vv_conv_delete",
                on_click=_delete,
                args=(ctx, chosen.id),
                disabled=not confirm,
                icon=":material/delete:",
            )


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
    from veiviser.ui.source_viewer import source_link  # the original document at the cited page (issue #17)

    t = ctx.t
    chunk = _passage_for(ctx, turn.answer, citation)
    original_key = f"vv_orig_{turn.id}_{citation.n}"
    with st.container(border=True, key=f"vv_source_{turn.id}_{citation.n}"):
        if chunk is None:
            st.markdown(f"**[{citation.n}] {citation.source}**")
            html, _ = passage_html(citation.quote, citation.quote)
            st.html(html)
            source_link(ctx, citation.source, page=citation.page, quote=citation.quote, key=original_key)
            return
        st.markdown(f"**[{citation.n}] {chunk.title or chunk.source}**")
        st.caption(" · ".join(p for p in (chunk.source, chunk_meta(t, chunk)) if p))
        html, found = passage_html(chunk.text, citation.quote)
        st.html(html)
        st.caption(t("ask.cited_span") if found else t("ask.quote_not_found"))
        source_link(
            ctx, chunk.source, page=citation.page, quote=citation.quote, section=chunk.section, key=original_key
        )
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
    recorded = st.session_state.setdefault("vv_fb_recorded", {})
    if turn.id not in recorded:  # a reopened conversation shows the vote given before
        earlier = store.get(turn.id)
        recorded[turn.id] = earlier.rating if earlier is not None else None
    default = {UP: 1, DOWN: 0}.get(recorded[turn.id])
    rating = st.feedback("thumbs", key=f"vv_fb_{turn.id}", default=default)
    if rating is None:
        return
    value = UP if rating == 1 else DOWN
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
            if not answer.abstained:
                answering.export_popover(t, answer, turn.id, turn.asked_at)
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
    asked_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    turn = Turn(uuid.uuid4().hex[:12], question, answer, persona, cards, asked_at)
    _chat().append(turn)
    _save(ctx, turn)
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
    _sync_conversation(ctx)
    _conversation_sidebar(ctx)
    if st.session_state.pop(MISSING_KEY, False):
        st.info(t("conversations.not_found"), icon=":material/info:")
    if st.session_state.pop(SAVE_FAILED_KEY, False):
        st.warning(t("conversations.not_saved"), icon=":material/warning:")

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
    if chat:
        st.button(t("conversations.new"), key="vv_clear_chat", type="tertiary", on_click=_start_new)
    typed = st.chat_input(t("ask.placeholder"), key="vv_chat_input")
    question = typed or st.session_state.pop(PENDING_KEY, None)
    if question and question.strip():
        _ask(ctx, question.strip(), persona)
