"""Revisjon: a unit leader uploads a routine and sees, per requirement, whether it is covered (issue #6).

The page only moves bytes and shows results: the upload is checked with
veiviser.app.uploads and written to a private temporary folder, the audit itself is
veiviser.compliance.Auditor, the downloads are veiviser.compliance.export.render_audit.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import streamlit as st

from veiviser.app.uploads import UploadRejected, allowed_suffixes, ensure_private_dir, failure_reason, save_upload
from veiviser.compliance import COVERED, MISSING, PARTIAL, AuditError, Auditor, AuditReport
from veiviser.compliance.export import AUDIT_FORMATS, render_audit
from veiviser.core.config import Settings
from veiviser.ui.context import UiContext
from veiviser.ui.downloads import download_row
from veiviser.ui.source_viewer import bytes_link, kb_source_link
from veiviser.ui.uploader import file_uploader

log = logging.getLogger(__name__)

REPORT_KEY = "vv_audit_report"
ROUTINE_KEY = "vv_audit_routine"  # (name, bytes) of the audited routine, in this session only, for the source viewer
UPLOADER_KEY = "vv_audit_upload"
# the table holds plain text: shapes every text font has (DejaVu, Liberation), not emoji that need an emoji font
STATUS_ICONS = {COVERED: "●", PARTIAL: "◐", MISSING: "○"}
# labels that take markdown: coloured icons render even where no emoji font is installed
STATUS_BADGES = {
    COVERED: ":green[:material/check_circle:]",
    PARTIAL: ":orange[:material/error:]",
    MISSING: ":red[:material/cancel:]",
}


@st.cache_resource(show_spinner=False, max_entries=2)
def auditor(key: str, _settings: Settings) -> Auditor:
    """One Auditor per settings: the kb and the requirement embeddings are loaded once."""
    return Auditor(_settings)


def run_audit(ctx: UiContext, name: str, data: bytes, progress) -> AuditReport:
    """Check the upload, store it privately only for the audit, and audit it."""
    settings = ctx.settings
    max_bytes = settings.ingest.max_bytes
    engine = auditor(ctx.key, settings)
    with tempfile.TemporaryDirectory(prefix="veiviser-audit-") as tmp:
        folder = ensure_private_dir(Path(tmp) / "routine")
        path = save_upload(folder, name, data, max_bytes=max_bytes)
        return engine.audit_routine(engine.load(path), progress=progress)


def _status_text(t, status: str) -> str:
    return f"{STATUS_ICONS.get(status, '')} {t(f'audit_page.status_{status}')}"


def _upload_section(ctx: UiContext) -> None:
    t = ctx.t
    st.caption(
        t("audit_page.upload_help", types=", ".join(allowed_suffixes()), max_mb=f"{ctx.settings.ingest.max_file_mb:g}")
    )
    upload = file_uploader(t, t("audit_page.upload_label"), key=UPLOADER_KEY, max_mb=ctx.settings.ingest.max_file_mb)
    clicked = st.button(t("audit_page.run_button"), type="primary", disabled=upload is None, key="vv_audit_go")
    if not clicked or upload is None:  # the button is disabled until a file is chosen
        return
    bar = st.progress(0.0, text=t("audit_page.progress_start"))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=t("audit_page.progress", done=done, total=total))

    try:
        report = run_audit(ctx, upload.name, upload.getvalue(), progress)
    except UploadRejected as exc:
        bar.empty()
        st.error(t(f"knowledge.refused_{exc.reason}", name=exc.name, **{k: str(v) for k, v in exc.details.items()}))
        return
    except AuditError as exc:
        bar.empty()
        st.error(t("audit_page.failed", error=str(exc)))
        return
    except Exception as exc:  # unreadable file (ingest LoadError) or kb problem: say so, keep the page alive
        log.exception("audit from the app failed")  # the details (and any install hint) are for the log
        bar.empty()
        reason = t(f"upload_msg.{failure_reason(str(exc))}")
        st.error(t("audit_page.failed", error=t("upload_msg.file", name=upload.name, reason=reason)))
        return
    bar.empty()
    st.session_state[REPORT_KEY] = report
    st.session_state[ROUTINE_KEY] = (upload.name, upload.getvalue())


def _results(ctx: UiContext, report: AuditReport) -> None:
    t = ctx.t
    summary = report.summary()
    st.subheader(t("audit_page.result_title", file=report.file))
    st.caption(t("audit_page.requirement_set", title=report.requirement_set_title))
    if report.set_note:  # no set was fixed: it was picked from the routine's language
        st.caption(t("audit_page.requirement_set_picked", lang=report.lang))
    cols = st.columns(3)
    for col, status in zip(cols, (COVERED, PARTIAL, MISSING)):
        col.metric(f"{STATUS_BADGES[status]} {t(f'audit_page.status_{status}')}", summary.get(status, 0))
    for warning in report.warnings:
        st.warning(warning)
    st.dataframe(
        [
            {
                t("audit_page.col_status"): _status_text(t, r.status),
                t("audit_page.col_id"): r.id,
                t("audit_page.col_title"): r.title,
                t("audit_page.col_basis"): r.basis_text,
            }
            for r in report.results
        ],
        hide_index=True,
        width="stretch",
    )
    for r in report.results:
        with st.expander(f"{STATUS_BADGES.get(r.status, '')} {r.id} {r.title} · {t(f'audit_page.status_{r.status}')}"):
            st.markdown(f"*{r.description}*")
            if r.missing:
                st.markdown(f"**{t('audit_page.missing')}** {r.missing}")
            if r.evidence:
                st.markdown(f"**{t('audit_page.evidence')}**")
                if r.section:
                    st.caption(t("audit_page.found_in_section", section=r.section))
                for n, q in enumerate(r.evidence):
                    where = f" — {q.where}" if q.where else ""
                    st.markdown(f"> {' '.join(q.quote.split())}\n\n{where}")
                    _routine_link(ctx, q.page, q.quote, key=f"vv_audit_src_{r.id}_{n}")
            else:
                st.caption(t("audit_page.no_evidence"))
            if r.undecided:
                st.markdown(f"**{t('audit_page.undecided')}**")
                for q in r.undecided:
                    st.markdown(f"> {' '.join(q.quote.split())}" + (f"\n\n— {q.where}" if q.where else ""))
            if r.basis:
                st.markdown(f"**{t('audit_page.basis')}**")
                st.markdown(
                    "\n".join(f"- {b.short}: {b.text}" + (f" ({b.citation})" if b.citation else "") for b in r.basis)
                )
            if r.guidance:
                st.markdown(f"**{t('audit_page.guidance')}**")
                st.markdown("\n".join(f"- {g.text}" for g in r.guidance))
                for n, g in enumerate(r.guidance):  # the guideline itself, when it is an indexed document
                    if g.quote:
                        kb_source_link(ctx, g.source, g.locator, g.quote, key=f"vv_audit_guide_{r.id}_{n}")
            elif r.sources:
                st.caption(t("audit_page.sources", sources="; ".join(r.sources)))
    _downloads(ctx, report)


def _routine_link(ctx: UiContext, page: int | None, quote: str, *, key: str) -> None:
    """The audited routine (kept in memory for this session, never stored) opened at a finding's quote."""
    routine = st.session_state.get(ROUTINE_KEY)
    if routine is not None:
        bytes_link(ctx, routine[0], routine[1], page=page, quote=quote, key=key)


def _downloads(ctx: UiContext, report: AuditReport) -> None:
    t = ctx.t
    st.subheader(t("audit_page.download_title"))
    stem = Path(report.file).stem or "rutine"
    download_row(
        t,
        "audit_page",
        AUDIT_FORMATS,
        lambda fmt: render_audit(report, fmt),
        lambda fmt: f"revisjon-{stem}.{fmt}",
        "vv_audit_export",
    )


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("audit_page.title"))
    st.caption(t("audit_page.intro"))
    _upload_section(ctx)
    report = st.session_state.get(REPORT_KEY)
    if report is not None:
        _results(ctx, report)
