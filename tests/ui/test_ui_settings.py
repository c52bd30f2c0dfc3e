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


def _texts(node) -> list[str]:
    """Every text a block shows: element values, labels, help, captions and table cells, in tree order."""
    out: list[str] = []
    for child in getattr(node, "children", {}).values():
        for name in ("value", "label", "help", "placeholder"):
            value = getattr(child, name, None) if not hasattr(child, "children") or name == "label" else None
            if isinstance(value, str):
                out.append(value)
            elif hasattr(value, "to_string"):
                out.append(value.to_string())
        out += _texts(child)
    return out


def test_settings_names_and_paths_sit_in_a_collapsed_administrator_section(app_home, monkeypatch):
    monkeypatch.setenv("VEIVISER_ANSWERER", "extractive")
    at = start("settings")
    [admin] = at.expander
    assert admin.label == "For administrator – mapper, miljøvariabler og kommandoer"
    assert admin.proto.expanded is False
    inside = " ".join(_texts(admin))
    assert "VEIVISER_ANSWERER" in inside and str(app_home) in inside and "veiviser ingest" in inside
    outside = " ".join(t for t in _texts(at.main) if t not in _texts(admin))
    assert "VEIVISER_" not in outside and str(app_home) not in outside and "veiviser ingest" not in outside
    assert "En språkmodell kan velges når administratoren har satt den opp." in outside
    assert "3 dokumenter er søkbare." in outside  # the user's documents, as the sidebar counts them


def test_staff_see_plain_status_in_their_language_and_no_administrator_section(app_home, monkeypatch):
    from test_ui_sign_in import _signed_in

    monkeypatch.setenv("VEIVISER_LEADERS", "leder@example.test")
    monkeypatch.setenv("VEIVISER_UI_LANG", "en")
    at = _signed_in({"email": "ansatt@example.test", "sub": "a-1"}, "settings")
    assert not at.expander and not at.table and not at.text_input
    shown = " ".join(_texts(at.main))
    assert "VEIVISER_" not in shown and str(app_home) not in shown and "veiviser " not in shown
    assert "3 documents are searchable. Last updated: " in shown
    assert "A language model can be chosen once your administrator has set one up." in shown


def test_a_signed_in_unit_leader_gets_the_administrator_section(app_home, monkeypatch):
    from test_ui_sign_in import _signed_in

    monkeypatch.setenv("VEIVISER_LEADERS", "leder@example.test")
    at = _signed_in({"email": "leder@example.test", "sub": "l-1"}, "settings")
    assert [e.label for e in at.expander] == ["For administrator – mapper, miljøvariabler og kommandoer"]
