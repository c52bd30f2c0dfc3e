"""Logg: the append-only audit trail of case creation, views, changes and exports (issue #7).

Read-only and for unit leaders (or the single user when the app runs without
sign-in); the events come from veiviser.cases.trail through the case store.
"""

from __future__ import annotations

import streamlit as st

from veiviser.cases import access
from veiviser.cases.trail import EVENTS
from veiviser.ui.context import UiContext


def event_label(t, event: str) -> str:
    key = f"case.event.{event}"
    return t(key) if t.has(key) else event


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("log_page.title"))
    if not access.can_see_audit_log(ctx.role):
        st.warning(t("log_page.not_allowed"))
        return
    st.caption(t("log_page.intro"))
    store = ctx.cases()
    references = {c.id: c.reference for c in store.list_cases()}
    left, middle, right = st.columns(3)
    case_id = left.selectbox(
        t("log_page.filter_case"),
        list(references),
        index=None,
        format_func=lambda cid: references.get(cid, str(cid)),
        placeholder=t("log_page.all"),
        key="vv_log_case",
    )
    event = middle.selectbox(
        t("log_page.filter_event"),
        sorted(EVENTS),
        index=None,
        format_func=lambda e: event_label(t, e),
        placeholder=t("log_page.all"),
        key="vv_log_event",
    )
    user = right.text_input(t("log_page.filter_user"), key="vv_log_user").strip() or None
    events = store.audit.list_events(case_id, event=event, user=user)
    if not events:
        st.info(t("log_page.empty"))
        return
    st.caption(t("log_page.count", count=len(events)))
    st.dataframe(
        [
            {
                t("log_page.col_time"): e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                t("log_page.col_case"): "" if e.case_id is None else references.get(e.case_id, str(e.case_id)),
                t("log_page.col_event"): event_label(t, e.event),
                t("log_page.col_user"): e.user,
                t("log_page.col_detail"): ", ".join(f"{k}={v}" for k, v in e.detail.items()),
            }
            for e in reversed(events)
        ],
        hide_index=True,
        width="stretch",
    )
