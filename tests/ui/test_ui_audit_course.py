"""Revisjon and Kursbygger through AppTest: upload a routine → traffic-light table and downloads; build a course."""

from __future__ import annotations

import csv
import io

from app_driver import start
from docx import Document
from pptx import Presentation

from veiviser.compliance.export import CSV_HEADER

# Our own made-up routine: names a coordinator and a coordinating unit, says nothing about consent or plans.
ROUTINE = (
    "Rutine for oppfølging i Eksempel kommune\n\n"
    "1 Koordinator\n"
    "Tjenesten oppnevner en koordinator for personer med behov for langvarige og koordinerte tjenester. "
    "Koordinatoren sørger for samordning av tjenestetilbudet og nødvendig oppfølging.\n\n"
    "2 Koordinerende enhet\n"
    "Koordinerende enhet har ansvar for opplæring og veiledning av koordinatorer.\n"
)


def _run_audit(at, name: str, data: bytes, mime: str = "text/plain"):
    at.file_uploader(key="vv_audit_upload").set_value((name, data, mime)).run()
    at.button(key="vv_audit_go").click().run()
    assert not at.exception, at.exception
    return at


def test_an_uploaded_routine_gets_a_traffic_light_table_and_downloads(app_home, media_files):
    at = start("audit")
    assert at.title[0].value == "Revisjon av rutine"
    _run_audit(at, "rutine.txt", ROUTINE.encode("utf-8"))
    report = at.session_state["vv_audit_report"]
    statuses = {r.status for r in report.results}
    assert "missing" in statuses and statuses & {"covered", "partial"}
    rows = at.dataframe[0].value.to_dict("records")
    assert len(rows) == len(report.results)
    by_id = {row["Krav"]: row["Status"] for row in rows}
    for r in report.results:
        icon = {"covered": "●", "partial": "◐", "missing": "○"}[r.status]
        assert by_id[r.id].startswith(icon)
    labels = [e.label for e in at.expander]
    assert any(label.startswith(":red[") and label.endswith(" · Mangler") for label in labels)
    evidence = [q for r in report.results for q in r.evidence]
    assert evidence and " ".join(evidence[0].quote.split()) in ROUTINE.replace("\n", " ").replace("  ", " ")

    buttons = {b.label: media_files[b.proto.url] for b in at.get("download_button")}
    assert set(buttons) == {"Markdown", "Word (DOCX)", "PDF", "Regneark (CSV)"}
    assert buttons["PDF"].startswith(b"%PDF-")
    assert Document(io.BytesIO(buttons["Word (DOCX)"])).paragraphs
    table = list(csv.reader(io.StringIO(buttons["Regneark (CSV)"].decode("utf-8-sig"))))
    assert tuple(table[0]) == CSV_HEADER and len(table) == len(report.results) + 1
    assert report.results[0].id in buttons["Markdown"].decode("utf-8")


def test_an_upload_of_the_wrong_type_is_refused_and_nothing_is_audited(app_home):
    at = start("audit")
    _run_audit(at, "rutine.pdf", b"not a pdf at all", "application/pdf")
    assert any("ser ikke ut som en .pdf-fil" in e.value for e in at.error)
    assert "vv_audit_report" not in at.session_state


def test_the_course_builder_shows_goals_cited_points_and_a_quiz_of_eight_or_more(app_home, media_files):
    at = start("course")
    at.text_input(key="vv_course_topic").set_value("koordinatorrollen")
    at.text_input(key="vv_course_audience").set_value("nye koordinatorer")
    at.number_input(key="vv_course_minutes").set_value(45)
    [b for b in at.button if b.label == "Lag kurs"][0].click().run()
    assert not at.exception, at.exception
    course = at.session_state["vv_course"]
    assert len(course.quiz) >= 8
    shown = [m.value for m in at.markdown if m.value.startswith("**Spørsmål ")]
    assert len(shown) == len(course.quiz)
    answers = [e for e in at.expander if e.label == "Vis svar"]
    assert len(answers) == len(course.quiz)
    assert answers[0].markdown[0].value == f"Riktig svar: {course.quiz[0].answer}"
    assert any(e.label.startswith("Kilde: ") for e in at.expander)
    assert [s.value for s in at.subheader][:2] == ["Læringsmål", "Hovedpunkter"]
    if course.case is not None:  # the case's title names it a case once, not "Case: Case: ..."
        assert course.case.title in [s.value for s in at.subheader]
        assert not any(s.value.count(course.case.title.split(":")[0] + ":") > 1 for s in at.subheader)

    buttons = {b.label: media_files[b.proto.url] for b in at.get("download_button")}
    assert set(buttons) == {"Markdown", "Word (DOCX)", "PowerPoint (PPTX)"}
    assert course.title in buttons["Markdown"].decode("utf-8")
    assert len(Presentation(io.BytesIO(buttons["PowerPoint (PPTX)"])).slides) > 3


def test_the_course_builder_says_what_to_change_when_the_topic_is_missing(app_home):
    at = start("course")
    at.text_input(key="vv_course_audience").set_value("nye koordinatorer")
    [b for b in at.button if b.label == "Lag kurs"][0].click().run()
    assert any(e.value.startswith("Kurset kunne ikke lages:") for e in at.error)
    assert "vv_course" not in at.session_state
