"""The checklist tab: one phase's items beside the case's progress, what is missing and what comes next."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.checklists import Evaluation
from veiviser.cases.report import missing_line, step_line
from veiviser.kb import KnowledgeBase
from veiviser.kb.schema import Pathway
from veiviser.ui.case.items import item_block
from veiviser.ui.case.state import PHASE_KEY
from veiviser.ui.components import bullet_list, loc
from veiviser.ui.context import UiContext


def _progress_chart(ctx: UiContext, evaluation: Evaluation) -> None:
    t = ctx.t
    frame = pd.DataFrame(
        [
            {
                t("case.chart_phase"): f"{n}. {loc(p.phase, 'title', ctx.lang)}"[:48],
                t("case.chart_done"): round(100 * p.fraction),
                "order": n,
            }
            for n, p in enumerate(evaluation.phases, 1)
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#3f6ea8")
        .encode(
            x=alt.X(f"{t('case.chart_done')}:Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(f"{t('case.chart_phase')}:N", sort=alt.SortField("order"), title=None),
            tooltip=[t("case.chart_phase"), t("case.chart_done")],
        )
        .properties(height=max(120, 34 * len(frame)))
    )
    st.altair_chart(chart, width="stretch")


def _status_column(ctx: UiContext, evaluation: Evaluation) -> None:
    t = ctx.t
    lang = ctx.lang
    st.markdown(f"**{t('case.progress_chart')}**")
    _progress_chart(ctx, evaluation)
    st.markdown(f"**{t('case.missing_title')}**")
    if not evaluation.missing:
        st.caption(t("case.missing_none") if evaluation.current else t("case.all_done"))
    lines = [missing_line(t, m, lang) for m in evaluation.missing]
    if lines:
        st.markdown(bullet_list(lines))
    st.markdown(f"**{t('case.next_title')}**")
    steps = list(dict.fromkeys(step_line(t, s, lang) for s in evaluation.next_steps))
    st.markdown(bullet_list(steps) if steps else t("case.next_none"))
    if evaluation.pathway.not_covered:
        with st.expander(t("case.not_covered_title")):
            st.markdown(bullet_list(evaluation.pathway.not_covered))


def checklist_tab(ctx: UiContext, kb: KnowledgeBase, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    disabled = not access.can_edit_case(case)
    if disabled:
        st.info(t("case.closed_note"))
    phase_ids = [p.id for p in pathway.phases]
    progress = {p.phase.id: p for p in evaluation.phases}
    if st.session_state.get(PHASE_KEY) not in phase_ids:
        st.session_state[PHASE_KEY] = evaluation.current.phase.id if evaluation.current else phase_ids[0]
    main, side = st.columns([3, 2], gap="large")
    with main:
        phase_id = st.selectbox(
            t("case.phase_label"),
            phase_ids,
            format_func=lambda pid: (
                f"{phase_ids.index(pid) + 1}. {loc(progress[pid].phase, 'title', ctx.lang)} "
                f"({t('case.phase_progress', done=progress[pid].done, total=progress[pid].total)})"
            ),
            key=PHASE_KEY,
        )
        st.query_params["phase"] = phase_id
        current = progress[phase_id]
        st.progress(current.fraction, text=t("case.phase_progress", done=current.done, total=current.total))
        if current.phase.description:
            st.caption(current.phase.description)
        for item in current.phase.items:
            item_block(ctx, kb, case, item, evaluation, disabled)
    with side:
        _status_column(ctx, evaluation)
