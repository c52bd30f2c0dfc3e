"""The configured answerer (cached per settings, index version and answerer), its streamed text,
the conversation store the chat is kept in (so a reload or a later visit finds it again), and
an answer's exports."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import streamlit as st

from veiviser.app.answerers import make_answerer
from veiviser.app.conversations import ConversationStore, answer_report, conversations_db
from veiviser.core.i18n import Translator
from veiviser.core.types import Answer
from veiviser.reports.exports import MIME_TYPES, render
from veiviser.ui.context import UiContext

log = logging.getLogger(__name__)

PURGED_KEY = "vv_conversations_purged"


@st.cache_resource(show_spinner=False, max_entries=4)
def _answerer(key: str, version_name: str, answerer_name: str, _ctx: UiContext):
    return make_answerer(_ctx.settings, _ctx.retriever())


def get_answerer(ctx: UiContext):
    version = ctx.version()
    if version is None:
        raise RuntimeError(ctx.t("ask.no_index"))
    return _answerer(ctx.key, version.name, ctx.settings.answerer, ctx)


def stream(answerer, question: str, history: Sequence[Answer], holder: dict[str, Answer]) -> Iterator[str]:
    """Yield the answer's text pieces as they are ready; the verified Answer ends up in holder["answer"]."""
    answer_stream = answerer.stream(question, history=tuple(history))
    yield from answer_stream
    holder["answer"] = answer_stream.answer


@st.cache_resource(show_spinner=False, max_entries=8)
def _conversation_store(db_path: str, retention_days: int) -> ConversationStore:
    """Opened once per process; conversations past the retention period are deleted as the app starts."""
    store = ConversationStore(Path(db_path))
    store.purge(retention_days)
    return store


def conversations(ctx: UiContext) -> ConversationStore:
    """The store of this app's conversations. Old ones are also purged once per visit: a server
    process may run for months, and retention must not wait for a restart."""
    days = ctx.settings.conversation_retention_days
    store = _conversation_store(str(conversations_db(ctx.settings.home)), days)
    if not st.session_state.get(PURGED_KEY):
        st.session_state[PURGED_KEY] = True
        store.purge(days)
    return store


def local_time(stamp: str) -> str:
    """A stored UTC time ("2025-03-01T09:30:00.000000Z") as local "2025-03-01 10:30"; unparsable text as is."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def export(answer: Answer, t: Translator, fmt: str, asked_at: str = "") -> bytes:
    """One answer with its citations as `fmt` (md or docx), labelled in the UI language."""
    return render(answer_report(answer, t, local_time(asked_at) if asked_at else ""), fmt)


def export_popover(t: Translator, answer: Answer, turn_id: str, asked_at: str = "") -> None:
    """Copy (the code block's copy button) or download one answer with its citations, as Markdown or DOCX."""
    markdown = export(answer, t, "md", asked_at)
    name = t("conversations.export_file", id=turn_id)
    with st.popover(t("conversations.export"), icon=":material/ios_share:"):
        st.code(markdown.decode("utf-8"), language="markdown", wrap_lines=True)
        left, right = st.columns(2)
        left.download_button(
            t("conversations.export_md"),
            data=markdown,
            file_name=f"{name}.md",
            mime=MIME_TYPES["md"],
            key=f"vv_export_md_{turn_id}",
            on_click="ignore",
            icon=":material/download:",
        )
        right.download_button(
            t("conversations.export_docx"),
            data=lambda: export(answer, t, "docx", asked_at),  # built only when clicked: ~15 ms per answer
            file_name=f"{name}.docx",
            mime=MIME_TYPES["docx"],
            key=f"vv_export_docx_{turn_id}",
            on_click="ignore",
            icon=":material/download:",
        )
