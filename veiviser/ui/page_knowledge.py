"""Kunnskapsbase: upload documents, ingest with a progress bar, see every document, preview, remove, re-index.

Messages are for the staff member reading them: why a file was refused or not indexed, in
the UI language (veiviser.app.uploads.failure_reason picks the reason; the loader's own
message, with install hints for an administrator, goes to the log). A failed upload is
deleted again, and the document list does not show files that are gone.
"""

from __future__ import annotations

import logging
from typing import Literal

import streamlit as st

from veiviser.app.library import (
    failure_codes,
    gone_failures,
    indexed_paths,
    ingest_uploads,
    reindex,
    remove_document,
    split_kb,
)
from veiviser.app.uploads import (
    UploadRejected,
    allowed_suffixes,
    check_scan,
    failure_reason,
    is_upload,
    save_upload,
    warning_reason,
)
from veiviser.index.versions import IngestLockedError
from veiviser.pii import mask_ids
from veiviser.retrieval.status import index_status
from veiviser.ui.context import UiContext
from veiviser.ui.progress import StreamlitIngestProgress
from veiviser.ui.source_viewer import show_source
from veiviser.ui.uploader import file_uploader

log = logging.getLogger(__name__)

UPLOADER_KEY = "vv_uploader_round"
REPORT_KEY = "vv_ingest_report"
REFUSED_KEY = "vv_upload_refused"


def _failure(t, name: str, code: str) -> str:
    """Why `name` was not indexed, for staff: the file named once, the reason in the UI language."""
    return t("upload_msg.file", name=name, reason=t(f"upload_msg.{code}"))


def _refusal(t, exc: UploadRejected) -> str:
    if t.has(f"upload_msg.{exc.reason}"):  # a scan this server cannot read: worded like a failed ingest
        return _failure(t, exc.name, exc.reason)
    return t(f"knowledge.refused_{exc.reason}", name=exc.name, **{k: str(v) for k, v in exc.details.items()})


def _run_ingest(ctx: UiContext, action) -> None:
    """Run an ingest action with a progress bar and keep its report for the next rerun.

    `action(progress)` returns an IngestReport, or (report, names of failed uploads deleted again).
    """
    t = ctx.t
    progress = StreamlitIngestProgress(t)
    try:
        result = action(progress)
    except IngestLockedError:
        st.error(t("knowledge.locked"))
        return
    except Exception as exc:
        log.exception("ingest from the app failed")
        st.error(t("knowledge.ingest_failed", error=str(exc)))
        return
    progress.done()
    report, dropped = result if isinstance(result, tuple) else (result, [])
    st.session_state[REPORT_KEY] = {
        "counts": report.counts(),
        "failed": failure_codes(report),
        "dropped": dropped,
        "chunks": report.chunks_total,
        "seconds": round(report.seconds, 1),
    }
    st.rerun()


def _show_last_report(t) -> None:
    for message in st.session_state.pop(REFUSED_KEY, []):
        st.error(message)
    report = st.session_state.pop(REPORT_KEY, None)
    if not report:
        return
    counts = report["counts"]
    summary = t(
        "knowledge.report",
        ingested=counts.get("ingested", 0),
        skipped=counts.get("skipped", 0),
        removed=counts.get("removed", 0),
        failed=counts.get("failed", 0),
        chunks=report["chunks"],
        seconds=report["seconds"],
    )
    if report["failed"]:
        st.warning(summary)
        for source, code in report["failed"]:
            st.error(_failure(t, source, code))
        if report.get("dropped"):
            st.caption(t("upload_msg.not_kept"))
    else:
        st.success(summary)


def _upload_section(ctx: UiContext) -> None:
    t = ctx.t
    settings = ctx.settings
    st.subheader(t("knowledge.upload_title"))
    st.caption(
        t("knowledge.upload_help", types=", ".join(allowed_suffixes()), max_mb=f"{settings.ingest.max_file_mb:g}")
    )
    round_no = st.session_state.setdefault(UPLOADER_KEY, 0)
    files = file_uploader(
        t, t("knowledge.upload_label"), key=f"vv_uploader_{round_no}", max_mb=settings.ingest.max_file_mb, multiple=True
    )
    if not st.button(t("knowledge.upload_button"), type="primary", disabled=not files, key="vv_upload_go"):
        return
    max_bytes = settings.ingest.max_bytes
    known = indexed_paths(ctx.services.index_manager)
    saved, refused = [], []
    for f in files or []:
        try:
            data = f.getvalue()
            check_scan(f.name, data, ocr_enabled=settings.ingest.ocr)
            saved.append(save_upload(settings.uploads_dir, f.name, data, max_bytes=max_bytes, indexed_elsewhere=known))
        except UploadRejected as exc:
            refused.append(_refusal(t, exc))
    if not saved:
        for message in refused:
            st.error(message)
        return
    st.session_state[REFUSED_KEY] = refused  # shown with the ingest report after the rerun
    st.session_state[UPLOADER_KEY] = round_no + 1
    st.info(t("knowledge.saved", count=len(saved)))
    _run_ingest(ctx, lambda progress: ingest_uploads(settings, ctx.services.embedder, saved, progress=progress))


def _status_of(doc: dict, t) -> str:
    if doc["error"] and not doc["chunks"]:
        return t("knowledge.status_failed")
    if doc["error"]:
        return t("knowledge.status_kept")
    if doc["warnings"] or doc.get("instruction_passages"):
        return t("knowledge.status_warnings")
    return t("knowledge.status_ok")


def _documents_section(ctx: UiContext) -> list[dict]:
    t = ctx.t
    info = index_status(ctx.services.index_manager)
    paths = indexed_paths(ctx.services.index_manager)
    st.subheader(t("knowledge.documents_title"))
    gone = gone_failures(ctx.settings, ctx.services.index_manager)  # failed uploads deleted again
    user, kb = split_kb({d["source"]: d for d in info["documents"] if d["source"] not in gone})
    docs = list(user.values())
    if kb:
        st.caption(t("knowledge.kb_summary", files=len(kb), chunks=sum(int(d["chunks"]) for d in kb.values())))
    if not docs:
        st.info(t("knowledge.empty"))
        return []
    st.caption(
        t(
            "knowledge.documents_summary",
            documents=len(docs),
            chunks=sum(int(d["chunks"]) for d in docs),
            languages=", ".join(f"{k or '?'}: {v}" for k, v in _languages(docs).items()),
        )
    )

    def origin(doc: dict) -> str:
        if doc["doc_type"] == "kb":
            return t("knowledge.origin_kb")
        if is_upload(ctx.settings.uploads_dir, paths.get(doc["source"])):
            return t("knowledge.origin_upload")
        return t("knowledge.origin_file")

    rows = [
        {
            t("knowledge.col_document"): mask_ids(doc["title"] or doc["source"]),  # a name may hold an ID number
            t("knowledge.col_file"): mask_ids(doc["source"]),
            t("knowledge.col_status"): _status_of(doc, t),
            t("knowledge.col_lang"): doc["lang"] or "",
            t("knowledge.col_pages"): str(doc["pages"]) if doc["pages"] is not None else "",
            t("knowledge.col_chunks"): doc["chunks"],
            t("knowledge.col_origin"): origin(doc),
            t("knowledge.col_error"): (
                t(f"upload_msg.{failure_reason(doc['error'])}") if doc["error"] else "; ".join(_notes(doc, t))
            ),
        }
        for doc in docs
    ]
    widths: dict[str, Literal["small", "medium", "large"]] = {
        t("knowledge.col_document"): "medium",
        t("knowledge.col_file"): "medium",
        t("knowledge.col_lang"): "small",
        t("knowledge.col_pages"): "small",
        t("knowledge.col_chunks"): "small",
    }
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.Column(width=w) for name, w in widths.items()},
    )
    return docs


def _manage_section(ctx: UiContext, docs: list[dict]) -> None:
    t = ctx.t
    settings = ctx.settings
    left, right = st.columns(2)
    with left:
        st.subheader(t("knowledge.remove_title"))
        removable = [d["source"] for d in docs if d["doc_type"] != "kb"]
        if not removable:
            st.caption(t("knowledge.remove_none"))
        else:
            chosen = st.selectbox(
                t("knowledge.remove_label"),
                removable,
                index=None,
                placeholder=t("knowledge.remove_placeholder"),
                key="vv_remove_choice",
            )
            if chosen:
                paths = indexed_paths(ctx.services.index_manager)
                note = (
                    "knowledge.remove_upload_note"
                    if is_upload(settings.uploads_dir, paths.get(chosen))
                    else "knowledge.remove_file_note"
                )
                st.caption(t(note))
            confirm = st.checkbox(t("knowledge.remove_confirm"), key="vv_remove_confirm", disabled=not chosen)
            clicked = st.button(t("knowledge.remove_button"), disabled=not (chosen and confirm), key="vv_remove_go")
            if clicked and chosen:  # the button is disabled until a document is chosen
                st.session_state.pop("vv_remove_confirm", None)
                _run_ingest(
                    ctx, lambda progress: remove_document(settings, ctx.services.embedder, chosen, progress=progress)
                )
    with right:
        st.subheader(t("knowledge.reindex_title"))
        st.caption(t("knowledge.reindex_help"))
        if st.button(t("knowledge.reindex_button"), key="vv_reindex_go"):
            _run_ingest(ctx, lambda progress: reindex(settings, ctx.services.embedder, progress=progress))


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("knowledge.title"))
    st.caption(t("knowledge.intro"))
    _show_last_report(t)
    if ctx.index_error():
        st.error(t("knowledge.index_unreadable", error=ctx.index_error()))
    if ctx.version() is None and not ctx.index_error():
        st.info(t("knowledge.no_index_help", command="make index"))
        if st.button(t("knowledge.build_button"), type="primary", key="vv_build_go"):
            _run_ingest(ctx, lambda progress: reindex(ctx.settings, ctx.services.embedder, progress=progress))
    _upload_section(ctx)
    docs = _documents_section(ctx)
    if docs:
        _preview_section(ctx, docs)
        _manage_section(ctx, docs)


def _preview_section(ctx: UiContext, docs: list[dict]) -> None:
    """One document's original in the source viewer: a PDF's first page, a text's first section."""
    t = ctx.t
    st.subheader(t("source_viewer.preview_title"))
    readable = [d["source"] for d in docs if d["chunks"]]
    chosen = st.selectbox(
        t("source_viewer.preview_label"),
        readable,
        index=None,
        placeholder=t("source_viewer.preview_placeholder"),
        format_func=mask_ids,  # a file name may hold an ID number, as in the table
        key="vv_preview_choice",
    )
    if chosen:
        show_source(ctx, chosen, page=1, key=f"vv_preview_{chosen}")


def _languages(docs: list[dict]) -> dict[str, int]:
    """Passages per language of the user's documents."""
    out: dict[str, int] = {}
    for doc in docs:
        out[doc["lang"] or ""] = out.get(doc["lang"] or "", 0) + int(doc["chunks"])
    return dict(sorted(out.items()))


def _notes(doc: dict, t) -> list[str]:
    """The document's warnings, and a flag for passages that address an AI (kept as data, never quoted).

    A warning that carries an install hint or a setting name is shown as its reason in the UI language.
    """
    notes = []
    for warning in doc["warnings"]:
        code = warning_reason(warning)
        notes.append(t(f"upload_msg.{code}") if code else warning)
    notes = list(dict.fromkeys(notes))
    if doc.get("instruction_passages"):
        notes.append(t("knowledge.instruction_passages", n=doc["instruction_passages"]))
    return notes
