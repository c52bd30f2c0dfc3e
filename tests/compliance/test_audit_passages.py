"""Routines become quotable passages: exact spans, with page and section, without titles, metadata or bare law lists."""

from __future__ import annotations

import routine_fixtures as rf
from audit_helpers import write

from veiviser.compliance.passages import leading_caps_heading, load_routine, load_routine_document

MB = 10 * 1024 * 1024


def _check_spans(doc_path):
    routine = load_routine(doc_path, max_bytes=MB)
    blocks = load_routine_document(doc_path, max_bytes=MB).blocks
    for p in routine.passages:
        assert blocks[p.block_index].text[p.start : p.end] == p.text
    return routine


def test_plain_text_numbered_lines_become_sections(tmp_path):
    path = write(
        tmp_path / "rutine.txt",
        "Eksempel kommune\nRutine for koordinator\n\n1. Melding av behov\n- Behov meldes til koordinerende enhet.\n"
        "- Alle ansatte kan melde.\n\n2. Koordinator\n- Koordinerende enhet oppnevner koordinator. "
        "Brukerens ønske vektlegges.\n",
    )
    routine = _check_spans(path)
    texts = [p.text for p in routine.passages]
    assert texts == [
        "Behov meldes til koordinerende enhet.",
        "Alle ansatte kan melde.",
        "Koordinerende enhet oppnevner koordinator.",
        "Brukerens ønske vektlegges.",
    ]
    assert [p.section for p in routine.passages] == ["1. Melding av behov"] * 2 + ["2. Koordinator"] * 2


def test_upper_case_heading_run_into_the_text_is_split_off(tmp_path):
    path = write(
        tmp_path / "prosedyre.txt",
        "Dokument 7\n\n7 TEAM 7.1 Teamet settes sammen etter behov.\n\n"
        "2 ANSVAR OG MANDAT KE er plassert i stab hos kommunalsjefen.\n",
    )
    routine = _check_spans(path)
    assert [(p.section, p.text) for p in routine.passages] == [
        ("7 TEAM", "7.1 Teamet settes sammen etter behov."),
        ("2 ANSVAR OG MANDAT", "KE er plassert i stab hos kommunalsjefen."),
    ]
    assert leading_caps_heading("KE har ansvaret for planen.") is None
    assert leading_caps_heading("NAV-kontoret deltar i teamet.") is None


def test_metadata_and_bare_law_references_are_not_passages(tmp_path):
    path = write(
        tmp_path / "rutine.md",
        "# Rutine\n\nGodkjent av kommunalsjef 1. mars 2024.\n\n## Lovgrunnlag\n\n"
        "- Helse- og omsorgstjenesteloven § 7-2 (koordinator)\n- Helsepersonelloven §§ 21 og 25\n\n"
        "## Koordinator\n\nKoordinator oppnevnes etter hol § 7-2 og skal sikre oppfølging.\n",
    )
    routine = _check_spans(path)
    assert [p.text for p in routine.passages] == ["Koordinator oppnevnes etter hol § 7-2 og skal sikre oppfølging."]


def test_docx_tables_keep_header_and_row_label_as_context(tmp_path):
    entry = next(e for e in rf.routine_entries() if e["file"] == "nordli-flyt.md")
    routine = _check_spans(rf.materialise(entry, tmp_path))
    assert routine.doc_type == "docx" and routine.lang == "nn"
    rows = [p for p in routine.passages if p.kind == "row"]
    step = next(p for p in rows if p.text.startswith("Servicekontoret går gjennom meldinga"))
    assert "Steg | Kva skjer | Ansvar | Frist" in step.context and "2. Vurdering" in step.context
    assert not any(p.text in ("Servicekontoret", "14 dagar") for p in rows)  # label cells are context only


def test_pdf_passages_carry_pages(tmp_path):
    entry = next(e for e in rf.routine_entries() if e.get("render") == "pdf")
    routine = _check_spans(rf.materialise(entry, tmp_path))
    assert routine.doc_type == "pdf" and routine.pages and routine.pages >= 2
    assert {p.page for p in routine.passages} == set(range(1, routine.pages + 1))
    gp = next(p for p in routine.passages if p.text.startswith("Fastlegen deltar når"))
    assert (gp.page, gp.section) == (2, "Møtene")


def test_clean_nynorsk_is_not_rewritten_by_ocr_repair(tmp_path):
    path = write(
        tmp_path / "nn.txt",
        "Rutine\n\nHeimetenesta nyttar ABCDE og NEWS for å oppdage forverring. Terskelen skal vere låg.\n",
    )
    routine = load_routine(path, max_bytes=MB)
    assert routine.lang == "nn"
    assert [p.text for p in routine.passages] == [
        "Heimetenesta nyttar ABCDE og NEWS for å oppdage forverring.",
        "Terskelen skal vere låg.",
    ]
