"""The one-page case summary and "answered items only": a case with four answers fits one A4 page.

Before: the only summary listed every item of every phase with numbered sources, nine
PDF pages for a case on no-oppfolging (41 items) with four answers.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from docx import Document

from veiviser.cases import CaseStore
from veiviser.cases.report import build_report
from veiviser.cases.walkthrough import evaluate_case
from veiviser.core.config import Settings
from veiviser.core.i18n import translator
from veiviser.kb import load_kb
from veiviser.reports.exports import render, to_markdown

SETTINGS = Settings(home=Path("/nonexistent"))
NOTE = "Meldt av hjemmetjenesten."


@pytest.fixture(scope="module")
def kb():
    return load_kb(SETTINGS.kb_dir)


@pytest.fixture
def four_answers(kb, tmp_path):
    """A no-oppfolging case (41 items in 6 phases) with four yes/no items answered, one with a note."""
    pathway = kb.pathway("no-oppfolging")
    answered = [i for i in pathway.items() if i.answer_type.value in ("yes_no", "yes_no_na")][:4]
    with CaseStore(tmp_path / "cases.sqlite") as store:
        case = store.create_case("KE-2026-301", pathway.id, "tester")
        for n, item in enumerate(answered):
            case = store.set_answer(case.id, item.id, "yes", NOTE if n == 0 else "", "tester")
    return case, pathway, answered


def _report(kb, case, pathway, kind, lang="nb", **options):
    evaluation = evaluate_case(case, pathway, kb.pathways)
    return build_report(
        translator(SETTINGS.locales_dir, lang), kb, case, pathway, evaluation, kind=kind, lang=lang, **options
    )


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_brief_of_a_case_with_four_answers_is_one_pdf_page_where_the_summary_is_many(kb, four_answers):
    case, pathway, _ = four_answers
    assert pdf_pages(render(_report(kb, case, pathway, "summary"), "pdf")) >= 5  # 9 when this was written
    assert pdf_pages(render(_report(kb, case, pathway, "brief"), "pdf")) == 1


def test_the_brief_lists_the_answered_items_with_notes_and_legal_basis_and_nothing_unanswered(kb, four_answers):
    case, pathway, answered = four_answers
    report = _report(kb, case, pathway, "brief")
    md = to_markdown(report)
    assert report.title == "Kort sammendrag – KE-2026-301"
    assert "## Besvarte sjekkpunkter (4)" in md
    assert f"| {answered[0].text} | Ja | {NOTE} |" in md
    for item in answered:
        basis = [kb.legal[i].label for i in item.legal_basis if i in kb.legal]
        row = next(line for line in md.splitlines() if line.startswith(f"| {item.text} |"))
        assert all(label in row for label in basis)
    assert "ikke besvart" not in md
    assert md.count("| 1. ") == 1 and "| 6. " in md  # progress of every phase, one line each
    pdf_text = " ".join(pypdf.PdfReader(io.BytesIO(render(report, "pdf"))).pages[0].extract_text().split())
    assert NOTE in pdf_text and "Kort sammendrag – KE-2026-301" in pdf_text


def test_the_brief_is_a_compact_word_document_too(kb, four_answers):
    case, pathway, answered = four_answers
    doc = Document(io.BytesIO(render(_report(kb, case, pathway, "brief"), "docx")))
    assert doc.paragraphs[0].text == "Kort sammendrag – KE-2026-301"
    rows = doc.tables[1].rows  # phases first, then the answered items
    assert [r.cells[0].text for r in rows[1:]] == [i.text for i in answered]
    assert doc.sections[0].left_margin.cm < 2.0 and doc.styles["Normal"].font.size.pt <= 9


def test_the_brief_cuts_long_lists_and_says_how_many_more(kb, four_answers):
    case, pathway, _ = four_answers
    md = to_markdown(_report(kb, case, pathway, "brief"))
    steps = md.split("## Foreslåtte neste steg")[1].split("##")[0]
    assert steps.count("\n- ") <= 4


def test_answered_items_only_leaves_the_unanswered_out_of_the_summary(kb, four_answers):
    case, pathway, answered = four_answers
    full = _report(kb, case, pathway, "summary")
    short = _report(kb, case, pathway, "summary", answered_only=True)
    assert "ikke besvart" in to_markdown(full)
    md = to_markdown(short)
    assert "ikke besvart" not in md and all(f"| {i.text} | Ja |" in md for i in answered)
    assert "## Kilder og hjemler" in md  # still the full summary, with its numbered sources
    assert pdf_pages(render(short, "pdf")) < pdf_pages(render(full, "pdf"))


def test_the_brief_in_english(kb, four_answers):
    case, pathway, answered = four_answers
    md = to_markdown(_report(kb, case, pathway, "brief", lang="en"))
    assert md.startswith("# Short summary – KE-2026-301")
    assert answered[0].text_en in md and pathway.phases[0].title_en in md
