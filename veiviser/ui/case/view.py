"""An open case: its header (progress, status, close) and the tabs, of which only the open one is built."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from veiviser.cases import Case
from veiviser.cases.checklists import Evaluation
from veiviser.cases.walkthrough import case_tabs, evaluate_case, toggled_status
from veiviser.kb import KnowledgeBase
from veiviser.kb.schema import Pathway
from veiviser.ui.case.actors import actors_tab
from veiviser.ui.case.calculator import calculator_tab
from veiviser.ui.case.checklist import checklist_tab
from veiviser.ui.case.export import export_tab
from veiviser.ui.case.history import history_tab
from veiviser.ui.case.kbtext import pathway_language_note
from veiviser.ui.case.log import log_tab
from veiviser.ui.case.spor import spor_tab
from veiviser.ui.case.state import TAB_KEY, change, close_case, show_flash
from veiviser.ui.components import loc
from veiviser.ui.context import UiContext


def _header(ctx: UiContext, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    head, status_col, back_col = st.columns([5, 2, 1], vertical_alignment="center")
    with head:
        st.subheader(f"{case.reference} · {loc(pathway, 'title', ctx.lang)}")
        current = evaluation.current
        st.caption(
            t("case.progress_total", done=evaluation.done, total=evaluation.total)
            + " · "
            + (t("case.current_phase", phase=loc(current.phase, "title", ctx.lang)) if current else t("case.all_done"))
            + " · "
            + t("case.status_label")
            + ": "
            + t(f"case.status.{case.status}")
        )
        st.progress(evaluation.fraction)
        note = pathway_language_note(ctx, pathway)
        if note:
            st.caption(note)
    with status_col:
        target = toggled_status(case.status)
        if st.button(t("case.set_closed") if target == "closed" else t("case.set_open"), key="vv_case_status"):
            change(ctx, lambda c: ctx.cases().set_status(c.id, target, ctx.user, expected_version=c.version))
            st.rerun()
    with back_col:
        if st.button(t("case.close_case"), key="vv_case_back", type="tertiary"):
            close_case()
            st.rerun()


def case_view(ctx: UiContext, kb: KnowledgeBase, case: Case) -> None:
    t = ctx.t
    try:
        pathway = kb.pathway(case.pathway_id)
    except KeyError:
        st.error(t("case.error", error=f"pathway {case.pathway_id} is not in the knowledge base"))
        if st.button(t("case.close_case")):
            close_case()
            st.rerun()
        return
    evaluation = evaluate_case(case, pathway, kb.pathways)
    _header(ctx, case, pathway, evaluation)
    show_flash()

    shown = case_tabs(pathway)
    labels = [t(f"case.tabs.{name}") for name in shown]
    containers = dict(zip(shown, st.tabs(labels, key=TAB_KEY, on_change="rerun")))
    views: dict[str, Callable[[], None]] = {
        "checklist": lambda: checklist_tab(ctx, kb, case, pathway, evaluation),
        "actors": lambda: actors_tab(ctx, kb, case, pathway),
        "spor": lambda: spor_tab(ctx, case, pathway),
        "calculator": lambda: calculator_tab(ctx, case, pathway),
        "log": lambda: log_tab(ctx, case, pathway),
        "export": lambda: export_tab(ctx, kb, case, pathway, evaluation),
        "history": lambda: history_tab(ctx, case),
    }
    for name, container in containers.items():
        if container.open is False:  # only the open tab is built: exports and charts cost time
            continue
        with container:
            views[name]()
