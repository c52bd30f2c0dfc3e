"""The SPoR tab: record a round of interview scores (1-9 per question) and compare the rounds in a chart."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.walkthrough import spor_items, spor_scores
from veiviser.kb.schema import Item, Pathway
from veiviser.ui.case.kbtext import plain
from veiviser.ui.case.state import CASE_KEY, change, flash, show_flash
from veiviser.ui.context import UiContext


def _chart(ctx: UiContext, case: Case, items: list[Item]) -> None:
    t = ctx.t
    labels = {i.id: f"{i.source_number or i.id}" for i in items}
    rows = [
        {t("case.spor_question"): labels.get(q, q), t("case.spor_round"): str(r.round_no), t("case.spor_score"): s}
        for r in case.spor_rounds
        for q, s in r.scores.items()
    ]
    frame = pd.DataFrame(rows)
    st.markdown(f"**{t('case.spor_chart')}**")
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{t('case.spor_question')}:N", sort=None),
            xOffset=f"{t('case.spor_round')}:N",
            y=alt.Y(f"{t('case.spor_score')}:Q", scale=alt.Scale(domain=[0, 9])),
            color=alt.Color(f"{t('case.spor_round')}:N"),
            tooltip=list(frame.columns),
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")


def spor_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    items = spor_items(pathway)
    st.caption(t("case.spor_intro"))
    show_flash("spor")
    with st.form("vv_spor_form"):
        scores: dict[str, Any] = {}
        for item in items:
            stored = case.answers.get(item.id)
            default = stored.value if stored and isinstance(stored.value, int) else None
            scores[item.id] = st.pills(
                f"{item.source_number or ''}. {plain(ctx, item, 'text', pathway.lang)}",
                spor_scores(),
                default=default,
                key=f"vv_spor_{case.id}_{item.id}",
            )
        submitted = st.form_submit_button(t("case.spor_record"), disabled=not access.can_edit_case(case))
    if submitted:
        given = {k: int(v) for k, v in scores.items() if v is not None}
        if not given:
            flash("warning", t("case.spor_nothing"), "spor")
        elif change(
            ctx,
            lambda c: ctx.cases().record_spor_scores(c.id, given, ctx.user, expected_version=c.version),
            where="spor",
        ):
            flash("success", t("case.spor_recorded", round=st.session_state[CASE_KEY].spor_rounds[-1].round_no), "spor")
        st.rerun()
    if case.spor_rounds:
        _chart(ctx, case, items)
