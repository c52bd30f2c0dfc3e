"""Saksveileder: create or resume a case, step through its pathway, see what is missing, export.

The open case is kept in session state (the store records a view only when a case
is opened, not on every rerun) and in the URL (?case=ID&phase=ID), so a reload or a
bookmark brings staff back to where they were. Every change goes through the case
store with the version the page showed, so a change made elsewhere is never
overwritten silently.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from veiviser.cases import Case, CaseNotFoundError, CaseValidationError, ConflictError, access
from veiviser.cases.actor_map import ActorMapLabels, role_ids_present, role_label, to_dot
from veiviser.cases.checklists import NO, NOT_RELEVANT, YES, Evaluation, actor_map_for, evaluate
from veiviser.cases.report import KINDS, build_report, missing_line, step_line
from veiviser.cases.validation import REFERENCE_RE
from veiviser.kb.cards import UI_JURISDICTION
from veiviser.kb.schema import AnswerType, Item, Pathway, RuleEffect
from veiviser.pii import PiiError, guard
from veiviser.reports.exports import FORMATS
from veiviser.reports.exports import render as render_export
from veiviser.ui.components import bullet_list, error_message, legal_lines, loc, source_lines
from veiviser.ui.context import UiContext
from veiviser.ui.downloads import download_row

log = logging.getLogger(__name__)

CASE_KEY = "vv_case"
FLASH_KEY = "vv_case_flash"
PHASE_KEY = "vv_case_phase"
TAB_KEY = "vv_case_tab"
SPOR_RANGE = (1, 9)


# ------------------------------------------------------------------ state helpers


def _flash(level: str, text: str, where: str = "top") -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((level, text, where))


def _show_flash(where: str = "top") -> None:
    kept = []
    for level, text, place in st.session_state.get(FLASH_KEY, []):
        if place == where:
            getattr(st, level)(text)
        else:
            kept.append((level, text, place))
    st.session_state[FLASH_KEY] = kept


def _open(case: Case) -> None:
    st.session_state[CASE_KEY] = case
    st.query_params["case"] = str(case.id)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("vv_w_")]:
        del st.session_state[key]  # widget values of a previously open case


def _close() -> None:
    st.session_state.pop(CASE_KEY, None)
    st.session_state.pop(PHASE_KEY, None)
    for name in ("case", "phase"):
        if name in st.query_params:
            del st.query_params[name]


def _current_case(ctx: UiContext) -> Case | None:
    case: Case | None = st.session_state.get(CASE_KEY)
    wanted = st.query_params.get("case")
    if wanted and (case is None or str(case.id) != wanted):
        try:
            if ctx.role != access.LEADER and int(wanted) not in {
                c.id for c in ctx.cases().list_cases(owner=access.case_owner_filter(ctx.role, ctx.user))
            }:
                raise CaseNotFoundError(f"case {wanted}")  # staff open only their own cases
            case = ctx.cases().get_case(int(wanted), ctx.user)
        except (CaseNotFoundError, ValueError):
            _close()
            return None
        _open(case)
        if st.query_params.get("phase"):
            st.session_state[PHASE_KEY] = st.query_params.get("phase")
    return case


def _change(ctx: UiContext, action, *, where: str = "top", field: str | None = None) -> bool:
    """Run a store change with the shown version; on success keep the returned case."""
    t = ctx.t
    case: Case = st.session_state[CASE_KEY]
    try:
        updated = action(case)
    except ConflictError:
        _open(ctx.cases().get_case(case.id, ctx.user))
        _flash("warning", t("case.conflict"), where)
        return False
    except (PiiError, CaseValidationError) as exc:
        _flash("error", error_message(t, exc, field), where)
        return False
    if isinstance(updated, Case):
        st.session_state[CASE_KEY] = updated
    return True


# ------------------------------------------------------------------ picker


def _pathway_label(pathway: Pathway, lang: str) -> str:
    return f"{loc(pathway, 'title', lang)} ({pathway.jurisdiction.upper()})"


def _picker(ctx: UiContext, kb: Any) -> None:
    t = ctx.t
    store = ctx.cases()
    _show_flash()
    left, right = st.columns([2, 3], gap="large")
    with left, st.form("vv_new_case"):
        st.subheader(t("case.new_title"))
        reference = st.text_input(
            t("case.reference"), help=t("case.reference_help"), max_chars=40, key="vv_new_reference"
        )
        home = UI_JURISDICTION.get(ctx.lang, "no")
        pathway_ids = [p.id for p in sorted(kb.pathways, key=lambda p: p.jurisdiction != home)]
        by_id = {p.id: p for p in kb.pathways}
        pathway_id = st.selectbox(
            t("case.pathway"),
            pathway_ids,
            format_func=lambda pid: _pathway_label(by_id[pid], ctx.lang),
            key="vv_new_pathway",
        )
        if st.form_submit_button(t("case.create"), type="primary"):
            reference = reference.strip()
            try:
                guard(reference, field=t("case.reference"))
                if not REFERENCE_RE.fullmatch(reference):
                    raise CaseValidationError(t("case.reference_invalid"))
                case = store.create_case(reference, pathway_id, ctx.user)
            except (PiiError, CaseValidationError) as exc:
                st.error(error_message(t, exc, t("case.reference")))
            else:
                _open(case)
                _flash("success", t("case.created", reference=case.reference))
                st.rerun()
    with right:
        st.subheader(t("case.resume_title"))
        cases = store.list_cases(owner=access.case_owner_filter(ctx.role, ctx.user))
        if not cases:
            st.caption(t("case.no_cases"))
            return
        titles = {p.id: loc(p, "title", ctx.lang) for p in kb.pathways}
        totals = {p.id: len(p.items()) for p in kb.pathways}
        st.dataframe(
            [
                {
                    t("case.col_reference"): c.reference,
                    t("case.col_pathway"): titles.get(c.pathway_id, c.pathway_id),
                    t("case.col_status"): t(f"case.status.{c.status}"),
                    t("case.col_answered"): f"{c.answered_items}/{totals.get(c.pathway_id, '?')}",
                    t("case.col_updated"): c.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                }
                for c in cases
            ],
            hide_index=True,
            width="stretch",
        )
        by_ref = {c.reference: c.id for c in cases}
        chosen = st.selectbox(
            t("case.open_case"), list(by_ref), index=None, placeholder=t("case.open_choose"), key="vv_open_choice"
        )
        if st.button(t("case.open_case"), disabled=chosen is None, key="vv_open_go"):
            _open(store.get_case(by_ref[chosen], ctx.user))
            st.rerun()


# ------------------------------------------------------------------ checklist


def _widget_key(case: Case, item: Item, part: str = "v") -> str:
    return f"vv_w_{case.id}_{item.id}_{part}"


def _save_answer(ctx: UiContext, item: Item) -> None:
    case: Case = st.session_state[CASE_KEY]
    value = st.session_state.get(_widget_key(case, item))
    if isinstance(value, str) and item.answer_type is not AnswerType.TEXT:
        value = value or None
    stored = case.answers.get(item.id)
    note = stored.note if stored else ""
    _change(
        ctx,
        lambda c: ctx.cases().set_answer(c.id, item.id, value, note, ctx.user, expected_version=c.version),
        where=item.id,
        field=ctx.t("case.answer_label"),
    )


def _save_note(ctx: UiContext, item: Item) -> None:
    case: Case = st.session_state[CASE_KEY]
    note = st.session_state.get(_widget_key(case, item, "note"), "") or ""
    stored = case.answers.get(item.id)
    value = stored.value if stored else None
    if _change(
        ctx,
        lambda c: ctx.cases().set_answer(c.id, item.id, value, note, ctx.user, expected_version=c.version),
        where=item.id,
        field=ctx.t("case.note"),
    ):
        return
    st.session_state[_widget_key(case, item, "note")] = stored.note if stored else ""


def _answer_widget(ctx: UiContext, case: Case, item: Item, disabled: bool) -> None:
    t = ctx.t
    key = _widget_key(case, item)
    stored = case.answers.get(item.id)
    if key not in st.session_state:
        st.session_state[key] = stored.value if stored else None
        if item.answer_type is AnswerType.TEXT and st.session_state[key] is None:
            st.session_state[key] = ""
    common = dict(key=key, on_change=_save_answer, args=(ctx, item), disabled=disabled, label_visibility="collapsed")
    label = t("case.answer_label")
    kind = item.answer_type
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        options = [YES, NO] + ([NOT_RELEVANT] if kind is AnswerType.YES_NO_NA else [])
        st.segmented_control(label, options, format_func=lambda v: t(f"case.answer.{v}"), **common)
    elif kind is AnswerType.SCALE:
        st.pills(label, list(range(int(item.scale_min), int(item.scale_max) + 1)), **common)
    elif kind is AnswerType.CHOICE:
        labels = {o.value: loc(o, "label", ctx.lang) for o in item.options}
        st.pills(label, list(labels), format_func=lambda v: labels.get(v, v), **common)
    elif kind is AnswerType.NUMBER:
        st.number_input(label, **common)
    else:
        st.text_area(label, height=80, **common)


def _why_popover(ctx: UiContext, kb: Any, item: Item) -> None:
    t = ctx.t
    with st.popover(t("case.why_button"), icon=":material/menu_book:", help=t("case.why_help")):
        st.markdown(item.why)
        responsible = [loc(kb.roles[r], "name", ctx.lang) if r in kb.roles else r for r in item.responsible]
        st.markdown(f"**{t('case.responsible')}:** {', '.join(responsible)}")
        if item.responsible_note:
            st.caption(item.responsible_note)
        if item.legal_basis:
            st.markdown(f"**{t('case.legal_basis')}**")
            for ref_id in item.legal_basis:
                ref = kb.legal.get(ref_id)
                if ref is None:
                    st.markdown(f"- {ref_id}")
                    continue
                st.markdown(f"- **{ref.label}** – {loc(ref, 'title', ctx.lang)}: {ref.requirement}")
                if ref.uncertain and ref.uncertain_note:
                    st.caption(f"⚠ {ref.uncertain_note}")
        st.markdown(f"**{t('case.sources')}**")
        st.markdown(bullet_list(source_lines(kb, item.sources, ctx.lang)))
        if item.note:
            st.caption(f"{t('case.item_note')}: {item.note}")


def _rule_alert(ctx: UiContext, kb: Any, rule: Any) -> None:
    t = ctx.t
    text = f"**{t(f'case.rule.{rule.effect.value}')}:** {loc(rule, 'message', ctx.lang)}"
    if rule.may_not_share_with:
        text += "\n\n" + t("case.rule.may_not_share", who=", ".join(rule.may_not_share_with))
    if rule.do_instead:
        text += "\n\n" + t("case.rule.do_instead", text=loc(rule, "do_instead", ctx.lang))
    if rule.legal_basis:
        text += "\n\n" + " · ".join(legal_lines(kb, rule.legal_basis, ctx.lang))
    {RuleEffect.BLOCK: st.error, RuleEffect.WARN: st.warning, RuleEffect.SUGGEST: st.info}[rule.effect](text)


def _item_block(ctx: UiContext, kb: Any, case: Case, item: Item, evaluation: Evaluation, disabled: bool) -> None:
    t = ctx.t
    stored = case.answers.get(item.id)
    with st.container(border=True, key=f"vv_item_{item.id}"):
        head, side = st.columns([5, 2], vertical_alignment="top")
        with head:
            number = f"{item.source_number}. " if item.source_number else ""
            st.markdown(f"**{number}{loc(item, 'text', ctx.lang) if ctx.lang == 'en' else item.text}**")
        with side:
            _why_popover(ctx, kb, item)
        _answer_widget(ctx, case, item, disabled)
        note_key = _widget_key(case, item, "note")
        if note_key not in st.session_state:
            st.session_state[note_key] = stored.note if stored else ""
        st.text_input(
            t("case.note"),
            key=note_key,
            on_change=_save_note,
            args=(ctx, item),
            disabled=disabled,
            placeholder=t("case.note_help"),
        )
        if stored is not None:
            st.caption(t("case.answered_by", time=stored.answered_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        _show_flash(item.id)
        for fired in evaluation.fired:
            if fired.item.id == item.id:
                _rule_alert(ctx, kb, fired.rule)


def _progress_chart(ctx: UiContext, evaluation: Evaluation) -> None:
    t = ctx.t
    frame = pd.DataFrame(
        [
            {
                t("case.chart_phase"): f"{n}. {loc(p.phase, 'title', ctx.lang)}"[:48],
                t("case.chart_done"): round(100 * p.fraction),
                "order": n,
            }
            for n, p in enumerate(evaluation.phases, 1)
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#3f6ea8")
        .encode(
            x=alt.X(f"{t('case.chart_done')}:Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(f"{t('case.chart_phase')}:N", sort=alt.SortField("order"), title=None),
            tooltip=[t("case.chart_phase"), t("case.chart_done")],
        )
        .properties(height=max(120, 34 * len(frame)))
    )
    st.altair_chart(chart, width="stretch")


def _status_column(ctx: UiContext, evaluation: Evaluation) -> None:
    t = ctx.t
    lang = ctx.lang
    st.markdown(f"**{t('case.progress_chart')}**")
    _progress_chart(ctx, evaluation)
    st.markdown(f"**{t('case.missing_title')}**")
    if not evaluation.missing:
        st.caption(t("case.missing_none") if evaluation.current else t("case.all_done"))
    lines = [missing_line(t, m, lang) for m in evaluation.missing]
    if lines:
        st.markdown(bullet_list(lines))
    st.markdown(f"**{t('case.next_title')}**")
    steps = list(dict.fromkeys(step_line(t, s, lang) for s in evaluation.next_steps))
    st.markdown(bullet_list(steps) if steps else t("case.next_none"))
    if evaluation.pathway.not_covered:
        with st.expander(t("case.not_covered_title")):
            st.markdown(bullet_list(evaluation.pathway.not_covered))


def _checklist_tab(ctx: UiContext, kb: Any, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    disabled = case.status == "closed"
    if disabled:
        st.info(t("case.closed_note"))
    phase_ids = [p.id for p in pathway.phases]
    progress = {p.phase.id: p for p in evaluation.phases}
    if st.session_state.get(PHASE_KEY) not in phase_ids:
        st.session_state[PHASE_KEY] = evaluation.current.phase.id if evaluation.current else phase_ids[0]
    main, side = st.columns([3, 2], gap="large")
    with main:
        phase_id = st.selectbox(
            t("case.phase_label"),
            phase_ids,
            format_func=lambda pid: (
                f"{phase_ids.index(pid) + 1}. {loc(progress[pid].phase, 'title', ctx.lang)} "
                f"({t('case.phase_progress', done=progress[pid].done, total=progress[pid].total)})"
            ),
            key=PHASE_KEY,
        )
        st.query_params["phase"] = phase_id
        current = progress[phase_id]
        st.progress(current.fraction, text=t("case.phase_progress", done=current.done, total=current.total))
        if current.phase.description:
            st.caption(current.phase.description)
        for item in current.phase.items:
            _item_block(ctx, kb, case, item, evaluation, disabled)
    with side:
        _status_column(ctx, evaluation)


# ------------------------------------------------------------------ actors


def _actors_tab(ctx: UiContext, kb: Any, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    lang = ctx.lang
    amap = actor_map_for(pathway, kb.pathways)
    st.caption(t("case.actors_intro"))
    role_names = {r.id: loc(r, "name", lang) for r in kb.roles.values()}
    labels = ActorMapLabels(
        person=t("case.actor_person"),
        relatives=t("case.actor_role_relative"),
        present=t("case.graph_present"),
        missing=t("case.graph_missing"),
    )
    graph_col, form_col = st.columns([3, 2], gap="large")
    with graph_col:
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
            missing = [loc(r, "label", lang) for r in amap.required_roles if r.id not in present]
            if missing:
                st.warning(t("case.actors_missing", roles=", ".join(missing)) + "\n\n" + loc(amap, "message", lang))
    with form_col:
        _show_flash("actors")
        role_options: dict[str, str] = {}
        if amap is not None:
            for r in (*amap.required_roles, *amap.always_included[1:]):
                role_options[r.id] = loc(r, "label", lang)
        else:
            role_options["parorende"] = t("case.actor_role_relative")
        on_map = {r.role_card for r in (*amap.required_roles, *amap.always_included)} if amap is not None else set()
        for role_id, name in role_names.items():
            if role_id.split("-", 1)[0] == pathway.jurisdiction and role_id not in on_map:
                role_options.setdefault(role_id, name)
        role_options[""] = t("case.actor_role_other")
        with st.form("vv_actor_form", clear_on_submit=True):
            st.markdown(f"**{t('case.actor_add')}**")
            role = st.selectbox(t("case.actor_role"), list(role_options), format_func=lambda r: role_options[r])
            label = st.text_input(t("case.actor_label"), max_chars=200)
            service = st.text_input(t("case.actor_service"), max_chars=200)
            added = st.form_submit_button(t("case.actor_add"), disabled=case.status == "closed")
        if added:
            shown = label.strip() or (role_options.get(role, "") if role else "")
            if not shown:
                _flash("error", t("case.actor_label_required"), "actors")
            elif _change(
                ctx,
                lambda c: ctx.cases().add_actor(
                    c.id, shown, role, service.strip(), ctx.user, expected_version=c.version
                ),
                where="actors",
                field=t("case.actor_label"),
            ):
                _flash("success", t("case.actor_added"), "actors")
            st.rerun()
        if case.actors:
            st.markdown(f"**{t('case.actor_list')}**")
        for actor in case.actors:
            cols = st.columns([4, 1], vertical_alignment="center")
            role_text = role_label(actor.role, amap, lang, role_names) if actor.role else ""
            cols[0].markdown(" – ".join(dict.fromkeys(p for p in (actor.label, role_text, actor.service) if p)))
            if cols[1].button(t("case.actor_remove"), key=f"vv_actor_rm_{actor.id}", disabled=case.status == "closed"):
                _change(
                    ctx,
                    lambda c, actor_id=actor.id: ctx.cases().remove_actor(
                        c.id, actor_id, ctx.user, expected_version=c.version
                    ),
                    where="actors",
                )
                st.rerun()


# ------------------------------------------------------------------ tools


def spor_items(pathway: Pathway) -> list[Item]:
    return [
        i for i in pathway.items() if i.answer_type is AnswerType.SCALE and (i.scale_min, i.scale_max) == SPOR_RANGE
    ]


def _spor_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    items = spor_items(pathway)
    st.caption(t("case.spor_intro"))
    _show_flash("spor")
    with st.form("vv_spor_form"):
        scores: dict[str, Any] = {}
        for item in items:
            stored = case.answers.get(item.id)
            default = stored.value if stored and isinstance(stored.value, int) else None
            scores[item.id] = st.pills(
                f"{item.source_number or ''}. {loc(item, 'text', ctx.lang) if ctx.lang == 'en' else item.text}",
                list(range(SPOR_RANGE[0], SPOR_RANGE[1] + 1)),
                default=default,
                key=f"vv_spor_{case.id}_{item.id}",
            )
        submitted = st.form_submit_button(t("case.spor_record"), disabled=case.status == "closed")
    if submitted:
        given = {k: int(v) for k, v in scores.items() if v is not None}
        if not given:
            _flash("warning", t("case.spor_nothing"), "spor")
        elif _change(
            ctx,
            lambda c: ctx.cases().record_spor_scores(c.id, given, ctx.user, expected_version=c.version),
            where="spor",
        ):
            _flash(
                "success", t("case.spor_recorded", round=st.session_state[CASE_KEY].spor_rounds[-1].round_no), "spor"
            )
        st.rerun()
    if case.spor_rounds:
        labels = {i.id: f"{i.source_number or i.id}" for i in items}
        rows = [
            {t("case.spor_question"): labels.get(q, q), t("case.spor_round"): str(r.round_no), t("case.spor_score"): s}
            for r in case.spor_rounds
            for q, s in r.scores.items()
        ]
        frame = pd.DataFrame(rows)
        st.markdown(f"**{t('case.spor_chart')}**")
        chart = (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X(f"{t('case.spor_question')}:N", sort=None),
                xOffset=f"{t('case.spor_round')}:N",
                y=alt.Y(f"{t('case.spor_score')}:Q", scale=alt.Scale(domain=[0, 9])),
                color=alt.Color(f"{t('case.spor_round')}:N"),
                tooltip=list(frame.columns),
            )
            .properties(height=260)
        )
        st.altair_chart(chart, width="stretch")


def _calculator_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    calc = pathway.calculator
    st.markdown(f"**{loc(calc, 'title', ctx.lang)}**")
    st.caption(t("case.calc_intro", decision=calc.decision))
    _show_flash("calc")
    with st.form("vv_calc_form"):
        grades: dict[str, Any] = {}
        for p in calc.parameters:
            stored = case.care_load.get(p.id)
            grades[p.id] = st.pills(
                loc(p, "label", ctx.lang),
                list(range(p.grade_min, p.grade_max + 1)),
                default=stored if isinstance(stored, int) else None,
                key=f"vv_calc_{case.id}_{p.id}",
                help=t("case.calc_from", source=p.data_from),
            )
        submitted = st.form_submit_button(t("case.calc_save"), disabled=case.status == "closed")
    if submitted:
        given = {k: int(v) for k, v in grades.items() if v is not None}
        if _change(
            ctx,
            lambda c: ctx.cases().set_care_load_inputs(c.id, given, ctx.user, expected_version=c.version),
            where="calc",
        ):
            _flash("success", t("case.calc_saved"), "calc")
        st.rerun()
    current = {p.id: case.care_load.get(p.id) for p in calc.parameters}
    try:
        total = calc.score(current)  # type: ignore[arg-type]
    except ValueError:
        st.info(t("case.calc_incomplete"))
    else:
        top = sum(p.grade_max for p in calc.parameters)
        st.metric(t("case.calc_total"), f"{total} / {top}")
    if calc.assumptions:
        st.markdown(f"*{t('case.calc_assumptions')}:*\n" + bullet_list(calc.assumptions))
    if calc.not_in_source:
        st.markdown(f"*{t('case.calc_not_in_source')}:*\n" + bullet_list(calc.not_in_source))


def _log_tab(ctx: UiContext, case: Case, pathway: Pathway) -> None:
    t = ctx.t
    st.caption(t("case.log_intro"))
    if pathway.cycle_tracker is not None:
        with st.expander(t("case.log_stages")):
            st.markdown(
                bullet_list(f"**{loc(s, 'label', ctx.lang)}** – {s.description}" for s in pathway.cycle_tracker.stages)
            )
    _show_flash("log")
    fields = ("incident", "understanding", "decision", "evaluation", "lesson")
    with st.form("vv_log_form", clear_on_submit=True):
        values = {f: st.text_area(t(f"case.log_{f}"), height=68, key=f"vv_log_{f}") for f in fields}
        submitted = st.form_submit_button(t("case.log_add"), disabled=case.status == "closed")
    if submitted:
        if not values["incident"].strip():
            _flash("error", t("case.log_incident_required"), "log")
        elif _change(
            ctx,
            lambda c: ctx.cases().add_learning_log_entry(
                c.id, ctx.user, expected_version=c.version, **{k: v.strip() for k, v in values.items()}
            ),
            where="log",
        ):
            _flash("success", t("case.log_added"), "log")
        st.rerun()
    if not case.learning_log:
        st.caption(t("case.log_empty"))
    for entry in reversed(case.learning_log):
        with st.container(border=True):
            st.caption(entry.logged_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            for f in fields:
                text = getattr(entry, f)
                if text:
                    st.markdown(f"**{t(f'case.log_{f}')}:** {text}")


# ------------------------------------------------------------------ export and history


def _export_tab(ctx: UiContext, kb: Any, case: Case, pathway: Pathway, evaluation: Evaluation) -> None:
    t = ctx.t
    st.caption(t("case.export_intro"))
    kind = st.radio(
        t("case.export_kind"), KINDS, format_func=lambda k: t(f"case.export_{k}"), horizontal=True, key="vv_export_kind"
    )
    if kind == "referral" and any(
        f.rule.may_not_share_with or f.rule.effect is RuleEffect.BLOCK for f in evaluation.fired
    ):
        st.warning(t("case.export_sharing_warning"))
    amap = actor_map_for(pathway, kb.pathways)
    role_names = {r.id: loc(r, "name", ctx.lang) for r in kb.roles.values()}

    def make(fmt: str) -> bytes:
        report = build_report(
            t,
            kb,
            case,
            pathway,
            evaluation,
            kind=kind,
            lang=ctx.lang,
            role_label=lambda r: role_label(r, amap, ctx.lang, role_names),
            now=datetime.now(UTC),
        )
        return render_export(report, fmt)

    def record(fmt: str) -> None:
        try:
            ctx.cases().record_export(case.id, ctx.user, fmt)
        except Exception as exc:  # the download already happened; say so, do not fail
            log.warning("export of case %s not recorded: %s", case.id, exc)

    download_row(t, "case", FORMATS, make, lambda fmt: f"{case.reference}-{kind}.{fmt}", "vv_export", on_click=record)


def _history_tab(ctx: UiContext, case: Case) -> None:
    t = ctx.t
    store = ctx.cases()
    st.markdown(f"**{t('case.notes_title')}**")
    _show_flash("notes")
    with st.form("vv_note_form", clear_on_submit=True):
        text = st.text_area(t("case.note_add"), height=80, key="vv_note_text")
        submitted = st.form_submit_button(t("case.note_save"), disabled=case.status == "closed")
    if submitted:
        if not text.strip():
            _flash("error", t("case.note_required"), "notes")
        elif _change(
            ctx,
            lambda c: store.add_note(c.id, text.strip(), ctx.user, expected_version=c.version),
            where="notes",
            field=t("case.note"),
        ):
            _flash("success", t("case.note_added"), "notes")
        st.rerun()
    for note in reversed(case.notes):
        st.markdown(f"- *{note.created_at.astimezone().strftime('%Y-%m-%d %H:%M')}* – {note.text}")
    st.markdown(f"**{t('case.history_title')}**")
    events = store.history(case.id)
    st.dataframe(
        [
            {
                t("case.history_time"): e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                t("case.history_event"): t(f"case.event.{e.event}") if t.has(f"case.event.{e.event}") else e.event,
                t("case.history_user"): e.user,
                t("case.history_detail"): ", ".join(f"{k}={v}" for k, v in e.detail.items()),
            }
            for e in reversed(events)
        ],
        hide_index=True,
        width="stretch",
    )


# ------------------------------------------------------------------ page


def _case_view(ctx: UiContext, kb: Any, case: Case) -> None:
    t = ctx.t
    try:
        pathway = kb.pathway(case.pathway_id)
    except KeyError:
        st.error(t("case.error", error=f"pathway {case.pathway_id} is not in the knowledge base"))
        if st.button(t("case.close_case")):
            _close()
            st.rerun()
        return
    amap = actor_map_for(pathway, kb.pathways)
    answers = {item_id: a.value for item_id, a in case.answers.items()}
    evaluation = evaluate(pathway, answers, role_ids_present(case.actors, amap), amap)

    head, status_col, back_col = st.columns([5, 2, 1], vertical_alignment="center")
    with head:
        st.subheader(f"{case.reference} · {loc(pathway, 'title', ctx.lang)}")
        current = evaluation.current
        st.caption(
            t("case.progress_total", done=evaluation.done, total=evaluation.total)
            + " · "
            + (t("case.current_phase", phase=loc(current.phase, "title", ctx.lang)) if current else t("case.all_done"))
            + " · "
            + t("case.status_label")
            + ": "
            + t(f"case.status.{case.status}")
        )
        st.progress(evaluation.fraction)
    with status_col:
        target = "closed" if case.status == "open" else "open"
        if st.button(t("case.set_closed") if target == "closed" else t("case.set_open"), key="vv_case_status"):
            _change(ctx, lambda c: ctx.cases().set_status(c.id, target, ctx.user, expected_version=c.version))
            st.rerun()
    with back_col:
        if st.button(t("case.close_case"), key="vv_case_back", type="tertiary"):
            _close()
            st.rerun()
    _show_flash()

    tabs = [
        ("checklist", True),
        ("actors", True),
        ("spor", bool(spor_items(pathway))),
        ("calculator", pathway.calculator is not None),
        ("log", True),
        ("export", True),
        ("history", True),
    ]
    shown = [name for name, on in tabs if on]
    labels = [t(f"case.tabs.{name}") for name in shown]
    containers = dict(zip(shown, st.tabs(labels, key=TAB_KEY, on_change="rerun")))
    views = {
        "checklist": lambda: _checklist_tab(ctx, kb, case, pathway, evaluation),
        "actors": lambda: _actors_tab(ctx, kb, case, pathway),
        "spor": lambda: _spor_tab(ctx, case, pathway),
        "calculator": lambda: _calculator_tab(ctx, case, pathway),
        "log": lambda: _log_tab(ctx, case, pathway),
        "export": lambda: _export_tab(ctx, kb, case, pathway, evaluation),
        "history": lambda: _history_tab(ctx, case),
    }
    for name, container in containers.items():
        if container.open is False:  # only the open tab is built: exports and charts cost time
            continue
        with container:
            views[name]()


def render(ctx: UiContext) -> None:
    t = ctx.t
    st.title(t("case.title"))
    st.caption(t("case.intro"))
    state = ctx.kb()
    if state.kb is None:
        st.error(t("case.kb_missing", error=state.error or "?"))
        return
    kb = state.kb
    if not kb.pathways:
        st.info(t("case.no_pathways"))
        return
    case = _current_case(ctx)
    if case is None:
        _picker(ctx, kb)
    else:
        _case_view(ctx, kb, case)
