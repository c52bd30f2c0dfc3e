"""Get the configured answerer (cached per index version) and stream its answer as text deltas."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import streamlit as st

from veiviser.types import Answer
from veiviser.ui.context import UiContext


@st.cache_resource(show_spinner=False, max_entries=4)
def _answerer(key: str, version_name: str, answerer_name: str, _ctx: UiContext):
    from veiviser.answer import build_answerer

    return build_answerer(_ctx.settings, _ctx.retriever())


def get_answerer(ctx: UiContext):
    version = ctx.version()
    if version is None:
        raise RuntimeError(ctx.t("ask.no_index"))
    return _answerer(ctx.key, version.name, ctx.settings.answerer, ctx)


def stream(answerer, question: str, history: Sequence[Answer], holder: dict[str, Answer]) -> Iterator[str]:
    """Yield text as it is produced; the finished Answer is left in holder["answer"]."""
    for event in answerer.answer_stream(question, history=tuple(history)):
        if isinstance(event, Answer):
            holder["answer"] = event
        elif event:
            yield str(event)
