"""The export tab: the case as a summary, a one-page brief or a referral, in every format; each download is recorded.

"Answered items only" shortens the full summary to what has been answered (a referral
and the brief never list unanswered items, so the option is only offered with the summary).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import streamlit as st

from veiviser.cases import Case
from veiviser.cases.actor_map import role_label
from veiviser.cases.checklists import Evaluation, actor_map_for
from veiviser.cases.report import KINDS, build_report, needs_sharing_warning
from veiviser.kb import KnowledgeBase
from veiviser.kb.schema import Pathway
from veiviser.reports.exports import FORMATS
from veiviser.reports.exports import render as render_export
from veiviser.ui.components import loc
from veiviser.ui.context import UiContext
from veiviser.ui.downloads import download_row

log = logging.getLogger(__name__)


def export_tab(ctx: UiContext, kb: KnowledgeBase, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    st.caption(t("case.export_intro"))
    kind = st.radio(
        t("case.export_kind"), KINDS, format_func=lambda k: t(f"case.export_{k}"), horizontal=True, key="vv_export_kind"
    )
    answered_only = kind == "summary" and st.checkbox(
        t("case.export_answered_only"), key="vv_export_answered_only", help=t("case.export_answered_only_help")
    )
    if needs_sharing_warning(kind, evaluation):
        st.warning(t("case.export_sharing_warning"))
    amap = actor_map_for(pathway, kb.pathways)
    role_names = {r.id: loc(r, "name", ctx.lang) for r in kb.roles.values()}

    def make(fmt: str) -> bytes:
        report = build_report(
            t,
            kb,
            case,
            pathway,
            evaluation,
            kind=kind,
            lang=ctx.lang,
            role_label=lambda r: role_label(r, amap, ctx.lang, role_names),
            now=datetime.now(UTC),
            answered_only=answered_only,
        )
        return render_export(report, fmt)

    def record(fmt: str) -> None:
        try:
            ctx.cases().record_export(case.id, ctx.user, fmt)
        except Exception as exc:  # the download already happened; say so, do not fail
            log.warning("export of case %s not recorded: %s", case.id, exc)

    download_row(t, "case", FORMATS, make, lambda fmt: f"{case.reference}-{kind}.{fmt}", "vv_export", on_click=record)
