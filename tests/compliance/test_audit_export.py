"""Audit exports opened with real readers: python-docx, pypdf, csv; they hold what the report holds."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from audit_helpers import write
from docx import Document

from veiviser.compliance.export import AUDIT_FORMATS, format_for, render_audit
from veiviser.reports.exports import ExportError

ROUTINE = """# Øvrebø kommune – rutine

## Koordinator

Koordinerende enhet oppnevner koordinator, og brukerens ønske vektlegges.
Koordinator sørger for framdrift og samordning og fører journal.

## Møter

Koordinator sender agenda før møtet og skriver referat med ansvar og frister.

## Opplæring

Opplæring av koordinatorer er under arbeid.
"""


@pytest.fixture
def report(auditor, tmp_path):
    return auditor.audit_file(write(tmp_path / "ovrebo.md", ROUTINE))


def test_docx_has_overview_table_and_a_section_per_requirement(report):
    doc = Document(io.BytesIO(render_audit(report, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for r in report.results:
        assert f"{r.id} {r.title} – {r.status_label}" in headings
    overview = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in overview.rows]
    assert rows[0] == ["Krav", "Tittel", "Status", "Grunnlag"]
    assert [row[0] for row in rows[1:]] == [r.id for r in report.results]
    assert [row[2] for row in rows[1:]] == [r.status_label for r in report.results]
    body = "\n".join(p.text for p in doc.paragraphs)
    for r in report.results:
        for q in r.evidence:
            assert f"«{q.quote}»" in body
    assert "«Opplæring av koordinatorer er under arbeid.»" in body  # the undecided mention is shown


def test_pdf_text_holds_ids_statuses_quotes_and_nordic_letters(report):
    reader = pypdf.PdfReader(io.BytesIO(render_audit(report, "pdf")))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Øvrebø" in text or "ovrebo" in text
    for r in report.results:
        assert r.id in text
    quote = next(q.quote for r in report.results for q in r.evidence)
    assert quote[:40] in text
    assert "hol § 7-3" in text


def test_markdown_and_csv_hold_the_same_statuses(report):
    md = render_audit(report, "md").decode("utf-8")
    assert md.startswith("# Revisjon av rutine: ovrebo.md")
    for r in report.results:
        assert f"## {r.id} {r.title} – {r.status_label}" in md.replace("### ", "## ")
    rows = list(csv.reader(io.StringIO(render_audit(report, "csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "krav", "status"]
    assert [(row[0], row[2]) for row in rows[1:]] == [(r.id, r.status) for r in report.results]
    r14 = next(row for row in rows if row[0] == "R14")
    assert "agenda" in r14[4]


def test_formats_come_from_the_file_name(tmp_path):
    assert [format_for(tmp_path / f"r.{f}") for f in AUDIT_FORMATS] == list(AUDIT_FORMATS)
    with pytest.raises(ExportError, match=".docx"):
        format_for(tmp_path / "r.pptx")
