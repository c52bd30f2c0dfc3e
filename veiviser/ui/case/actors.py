"""The actors tab: the actor map as a graph, which mandatory roles are missing, and adding or removing actors."""

from __future__ import annotations

import streamlit as st

from veiviser.cases import Case, access
from veiviser.cases.actor_map import ActorMapLabels, role_choices, role_ids_present, role_label, to_dot
from veiviser.cases.checklists import actor_map_for
from veiviser.kb import KnowledgeBase
from veiviser.kb.schema import ActorMap, Pathway
from veiviser.ui.case.state import change, flash, show_flash
from veiviser.ui.components import loc
from veiviser.ui.context import UiContext


def _graph(ctx: UiContext, case: Case, amap: ActorMap | None, role_names: dict[str, str]) -> None:
    t = ctx.t
    lang = ctx.lang
    labels = ActorMapLabels(
        person=t("case.actor_person"),
        relatives=t("case.actor_role_relative"),
        present=t("case.graph_present"),
        missing=t("case.graph_missing"),
    )
    nodes = 1 + len(case.actors) + (len(amap.required_roles) if amap is not None else 0)
    with st.container(key=f"vv_graph_{case.id}_{case.version}"):  # a new element per version: redraw it
        st.graphviz_chart(
            to_dot(case.actors, amap, lang=lang, labels=labels, role_names=role_names),
            width="stretch" if nodes >= 3 else "content",
        )
    if amap is None:
        st.caption(t("case.actors_none_required"))
    else:
        present = role_ids_present(case.actors, amap)
        st.markdown(t("case.actors_mandatory", present=len(present), total=len(amap.required_roles)))
        missing = [loc(r, "label", lang) for r in amap.missing(present)]
        if missing:
            st.warning(t("case.actors_missing", roles=", ".join(missing)) + "\n\n" + loc(amap, "message", lang))


def _add_form(ctx: UiContext, case: Case, role_options: dict[str, str]) -> None:
    t = ctx.t
    with st.form("vv_actor_form", clear_on_submit=True):
        st.markdown(f"**{t('case.actor_add')}**")
        role = st.selectbox(t("case.actor_role"), list(role_options), format_func=lambda r: role_options[r])
        label = st.text_input(t("case.actor_label"), max_chars=200)
        service = st.text_input(t("case.actor_service"), max_chars=200)
        added = st.form_submit_button(t("case.actor_add"), disabled=not access.can_edit_case(case))
    if added:
        shown = label.strip() or (role_options.get(role, "") if role else "")
        if not shown:
            flash("error", t("case.actor_label_required"), "actors")
        elif change(
            ctx,
            lambda c: ctx.cases().add_actor(c.id, shown, role, service.strip(), ctx.user, expected_version=c.version),
            where="actors",
            field=t("case.actor_label"),
        ):
            flash("success", t("case.actor_added"), "actors")
        st.rerun()


def _actor_list(ctx: UiContext, case: Case, amap: ActorMap | None, role_names: dict[str, str]) -> None:
    t = ctx.t
    if case.actors:
        st.markdown(f"**{t('case.actor_list')}**")
    for actor in case.actors:
        cols = st.columns([4, 1], vertical_alignment="center")
        role_text = role_label(actor.role, amap, ctx.lang, role_names) if actor.role else ""
        cols[0].markdown(" – ".join(dict.fromkeys(p for p in (actor.label, role_text, actor.service) if p)))
        if cols[1].button(
            t("case.actor_remove"), key=f"vv_actor_rm_{actor.id}", disabled=not access.can_edit_case(case)
        ):
            _remove(ctx, actor.id)
            st.rerun()


def _remove(ctx: UiContext, actor_id: int) -> None:
    change(
        ctx,
        lambda c: ctx.cases().remove_actor(c.id, actor_id, ctx.user, expected_version=c.version),
        where="actors",
    )


def actors_tab(ctx: UiContext, kb: KnowledgeBase, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    amap = actor_map_for(pathway, kb.pathways)
    st.caption(t("case.actors_intro"))
    role_names = {r.id: loc(r, "name", ctx.lang) for r in kb.roles.values()}
    graph_col, form_col = st.columns([3, 2], gap="large")
    with graph_col:
        _graph(ctx, case, amap, role_names)
    with form_col:
        show_flash("actors")
        role_options = role_choices(
            pathway,
            amap,
            role_names,
            ctx.lang,
            relative=t("case.actor_role_relative"),
            other=t("case.actor_role_other"),
        )
        _add_form(ctx, case, role_options)
        _actor_list(ctx, case, amap, role_names)
