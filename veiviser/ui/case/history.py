"""The notes and history tab: add a note, read the notes, and see every recorded event of the case."""

from __future__ import annotations

import streamlit as st

from veiviser.cases import Case, access
from veiviser.ui.case.state import DATE_TIME, change, flash, show_flash
from veiviser.ui.context import UiContext


def history_tab(ctx: UiContext, case: Case) -> None:
    t = ctx.t
    store = ctx.cases()
    st.markdown(f"**{t('case.notes_title')}**")
    show_flash("notes")
    with st.form("vv_note_form", clear_on_submit=True):
        text = st.text_area(t("case.note_add"), height=80, key="vv_note_text")
        submitted = st.form_submit_button(t("case.note_save"), disabled=not access.can_edit_case(case))
    if submitted:
        if not text.strip():
            flash("error", t("case.note_required"), "notes")
        elif change(
            ctx,
            lambda c: store.add_note(c.id, text.strip(), ctx.user, expected_version=c.version),
            where="notes",
            field=t("case.note"),
        ):
            flash("success", t("case.note_added"), "notes")
        st.rerun()
    for note in reversed(case.notes):
        st.markdown(f"- *{note.created_at.astimezone().strftime(DATE_TIME)}* – {note.text}")
    st.markdown(f"**{t('case.history_title')}**")
    events = store.history(case.id)
    st.dataframe(
        [
            {
                t("case.history_time"): e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                t("case.history_event"): t(f"case.event.{e.event}") if t.has(f"case.event.{e.event}") else e.event,
                t("case.history_user"): e.user,
                t("case.history_detail"): ", ".join(f"{k}={v}" for k, v in e.detail.items()),
            }
            for e in reversed(events)
        ],
        hide_index=True,
        width="stretch",
    )
