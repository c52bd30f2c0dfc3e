"""What staff chose on the settings page (UI language, answerer, index folder), kept between visits.

Stored as a small JSON file in the data folder, readable by the owner only. Only
choices the settings allow are applied, so a stale file never breaks start-up.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from veiviser.core.config import ANSWERERS, Settings
from veiviser.core.i18n import UI_LANGS

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"
PERSONAS = ("coordinator", "leader", "trainer", "frontline")


@dataclass(frozen=True)
class Preferences:
    ui_lang: str | None = None
    answerer: str | None = None
    index_dir: str | None = None
    persona: str | None = None

    def with_(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def answerer_choices(settings: Settings) -> list[str]:
    """Extractive always, plus the answerer the environment configured (an LLM), if any.

    `settings` are the ones built from the environment, before preferences apply.
    """
    return ["extractive"] + ([settings.answerer] if settings.answerer != "extractive" else [])


def load(home: Path) -> Preferences:
    path = home / FILE_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable preferences %s: %s", path, exc)
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    known = {
        k: v for k, v in raw.items() if k in Preferences.__dataclass_fields__ and (v is None or isinstance(v, str))
    }
    return Preferences(**known)


def save(home: Path, prefs: Preferences) -> None:
    home.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".prefs-", dir=home)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(prefs), fh, ensure_ascii=False, indent=1)
        os.replace(tmp, home / FILE_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply(settings: Settings, prefs: Preferences) -> Settings:
    """Settings with the saved choices that are still valid."""
    changes: dict[str, object] = {}
    if prefs.ui_lang in UI_LANGS:
        changes["ui_lang"] = prefs.ui_lang
    if prefs.answerer in ANSWERERS and prefs.answerer in answerer_choices(settings):
        changes["answerer"] = prefs.answerer
    if prefs.index_dir:
        changes["index_dir"] = Path(prefs.index_dir)
    return settings.with_(**changes) if changes else settings
