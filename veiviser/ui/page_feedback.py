"""Tilbakemeldinger: the thumbs and comments staff gave on answers, for unit leaders (issue #17).

So the team sees where the knowledge base falls short: each row shows the question, the
answer, its citations, the rating and the comment, filterable by rating and date, and the
same rows download as CSV. Read-only; questions and answers were masked when stored
(veiviser.app.feedback). Leaders only, as the audit log (or the single user of a local install).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from veiviser.app import feedback
from veiviser.app.feedback import CSV_COLUMNS, DOWN, UP, citation_text, to_csv
from veiviser.reports.exports import MIME_TYPES
from veiviser.ui.answering import local_time
from veiviser.ui.context import UiContext

RATINGS = ("all", "up", "down")
_COLUMN_KEYS = {
    "created_at": "col_time",
    "rating": "col_rating",
    "comment": "col_comment",
    "question": "col_question",
    "answer": "col_answer",
    "citations": "col_citations",
    "answerer": "col_answerer",
    "persona": "col_persona",
    "ui_lang": "col_ui_lang",
}


def _local_midnight(day: date) -> datetime:
    """The start of `day` where the leader is: the date pickers speak local days, the store UTC times."""
    return datetime.combine(day, time.min).astimezone()


def _rating_label(t, rating: int) -> str:
    return t("feedback_page.rating_up") if rating == UP else t("feedback_page.rating_down")


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("feedback_page.title"))
    if not feedback.can_review(ctx.role):
        st.warning(t("feedback_page.not_allowed"))
        return
    st.caption(t("feedback_page.intro"))
    left, middle, right = st.columns(3)
    rating = (
        left.segmented_control(
            t("feedback_page.filter_rating"),
            RATINGS,
            format_func=lambda r: t(f"feedback_page.rating_{r}"),
            default="all",
            required=True,
            key="vv_fbr_rating",
        )
        or "all"
    )
    since = middle.date_input(t("feedback_page.filter_from"), value=None, format="YYYY-MM-DD", key="vv_fbr_from")
    until = right.date_input(t("feedback_page.filter_to"), value=None, format="YYYY-MM-DD", key="vv_fbr_to")
    if isinstance(since, date) and isinstance(until, date) and since > until:
        st.warning(t("feedback_page.bad_range"))
        return
    records = ctx.feedback().review(
        rating={"up": UP, "down": DOWN}.get(rating),
        since=_local_midnight(since) if isinstance(since, date) else None,
        until=_local_midnight(until + timedelta(days=1)) if isinstance(until, date) else None,  # the whole day
    )
    if not records:
        st.info(t("feedback_page.empty"))
        return
    up = sum(r.rating == UP for r in records)
    st.caption(t("feedback_page.count", count=len(records), up=up, down=len(records) - up))
    page_format = t("ask.page")  # "side {page}": filled per citation
    header = [t(f"feedback_page.{_COLUMN_KEYS[c]}") for c in CSV_COLUMNS]
    st.download_button(
        t("feedback_page.download_csv"),
        data=to_csv(records, header, page_format),
        file_name=t("feedback_page.csv_file"),
        mime=MIME_TYPES["csv"],
        key="vv_fbr_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    st.dataframe(
        [
            {
                t("feedback_page.col_time"): local_time(r.created_at),
                t("feedback_page.col_rating"): _rating_label(t, r.rating),
                t("feedback_page.col_question"): r.question,
                t("feedback_page.col_answer"): r.answer,
                t("feedback_page.col_citations"): "\n".join(citation_text(c, page_format) for c in r.citations),
                t("feedback_page.col_comment"): r.comment,
                t("feedback_page.col_persona"): t(f"persona.{r.persona}")
                if t.has(f"persona.{r.persona}")
                else r.persona,
            }
            for r in records
        ],
        hide_index=True,
        width="stretch",
    )
