"""The page without an open case: create a new case, or pick one to resume."""

from __future__ import annotations

import streamlit as st

from veiviser.cases import CaseValidationError, access, validation
from veiviser.kb import KnowledgeBase
from veiviser.kb.cards import UI_JURISDICTION
from veiviser.kb.schema import Pathway
from veiviser.pii import PiiError
from veiviser.ui.case.state import DATE_TIME, flash, open_case, show_flash
from veiviser.ui.components import error_message, loc
from veiviser.ui.context import UiContext


def _pathway_label(pathway: Pathway, lang: str) -> str:
    return f"{loc(pathway, 'title', lang)} ({pathway.jurisdiction.upper()})"


def _new_case_form(ctx: UiContext, kb: KnowledgeBase) -> None:
    t = ctx.t
    with st.form("vv_new_case"):
        st.subheader(t("case.new_title"))
        reference = st.text_input(
            t("case.reference"), help=t("case.reference_help"), max_chars=40, key="vv_new_reference"
        )
        home = UI_JURISDICTION.get(ctx.lang, "no")
        pathway_ids = [p.id for p in sorted(kb.pathways, key=lambda p: p.jurisdiction != home)]
        by_id = {p.id: p for p in kb.pathways}
        pathway_id = st.selectbox(
            t("case.pathway"),
            pathway_ids,
            format_func=lambda pid: _pathway_label(by_id[pid], ctx.lang),
            key="vv_new_pathway",
        )
        if st.form_submit_button(t("case.create"), type="primary"):
            try:
                reference = validation.typed_reference(reference, field=t("case.reference"))
                case = ctx.cases().create_case(reference, pathway_id, ctx.user)
            except validation.ReferenceFormatError:
                st.error(t("case.reference_invalid"))
            except (PiiError, CaseValidationError) as exc:
                st.error(error_message(t, exc, t("case.reference")))
            else:
                open_case(case)
                flash("success", t("case.created", reference=case.reference))
                st.rerun()


def _resume(ctx: UiContext, kb: KnowledgeBase) -> None:
    t = ctx.t
    store = ctx.cases()
    st.subheader(t("case.resume_title"))
    cases = store.list_cases(owner=access.case_owner_filter(ctx.role, ctx.user))
    if not cases:
        st.caption(t("case.no_cases"))
        return
    titles = {p.id: loc(p, "title", ctx.lang) for p in kb.pathways}
    totals = {p.id: len(p.items()) for p in kb.pathways}
    st.dataframe(
        [
            {
                t("case.col_reference"): c.reference,
                t("case.col_pathway"): titles.get(c.pathway_id, c.pathway_id),
                t("case.col_status"): t(f"case.status.{c.status}"),
                t("case.col_answered"): f"{c.answered_items}/{totals.get(c.pathway_id, '?')}",
                t("case.col_updated"): c.updated_at.astimezone().strftime(DATE_TIME),
            }
            for c in cases
        ],
        hide_index=True,
        width="stretch",
    )
    by_ref = {c.reference: c.id for c in cases}
    chosen = st.selectbox(
        t("case.open_case"), list(by_ref), index=None, placeholder=t("case.open_choose"), key="vv_open_choice"
    )
    clicked = st.button(t("case.open_case"), disabled=chosen is None, key="vv_open_go")
    if clicked and chosen is not None:  # the button is disabled until a case is chosen
        open_case(store.get_case(by_ref[chosen], ctx.user))
        st.rerun()


def picker(ctx: UiContext, kb: KnowledgeBase) -> None:
    show_flash()
    left, right = st.columns([2, 3], gap="large")
    with left:
        _new_case_form(ctx, kb)
    with right:
        _resume(ctx, kb)
