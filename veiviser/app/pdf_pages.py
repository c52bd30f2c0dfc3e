"""A PDF page as a picture with the cited words marked: pypdfium2 renders and finds, PIL highlights.

The viewer has to answer within a second on a shared two-core host, also for a
100-page PDF, so the expensive steps are cached per file version (`cache_key`):
the plain page render (as PNG), the page's characters and the finished highlighted
picture. A second look at the same citation costs a cache lookup.

pdfium is not thread-safe and Streamlit runs each session in its own thread, so every
call into it holds one lock. Quotes are located on the page's own character list (not a
second text extraction) so each matched letter has its box; see sources.find_span for
the tolerant match.
"""

from __future__ import annotations

import ctypes
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from veiviser.app.sources import LruCache, find_span

log = logging.getLogger(__name__)

SCALE = 1.5  # 108 dpi: an A4 page is about 890 x 1260 pixels, readable and quick to render
HIGHLIGHT_FILL = (255, 200, 0, 96)  # semi-transparent yellow: the words stay readable under it
HIGHLIGHT_EDGE = (230, 150, 0, 200)
PAD = 2  # pixels around each highlighted line

_PDFIUM = threading.Lock()
_PLAIN = LruCache(48)  # (key, page, scale) -> (png bytes, width, height)
_CHARS = LruCache(96)  # (key, page) -> the page's characters, one per pdfium char index
_VIEWS = LruCache(48)  # (key, page, quote, scale) -> PageView


class PdfViewError(Exception):
    """The PDF or the page cannot be opened (damaged file, page out of range)."""


@dataclass(frozen=True)
class PageView:
    """One rendered page: PNG bytes, size in pixels, and the highlight boxes drawn on it (pixels)."""

    png: bytes
    page: int  # 1-based
    pages: int
    width: int
    height: int
    rects: tuple[tuple[int, int, int, int], ...]  # (left, top, right, bottom) of each highlighted line

    @property
    def found(self) -> bool:
        return bool(self.rects)


def page_count(pdf: Path | bytes) -> int:
    with _PDFIUM:
        doc = _open(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


def render_page(pdf: Path | bytes, page: int, quote: str = "", *, cache_key: str, scale: float = SCALE) -> PageView:
    """Page `page` (1-based) of `pdf` as PNG with `quote` highlighted when it is on that page.

    `cache_key` names this version of the file (see Original.cache_key); raises PdfViewError.
    """
    key = (cache_key, page, " ".join(quote.split()), scale)
    return _VIEWS.get_or_make(key, lambda: _make_view(pdf, page, quote, cache_key, scale))


def find_quote_page(pdf: Path | bytes, quote: str, near: int, *, cache_key: str, spread: int = 1) -> int | None:
    """The page nearest `near` (within `spread` pages) whose text holds `quote`, or None.

    A chunk is cited by the page it starts on; its quote may lie on the next page.
    """
    total = page_count(pdf)
    order = [p for p in [near] + [p for d in range(1, spread + 1) for p in (near + d, near - d)] if 1 <= p <= total]
    for fuzzy in (False, True):  # an exact hit on the next page beats a near miss on this one
        for number in order:
            if _locate(pdf, number, quote, cache_key, fuzzy=fuzzy) is not None:
                return number
    return None


def clear_caches() -> None:
    for cache in (_PLAIN, _CHARS, _VIEWS):
        cache.clear()


# ---------------------------------------------------------------------------- internals


def _open(pdf: Path | bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    except pdfium.PdfiumError as exc:
        raise PdfViewError(f"the PDF cannot be opened ({exc})") from exc


def _page_of(doc, page: int):
    if not 1 <= page <= len(doc):
        raise PdfViewError(f"page {page} is not in the PDF (1-{len(doc)})")
    return doc[page - 1]


def _make_view(pdf: Path | bytes, page: int, quote: str, cache_key: str, scale: float) -> PageView:
    png, width, height, pages = _plain(pdf, page, cache_key, scale)
    rects: tuple[tuple[int, int, int, int], ...] = ()
    if quote.strip():
        span = _locate(pdf, page, quote, cache_key)
        if span is not None:
            rects = _boxes(pdf, page, span, width, height)
    if rects:
        png = _highlight(png, rects)
    return PageView(png, page, pages, width, height, rects)


def _plain(pdf: Path | bytes, page: int, cache_key: str, scale: float) -> tuple[bytes, int, int, int]:
    def make() -> tuple[bytes, int, int, int]:
        with _PDFIUM:
            doc = _open(pdf)
            try:
                pdf_page = _page_of(doc, page)
                image = pdf_page.render(scale=scale).to_pil().convert("RGB")
                pages = len(doc)
            finally:
                doc.close()
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)  # fast: the PNG goes to a browser on loopback or LAN
        return out.getvalue(), image.width, image.height, pages

    return _PLAIN.get_or_make((cache_key, page, scale), make)


def _chars(pdf: Path | bytes, page: int, cache_key: str) -> str:
    """The page's characters in pdfium's order: index i of the string is pdfium char index i."""

    def make() -> str:
        import pypdfium2.raw as raw

        with _PDFIUM:
            doc = _open(pdf)
            try:
                text_page = _page_of(doc, page).get_textpage()
                count = text_page.count_chars()
                codes = [raw.FPDFText_GetUnicode(text_page.raw, i) for i in range(count)]
            finally:
                doc.close()
        return "".join(chr(c) if 0 < c < 0x110000 else " " for c in codes)

    return _CHARS.get_or_make((cache_key, page), make)


def _locate(pdf: Path | bytes, page: int, quote: str, cache_key: str, *, fuzzy: bool = True) -> tuple[int, int] | None:
    if not quote.strip():
        return None
    return find_span(_chars(pdf, page, cache_key), quote, fuzzy=fuzzy)


def _boxes(
    pdf: Path | bytes, page: int, span: tuple[int, int], width: int, height: int
) -> tuple[tuple[int, int, int, int], ...]:
    """pdfium's line rectangles over chars [start, end), mapped to pixels of a width x height render."""
    import pypdfium2.raw as raw

    start, end = span
    out: list[tuple[int, int, int, int]] = []
    with _PDFIUM:
        doc = _open(pdf)
        try:
            pdf_page = _page_of(doc, page)
            text_page = pdf_page.get_textpage()
            for n in range(text_page.count_rects(start, end - start)):
                left, bottom, right, top = text_page.get_rect(n)
                x0, y0 = _to_device(raw, pdf_page.raw, width, height, left, top)
                x1, y1 = _to_device(raw, pdf_page.raw, width, height, right, bottom)
                lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
                if hi_x > lo_x and hi_y > lo_y:
                    out.append((lo_x - PAD, lo_y - PAD, hi_x + PAD, hi_y + PAD))
        finally:
            doc.close()
    return tuple(out)


def _to_device(raw, page_handle, width: int, height: int, x: float, y: float) -> tuple[int, int]:
    """Page coordinates to bitmap pixels; pdfium applies the page's rotation and crop box itself."""
    dx, dy = ctypes.c_int(), ctypes.c_int()
    raw.FPDF_PageToDevice(page_handle, 0, 0, width, height, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
    return dx.value, dy.value


def _highlight(png: bytes, rects: tuple[tuple[int, int, int, int], ...]) -> bytes:
    from PIL import Image, ImageDraw

    base = Image.open(io.BytesIO(png)).convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for rect in rects:
        draw.rectangle(rect, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE, width=1)
    out = io.BytesIO()
    Image.alpha_composite(base, layer).convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()
