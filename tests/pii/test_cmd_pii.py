"""`veiviser pii scan`: JSON shape, exit codes, page offsets for loaded documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veiviser.cli import app
from veiviser.core.types import Block, BlockKind, LoadedDocument
from veiviser.pii.documents import PageText, document_pages, scan_file, scan_pages

TEXT = "Bruker (fnr 311299 56715) kan nås på 22 33 44 55 eller kari@example.org.\n"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("VEIVISER_HOME", str(tmp_path / "home"))
    return CliRunner()


def test_json_findings_have_offsets_into_the_text_as_read(runner, tmp_path):
    path = tmp_path / "notat.txt"
    path.write_text("\ufeff" + TEXT, encoding="utf-8")  # a BOM is not part of the text
    result = runner.invoke(app, ["pii", "scan", str(path), "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [set(f) for f in findings] == [{"kind", "start", "end", "masked"}] * 3
    assert [f["kind"] for f in findings] == ["no_fnr", "phone", "email"]
    assert [TEXT[f["start"] : f["end"]] for f in findings] == ["311299 56715", "22 33 44 55", "kari@example.org"]
    assert "311299 56715" not in result.stdout and "kari@example.org" not in result.stdout


def test_stdin_and_clean_text_exit_zero(runner):
    result = runner.invoke(app, ["pii", "scan", "-", "--json"], input="Koordinator etter hol. § 7-2, 2018–2023.")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"findings": []}
    result = runner.invoke(app, ["pii", "scan", "-", "--json"], input=TEXT)
    assert result.exit_code == 1 and len(json.loads(result.stdout)["findings"]) == 3


def test_human_table_shows_kind_position_and_masked_value_only(runner):
    result = runner.invoke(app, ["pii", "scan", "-"], input=TEXT)
    assert result.exit_code == 1
    assert "fødselsnummer" in result.stdout and "12–24" in result.stdout and "****** ***15" in result.stdout
    assert "311299 56715" not in result.stdout and "22 33 44 55" not in result.stdout


def test_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(app, ["pii", "scan", str(tmp_path / "finnes-ikke.txt")])
    assert result.exit_code == 2
    assert "Fant ikke filen" in result.stderr


def test_loaded_document_offsets_are_per_page():
    doc = LoadedDocument(
        source="plan.pdf",
        path="/tmp/plan.pdf",
        doc_type="pdf",
        title="Plan",
        blocks=(
            Block("Individuell plan", BlockKind.HEADING, page=1),
            Block("Ingen nummer her.", page=1),
            Block("", BlockKind.PAGE_BREAK, page=1),
            Block("Kontakt: +47 912 34 567", page=2),
            Block("CPR-nr. 0101901234 (fiktivt)", page=2),
        ),
        content_hash="0" * 64,
        pages=2,
    )
    pages = document_pages(doc)
    assert pages == [
        PageText(1, "Individuell plan\n\nIngen nummer her."),
        PageText(2, "Kontakt: +47 912 34 567\n\nCPR-nr. 0101901234 (fiktivt)"),
    ]
    found = scan_pages(pages)
    assert [(f.page, f.finding.kind) for f in found] == [(2, "phone"), (2, "dk_cpr")]
    for f in found:
        assert pages[1].text[f.finding.start : f.finding.end] == f.finding.text
    assert found[0].as_dict() == {"kind": "phone", "start": 9, "end": 23, "masked": "+** *** ** *67", "page": 2}

    calls = []

    def loader(path, **options):
        calls.append((path.name, options))
        return doc

    via_file = scan_file(Path(doc.path), load=loader, ocr=False)
    assert [f.as_dict() for f in via_file] == [f.as_dict() for f in found]
    assert calls == [("plan.pdf", {"ocr": False})]


def test_pdf_through_the_real_loader(runner, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="Side en uten nummer.")
    pdf.add_page()
    pdf.cell(text="Fiktivt fnr 31129956715 i vedlegget.")
    path = tmp_path / "vedlegg.pdf"
    pdf.output(str(path))

    result = runner.invoke(app, ["pii", "scan", str(path), "--json"])
    assert result.exit_code == 1, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["kind"] == "no_fnr" and finding["page"] == 2


def test_docx_through_the_real_loader_reports_offsets_into_extracted_text(runner, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Møtereferat", level=1)
    document.add_paragraph("Kontakt koordinator på +47 912 34 567 eller ke@example.org.")
    path = tmp_path / "referat.docx"
    document.save(str(path))

    result = runner.invoke(app, ["pii", "scan", str(path), "--json"])
    assert result.exit_code == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["kind"], f["page"]) for f in findings] == [("phone", None), ("email", None)]
    from veiviser.documents.loaders import load_file

    [page] = document_pages(load_file(path, max_bytes=10**6, ocr=False))
    assert [page.text[f["start"] : f["end"]] for f in findings] == ["+47 912 34 567", "ke@example.org"]
