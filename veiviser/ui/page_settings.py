"""Innstillinger: UI language, answerer and the state of the knowledge base; an administrator section.

Staff read plain status in their own language (how many documents, when last updated,
whether a language model can be chosen). Folder paths, environment variable names and
`veiviser` commands are for whoever runs the installation: they sit in a collapsed,
labelled administrator section, shown only to roles that may administer (see
veiviser.cases.access.can_administer), and the hints also go to the log.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from veiviser.app.preferences import answerer_choices
from veiviser.cases import access
from veiviser.core.i18n import UI_LANGS
from veiviser.retrieval.status import index_status
from veiviser.ui.context import UiContext
from veiviser.ui.shell import save_preferences

log = logging.getLogger(__name__)
_LOGGED: set[str] = set()  # administrator hints already written to the log by this process


def _log_once(message: str) -> None:
    """An administrator hint for the log, once per process rather than on every rerun of the page."""
    if message not in _LOGGED:
        _LOGGED.add(message)
        log.info(message)


def _when(stamp: Any) -> str | None:
    """An index's creation time as local "YYYY-MM-DD HH:MM"; None when there is none."""
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(stamp)


def _language(ctx: UiContext) -> None:
    t = ctx.t
    st.subheader(t("settings.language"))
    lang = st.radio(
        t("settings.language"),
        UI_LANGS,
        index=UI_LANGS.index(ctx.lang),
        format_func=lambda code: t(f"lang.{code}"),
        horizontal=True,
        label_visibility="collapsed",
        key="vv_settings_lang",
    )
    if lang != ctx.lang:
        save_preferences(ctx, ui_lang=lang)
        st.rerun()


def _answerer(ctx: UiContext) -> None:
    t = ctx.t
    st.subheader(t("settings.answerer"))
    choices = answerer_choices(ctx.base)
    current = ctx.settings.answerer if ctx.settings.answerer in choices else choices[0]
    answerer = st.radio(
        t("settings.answerer"),
        choices,
        index=choices.index(current),
        format_func=lambda name: t(f"settings.answerer_{name}") if t.has(f"settings.answerer_{name}") else name,
        label_visibility="collapsed",
        key=f"vv_settings_answerer_{ctx.lang}",  # per language: the option labels change with it
    )
    if len(choices) == 1:
        st.caption(t("settings.answerer_llm_hint"))
        _log_once("No language model is configured: set VEIVISER_ANSWERER and VEIVISER_LLM_MODEL to offer one.")
    elif ctx.base.llm_model:
        st.caption(t("settings.answerer_model", model=ctx.base.llm_model))
    if answerer != current:
        save_preferences(ctx, answerer=answerer)
        st.rerun()


def _knowledge_status(ctx: UiContext, info: dict[str, Any]) -> None:
    """What staff need to know about the index, in words: how many documents, and since when."""
    t = ctx.t
    st.subheader(t("settings.knowledge_title"))
    documents = sum(1 for d in info["documents"] if d.get("doc_type") != "kb")  # as the sidebar counts them
    updated = _when(info["last_ingest"])
    if info["version"] is None:
        st.info(t("settings.knowledge_none"))
    else:
        st.markdown(t("settings.knowledge_status", documents=documents, updated=updated or t("settings.none")))


def _administration(ctx: UiContext, info: dict[str, Any]) -> None:
    """Folders, the index in use, environment settings and commands: for whoever runs the installation."""
    t = ctx.t
    with st.expander(t("settings.admin_title"), icon=":material/admin_panel_settings:", expanded=False):
        st.caption(t("settings.admin_intro"))
        st.markdown(f"**{t('settings.index')}**")
        rows = {
            t("settings.index_folder"): info["index"],
            t("settings.index_version"): info["version"] or t("settings.none"),
            t("settings.index_documents"): str(sum(1 for d in info["documents"] if d.get("doc_type") != "kb")),
            t("settings.index_chunks"): str(info["chunks"]),
            t("settings.index_embedder"): info["embedder"] or t("settings.none"),
            t("settings.index_updated"): _when(info["last_ingest"]) or t("settings.none"),
        }
        st.table({t("settings.field"): list(rows), t("settings.value"): list(rows.values())})
        st.caption(t("settings.data_folder", path=str(ctx.settings.home)))
        st.caption(t("settings.admin_llm_hint"))
        _index_form(ctx)


def _index_form(ctx: UiContext) -> None:
    t = ctx.t
    with st.form("vv_index_form"):
        folder = st.text_input(
            t("settings.index_choose"),
            value=ctx.prefs.index_dir or "",
            placeholder=str(ctx.base.index_path),
            help=t("settings.index_choose_help"),
        )
        submitted = st.form_submit_button(t("settings.index_apply"))
    if submitted:
        chosen = folder.strip()
        if chosen and not Path(chosen).expanduser().is_absolute():
            st.error(t("settings.index_not_absolute"))
        elif chosen and not (Path(chosen).expanduser() / "CURRENT").is_file():
            st.error(t("settings.index_not_found", path=chosen))
        else:
            save_preferences(ctx, index_dir=str(Path(chosen).expanduser()) if chosen else None)
            st.rerun()


def render(ctx: UiContext) -> None:
    st.title(ctx.t("settings.title"))
    _language(ctx)
    _answerer(ctx)
    info = index_status(ctx.services.index_manager)
    _knowledge_status(ctx, info)
    if info["version"] is None:
        _log_once(f"No index in {info['index']}: build one with `veiviser ingest` (or `make run`).")
    if access.can_administer(ctx.role):
        _administration(ctx, info)
