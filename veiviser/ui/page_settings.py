"""Innstillinger: UI language, answerer and which index is in use."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from veiviser.app.preferences import answerer_choices
from veiviser.core.i18n import UI_LANGS
from veiviser.retrieval.status import index_status
from veiviser.ui.context import UiContext
from veiviser.ui.shell import save_preferences


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("settings.title"))

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
    elif ctx.base.llm_model:
        st.caption(t("settings.answerer_model", model=ctx.base.llm_model))
    if answerer != current:
        save_preferences(ctx, answerer=answerer)
        st.rerun()

    st.subheader(t("settings.index"))
    info = index_status(ctx.services.index_manager)
    rows = {
        t("settings.index_folder"): info["index"],
        t("settings.index_version"): info["version"] or t("settings.none"),
        t("settings.index_documents"): str(len(info["documents"])),
        t("settings.index_chunks"): str(info["chunks"]),
        t("settings.index_embedder"): info["embedder"] or t("settings.none"),
        t("settings.index_updated"): info["last_ingest"] or t("settings.none"),
    }
    st.table({t("settings.field"): list(rows), t("settings.value"): list(rows.values())})
    st.caption(t("settings.data_folder", path=str(ctx.settings.home)))

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
