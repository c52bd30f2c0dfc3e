"""The source viewer's back end: the quote found and highlighted on a PDF page, text sections, and which files may be served."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from doc_builders import make_docx, make_pdf
from PIL import Image, ImageChops

from veiviser.app import pdf_pages
from veiviser.app.sources import (
    OriginalUnavailable,
    find_span,
    load_blocks,
    page_from_locator,
    resolve_original,
    text_excerpt,
)
from veiviser.core.config import Settings

PAGES = {
    1: ["1 Innledning", "Koordinatoren skal sørge for nødvendig oppfølging og samordning av tjenestetilbudet."],
    2: [
        "2 Oppfølgingsteam",
        "Teamet består av de som yter tjenester til brukeren, og av brukeren selv med sine pårørende. "
        "Det er oppnevnt en koordinator som leder arbeidet i teamet og holder kontakt med fastlegen, "
        "NAV og spesialisthelsetjenesten når det trengs.",
    ],
    3: ["3 Avslutning", "Planen evalueres hvert år."],
}
# the quote runs over a line break on page 2 (checked below): two highlighted lines
QUOTE_LINES = ("Det er", "oppnevnt en koordinator som leder arbeidet i teamet og holder kontakt med fastlegen")
QUOTE = " ".join(QUOTE_LINES)


@pytest.fixture(autouse=True)
def _fresh_caches():
    pdf_pages.clear_caches()
    yield
    pdf_pages.clear_caches()


def _quote_char_boxes(path: Path, page: int, parts: tuple[str, ...], scale: float) -> list[tuple[float, ...]]:
    """The quote's character boxes in pixels, found part by part (one per line) by pdfium's own search,
    independent of the viewer's matching and coordinate mapping."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        pdf_page = doc[page - 1]
        height = pdf_page.get_height()
        text_page = pdf_page.get_textpage()
        boxes = []
        for part in parts:
            found = text_page.search(part, match_case=True).get_next()
            assert found is not None, f"the generated PDF must hold {part!r} on one line"
            start, count = found
            for i in range(start, start + count):
                left, bottom, right, top = text_page.get_charbox(i)
                if right > left:
                    boxes.append((left * scale, (height - top) * scale, right * scale, (height - bottom) * scale))
        return boxes
    finally:
        doc.close()


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_quote_is_highlighted_where_its_characters_are(tmp_path):
    pdf = make_pdf(tmp_path / "veileder.pdf", PAGES)
    view = pdf_pages.render_page(pdf, 2, QUOTE, cache_key="v1")
    assert view.found and view.page == 2 and view.pages == 3
    assert len(view.rects) == 2  # one per line
    boxes = _quote_char_boxes(pdf, 2, QUOTE_LINES, pdf_pages.SCALE)
    # every character of the quote lies under a highlight, and every highlight covers some of the quote
    assert all(any(_overlaps(box, rect) for rect in view.rects) for box in boxes)
    assert all(any(_overlaps(rect, box) for box in boxes) for rect in view.rects)
    for rect in view.rects:  # and no highlight spills far beyond the quote's letters (a few pixels of padding)
        under = [box for box in boxes if _overlaps(box, rect)]
        bbox = (min(b[0] for b in under), min(b[1] for b in under), max(b[2] for b in under), max(b[3] for b in under))
        assert all(abs(rect[i] - bbox[i]) <= 6 for i in range(4)), (rect, bbox)

    plain = Image.open(io.BytesIO(pdf_pages.render_page(pdf, 2, "", cache_key="v1").png)).convert("RGB")
    marked = Image.open(io.BytesIO(view.png)).convert("RGB")
    assert plain.size == marked.size == (view.width, view.height)
    for rect in view.rects:
        assert ImageChops.difference(plain.crop(rect), marked.crop(rect)).getbbox() is not None
    top_of_page = (0, 0, view.width, min(r[1] for r in view.rects) - 1)  # above the quote nothing changes
    assert ImageChops.difference(plain.crop(top_of_page), marked.crop(top_of_page)).getbbox() is None


def test_a_quote_not_on_the_page_leaves_it_unmarked_and_the_viewer_finds_its_page(tmp_path):
    pdf = make_pdf(tmp_path / "veileder.pdf", PAGES)
    view = pdf_pages.render_page(pdf, 1, QUOTE, cache_key="v1")
    assert not view.found and view.png == pdf_pages.render_page(pdf, 1, "", cache_key="v1").png
    assert pdf_pages.find_quote_page(pdf, QUOTE, 1, cache_key="v1") == 2  # cited by the page the chunk starts on
    assert pdf_pages.find_quote_page(pdf, "Dette står ikke i dokumentet i det hele tatt.", 1, cache_key="v1") is None


def test_a_pdf_held_in_memory_renders_like_the_file(tmp_path):
    pdf = make_pdf(tmp_path / "veileder.pdf", PAGES)
    from_file = pdf_pages.render_page(pdf, 2, QUOTE, cache_key="file")
    from_bytes = pdf_pages.render_page(pdf.read_bytes(), 2, QUOTE, cache_key="mem")
    assert from_file.rects == from_bytes.rects


def test_a_page_outside_the_pdf_is_an_error_not_a_crash(tmp_path):
    pdf = make_pdf(tmp_path / "veileder.pdf", PAGES)
    with pytest.raises(pdf_pages.PdfViewError):
        pdf_pages.render_page(pdf, 9, "", cache_key="v1")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(pdf_pages.PdfViewError):
        pdf_pages.render_page(broken, 1, "", cache_key="v2")


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("Koordinatoren skal sørge for oppføl-\nging av brukeren.", "sørge for oppfølging", "sørge for oppføl-\nging"),
        ("Første ledd.  KOORDINATOREN   har ansvaret.", "koordinatoren har ansvaret", "KOORDINATOREN   har ansvaret"),
        # a repaired quote ("opplæring") against the damaged original ("opplaring"): found by the fuzzy match
        ("Kommunen gir koordinatoropplaring til alle nye koordinatorer.", "gir koordinatoropplæring til alle", None),
    ],
)
def test_find_span_tolerates_hyphenation_case_spacing_and_repair(text, quote, expected):
    span = find_span(text, quote)
    assert span is not None
    if expected is not None:
        assert text[span[0] : span[1]] == expected
    else:
        assert "koordinatoropplaring" in text[span[0] : span[1]]


def test_find_span_does_not_guess_on_short_or_absent_quotes():
    assert find_span("Koordinatoren har ansvaret.", "kommunen") is None
    assert find_span("Koordinatoren har ansvaret.", "") is None


@pytest.mark.parametrize(
    ("locator", "page"),
    [("s. 12", 12), ("Sida 16", 16), ("side 4, punkt 2", 4), ("kap. 2.6", None), ("brief 1.2", None)],
)
def test_page_from_locator(locator, page):
    assert page_from_locator(locator) == page


# ---------------------------------------------------------------------------- which files may be served


def _settings(tmp_path: Path) -> Settings:
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "sources").mkdir(exist_ok=True)
    return Settings(home=tmp_path / "home", sources_dir=tmp_path / "sources", embedder="fake", ocr=False)


def _entry(path: Path | str, **extra) -> dict:
    return {"path": str(path), "doc_type": "txt", "title": "Rutine", **extra}


def test_a_file_in_the_sources_folder_or_uploads_is_served(tmp_path):
    settings = _settings(tmp_path)
    source = settings.sources_dir / "rutine.txt"
    source.write_text("Rutine.", encoding="utf-8")
    settings.uploads_dir.mkdir()
    upload = settings.uploads_dir / "lastet.txt"
    upload.write_text("Lastet opp.", encoding="utf-8")
    docs = {"rutine.txt": _entry(source), "lastet.txt": _entry(upload)}
    assert resolve_original(settings, docs, "rutine.txt").path == source.resolve()
    assert resolve_original(settings, docs, "lastet.txt").read_bytes() == b"Lastet opp."


def test_a_path_outside_the_source_folders_is_refused(tmp_path):
    settings = _settings(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the viewer", encoding="utf-8")
    settings.uploads_dir.mkdir()
    (settings.uploads_dir / "lenke.txt").symlink_to(secret)  # a link inside pointing out
    docs = {
        "secret.txt": _entry(secret),
        "passwd": _entry("/etc/passwd"),
        "klatrer.txt": _entry(settings.sources_dir / ".." / "secret.txt"),
        "lenke.txt": _entry(settings.uploads_dir / "lenke.txt"),
    }
    for name in docs:
        with pytest.raises(OriginalUnavailable) as caught:
            resolve_original(settings, docs, name)
        assert caught.value.reason == "outside", name


def test_kb_unknown_and_missing_documents_say_why(tmp_path):
    settings = _settings(tmp_path)
    docs = {
        "kb/glossary.yaml": {"doc_type": "kb", "path": str(settings.kb_dir / "glossary.yaml")},
        "borte.txt": _entry(settings.sources_dir / "borte.txt"),
    }
    reasons = {}
    for name in ("kb/glossary.yaml", "borte.txt", "ukjent.txt"):
        with pytest.raises(OriginalUnavailable) as caught:
            resolve_original(settings, docs, name)
        reasons[name] = caught.value.reason
    assert reasons == {"kb/glossary.yaml": "kb", "borte.txt": "missing", "ukjent.txt": "unknown"}


def test_a_file_changed_since_indexing_is_flagged(tmp_path):
    import hashlib

    settings = _settings(tmp_path)
    source = settings.sources_dir / "rutine.txt"
    source.write_text("Versjon 1.", encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    docs = {"rutine.txt": _entry(source, content_hash=digest)}
    assert not resolve_original(settings, docs, "rutine.txt").changed
    source.write_text("Versjon 2, lengre.", encoding="utf-8")
    os.utime(source, ns=(1, 2))
    assert resolve_original(settings, docs, "rutine.txt").changed


# ---------------------------------------------------------------------------- text documents at the cited section


MARKDOWN = """# Rutine for koordinator

Innledende tekst om rutinen.

## Oppnevning

Koordinerende enhet oppnevner koordinatoren innen to uker.

## Oppfølging

Koordinatoren skal sørge for nødvendig oppfølging og samordning av tjenestetilbudet.

Koordinatoren holder kontakt med de pårørende.

## Avslutning

Planen evalueres hvert år.
"""


def _original(settings: Settings, path: Path):
    return resolve_original(settings, {path.name: _entry(path, doc_type=path.suffix.lstrip("."))}, path.name)


def test_a_text_document_opens_at_the_quoted_section_with_the_quote_marked(tmp_path):
    settings = _settings(tmp_path)
    path = settings.sources_dir / "rutine.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    blocks = load_blocks(_original(settings, path), settings.ingest.max_bytes)
    excerpt = text_excerpt(blocks, "sørge for nødvendig oppfølging og samordning")
    assert excerpt.found and excerpt.section == "Oppfølging"
    assert excerpt.text[excerpt.span[0] : excerpt.span[1]] == "sørge for nødvendig oppfølging og samordning"
    assert "holder kontakt" in excerpt.text  # the whole section
    assert "Planen evalueres" not in excerpt.text and "innen to uker" not in excerpt.text  # not the others
    assert [excerpt.text[a:b] for a, b in excerpt.headings] == ["Oppfølging"]


def test_without_the_quote_the_named_section_or_the_start_is_shown(tmp_path):
    settings = _settings(tmp_path)
    path = settings.sources_dir / "rutine.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    blocks = load_blocks(_original(settings, path), settings.ingest.max_bytes)
    by_section = text_excerpt(blocks, "Dette sitatet finnes ikke i rutinen.", "Avslutning")
    assert not by_section.found and by_section.text.startswith("Avslutning") and "evalueres" in by_section.text
    preview = text_excerpt(blocks)
    assert preview.text.startswith("Rutine for koordinator") and not preview.found


def test_a_docx_section_is_found(tmp_path):
    settings = _settings(tmp_path)
    path = make_docx(settings.sources_dir / "rutine.docx")
    blocks = load_blocks(_original(settings, path), settings.ingest.max_bytes)
    excerpt = text_excerpt(blocks, "rett til individuell plan")
    assert excerpt.found and excerpt.section == "Individuell plan"


def test_a_long_section_is_cut_around_the_quote(tmp_path):
    settings = _settings(tmp_path)
    path = settings.sources_dir / "lang.md"
    paragraphs = [f"Avsnitt {n} handler om noe annet enn det som er sitert her." * 4 for n in range(200)]
    paragraphs[150] = "Her står det siterte: koordinatoren har det daglige ansvaret for planen."
    path.write_text("# Lang rutine\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    blocks = load_blocks(_original(settings, path), settings.ingest.max_bytes)
    excerpt = text_excerpt(blocks, "koordinatoren har det daglige ansvaret")
    assert excerpt.found and excerpt.cut_before and excerpt.cut_after
    assert len(excerpt.text) <= 6000
    assert "daglige ansvaret" in excerpt.text[excerpt.span[0] : excerpt.span[1]]
