"""The source viewer through AppTest: a citation opens the PDF page with the quote highlighted, the document
manager previews and downloads originals, the audit opens the routine at a finding, and a file outside the
served folders is not shown. Upload messages: a scan without OCR and a damaged PDF, in the UI language."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_driver import DOCS, app_env, start
from doc_builders import make_blank_pdf, make_pdf, make_text_and_picture_pdf
from PIL import Image

from veiviser.app import pdf_pages
from veiviser.core.config import Settings
from veiviser.core.i18n import translator

LOCALES = Settings().locales_dir
PDF = "veileder.pdf"
# a document named as a kb source's corpus file, holding two of the kb's quotes from it (requirement R01)
KB_SOURCE_FILE = "no-sintef-pilot-oppfolgingsteam-statusrapport.txt"
KB_SOURCE_TEXT = (
    "Statusrapport fra evalueringen (testtekst)\n\n2.3 Meldinger til teamet\n\n"
    "PLO-meldinger brukes av pleie- og omsorgs- og legetjenester for å melde brukere til teamet. "
    "Meldeskjemaet kan benyttes av andre tjenester, pårørende og brukere selv.\n"
)
QUESTION = "Hvem består teamet av?"  # answered from page 2 of the generated PDF


@pytest.fixture(scope="module")
def pdf_library(tmp_path_factory) -> tuple[Path, Path]:
    """An index of the app_driver documents plus a three-page PDF, built once for this module.

    Also a partly scanned PDF (indexed with a warning: OCR is off) and a damaged one (failed), both in the
    sources folder, for the document list's notes.
    """
    from veiviser.app.library import reindex
    from veiviser.backends.embedders import make_embedder

    base = tmp_path_factory.mktemp("viewer")
    docs, home = base / "docs", base / "home"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    make_pdf(docs / PDF)
    make_text_and_picture_pdf(docs / "delvis.pdf")
    (docs / KB_SOURCE_FILE).write_text(KB_SOURCE_TEXT, encoding="utf-8")
    (docs / "skadet-kilde.pdf").write_bytes(b"%PDF-1.4\n not a PDF body")
    settings = Settings(home=home, embedder="fake", sources_dir=docs, ocr=False)
    report = reindex(settings, make_embedder(settings))
    assert [o.source for o in report.failed] == ["skadet-kilde.pdf"]
    return home, docs


@pytest.fixture
def viewer_home(pdf_library, tmp_path, monkeypatch) -> Iterator[tuple[Path, Path]]:
    """This test's own data folder over the module's index (read in place), wired as app.py reads it."""
    source_home, docs = pdf_library
    home = tmp_path / "home"
    home.mkdir()
    (home / "index").symlink_to(source_home / "index", target_is_directory=True)
    for name in ("VEIVISER_INDEX", "VEIVISER_UI_LANG", "VEIVISER_ANSWERER", "VEIVISER_KB", "VEIVISER_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    for key, value in app_env(home, docs).items():
        monkeypatch.setenv(key, value)
    pdf_pages.clear_caches()
    yield home, docs


def _texts(at) -> str:
    """Everything the page says in text elements, for scanning."""
    parts = []
    for kind in ("error", "warning", "info", "success", "caption", "markdown", "title", "subheader"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def _highlighted_pixels(png: bytes) -> int:
    """Yellow pixels (the highlight over white or black text): none on a plain black-on-white page."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, _, b in image.get_flattened_data() if r > 180 and r - b > 60)


def test_a_citation_opens_the_pdf_page_with_the_quote_highlighted(viewer_home, media_files):
    at = start()
    at.chat_input[0].set_value(QUESTION).run()
    chips = next(g for g in at.button_group if g.key and g.key.startswith("vv_cite_"))
    assert PDF.split(".")[0] in chips.options[0].lower() or "Veileder" in chips.options[0]
    chips.set_value(1).run()
    citation = at.session_state["vv_chat"][0].answer.citations[0]
    assert citation.source == PDF and citation.page == 2
    assert not at.get("image")  # the original opens on request only
    toggle = next(t for t in at.toggle if t.key.startswith("vv_orig_"))
    assert toggle.label == "Åpne originalen"
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    [image] = at.get("image")
    assert image.captions == ["Veileder for koordinatorer, side 2 av 3"]
    assert "Det siterte stedet er markert på side 2." in _texts(at)
    assert _highlighted_pixels(media_files[image.value[0]]) > 50

    page = next(n for n in at.number_input if n.key.startswith("vv_orig_"))
    page.set_value(1).run()  # another page: shown plain
    [image] = at.get("image")
    assert image.captions == ["Veileder for koordinatorer, side 1 av 3"]
    assert _highlighted_pixels(media_files[image.value[0]]) == 0

    downloads = [b for b in at.get("download_button") if b.key and b.key.startswith("vv_orig_")]
    assert [b.label for b in downloads] == ["Last ned originalen"]
    pdf_bytes = (viewer_home[1] / PDF).read_bytes()
    assert media_files[downloads[0].proto.url] == pdf_bytes  # the original file, byte for byte


def test_the_document_manager_previews_text_and_pdf_and_serves_the_original(viewer_home, media_files):
    at = start("knowledge")
    at.selectbox(key="vv_preview_choice").set_value("sip-rutin.md").run()
    assert not at.exception, at.exception
    shown = " ".join(h.proto.body for h in at.get("html") if "vv-source-text" in h.proto.body)
    assert "samordnad individuell plan" in shown and "<mark" not in shown
    [download] = [b for b in at.get("download_button") if b.key and b.key.startswith("vv_preview_")]
    assert media_files[download.proto.url] == DOCS["sip-rutin.md"].encode("utf-8")

    at.selectbox(key="vv_preview_choice").set_value(PDF).run()
    [image] = at.get("image")
    assert image.captions == ["Veileder for koordinatorer, side 1 av 3"]


def test_an_original_outside_the_served_folders_is_not_shown(viewer_home, tmp_path, monkeypatch):
    elsewhere = tmp_path / "andre-kilder"
    elsewhere.mkdir()
    monkeypatch.setenv("VEIVISER_SOURCES", str(elsewhere))  # the index still records the old folder's paths
    at = start("knowledge")
    at.selectbox(key="vv_preview_choice").set_value(PDF).run()
    assert not at.exception, at.exception
    assert not at.get("image")
    assert not [b for b in at.get("download_button") if b.key and b.key.startswith("vv_preview_")]
    assert any("utenfor mappene" in i.value for i in at.info)


def test_an_audit_finding_opens_the_routine_at_the_quote(viewer_home):
    routine = (
        "Rutine for oppfølging i Eksempel kommune\n\n"
        "1 Koordinator\n"
        "Koordinerende enhet oppnevner en koordinator for personer med behov for langvarige og koordinerte "
        "tjenester. Personens ønske om hvem som skal være koordinator, vektlegges. Koordinator tilbys også når "
        "personen ikke ønsker individuell plan. Koordinatoren sørger for samordning av tjenestetilbudet, "
        "nødvendig oppfølging og framdrift i arbeidet med individuell plan.\n"
    )
    at = start("audit")
    at.file_uploader(key="vv_audit_upload").set_value(("rutine.txt", routine.encode(), "text/plain")).run()
    at.button(key="vv_audit_go").click().run()
    assert not at.exception, at.exception
    toggle = next(t for t in at.toggle if t.key.startswith("vv_audit_src_"))
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    shown = [h.proto.body for h in at.get("html") if "vv-source-text" in h.proto.body]
    assert shown and '<mark class="vv-cited"' in shown[0]

    # a requirement's guideline source, when the kb names an indexed file, opens at the kb's quote
    guide = at.toggle(key="vv_audit_guide_R01_1_open")
    assert guide.label.startswith("Åpne originalen: Pilot for strukturert")
    guide.set_value(True).run()
    assert not at.exception, at.exception
    marked = [
        h.proto.body for h in at.get("html") if "vv-source-text" in h.proto.body and "PLO-meldinger" in h.proto.body
    ]
    assert (
        marked
        and ">PLO-meldinger brukes av pleie- og omsorgs- og legetjenester for å melde brukere</mark>" in marked[0]
    )


# ---------------------------------------------------------------------------- upload messages


@pytest.mark.parametrize("lang", ["nb", "sv", "da", "en"])
def test_a_scan_without_ocr_is_explained_in_the_ui_language_and_not_kept(app_home_own_index, monkeypatch, lang):
    import veiviser.documents.loaders.pdf as pdf_loader

    monkeypatch.setenv("VEIVISER_UI_LANG", lang)
    monkeypatch.setenv("VEIVISER_OCR", "1")
    monkeypatch.setattr(pdf_loader, "ocr_available", lambda: False)
    scan = make_blank_pdf(app_home_own_index.parent / "skannet.pdf").read_bytes()
    t = translator(LOCALES, lang)
    at = start("knowledge")
    at.file_uploader[0].set_value([("skannet.pdf", scan, "application/pdf")]).run()
    at.button(key="vv_upload_go").click().run()
    assert not at.exception, at.exception
    [message] = [e.value for e in at.error]
    assert message == t("upload_msg.file", name="skannet.pdf", reason=t("upload_msg.scan_no_ocr"))
    assert message.count("skannet.pdf") == 1
    if lang == "en":
        assert (
            "This PDF is a scan without text; OCR is not installed on this server — ask your administrator" in message
        )
    page = _texts(at)
    assert "apt-get" not in page and "ocrmypdf" not in page and "VEIVISER_" not in page
    uploads = app_home_own_index / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_an_upload_that_fails_to_index_is_deleted_and_explained(app_home_own_index):
    at = start("knowledge")
    damaged = b"%PDF-1.4\n this is not the body of a PDF"
    at.file_uploader[0].set_value([("skadet.pdf", damaged, "application/pdf")]).run()
    at.button(key="vv_upload_go").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "«skadet.pdf»: Filen er skadet eller ufullstendig. Eksporter eller last den ned på nytt."
    ]
    assert "Filer som ikke kunne indekseres, er ikke lagret." in [c.value for c in at.caption]
    assert not (app_home_own_index / "uploads" / "skadet.pdf").exists()
    files = {r["Fil"] for r in at.dataframe[0].value.to_dict("records")}
    assert "skadet.pdf" not in files and set(DOCS) <= files


@pytest.mark.parametrize(
    ("lang", "button", "limit"), [("nb", "Last opp", "Maks. 50 MB per fil"), ("en", "Upload", "Up to 50 MB per file")]
)
def test_the_upload_widgets_texts_are_translated(app_home, monkeypatch, lang, button, limit):
    monkeypatch.setenv("VEIVISER_UI_LANG", lang)
    for page, key in (("knowledge", "vv_uploader_0"), ("audit", "vv_audit_upload")):
        at = start(page)
        styles = [h.proto.body for h in at.get("html") if f".st-key-{key} " in h.proto.body]
        assert len(styles) == 1, page
        assert f'content:"{button}"' in styles[0] and f'content:"{limit}"' in styles[0]


def test_the_document_list_explains_failures_and_scan_warnings_without_admin_hints(viewer_home):
    at = start("knowledge")
    rows = {r["Fil"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert (
        rows["skadet-kilde.pdf"]["Feil eller merknad"]
        == "Filen er skadet eller ufullstendig. Eksporter eller last den ned på nytt."
    )
    assert rows["delvis.pdf"]["Feil eller merknad"].startswith("Noen sider er skannet uten tekst og ble hoppet over")
    table = " ".join(str(v) for row in rows.values() for v in row.values())
    assert "apt-get" not in table and "VEIVISER_" not in table and "Install" not in table


def test_a_kb_citation_shows_the_kb_text_instead_of_a_file(viewer_home):
    at = start()
    at.chat_input[0].set_value("Hvem leder arbeidet i oppfølgingsteamet?").run()
    chips = next(g for g in at.button_group if g.key and g.key.startswith("vv_cite_"))
    chips.set_value(1).run()
    citation = at.session_state["vv_chat"][0].answer.citations[0]
    assert citation.source.startswith("kb/")  # answered from a role card of the built-in kb
    next(t for t in at.toggle if t.key.startswith("vv_orig_")).set_value(True).run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("Innebygd kunnskapsbase: teksten under") for c in at.caption)
    assert not at.get("image") and not [b for b in at.get("download_button") if (b.key or "").startswith("vv_orig_")]
