"""Case summary and referral built from a real case store record and the shipped kb, plus the actor map."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from veiviser.cases import CaseStore
from veiviser.cases.actor_map import ActorMapLabels, role_ids_present, to_dot
from veiviser.cases.checklists import actor_map_for, evaluate
from veiviser.cases.report import build_report
from veiviser.core.config import Settings
from veiviser.core.i18n import translator
from veiviser.kb import load_kb
from veiviser.reports.exports import render, to_markdown

SETTINGS = Settings(home=Path("/nonexistent"))


@pytest.fixture(scope="module")
def kb():
    return load_kb(SETTINGS.kb_dir)


def _lkt_case(kb, tmp_path):
    pathway = kb.pathway("no-lkt")
    first, second = pathway.phases[0].items[:2]
    with CaseStore(tmp_path / "cases.sqlite") as store:
        case = store.create_case("KE-2026-042", pathway.id, "tester")
        store.set_answer(case.id, first.id, "yes", "Samtale gjennomført.", "tester")
        store.set_answer(case.id, second.id, "no", "", "tester")
        store.add_actor(case.id, "Fastlege", "fastlege", "Legekontoret", "tester")
        case = store.add_actor(case.id, "Mor", "parorende", "", "tester")
    return case, pathway, first, second


def test_summary_lists_answers_with_numbered_sources_and_missing_roles(kb, tmp_path):
    case, pathway, first, second = _lkt_case(kb, tmp_path)
    amap = actor_map_for(pathway, kb.pathways)
    present = role_ids_present(case.actors, amap)
    assert present == {"fastlege"}
    ev = evaluate(pathway, {k: a.value for k, a in case.answers.items()}, present, amap)
    t = translator(SETTINGS.locales_dir, "nb")
    report = build_report(t, kb, case, pathway, ev, kind="summary", lang="nb")
    md = to_markdown(report)
    assert report.title == "Sakssammendrag – KE-2026-042"
    assert f"| {first.text} | Ja | Samtale gjennomført. |" in md
    assert f"| {second.text} | Nei |" in md
    assert "ikke besvart" in md  # unanswered items appear in a summary
    assert "Obligatoriske roller som mangler:" in md and "Intern koordinator i spesialisthelsetjenesten" in md
    # every [n] used in the tables resolves in the closing source list
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", md.split("## Kilder og hjemler")[0])}
    listed = md.split("## Kilder og hjemler")[1]
    assert cited and all(f"- [{n}] " in listed for n in cited)


def test_referral_leaves_out_unanswered_items_and_renders_in_english(kb, tmp_path):
    case, pathway, first, second = _lkt_case(kb, tmp_path)
    ev = evaluate(pathway, {k: a.value for k, a in case.answers.items()})
    t = translator(SETTINGS.locales_dir, "en")
    report = build_report(t, kb, case, pathway, ev, kind="referral", lang="en")
    md = to_markdown(report)
    assert report.title == "Referral – KE-2026-042"
    assert "## Purpose of the referral" in md
    assert first.text_en in md and "not answered" not in md
    doc = Document(io.BytesIO(render(report, "docx")))
    assert any(p.text == "Referral – KE-2026-042" for p in doc.paragraphs)
    assert render(report, "pdf").startswith(b"%PDF-")


def test_unknown_report_kind(kb, tmp_path):
    case, pathway, _, _ = _lkt_case(kb, tmp_path)
    ev = evaluate(pathway, {})
    with pytest.raises(ValueError):
        build_report(translator(SETTINGS.locales_dir, "nb"), kb, case, pathway, ev, kind="letter")


def test_actor_map_marks_mandatory_roles_present_and_missing(kb, tmp_path):
    case, pathway, _, _ = _lkt_case(kb, tmp_path)
    amap = actor_map_for(pathway, kb.pathways)
    dot = to_dot(case.actors, amap, labels=ActorMapLabels(person="Personen", missing="mangler"))
    assert dot.startswith("graph actors {") and dot.rstrip().endswith("}")
    assert '"✓ Fastlege\\n(Legekontoret)"' in dot
    assert dot.count("✗ ") == 3 and "(mangler)" in dot
    assert dot.count("person -- ") == 2 + 3
    # quotes in labels cannot break the graph
    from veiviser.cases import Actor

    odd = Actor(9, 'Team "Vest"', "", "", case.actors[0].added_at, "t")
    assert 'Team \\"Vest\\"' in to_dot([odd], None)
