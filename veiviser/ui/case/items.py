"""One checklist item: its question, answer widget, note, "why?" popover and the rules it fires."""

from __future__ import annotations

import streamlit as st

from veiviser.cases import Case
from veiviser.cases.checklists import NO, NOT_RELEVANT, YES, Evaluation
from veiviser.cases.walkthrough import answer_value, scale_values
from veiviser.kb import KnowledgeBase
from veiviser.kb.language import legal_lang
from veiviser.kb.schema import AnswerType, Item, Pathway, Rule, RuleEffect
from veiviser.ui.case.kbtext import marked, plain
from veiviser.ui.case.state import CASE_KEY, DATE_TIME, change, show_flash
from veiviser.ui.components import bullet_list, legal_lines, loc, source_lines
from veiviser.ui.context import UiContext
from veiviser.ui.source_viewer import kb_source_link


def widget_key(case: Case, item: Item, part: str = "v") -> str:
    return f"vv_w_{case.id}_{item.id}_{part}"


def _save_answer(ctx: UiContext, item: Item) -> None:
    case: Case = st.session_state[CASE_KEY]
    value = answer_value(item, st.session_state.get(widget_key(case, item)))
    stored = case.answers.get(item.id)
    note = stored.note if stored else ""
    change(
        ctx,
        lambda c: ctx.cases().set_answer(c.id, item.id, value, note, ctx.user, expected_version=c.version),
        where=item.id,
        field=ctx.t("case.answer_label"),
    )


def _save_note(ctx: UiContext, item: Item) -> None:
    case: Case = st.session_state[CASE_KEY]
    note = st.session_state.get(widget_key(case, item, "note"), "") or ""
    stored = case.answers.get(item.id)
    value = stored.value if stored else None
    if change(
        ctx,
        lambda c: ctx.cases().set_answer(c.id, item.id, value, note, ctx.user, expected_version=c.version),
        where=item.id,
        field=ctx.t("case.note"),
    ):
        return
    st.session_state[widget_key(case, item, "note")] = stored.note if stored else ""


def _answer_widget(ctx: UiContext, case: Case, item: Item, disabled: bool) -> None:
    t = ctx.t
    key = widget_key(case, item)
    stored = case.answers.get(item.id)
    if key not in st.session_state:
        st.session_state[key] = stored.value if stored else None
        if item.answer_type is AnswerType.TEXT and st.session_state[key] is None:
            st.session_state[key] = ""
    label = t("case.answer_label")
    args = (ctx, item)
    kind = item.answer_type
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        options = [YES, NO] + ([NOT_RELEVANT] if kind is AnswerType.YES_NO_NA else [])
        st.segmented_control(
            label,
            options,
            format_func=lambda v: t(f"case.answer.{v}"),
            key=key,
            on_change=_save_answer,
            args=args,
            disabled=disabled,
            label_visibility="collapsed",
        )
    elif kind is AnswerType.SCALE:
        st.pills(
            label,
            scale_values(item),
            key=key,
            on_change=_save_answer,
            args=args,
            disabled=disabled,
            label_visibility="collapsed",
        )
    elif kind is AnswerType.CHOICE:
        labels = {o.value: loc(o, "label", ctx.lang) for o in item.options}
        st.pills(
            label,
            list(labels),
            format_func=lambda v: labels.get(v, v),
            key=key,
            on_change=_save_answer,
            args=args,
            disabled=disabled,
            label_visibility="collapsed",
        )
    elif kind is AnswerType.NUMBER:
        st.number_input(
            label, key=key, on_change=_save_answer, args=args, disabled=disabled, label_visibility="collapsed"
        )
    else:
        st.text_area(
            label,
            height=80,
            key=key,
            on_change=_save_answer,
            args=args,
            disabled=disabled,
            label_visibility="collapsed",
        )


def _why_popover(ctx: UiContext, kb: KnowledgeBase, pathway: Pathway, item: Item) -> None:
    t = ctx.t
    lang = pathway.lang
    with st.popover(t("case.why_button"), icon=":material/menu_book:", help=t("case.why_help")):
        st.markdown(marked(ctx, item, "why", lang))
        responsible = [loc(kb.roles[r], "name", ctx.lang) if r in kb.roles else r for r in item.responsible]
        st.markdown(f"**{t('case.responsible')}:** {', '.join(responsible)}")
        if item.responsible_note:
            st.caption(marked(ctx, item, "responsible_note", lang))
        if item.legal_basis:
            st.markdown(f"**{t('case.legal_basis')}**")
            for ref_id in item.legal_basis:
                ref = kb.legal.get(ref_id)
                if ref is None:
                    st.markdown(f"- {ref_id}")
                    continue
                ref_lang = legal_lang(ref_id)
                title = plain(ctx, ref, "title", ref_lang)
                st.markdown(f"- **{ref.label}** – {title}: {marked(ctx, ref, 'requirement', ref_lang)}")
                if ref.uncertain and ref.uncertain_note:
                    st.caption(f"⚠ {marked(ctx, ref, 'uncertain_note', ref_lang)}")
        st.markdown(f"**{t('case.sources')}**")
        st.markdown(bullet_list(source_lines(kb, item.sources, ctx.lang)))
        for n, source in enumerate(item.sources):  # the indexed original at the cited page, where there is one
            kb_source_link(
                ctx, source.source, source.locator or "", source.quote or "", key=f"vv_why_src_{item.id}_{n}"
            )
        if item.note:
            st.caption(f"{t('case.item_note')}: {marked(ctx, item, 'note', lang)}")


def _rule_alert(ctx: UiContext, kb: KnowledgeBase, pathway: Pathway, rule: Rule) -> None:
    t = ctx.t
    text = f"**{t(f'case.rule.{rule.effect.value}')}:** {marked(ctx, rule, 'message', pathway.lang)}"
    if rule.may_not_share_with:
        text += "\n\n" + t("case.rule.may_not_share", who=", ".join(rule.may_not_share_with))
    if rule.do_instead:
        text += "\n\n" + t("case.rule.do_instead", text=marked(ctx, rule, "do_instead", pathway.lang))
    if rule.legal_basis:
        text += "\n\n" + " · ".join(legal_lines(kb, rule.legal_basis, ctx.lang))
    {RuleEffect.BLOCK: st.error, RuleEffect.WARN: st.warning, RuleEffect.SUGGEST: st.info}[rule.effect](text)


def item_block(
    ctx: UiContext, kb: KnowledgeBase, case: Case, pathway: Pathway, item: Item, evaluation: Evaluation, disabled: bool
) -> None:
    """The item with its answer and note, both stored under the item's id whatever else the page shows."""
    t = ctx.t
    stored = case.answers.get(item.id)
    with st.container(border=True, key=f"vv_item_{item.id}"):
        head, side = st.columns([5, 2], vertical_alignment="top")
        with head:
            number = f"{item.source_number}. " if item.source_number else ""
            st.markdown(f"**{number}{plain(ctx, item, 'text', pathway.lang)}**")
        with side:
            _why_popover(ctx, kb, pathway, item)
        _answer_widget(ctx, case, item, disabled)
        note_key = widget_key(case, item, "note")
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
            st.caption(t("case.answered_by", time=stored.answered_at.astimezone().strftime(DATE_TIME)))
        show_flash(item.id)
        for fired in evaluation.fired:
            if fired.item.id == item.id:
                _rule_alert(ctx, kb, pathway, fired.rule)
