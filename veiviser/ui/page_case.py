"""Saksveileder: create or resume a case, step through its pathway, see what is missing, export.

The screens are in veiviser.ui.case (the picker, the open case's header, one module
per tab); the rules they follow are in veiviser.cases (access, walkthrough).
"""

from __future__ import annotations

import streamlit as st

from veiviser.ui.case.picker import picker
from veiviser.ui.case.state import CASE_KEY, FLASH_KEY, PHASE_KEY, TAB_KEY, current_case
from veiviser.ui.case.view import case_view
from veiviser.ui.context import UiContext

__all__ = ["CASE_KEY", "FLASH_KEY", "PHASE_KEY", "TAB_KEY", "render"]


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("case.title"))
    st.caption(t("case.intro"))
    state = ctx.kb()
    if state.kb is None:
        st.error(t("case.kb_missing", error=state.error or "?"))
        return
    kb = state.kb
    if not kb.pathways:
        st.info(t("case.no_pathways"))
        return
    case = current_case(ctx)
    if case is None:
        picker(ctx, kb)
    else:
        case_view(ctx, kb, case)
