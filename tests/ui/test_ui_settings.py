"""Innstillinger and languages through AppTest: every page in nb, sv, da and en; choices remembered."""

from __future__ import annotations

import pytest
from app_driver import PAGES, start

from veiviser.core.config import Settings
from veiviser.core.i18n import translator

LOCALES = Settings().locales_dir


@pytest.mark.parametrize("lang", ["nb", "sv", "da", "en"])
def test_every_page_renders_in_every_ui_language(app_home, monkeypatch, lang):
    monkeypatch.setenv("VEIVISER_UI_LANG", lang)
    t = translator(LOCALES, lang)
    at = start("ask")
    assert at.title[0].value == t("ask.title")
    assert t("shell.single_user") in [c.value for c in at.sidebar.caption]
    expected = {"case": "case.title", "knowledge": "knowledge.title", "settings": "settings.title"}
    for page, key in expected.items():
        at.switch_page(PAGES[page]).run()
        assert not at.exception, (lang, page, at.exception)
        assert at.title[0].value == t(key)


def test_language_choice_applies_at_once_and_is_remembered(app_home):
    at = start("settings")
    at.radio(key="vv_settings_lang").set_value("en").run()
    assert at.title[0].value == "Settings"
    at.switch_page(PAGES["ask"]).run()
    assert at.title[0].value == "Ask Veiviser"
    again = start("settings")  # a new session reads the saved choice
    assert again.title[0].value == "Settings"
    assert again.radio(key="vv_settings_lang").value == "en"


def test_settings_show_the_index_in_use_and_only_valid_index_folders_are_accepted(app_home, tmp_path):
    at = start("settings")
    table = at.table[0].value
    values = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert values["Mappe"] == str(app_home / "index")
    assert values["Versjon"].startswith("v") and values["Innbygging"].startswith("fake")
    assert [r.value for r in at.radio if r.key == "vv_settings_answerer_nb"] == ["extractive"]
    at.text_input[0].set_value(str(tmp_path / "nowhere"))
    at.button[0].click().run()
    assert any("Fant ingen indeks" in e.value for e in at.error)


def test_a_configured_llm_can_be_chosen(app_home, monkeypatch):
    monkeypatch.setenv("VEIVISER_ANSWERER", "ollama")
    monkeypatch.setenv("VEIVISER_LLM_MODEL", "llama3.1:8b")
    at = start("settings")
    radio = at.radio(key="vv_settings_answerer_nb")
    assert radio.options == ["Uttrekk fra kildene (ingen språkmodell)", "Språkmodell via Ollama"]
    radio.set_value("extractive").run()
    assert at.radio(key="vv_settings_answerer_nb").value == "extractive"
    assert any("llama3.1:8b" in c.value for c in at.caption)
