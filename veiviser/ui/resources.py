"""Long-lived objects built once per process with st.cache_resource: services, index, stores, kb.

Keys are plain strings (a digest of the settings, the live index version, file
mtimes) so a new index version or an edited kb file is picked up on the next
rerun without restarting the app.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from veiviser.app.services import Services, build_services
from veiviser.core.config import Settings
from veiviser.index.versions import IndexVersion

if TYPE_CHECKING:  # imported where used, so a page that needs neither does not load them
    from veiviser.cases import CaseStore
    from veiviser.kb import KnowledgeBase

log = logging.getLogger(__name__)


def settings_key(settings: Settings) -> str:
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]


@st.cache_resource(show_spinner=False, max_entries=4)
def services(key: str, _settings: Settings) -> Services:
    return build_services(_settings)


@st.cache_resource(show_spinner=False, max_entries=4)
def index_version(key: str, version_name: str, _services: Services) -> IndexVersion:
    version = _services.open_index()
    if version.name != version_name:  # an ingest switched versions between the two reads
        log.info("index moved from %s to %s while opening", version_name, version.name)
    return version


@st.cache_resource(show_spinner=False, max_entries=4)
def retriever(key: str, version_name: str, _services: Services, _version: IndexVersion):
    return _services.retriever(_version)


def _kb_signature(kb_dir: Path) -> str:
    if not kb_dir.is_dir():
        return "missing"
    parts = sorted(f"{p.relative_to(kb_dir)}:{p.stat().st_mtime_ns}" for p in kb_dir.rglob("*.y*ml"))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class KbState:
    kb: KnowledgeBase | None
    error: str | None


@st.cache_resource(show_spinner=False, max_entries=2)
def _load_kb(kb_dir: str, signature: str) -> KbState:
    try:
        from veiviser.kb import load_kb
    except ImportError as exc:
        return KbState(None, str(exc))
    try:
        return KbState(load_kb(Path(kb_dir)), None)
    except Exception as exc:
        log.warning("knowledge base %s not loaded: %s", kb_dir, exc)
        return KbState(None, str(exc))


def knowledge_base(kb_dir: Path) -> KbState:
    return _load_kb(str(kb_dir), _kb_signature(kb_dir))


@st.cache_resource(show_spinner=False)
def case_store(db_path: str) -> CaseStore:
    from veiviser.cases import CaseStore

    return CaseStore(Path(db_path))


@st.cache_resource(show_spinner=False)
def feedback_store(db_path: str):
    from veiviser.app.feedback import FeedbackStore

    return FeedbackStore(Path(db_path))
