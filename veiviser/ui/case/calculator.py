"""The calculator tab: grade the care-load parameters and see the total the pathway's decision uses."""

from __future__ import annotations

from typing import Any

import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.walkthrough import care_load_max, care_load_total
from veiviser.kb.language import KbText
from veiviser.kb.schema import Pathway
from veiviser.ui.case.kbtext import marked, with_note
from veiviser.ui.case.state import change, flash, show_flash
from veiviser.ui.components import bullet_list, loc
from veiviser.ui.context import UiContext


def calculator_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    calc = pathway.calculator
    if calc is None:  # the tab is only offered for a pathway with a calculator (walkthrough.case_tabs)
        return
    st.markdown(f"**{loc(calc, 'title', ctx.lang)}**")
    st.caption(t("case.calc_intro", decision=marked(ctx, calc, "decision", pathway.lang)))
    show_flash("calc")
    with st.form("vv_calc_form"):
        grades: dict[str, Any] = {}
        for p in calc.parameters:
            stored = case.care_load.get(p.id)
            grades[p.id] = st.pills(
                loc(p, "label", ctx.lang),
                list(range(p.grade_min, p.grade_max + 1)),
                default=stored if isinstance(stored, int) else None,
                key=f"vv_calc_{case.id}_{p.id}",
                help=t("case.calc_from", source=marked(ctx, p, "data_from", pathway.lang)),
            )
        submitted = st.form_submit_button(t("case.calc_save"), disabled=not access.can_edit_case(case))
    if submitted:
        given = {k: int(v) for k, v in grades.items() if v is not None}
        if change(
            ctx,
            lambda c: ctx.cases().set_care_load_inputs(c.id, given, ctx.user, expected_version=c.version),
            where="calc",
        ):
            flash("success", t("case.calc_saved"), "calc")
        st.rerun()
    total = care_load_total(calc, case.care_load)
    if total is None:
        st.info(t("case.calc_incomplete"))
    else:
        st.metric(t("case.calc_total"), f"{total} / {care_load_max(calc)}")
    if calc.assumptions:
        lines = (with_note(ctx, KbText(a, pathway.lang)) for a in calc.assumptions)
        st.markdown(f"*{t('case.calc_assumptions')}:*\n" + bullet_list(lines))
    if calc.not_in_source:
        lines = (with_note(ctx, KbText(n, pathway.lang)) for n in calc.not_in_source)
        st.markdown(f"*{t('case.calc_not_in_source')}:*\n" + bullet_list(lines))
