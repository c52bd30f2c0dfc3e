"""The learning-log tab: add an entry (incident, shared understanding, decision, evaluation, lesson), read past ones."""

from __future__ import annotations

import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.walkthrough import LEARNING_LOG_FIELDS, learning_log_entry
from veiviser.kb.schema import Pathway
from veiviser.ui.case.kbtext import marked
from veiviser.ui.case.state import DATE_TIME, change, flash, show_flash
from veiviser.ui.components import bullet_list, loc
from veiviser.ui.context import UiContext


def log_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    st.caption(t("case.log_intro"))
    if pathway.cycle_tracker is not None:
        with st.expander(t("case.log_stages")):
            st.markdown(
                bullet_list(
                    f"**{loc(s, 'label', ctx.lang)}** – {marked(ctx, s, 'description', pathway.lang)}"
                    for s in pathway.cycle_tracker.stages
                )
            )
    show_flash("log")
    with st.form("vv_log_form", clear_on_submit=True):
        values = {f: st.text_area(t(f"case.log_{f}"), height=68, key=f"vv_log_{f}") for f in LEARNING_LOG_FIELDS}
        submitted = st.form_submit_button(t("case.log_add"), disabled=not access.can_edit_case(case))
    if submitted:
        entry = learning_log_entry(values)
        if entry is None:
            flash("error", t("case.log_incident_required"), "log")
        elif change(
            ctx,
            lambda c: ctx.cases().add_learning_log_entry(c.id, ctx.user, expected_version=c.version, **entry),
            where="log",
        ):
            flash("success", t("case.log_added"), "log")
        st.rerun()
    if not case.learning_log:
        st.caption(t("case.log_empty"))
    for entry_shown in reversed(case.learning_log):
        with st.container(border=True):
            st.caption(entry_shown.logged_at.astimezone().strftime(DATE_TIME))
            for f in LEARNING_LOG_FIELDS:
                text = getattr(entry_shown, f)
                if text:
                    st.markdown(f"**{t(f'case.log_{f}')}:** {text}")
