"""The open case in session state and the URL, flash messages, and store changes made with the shown version.

The open case is kept in session state (the store records a view only when a case
is opened, not on every rerun) and in the URL (?case=ID&phase=ID), so a reload or a
bookmark brings staff back to where they were. Every change goes through the case
store with the version the page showed, so a change made elsewhere is never
overwritten silently.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from veiviser.cases import Case, CaseNotFoundError, CaseValidationError, ConflictError, access
from veiviser.pii import PiiError
from veiviser.ui.components import error_message
from veiviser.ui.context import UiContext

CASE_KEY = "vv_case"
FLASH_KEY = "vv_case_flash"
PHASE_KEY = "vv_case_phase"
SHOWN_PHASE_KEY = "vv_case_phase_shown"  # (case id, phase id) last shown: what a lost selection falls back to
TAB_KEY = "vv_case_tab"
DATE_TIME = "%Y-%m-%d %H:%M"


def flash(level: str, text: str, where: str = "top") -> None:
    """Show `text` with st.<level> at the spot `where` on the next run (after st.rerun)."""
    st.session_state.setdefault(FLASH_KEY, []).append((level, text, where))


def show_flash(where: str = "top") -> None:
    kept = []
    for level, text, place in st.session_state.get(FLASH_KEY, []):
        if place == where:
            getattr(st, level)(text)
        else:
            kept.append((level, text, place))
    st.session_state[FLASH_KEY] = kept


def open_case(case: Case) -> None:
    st.session_state[CASE_KEY] = case
    st.query_params["case"] = str(case.id)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("vv_w_")]:
        del st.session_state[key]  # widget values of a previously open case


def close_case() -> None:
    st.session_state.pop(CASE_KEY, None)
    st.session_state.pop(PHASE_KEY, None)
    st.session_state.pop(SHOWN_PHASE_KEY, None)
    for name in ("case", "phase"):
        if name in st.query_params:
            del st.query_params[name]


def current_case(ctx: UiContext) -> Case | None:
    """The open case, or the one the URL names if this user may open it; None shows the picker."""
    case: Case | None = st.session_state.get(CASE_KEY)
    wanted = st.query_params.get("case")
    if wanted and (case is None or str(case.id) != wanted):
        try:
            case = access.open_case(ctx.cases(), int(wanted), ctx.role, ctx.user)
        except (CaseNotFoundError, ValueError):
            close_case()
            return None
        open_case(case)
        if st.query_params.get("phase"):
            st.session_state[PHASE_KEY] = st.query_params.get("phase")
    return case


def change(ctx: UiContext, action: Callable[[Case], Case], *, where: str = "top", field: str | None = None) -> bool:
    """Run a store change with the shown version; on success keep the returned case."""
    t = ctx.t
    case: Case = st.session_state[CASE_KEY]
    try:
        updated = action(case)
    except ConflictError:
        open_case(ctx.cases().get_case(case.id, ctx.user))
        flash("warning", t("case.conflict"), where)
        return False
    except (PiiError, CaseValidationError) as exc:
        flash("error", error_message(t, exc, field), where)
        return False
    if isinstance(updated, Case):
        st.session_state[CASE_KEY] = updated
    return True
