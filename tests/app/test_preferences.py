"""Settings-page choices saved privately and applied only when still valid."""

from __future__ import annotations

import json
import stat

from veiviser.app import preferences
from veiviser.app.preferences import Preferences, answerer_choices
from veiviser.core.config import Settings


def test_saved_preferences_round_trip_with_private_permissions(tmp_path):
    prefs = Preferences(ui_lang="sv", answerer="extractive", index_dir=str(tmp_path / "idx"), persona="leader")
    preferences.save(tmp_path, prefs)
    path = tmp_path / preferences.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert preferences.load(tmp_path) == prefs


def test_invalid_or_unreadable_preferences_are_ignored(tmp_path):
    (tmp_path / preferences.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert preferences.load(tmp_path) == Preferences()
    (tmp_path / preferences.FILE_NAME).write_text(json.dumps({"ui_lang": "xx", "answerer": "ollama", "x": 1}))
    settings = preferences.apply(Settings(home=tmp_path), preferences.load(tmp_path))
    assert (settings.ui_lang, settings.answerer) == ("nb", "extractive")


def test_an_llm_answerer_is_offered_only_when_configured(tmp_path):
    assert answerer_choices(Settings(home=tmp_path)) == ["extractive"]
    configured = Settings(home=tmp_path, answerer="ollama", llm_model="llama3.1")
    assert answerer_choices(configured) == ["extractive", "ollama"]
    chosen = preferences.apply(configured, Preferences(answerer="extractive", ui_lang="da"))
    assert (chosen.answerer, chosen.ui_lang) == ("extractive", "da")
