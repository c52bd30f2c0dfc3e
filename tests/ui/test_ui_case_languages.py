"""Kb content on the case screens in the UI language: English where the kb has it, marked where it has not.

The kb has `_en` variants of titles, questions and rule messages, but not of phase intros,
"why" texts or legal requirements, and no Swedish or Danish variants. Before, the English
UI showed those Norwegian texts unmarked, and a Swedish reader got a Norwegian checklist
without a word about it.
"""

from __future__ import annotations

import pytest
from app_driver import start

from veiviser.core.config import Settings
from veiviser.core.i18n import translator
from veiviser.kb import load_kb
from veiviser.ui.page_case import PHASE_KEY

KB = load_kb(Settings().kb_dir)
LOCALES = Settings().locales_dir


def open_case(monkeypatch, lang: str, reference: str, pathway_id: str):
    monkeypatch.setenv("VEIVISER_UI_LANG", lang)
    t = translator(LOCALES, lang)
    at = start("case")
    at.text_input(key="vv_new_reference").set_value(reference)
    at.selectbox(key="vv_new_pathway").set_value(pathway_id)
    [b for b in at.button if b.label == t("case.create")][0].click().run()
    assert not at.exception, at.exception
    return at, t


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_english_ui_shows_english_kb_fields_and_marks_the_norwegian_ones(app_home, monkeypatch):
    pathway = KB.pathway("no-oppfolging")
    phase = pathway.phases[0]
    at, _ = open_case(monkeypatch, "en", "KE-2026-401", pathway.id)
    box = at.selectbox(key=PHASE_KEY)
    assert box.options[0] == f"1. {phase.title_en}"
    markdown = " ".join(m.value for m in at.markdown)
    assert phase.items[0].text_en in markdown and phase.items[0].text not in markdown
    assert f"{phase.description} *(in Norwegian)*" in captions(at)  # the phase intro, marked
    why = [m.value for m in at.markdown if phase.items[0].why in m.value]
    assert why == [f"{phase.items[0].why} *(in Norwegian)*"]
    assert not any("only in" in c for c in captions(at))  # the pathway itself is in English


def test_swedish_ui_says_a_norwegian_checklist_is_norwegian(app_home, monkeypatch):
    pathway = KB.pathway("no-oppfolging")
    at, t = open_case(monkeypatch, "sv", "KE-2026-402", pathway.id)
    assert "Kunskapsbasen har den här checklistan bara på norska." in captions(at)
    assert f"{pathway.phases[0].description} *(på norska)*" in captions(at)


def test_swedish_ui_shows_a_swedish_checklist_unmarked(app_home, monkeypatch):
    pathway = KB.pathway("se-myndighetsgemensamt-team")
    at, _ = open_case(monkeypatch, "sv", "KE-2026-403", pathway.id)
    assert not any("på norska" in c or "bara på" in c for c in captions(at))
    assert not any("*(på" in m.value for m in at.markdown)


@pytest.mark.parametrize(("lang", "note"), [("da", "på norsk"), ("nb", "på dansk")])
def test_danish_and_norwegian_uis_mark_the_other_countrys_checklist(app_home, monkeypatch, lang, note):
    pathway_id = "no-oppfolging" if lang == "da" else "dk-komplekse-udskrivelser"
    pathway = KB.pathway(pathway_id)
    at, t = open_case(monkeypatch, lang, f"KE-2026-40{4 if lang == 'da' else 5}", pathway_id)
    assert t("case.content_only_in", written=note) in captions(at)
    assert f"{pathway.phases[0].description} *({note})*" in captions(at)
