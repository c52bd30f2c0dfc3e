"""The configured answerer (cached per settings, index version and answerer) and its streamed text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import streamlit as st

from veiviser.app.answerers import make_answerer
from veiviser.core.types import Answer
from veiviser.ui.context import UiContext


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
