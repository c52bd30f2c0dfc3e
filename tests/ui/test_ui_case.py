"""Saksveileder through AppTest: create, answer, rules, resume after reload, actors, SPoR, calculator, export."""

from __future__ import annotations

import io
import sqlite3

import pypdf
from app_driver import start
from docx import Document

from veiviser.core.config import Settings
from veiviser.kb import load_kb
from veiviser.ui.page_case import TAB_KEY

KB = load_kb(Settings().kb_dir)


def fake_fnr(day: int = 15, month: int = 6, year: int = 1985, individual: int = 123) -> str:
    """A made-up Norwegian national ID number with valid check digits (so the PII guard must catch it)."""
    while True:
        nine = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11
        k1 = 0 if k1 == 11 else k1
        k2 = 11 - sum(int(d) * w for d, w in zip(nine + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        k2 = 0 if k2 == 11 else k2
        if k1 < 10 and k2 < 10:
            return f"{nine}{k1}{k2}"
        individual += 1


def create_case(at, reference: str, pathway_id: str):
    at.text_input(key="vv_new_reference").set_value(reference)
    at.selectbox(key="vv_new_pathway").set_value(pathway_id)
    [b for b in at.button if b.label == "Opprett sak"][0].click().run()
    assert not at.exception
    return at


def answer_key(at, item_id: str) -> str:
    case = at.session_state["vv_case"]
    return f"vv_w_{case.id}_{item_id}_v"


def test_references_with_personal_data_are_refused_before_anything_is_stored(app_home):
    at = start("case")
    create_case(at, f"Sak {fake_fnr()}", "no-oppfolging")
    assert any("fødselsnummer" in e.value for e in at.error)
    create_case(at, fake_fnr(), "no-oppfolging")
    assert any("fødselsnummer" in e.value for e in at.error)
    create_case(at, "ab", "no-oppfolging")
    assert any("3–40 tegn" in e.value for e in at.error)
    assert (
        not (app_home / "cases.sqlite").exists()
        or not sqlite3.connect(app_home / "cases.sqlite").execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    )


def test_create_answer_see_rules_react_then_reload_and_resume(app_home):
    pathway = KB.pathway("no-oppfolging")
    first_phase = pathway.phases[0]
    at = start("case")
    create_case(at, "KE-2026-101", pathway.id)
    assert at.subheader[0].value.startswith("KE-2026-101 · ")
    # answer the first two items of the current phase
    first, second = first_phase.items[0], first_phase.items[2]
    at.segmented_control(key=answer_key(at, first.id)).set_value("yes").run()
    at.segmented_control(key=answer_key(at, second.id)).set_value("no").run()
    at.text_input(key=answer_key(at, second.id)[:-1] + "note").set_value("Bare helse er involvert.").run()
    assert not at.exception
    assert "2 av" in at.caption[1].value  # header progress "2 av N sjekkpunkter besvart"

    # a consent item answered "no" makes its rule react
    melde = pathway.phases[1]
    consent = next(i for i in melde.items if any(r.effect.value == "block" for r in i.rules))
    at.selectbox(key="vv_case_phase").set_value(melde.id).run()
    at.segmented_control(key=answer_key(at, consent.id)).set_value("no").run()
    rule = next(r for r in consent.rules if r.effect.value == "block")
    assert any(rule.message in e.value and "Ikke del med:" in e.value for e in at.error)
    status_text = " ".join(m.value for m in at.markdown)
    assert "Stopper:" in status_text  # listed as missing before the next step

    # a reload is a new session: open the case from the list and find every answer
    again = start("case")
    again.selectbox(key="vv_open_choice").set_value("KE-2026-101").run()
    [b for b in again.button if b.label == "Åpne sak"][0].click().run()
    assert again.segmented_control(key=answer_key(again, first.id)).value == "yes"
    assert again.text_input(key=answer_key(again, second.id)[:-1] + "note").value == "Bare helse er involvert."
    case = again.session_state["vv_case"]
    assert case.answers[consent.id].value == "no" and case.version >= 5

    # ... or straight from the URL (?case=ID), as a bookmark would
    direct = start("case")
    direct.query_params["case"] = str(case.id)
    direct.run()
    assert direct.session_state["vv_case"].id == case.id
    direct.session_state[TAB_KEY] = "Notater og historikk"
    direct.run()
    events = [row for row in direct.dataframe[0].value.to_dict("records")]
    assert {"Sak opprettet", "Svar lagret", "Sak åpnet"} <= {e["Hendelse"] for e in events}
    assert all(e["Tidspunkt"] for e in events)


def test_actor_map_marks_the_four_lkt_roles(app_home):
    at = start("case")
    create_case(at, "KE-2026-102", "no-lkt")
    at.session_state[TAB_KEY] = "Aktørkart"
    at.run()
    assert "Obligatoriske roller: 0 av 4 på plass" in [m.value for m in at.markdown]
    role = [s for s in at.selectbox if s.label == "Rolle"][0]
    role.set_value("fastlege")
    [t for t in at.text_input if t.label.startswith("Tjeneste")][0].set_value("Legekontoret")
    [b for b in at.button if b.label == "Legg til aktør"][0].click().run()
    assert not at.exception
    assert "Obligatoriske roller: 1 av 4 på plass" in [m.value for m in at.markdown]
    charts = at.get("graphviz_chart")
    assert len(charts) == 1 and "✓ Fastlege" in charts[0].proto.spec and "✗ " in charts[0].proto.spec


def test_spor_rounds_are_recorded_and_charted(app_home):
    pathway = KB.pathway("no-spor")
    scored = [i for i in pathway.items() if i.answer_type.value == "scale"]
    at = start("case")
    create_case(at, "KE-2026-103", pathway.id)
    at.session_state[TAB_KEY] = "SPoR-intervju"
    at.run()
    for n, item in enumerate(scored[:3]):
        at.button_group(key=f"vv_spor_{at.session_state['vv_case'].id}_{item.id}").set_value(4 + n)
    [b for b in at.button if b.label == "Registrer intervjurunde"][0].click().run()
    assert not at.exception
    assert any("Runde 1 er registrert." in s.value for s in at.success)
    case = at.session_state["vv_case"]
    assert case.spor_rounds[0].scores == {scored[0].id: 4, scored[1].id: 5, scored[2].id: 6}
    assert len(at.get("vega_lite_chart")) == 1


def test_the_swedish_care_load_calculator_sums_the_grades(app_home):
    pathway = KB.pathway("se-myndighetsgemensamt-team")
    at = start("case")
    create_case(at, "KE-2026-104", pathway.id)
    at.session_state[TAB_KEY] = "Belastningskalkulator"
    at.run()
    case_id = at.session_state["vv_case"].id
    for p in pathway.calculator.parameters:
        at.button_group(key=f"vv_calc_{case_id}_{p.id}").set_value(3)
    [b for b in at.button if b.label == "Lagre gradering"][0].click().run()
    total = 3 * len(pathway.calculator.parameters)
    assert at.metric[0].value == f"{total} / {4 * len(pathway.calculator.parameters)}"


def test_export_gives_valid_markdown_docx_and_pdf_with_checklist_state_and_citations(app_home, media_files):
    pathway = KB.pathway("no-oppfolging")
    item = pathway.phases[0].items[0]
    at = start("case")
    create_case(at, "KE-2026-105", pathway.id)
    at.segmented_control(key=answer_key(at, item.id)).set_value("yes").run()
    at.session_state[TAB_KEY] = "Eksport"
    at.run()
    buttons = {b.label: b for b in at.get("download_button")}
    assert set(buttons) == {"Markdown", "Word (DOCX)", "PDF"}
    data = {label: media_files[b.proto.url] for label, b in buttons.items()}

    md = data["Markdown"].decode("utf-8")
    assert md.startswith("# Sakssammendrag – KE-2026-105") and f"| {item.text} | Ja |" in md
    assert "## Kilder og hjemler" in md and "- [1] " in md

    doc = Document(io.BytesIO(data["Word (DOCX)"]))
    assert doc.paragraphs[0].text == "Sakssammendrag – KE-2026-105"
    assert any(row.cells[0].text == item.text and row.cells[1].text == "Ja" for row in doc.tables[0].rows)

    pdf = pypdf.PdfReader(io.BytesIO(data["PDF"]))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Sakssammendrag – KE-2026-105" in text and "Kilder og hjemler" in text

    at.radio(key="vv_export_kind").set_value("referral").run()
    referral = {b.label: b for b in at.get("download_button")}["Markdown"]
    assert media_files[referral.proto.url].decode("utf-8").startswith("# Henvisning – KE-2026-105")
