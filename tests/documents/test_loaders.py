"""Loaders on generated fixtures and on the real corpus: structure, pages, titles, identity."""

from __future__ import annotations

import hashlib
import time

import pytest
from doc_builders import DEJAVU, PAGE_TEXTS, RUNNING_HEADER, make_docx, make_image_pdf, make_pdf

from veiviser.core.types import BlockKind
from veiviser.documents.loaders import load_file, sniff_type
from veiviser.documents.loaders.pdf import ocr_available
from veiviser.documents.loaders.structure import join_wrapped_lines
from veiviser.documents.loaders.text import parse_text

LIMIT = 10_000_000


def _texts(doc, kind=None):
    return [b.text for b in doc.blocks if kind is None or b.kind is kind]


# -- PDF ------------------------------------------------------------------


def test_pdf_blocks_carry_pdf_page_and_norwegian_letters(tmp_path):
    path = make_pdf(tmp_path / "veileder.pdf")
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.doc_type == "pdf"
    assert doc.pages == 3
    assert doc.title == "Veileder for koordinatorer"
    assert doc.source == "veileder.pdf"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    by_page = {n: " ".join(b.text for b in doc.blocks if b.page == n) for n in (1, 2, 3)}
    for number, paragraphs in PAGE_TEXTS.items():
        for paragraph in paragraphs:
            assert paragraph in by_page[number]
    assert all(b.page in (1, 2, 3) for b in doc.blocks)


def test_pdf_running_header_and_page_footer_are_dropped(tmp_path):
    doc = load_file(make_pdf(tmp_path / "veileder.pdf"), max_bytes=LIMIT)
    joined = "\n".join(_texts(doc))
    assert RUNNING_HEADER not in joined
    assert "Side 2 av 3" not in joined


def test_pdf_numbered_titles_become_headings_with_path(tmp_path):
    doc = load_file(make_pdf(tmp_path / "veileder.pdf"), max_bytes=LIMIT)
    assert _texts(doc, BlockKind.HEADING) == ["1 Innledning", "2 Oppfølgingsteam", "3 Avslutning"]
    paragraph = next(b for b in doc.blocks if b.text.startswith("Teamet består"))
    assert paragraph.heading_path == ("2 Oppfølgingsteam",)
    assert paragraph.page == 2


def test_pdf_paragraphs_lists_and_unnumbered_headings(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for style, size, text in [  # paragraphs are set apart by a small vertical gap, list items are not
        ("B", 14, "Koordinerende enhet"),
        ("", 11, "Kommunen skal ha en koordinerende enhet for habiliterings- og rehabiliteringsvirksomhet. "
                 "Enheten har ansvar for individuell plan og for opplæring og veiledning av koordinator."),
        ("", 11, "Pårørende kan delta."),
        ("", 11, "- motta meldinger om behov"),
        ("", 11, "- oppnevne koordinator"),
        ("B", 12, "Individuell plan"),
        ("", 11, "Planen er et verktøy for samarbeid."),
    ]:  # fmt: skip
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        if not text.startswith("- ") and not style:
            pdf.ln(3)
    pdf.output(str(tmp_path / "enhet.pdf"))
    doc = load_file(tmp_path / "enhet.pdf", max_bytes=LIMIT)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "Koordinerende enhet"),
        (
            BlockKind.PARAGRAPH,
            "Kommunen skal ha en koordinerende enhet for habiliterings- og rehabiliteringsvirksomhet. "
            "Enheten har ansvar for individuell plan og for opplæring og veiledning av koordinator.",
        ),
        (BlockKind.PARAGRAPH, "Pårørende kan delta."),
        (BlockKind.LIST_ITEM, "motta meldinger om behov"),
        (BlockKind.LIST_ITEM, "oppnevne koordinator"),
        (BlockKind.HEADING, "Individuell plan"),
        (BlockKind.PARAGRAPH, "Planen er et verktøy for samarbeid."),
    ]
    assert doc.title == "Koordinerende enhet"


def test_pdf_table_cells_in_body_font_are_not_headings_and_bold_titles_are(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(60, 7, "Ansvar og frister ved samarbeid om tjenester", new_x="LMARGIN", new_y="NEXT")  # 2 lines
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Rutinen gjelder alle ansatte i helse og omsorg.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, "Ansvarsmatrise", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(60, 50, 40)) as table:  # the header row is bold, the cells are body text
        for row in [
            ("Oppgave", "Ansvarlig", "Frist"),
            ("Melde behov for koordinator til koordinerende enhet", "Alle ansatte", "Straks"),
            ("Oppnevne koordinator", "Koordinerende enhet", "Innen to uker"),
            ("Evaluere planen", "Koordinator", "Hver sjette uke"),
        ]:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, "Samtykke", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Planen lages bare med samtykke.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "matrise.pdf"))
    doc = load_file(tmp_path / "matrise.pdf", max_bytes=LIMIT)
    headings = _texts(doc, BlockKind.HEADING)
    assert "Ansvar og frister ved samarbeid om tjenester" in headings  # a bold title over two lines
    assert {"Ansvarsmatrise", "Samtykke"} <= set(headings)
    for cell in ("Straks", "Oppnevne koordinator", "Innen to uker", "Evaluere planen", "Hver sjette uke"):
        assert cell not in headings
    consent = next(b for b in doc.blocks if b.text.startswith("Planen lages bare"))
    assert consent.heading_path[-1] == "Samtykke"


def test_pdf_title_falls_back_to_file_name(tmp_path):
    doc = load_file(make_pdf(tmp_path / "uten-tittel.pdf", title=None), max_bytes=LIMIT)
    assert doc.title == "uten-tittel"  # "1 Innledning" names a section, not the document


@pytest.mark.skipif(not ocr_available(), reason="tesseract/ocrmypdf not installed (CI installs them)")
@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVuSans font (fonts-dejavu-core) needed to render æøå")
def test_scanned_pdf_is_ocred_in_norwegian(tmp_path):
    path = make_image_pdf(
        tmp_path / "skannet.pdf",
        [
            "Koordinatoren har ansvar for oppfølging",
            "av tjenestene i kommunen. Særlig viktig",
            "er å lage en individuell plan.",
        ],
    )
    doc = load_file(path, max_bytes=LIMIT, ocr=True)
    assert doc.ocr_pages == (1,)
    text = " ".join(_texts(doc))
    for word in ("Koordinatoren", "oppfølging", "kommunen", "Særlig", "individuell", "plan"):
        assert word in text
    assert all(b.page == 1 for b in doc.blocks)


# -- DOCX -----------------------------------------------------------------


def test_docx_headings_lists_and_tables(tmp_path):
    doc = load_file(make_docx(tmp_path / "rutine.docx"), max_bytes=LIMIT)
    assert doc.doc_type == "docx"
    assert doc.title == "Rutine for individuell plan"
    headings = [(b.text, b.level, b.heading_path) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        ("Individuell plan", 1, ()),
        ("Hvem gjør hva", 2, ("Individuell plan",)),
        ("Evaluering", 1, ()),  # custom style named "Overskrift 1"
    ]
    assert _texts(doc, BlockKind.LIST_ITEM) == ["Kartlegg behovene sammen med brukeren", "Oppnevn koordinator"]
    assert _texts(doc, BlockKind.TABLE_ROW) == [
        "Lov | Paragraf",
        "Helse- og omsorgstjenesteloven | § 7-2",
        "Pasient- og brukerrettighetsloven | § 2-5",
    ]
    row = next(b for b in doc.blocks if b.kind is BlockKind.TABLE_ROW)
    assert row.heading_path == ("Individuell plan", "Hvem gjør hva")
    assert all(b.page is None for b in doc.blocks)


# -- HTML -----------------------------------------------------------------


def test_html_keeps_visible_structure_only(tmp_path):
    path = tmp_path / "side.html"
    path.write_text(
        "<html><head><title>Koordinerende enhet</title><style>p{color:red}</style>"
        "<script>var hidden = 'skjult skript';</script></head><body>"
        "<nav hidden>Meny</nav><h1>Koordinerende enhet</h1><p>Enheten har <b>oversikt</b> &amp; ansvar.<br>Ny linje.</p>"
        "<noscript>Slå på JavaScript</noscript><template><p>mal</p></template>"
        "<h2>Oppgaver</h2><ul><li>Oppnevne koordinator</li><li><p>Motta meldinger</p></li></ul>"
        "<table><tr><th>Tjeneste</th><th>Kontakt</th></tr><tr><td>Fastlege</td><td>Legekontoret</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.title == "Koordinerende enhet"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "Koordinerende enhet"),
        (BlockKind.PARAGRAPH, "Enheten har oversikt & ansvar. Ny linje."),
        (BlockKind.HEADING, "Oppgaver"),
        (BlockKind.LIST_ITEM, "Oppnevne koordinator"),
        (BlockKind.LIST_ITEM, "Motta meldinger"),
        (BlockKind.TABLE_ROW, "Tjeneste | Kontakt"),
        (BlockKind.TABLE_ROW, "Fastlege | Legekontoret"),
    ]
    assert doc.blocks[-1].heading_path == ("Koordinerende enhet", "Oppgaver")


def test_html_survives_100k_nested_divs(tmp_path):
    depth = 100_000
    path = tmp_path / "dyp.html"
    path.write_text(
        "<html><body><h1>Topp</h1>"
        + "<div>" * depth
        + "<p>Dypt inne i treet</p>"
        + "</div>" * depth
        + "<script>ikke tekst</script><p>Etter treet</p></body></html>",
        encoding="utf-8",
    )
    started = time.perf_counter()
    doc = load_file(path, max_bytes=LIMIT)
    assert time.perf_counter() - started < 10
    assert _texts(doc) == ["Topp", "Dypt inne i treet", "Etter treet"]
    assert any("flattened" in w for w in doc.warnings)


# -- text and Markdown ----------------------------------------------------


def test_markdown_headings_lists_and_pipe_tables(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text(
        "# Individuell plan\n\nPlanen skal gi en helhetlig\noversikt over tjenestene.\n\n"
        "## Ansvar\n\n- Kommunen har ansvaret\n* Spesialisthelsetjenesten bidrar\n1. Første steg\n\n"
        "| Rolle | Ansvar |\n|---|---|\n| Koordinator | Framdrift |\n",
        encoding="utf-8",
    )
    doc = load_file(path, max_bytes=LIMIT)
    assert doc.doc_type == "md"
    assert doc.title == "Individuell plan"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "Individuell plan"),
        (BlockKind.PARAGRAPH, "Planen skal gi en helhetlig oversikt over tjenestene."),
        (BlockKind.HEADING, "Ansvar"),
        (BlockKind.LIST_ITEM, "Kommunen har ansvaret"),
        (BlockKind.LIST_ITEM, "Spesialisthelsetjenesten bidrar"),
        (BlockKind.LIST_ITEM, "1. Første steg"),
        (BlockKind.TABLE_ROW, "Rolle | Ansvar"),
        (BlockKind.TABLE_ROW, "Koordinator | Framdrift"),
    ]
    assert doc.blocks[3].heading_path == ("Individuell plan", "Ansvar")


def test_hard_wraps_are_joined_and_hyphenation_undone():
    assert join_wrapped_lines(["Tidlig oppføl-", "gingen er viktig"]) == "Tidlig oppfølgingen er viktig"
    assert join_wrapped_lines(["helse-", "og omsorgstjenester"]) == "helse- og omsorgstjenester"
    assert join_wrapped_lines(["kontakt NAV-", "kontoret i dag"]) == "kontakt NAV-kontoret i dag"
    assert join_wrapped_lines(["Det er viktig -", "men vanskelig"]) == "Det er viktig - men vanskelig"


def test_plain_text_bullets_tabs_and_numbered_sections():
    parsed = parse_text(
        "Innledende tekst om piloten som\ngår over to linjer.\n\n"
        "Hovedtiltak i piloten er:\ne Etablering av team\nsom arbeidsform\no Tydelig koordinatorrolle\n\n"
        "2.1 Tidlig identifisering\n\nRolle\tAnsvar\tFrist\nKoordinator\tPlan\t4 uker\n",
        markdown=False,
    )
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.PARAGRAPH, "Innledende tekst om piloten som går over to linjer."),
        (BlockKind.PARAGRAPH, "Hovedtiltak i piloten er:"),
        (BlockKind.LIST_ITEM, "Etablering av team som arbeidsform"),
        (BlockKind.LIST_ITEM, "Tydelig koordinatorrolle"),
        (BlockKind.HEADING, "2.1 Tidlig identifisering"),
        (BlockKind.TABLE_ROW, "Rolle | Ansvar | Frist"),
        (BlockKind.TABLE_ROW, "Koordinator | Plan | 4 uker"),
    ]
    assert parsed.blocks[4].level == 2


def test_form_feeds_start_new_pages():
    parsed = parse_text("Side en tekst om koordinator.\fSide to tekst om plan.\fSide tre om team.", markdown=False)
    pages = [(b.page, b.text) for b in parsed.blocks if b.kind is not BlockKind.PAGE_BREAK]
    assert pages == [(1, "Side en tekst om koordinator."), (2, "Side to tekst om plan."), (3, "Side tre om team.")]
    assert parsed.pages == 3


@pytest.mark.parametrize(
    "header",
    ["Rapport 07/20\tVersion: 1.0\tSida: {n} (4)", "Kommunens rutine – Side {n} av 4", "Page {n} of 4"],
)
def test_running_page_headers_set_pages_and_are_dropped(header):
    pages = [
        "Koordinatoren har ansvar for framdrift.",
        "Individuell plan skal evalueres.",
        "Teamet møtes ved behov.",
        "Brukeren deltar alltid.",
    ]
    text = "".join(
        f"{header.format(n=n)}\nDokumenttyp: Rutine\tDatum: 2024-0{n}-01\n\n{body}\n\n"
        for n, body in enumerate(pages, 1)
    )
    parsed = parse_text(text, markdown=False)
    content = [(b.page, b.text) for b in parsed.blocks if b.kind is not BlockKind.PAGE_BREAK]
    assert content == list(enumerate(pages, 1))
    assert parsed.pages == 4


def test_page_footers_close_their_page():
    pages = [
        "Koordinatoren har ansvar for framdrift og for at planen blir fulgt opp av tjenestene.",
        "Individuell plan skal evalueres.",
        "Teamet møtes ved behov.",
    ]
    text = "".join(f"{body}\n\nKommunens rutine for koordinering\nSide {n} av 3\n\n" for n, body in enumerate(pages, 1))
    parsed = parse_text(text, markdown=False)
    content = [(b.page, b.text) for b in parsed.blocks if b.kind is not BlockKind.PAGE_BREAK]
    assert content == list(enumerate(pages, 1))


def test_slide_deck_text_gets_slide_breaks_and_titles():
    slides = [
        "Intervjuguide - 1:\n\n1) Hvordan har du det\ni livet nå ?\n\n2) Hvem hjelper deg ?",
        "Deltakere\n\ne Kommune A\ne Kommune B",
        "Funn\n\nBrukerne vil ha en fast koordinator.",
        "Refleksjon\n\nSamarbeid tar tid.",
        "Videre arbeid\n\nMer opplæring.",
    ]
    parsed = parse_text("\n\n\n\n".join(slides), markdown=False)
    assert parsed.meta["layout"] == "slides"
    assert sum(b.kind is BlockKind.SLIDE_BREAK for b in parsed.blocks) == 4
    first = parsed.blocks[:3]
    assert [(b.kind, b.text) for b in first] == [
        (BlockKind.HEADING, "Intervjuguide - 1:"),
        (BlockKind.LIST_ITEM, "1) Hvordan har du det i livet nå ?"),
        (BlockKind.LIST_ITEM, "2) Hvem hjelper deg ?"),
    ]
    assert first[1].heading_path == ("Intervjuguide - 1:",)
    deltakere = next(b for b in parsed.blocks if b.text == "Kommune A")
    assert deltakere.heading_path == ("Deltakere",)


def test_sniffing_prefers_content_over_extension():
    assert sniff_type(b"%PDF-1.7\n...", ".txt") == "pdf"
    assert sniff_type(b"<!doctype html><html>", ".pdf") == "html"
    assert sniff_type(b"# Tittel\n", ".md") == "md"
    assert sniff_type(b"Vanlig tekst", "") == "txt"
    assert sniff_type(b"PK\x03\x04rest", ".docx") == "zip"


# -- the real corpus ------------------------------------------------------


def test_corpus_files_load_with_expected_structure(corpus_dir):
    docs = {p.name: load_file(p, max_bytes=LIMIT) for p in sorted(corpus_dir.glob("*.txt"))}
    assert len(docs) == 5
    for name, doc in docs.items():
        assert doc.doc_type == "txt", name
        assert sum(len(b.text) for b in doc.blocks) > 0.6 * (corpus_dir / name).stat().st_size, name

    swedish = next(d for n, d in docs.items() if n.startswith("sv-"))
    pages = {b.page for b in swedish.blocks}
    assert None not in pages and len(pages) >= 10
    assert not any("Sida:" in b.text or "Diarie nr" in b.text for b in swedish.blocks)
    assert sum(b.kind is BlockKind.TABLE_ROW for b in swedish.blocks) >= 10
    assert any(b.kind is BlockKind.HEADING and b.level == 1 for b in swedish.blocks)

    slides = next(d for n, d in docs.items() if "lysbilder" in n)
    assert slides.meta["layout"] == "slides"
    guide = next(b for b in slides.blocks if b.kind is BlockKind.HEADING and b.text.startswith("Intervjuguide"))
    following = slides.blocks[slides.blocks.index(guide) + 1]
    assert following.kind is BlockKind.LIST_ITEM and following.text.startswith("1)")

    ocr_damaged = next(d for n, d in docs.items() if "sintef" in n)
    assert sum(b.kind is BlockKind.LIST_ITEM for b in ocr_damaged.blocks) >= 10  # "e " bullets
    assert sum(b.kind is BlockKind.HEADING for b in ocr_damaged.blocks) >= 10


@pytest.mark.skipif(not ocr_available(), reason="tesseract/ocrmypdf not installed (CI installs them)")
def test_picture_page_without_words_is_reported_after_ocr(tmp_path):
    from doc_builders import make_text_and_picture_pdf

    doc = load_file(make_text_and_picture_pdf(tmp_path / "delvis.pdf"), max_bytes=LIMIT, ocr=True)
    assert [b.page for b in doc.blocks] == [1]
    assert doc.ocr_pages == ()
    assert any("OCR found no text on page 2" in w for w in doc.warnings)


def test_pdf_two_columns_are_read_column_by_column(tmp_path):
    from fpdf import FPDF

    body = "Kommunen skal ha en koordinerende enhet. Enheten har ansvar for individuell plan og for veiledning av koordinator."
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, body + " " + body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 6, "Venstre spalte. " + body)
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 6, "Høyre spalte. " + body)
    pdf.output(str(tmp_path / "spalter.pdf"))
    text = "\n".join(b.text for b in load_file(tmp_path / "spalter.pdf", max_bytes=LIMIT).blocks)
    assert "Venstre spalte. " + body in text
    assert "Høyre spalte. " + body in text
