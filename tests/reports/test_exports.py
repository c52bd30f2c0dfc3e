"""Reports rendered to Markdown, DOCX (python-docx) and PDF (fpdf2 with DejaVu), read back with real parsers."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from docx import Document

from veiviser.reports import exports
from veiviser.reports.exports import Bullets, ExportError, Heading, Paragraph, Report, Table, render

REPORT = Report(
    title="Sakssammendrag – KE-2024-017",
    meta=(("Saksreferanse", "KE-2024-017"), ("Status", "åpen")),
    blocks=(
        Heading("Fase: Melde behov (2/4)"),
        Table(
            ("Sjekkpunkt", "Svar", "Notat", "Kilder"),
            (
                ("Er behovet meldt til koordinerende enhet?", "Ja", "Meldt | i møte", "[1], [2]"),
                ("Samtykke til å dele med skolen?", "Nei", "", "[3]"),
            ),
        ),
        Bullets(("Stopp: Ikke del med skolen uten samtykke.", "Besvar: Hvem fanget opp behovet?")),
        Paragraph("Kildene sier ikke noe om møtefrekvens – sjekk lokalt.", emphasis=True),
        Heading("Kilder og hjemler"),
        Bullets(("[1] hol § 7-3 – Koordinerende enhet", "[2] Veileder (brief 1.9)", "[3] hpl § 25 – Opplysninger")),
    ),
)


def test_markdown_keeps_structure_and_escapes_table_pipes():
    text = render(REPORT, "md").decode("utf-8")
    assert text.startswith("# Sakssammendrag – KE-2024-017\n")
    assert "## Fase: Melde behov (2/4)" in text
    assert "| Er behovet meldt til koordinerende enhet? | Ja | Meldt \\| i møte | [1], [2] |" in text
    assert "- Stopp: Ikke del med skolen uten samtykke." in text
    assert "*Kildene sier ikke noe om møtefrekvens – sjekk lokalt.*" in text


def test_docx_is_a_valid_document_with_the_table_and_nordic_letters():
    doc = Document(io.BytesIO(render(REPORT, "docx")))
    texts = [p.text for p in doc.paragraphs]
    assert "Sakssammendrag – KE-2024-017" in texts
    assert "Stopp: Ikke del med skolen uten samtykke." in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Sjekkpunkt", "Svar", "Notat", "Kilder"]
    assert table.rows[2].cells[0].text == "Samtykke til å dele med skolen?"
    assert doc.core_properties.title == "Sakssammendrag – KE-2024-017"


def test_pdf_is_valid_and_its_text_keeps_aeoeaa_and_section_signs():
    data = render(REPORT, "pdf")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # table cells wrap
    for expected in ("KE-2024-017", "åpen", "Samtykke til å dele med skolen?", "hol § 7-3", "møtefrekvens"):
        assert expected in text


def test_pdf_falls_back_to_matplotlibs_font(monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "DEBIAN_DEJAVU", tmp_path / "no-fonts-here")
    path = exports.find_font()
    assert path.name == "DejaVuSans.ttf" and "matplotlib" in str(path)
    assert render(REPORT, "pdf").startswith(b"%PDF-")


def test_no_font_at_all_is_a_clear_error(monkeypatch, tmp_path):
    import matplotlib

    monkeypatch.setattr(exports, "DEBIAN_DEJAVU", tmp_path / "none")
    monkeypatch.setattr(matplotlib, "get_data_path", lambda: str(tmp_path / "none-either"))
    with pytest.raises(ExportError, match="fonts-dejavu-core"):
        exports.find_font()


def test_unknown_format():
    with pytest.raises(ExportError):
        render(REPORT, "odt")
    assert Path(exports.find_font(bold=True)).name == "DejaVuSans-Bold.ttf"
