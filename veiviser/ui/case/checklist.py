"""The checklist tab: one phase's items beside the case's progress, what is missing and what comes next."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.checklists import Evaluation, PhaseProgress
from veiviser.cases.report import missing_line, step_line
from veiviser.kb import KnowledgeBase
from veiviser.kb.language import KbText
from veiviser.kb.schema import Pathway
from veiviser.ui.case.items import item_block
from veiviser.ui.case.kbtext import marked, plain, with_note
from veiviser.ui.case.state import PHASE_KEY, SHOWN_PHASE_KEY
from veiviser.ui.components import bullet_list
from veiviser.ui.context import UiContext


def _progress_chart(ctx: UiContext, evaluation: Evaluation) -> None:
    t = ctx.t
    frame = pd.DataFrame(
        [
            {
                t("case.chart_phase"): f"{n}. {plain(ctx, p.phase, 'title', evaluation.pathway.lang)}"[:48],
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
            pathway = evaluation.pathway
            st.markdown(bullet_list(with_note(ctx, KbText(line, pathway.lang)) for line in pathway.not_covered))


def _keep_phase(case: Case, phase_ids: list[str], evaluation: Evaluation) -> None:
    """Set the phase to show: the user's choice; if the select box lost it, the phase shown last, never a jump.

    Only a case opened afresh starts at its current phase. Answering the last item of a
    phase never moves the page on by itself: `_phase_done` offers the next phase instead.
    """
    chosen = st.session_state.get(PHASE_KEY)
    if chosen not in phase_ids:
        last = st.session_state.get(SHOWN_PHASE_KEY)
        if isinstance(last, tuple) and last[0] == case.id and last[1] in phase_ids:
            chosen = last[1]
        else:
            chosen = evaluation.current.phase.id if evaluation.current else phase_ids[0]
        st.session_state[PHASE_KEY] = chosen


def _go_to_phase(phase_id: str) -> None:
    st.session_state[PHASE_KEY] = phase_id  # a callback runs before the select box is drawn again


def _phase_done(ctx: UiContext, pathway: Pathway, shown: PhaseProgress) -> None:
    """A notice under the last item that stays while the phase is complete, with the way to the next phase."""
    t = ctx.t
    phases = list(pathway.phases)
    n = phases.index(shown.phase) + 1
    title = plain(ctx, shown.phase, "title", pathway.lang)
    if shown.blocked and not shown.unanswered:
        st.warning(t("case.phase_blocked", n=n, phase=title))
        return
    if not shown.complete:
        return
    if n == len(phases):
        st.success(t("case.phase_done_last", n=n, phase=title))
        return
    following = phases[n]
    st.success(t("case.phase_done", n=n, phase=title))
    st.button(
        t("case.next_phase", n=n + 1, phase=plain(ctx, following, "title", pathway.lang)),
        key="vv_case_next_phase",
        type="primary",
        icon=":material/arrow_forward:",
        on_click=_go_to_phase,
        args=(following.id,),
    )


def checklist_tab(ctx: UiContext, kb: KnowledgeBase, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    disabled = not access.can_edit_case(case)
    if disabled:
        st.info(t("case.closed_note"))
    phase_ids = [p.id for p in pathway.phases]
    progress = {p.phase.id: p for p in evaluation.phases}
    titles = {p.id: f"{n}. {plain(ctx, p, 'title', pathway.lang)}" for n, p in enumerate(pathway.phases, 1)}
    _keep_phase(case, phase_ids, evaluation)
    main, side = st.columns([3, 2], gap="large")
    with main:
        # the labels never change while the page is open: a browser sends the label back, and a
        # label that had changed (it used to carry the phase's progress) lost the selection
        phase_id = st.selectbox(t("case.phase_label"), phase_ids, format_func=titles.__getitem__, key=PHASE_KEY)
        st.session_state[SHOWN_PHASE_KEY] = (case.id, phase_id)
        st.query_params["phase"] = phase_id
        current = progress[phase_id]
        st.progress(current.fraction, text=t("case.phase_progress", done=current.done, total=current.total))
        if current.phase.description:
            st.caption(marked(ctx, current.phase, "description", pathway.lang))
        for item in current.phase.items:
            item_block(ctx, kb, case, pathway, item, evaluation, disabled)
        _phase_done(ctx, pathway, current)
    with side:
        _status_column(ctx, evaluation)
