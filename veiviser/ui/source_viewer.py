"""The source viewer: a citation opens the original document at the cited place, quote marked.

A PDF is shown as a picture of the cited page with the quoted words highlighted (page
navigation beside it); DOCX, TXT, Markdown and HTML as the text of the cited section
with the quote marked; both with a download of the original file. Built-in kb entries
have no file and show the kb's own text. The file lookup, the folder check and the
rendering live in veiviser.app.sources / veiviser.app.pdf_pages; this module only
lays the result out.

Entry points for other pages (each renders in place, keys must be unique per page):

    source_link(ctx, "rapport.pdf", page=7, quote="…", key="vv_x")    # toggle + viewer
    show_source(ctx, "rapport.pdf", page=7, quote="…", key="vv_x")    # the viewer itself
    kb_source_link(ctx, ref.source, ref.locator, ref.quote, key=...)  # a kb SourceRef ("Hvorfor?")
    bytes_link(ctx, "rutine.docx", data, page, quote, key=...)        # a file held in memory (audit)
"""

from __future__ import annotations

import hashlib
import html
import logging
from pathlib import Path

import streamlit as st

from veiviser.app import pdf_pages
from veiviser.app.sources import (
    MIME_TYPES,
    OriginalUnavailable,
    TextExcerpt,
    load_blocks,
    load_blocks_from_bytes,
    page_from_locator,
    resolve_original,
    text_excerpt,
)
from veiviser.app.uploads import UploadRejected, safe_filename
from veiviser.documents.errors import LoadError
from veiviser.retrieval.passages import document_chunks, locate
from veiviser.ui.components import MARK_CSS, PASSAGE_CSS, passage_html
from veiviser.ui.context import UiContext

log = logging.getLogger(__name__)

EXCERPT_CSS = PASSAGE_CSS + ";max-height:32rem;overflow-y:auto"


def source_link(
    ctx: UiContext,
    source: str,
    *,
    page: int | None = None,
    quote: str = "",
    section: str = "",
    key: str,
    label: str | None = None,
) -> None:
    """A toggle that opens the original of indexed document `source` below it (see show_source).

    A fragment: opening it or turning a page reruns only the viewer, not the whole page with its answers.
    """
    _source_fragment(ctx, source, page, quote, section, key, label or ctx.t("source_viewer.open"))


@st.fragment
def _source_fragment(
    ctx: UiContext, source: str, page: int | None, quote: str, section: str, key: str, label: str
) -> None:
    if st.toggle(label, key=f"{key}_open"):
        show_source(ctx, source, page=page, quote=quote, section=section, key=key)


def kb_source_link(ctx: UiContext, source: str, locator: str = "", quote: str = "", *, key: str) -> bool:
    """source_link for a kb source reference (a checklist item's or requirement's source).

    `source` is a kb source id or its title; the kb maps it to a corpus file name, and the
    link is offered only when that file is in the index. `locator` ("s. 12", "Sida 16",
    "kap. 2.6") gives the page when it names one. Returns whether a link was shown.
    """
    kb = ctx.kb().kb
    if kb is None:
        return False
    entry = kb.sources.get(source) or next((s for s in kb.sources.values() if s.title == source), None)
    version = ctx.version()
    if entry is None or not entry.file or version is None or entry.file not in version.documents:
        return False
    title = entry.title if len(entry.title) <= 48 else entry.title[:46].rstrip() + "…"
    label = f"{ctx.t('source_viewer.open')}: {title}"
    source_link(ctx, entry.file, page=page_from_locator(locator), quote=quote, key=key, label=label)
    return True


def bytes_link(ctx: UiContext, name: str, data: bytes, *, page: int | None = None, quote: str = "", key: str) -> None:
    """A toggle that opens a file held in memory (an audited routine, never stored) at `page` / `quote`."""
    _bytes_fragment(ctx, name, data, page, quote, key)


@st.fragment
def _bytes_fragment(ctx: UiContext, name: str, data: bytes, page: int | None, quote: str, key: str) -> None:
    if st.toggle(ctx.t("source_viewer.open"), key=f"{key}_open"):
        show_bytes(ctx, name, data, page=page, quote=quote, key=key)


def show_source(
    ctx: UiContext, source: str, *, page: int | None = None, quote: str = "", section: str = "", key: str
) -> None:
    """The original of `source` at `page` with `quote` marked, and its download; says why when it cannot."""
    t = ctx.t
    version = ctx.version()
    try:
        original = resolve_original(ctx.settings, version.documents if version is not None else {}, source)
    except OriginalUnavailable as exc:
        if exc.reason == "kb":
            _kb_entry(ctx, source, quote, key)
        else:
            st.info(t(f"source_viewer.unavailable_{exc.reason}"), icon=":material/info:")
        return
    if original.changed:
        st.warning(t("source_viewer.changed"), icon=":material/warning:")
    try:
        if original.doc_type == "pdf":
            _pdf(ctx, original.path, original.cache_key, original.title, page, quote, key)
        else:
            _text(ctx, load_blocks(original, ctx.settings.ingest.max_bytes), quote, section)
        data = original.read_bytes()
    except (pdf_pages.PdfViewError, LoadError, OSError) as exc:
        log.warning("original of %s could not be shown: %s", source, exc)
        st.error(t("source_viewer.unreadable"))
        return
    _download(ctx, data, original.path.name, original.mime, key)


def show_bytes(ctx: UiContext, name: str, data: bytes, *, page: int | None = None, quote: str = "", key: str) -> None:
    """As show_source, for a file held in memory."""
    is_pdf = data[:1024].lstrip().startswith(b"%PDF-")
    try:
        if is_pdf:
            digest = hashlib.sha256(data).hexdigest()
            _pdf(ctx, data, f"mem:{digest}", Path(name).stem, page, quote, key)
        else:
            _text(ctx, load_blocks_from_bytes(name, data, ctx.settings.ingest.max_bytes), quote, "")
    except (pdf_pages.PdfViewError, LoadError, OSError) as exc:
        log.warning("file %s could not be shown: %s", name, exc)
        st.error(ctx.t("source_viewer.unreadable"))
        return
    try:
        file_name = safe_filename(name)
    except UploadRejected:
        file_name = "document.pdf" if is_pdf else "document.txt"
    kind = "pdf" if is_pdf else Path(file_name).suffix.lstrip(".").lower()
    _download(ctx, data, file_name, MIME_TYPES.get(kind, "application/octet-stream"), key)


# ---------------------------------------------------------------------------- layout


def _pdf(ctx: UiContext, pdf: Path | bytes, cache_key: str, title: str, page: int | None, quote: str, key: str) -> None:
    t = ctx.t
    total = pdf_pages.page_count(pdf)
    cited = min(max(page or 1, 1), total)
    located = pdf_pages.find_quote_page(pdf, quote, cited, cache_key=cache_key) if quote.strip() else None
    target = located or cited
    shown = int(
        st.number_input(
            t("source_viewer.page_label", pages=total),
            min_value=1,
            max_value=total,
            value=target,
            step=1,
            key=f"{key}_page",
            width=180,
        )
    )
    view = pdf_pages.render_page(pdf, shown, quote if shown == located else "", cache_key=cache_key)
    if quote.strip():
        if located is None:
            st.caption(t("source_viewer.not_found"))
        elif located != cited:
            st.caption(t("source_viewer.found_elsewhere", page=located, cited=cited))
        else:
            st.caption(t("source_viewer.found_on_page", page=located))
    st.image(
        view.png,
        caption=t("source_viewer.image_caption", title=title, page=shown, pages=total),
        width="stretch",
        output_format="PNG",  # "auto" re-encodes as JPEG, which blurs small print
    )


def _text(ctx: UiContext, blocks: list[tuple[str, int, str]], quote: str, section: str) -> None:
    t = ctx.t
    excerpt = text_excerpt(blocks, quote, section)
    notes = []
    if excerpt.section:
        notes.append(t("source_viewer.section", section=excerpt.section))
    if quote.strip():
        notes.append(t("source_viewer.text_found") if excerpt.found else t("source_viewer.text_not_found"))
    if excerpt.cut_before or excerpt.cut_after:
        notes.append(t("source_viewer.excerpt"))
    if notes:
        st.caption(" · ".join(notes))
    st.html(excerpt_html(excerpt))


def excerpt_html(excerpt: TextExcerpt) -> str:
    """The excerpt as HTML built only from escaped text: headings bold, the quote in a <mark>."""
    text = excerpt.text
    cuts = {0, len(text)}
    for start, end in excerpt.headings:
        cuts.update((start, end))
    if excerpt.span:
        cuts.update(excerpt.span)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    parts = ["…\n" if excerpt.cut_before else ""]
    for start, end in zip(points, points[1:]):
        piece = html.escape(text[start:end])
        if excerpt.span and excerpt.span[0] <= start and end <= excerpt.span[1]:
            piece = f'<mark class="vv-cited" style="{MARK_CSS}">{piece}</mark>'
        if any(h0 <= start and end <= h1 for h0, h1 in excerpt.headings):
            piece = f"<strong>{piece}</strong>"
        parts.append(piece)
    parts.append("\n…" if excerpt.cut_after else "")
    return f'<div class="vv-source-text" style="{EXCERPT_CSS}">{"".join(parts)}</div>'


def _kb_entry(ctx: UiContext, source: str, quote: str, key: str) -> None:
    """A kb document has no file: show the kb's own passage that holds the quote (else its first one)."""
    t = ctx.t
    st.caption(t("source_viewer.unavailable_kb"))
    version = ctx.version()
    chunks = document_chunks(version, source) if version is not None else []
    chosen = next((c for c in chunks if quote and locate(c.text, quote).found), chunks[0] if chunks else None)
    if chosen is None:
        st.caption(t("source_viewer.kb_not_found"))
        return
    body, _ = passage_html(chosen.text, quote)
    st.html(body)


def _download(ctx: UiContext, data: bytes, file_name: str, mime: str, key: str) -> None:
    st.download_button(
        ctx.t("source_viewer.download"),
        data=data,
        file_name=file_name,
        mime=mime,
        key=f"{key}_download",
        on_click="ignore",
        icon=":material/download:",
    )
