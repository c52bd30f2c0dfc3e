"""Render structured kb knowledge as cards: role cards, legal references, checklist items,
requirements, concepts and pathways (for the Ask page's side column and landing offer)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from veiviser.core.i18n import Translator
from veiviser.kb.cards import Card
from veiviser.kb.language import KbText, role_lang
from veiviser.ui.components import bullet_list, legal_lines, loc, source_lines


def _sources_expander(t: Translator, kb: Any, refs, lang: str) -> None:
    lines = source_lines(kb, refs, lang)
    if lines:
        with st.expander(t("cards.sources")):
            st.markdown(bullet_list(lines))


def role_card(t: Translator, kb: Any, role: Any, lang: str, expanded: bool = True) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('cards.role')} · {loc(role, 'name', lang)}**")
        st.markdown(loc(role, "summary", lang))
        # duties, tasks and pitfalls are written in the language of the roles file; say so when it is not the reader's
        foreign = KbText("", role_lang(kb, role.id)).foreign_to(lang)
        note = f" *({t(f'case.written_in.{foreign}')})*" if foreign else ""
        if role.duties:
            st.markdown(f"*{t('cards.duties')}*{note}")
            lines = []
            for duty in role.duties:
                basis = ", ".join(kb.legal[i].label for i in duty.legal_basis if i in kb.legal)
                lines.append(duty.text + (f" ({basis})" if basis else ""))
            st.markdown(bullet_list(lines))
        if role.typical_tasks and expanded:
            st.markdown(f"*{t('cards.tasks')}*{note}")
            st.markdown(bullet_list(role.typical_tasks))
        if role.pitfalls and expanded:
            st.markdown(f"*{t('cards.pitfalls')}*{note}")
            st.markdown(bullet_list(p.text for p in role.pitfalls))
        if role.contacts and expanded:
            st.markdown(f"*{t('cards.contacts')}*")
            st.markdown(bullet_list(role.contacts))
        _sources_expander(t, kb, role.sources, lang)


def legal_card(t: Translator, kb: Any, ref: Any, lang: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('cards.legal')} · {ref.label}** – {loc(ref, 'title', lang)}")
        st.markdown(f"*{t('cards.requirement_text')}:* {ref.requirement}")
        st.markdown(f"*{t('cards.applies_to')}:* {ref.applies_to}")
        st.caption(f"{t('cards.read_at')}: {ref.source_text}")
        if ref.uncertain:
            st.warning(f"{t('cards.uncertain')}: {ref.uncertain_note}", icon=":material/help:")
        _sources_expander(t, kb, ref.sources, lang)


def item_card(t: Translator, kb: Any, ref: Any, lang: str) -> None:
    item = ref.item
    with st.container(border=True):
        st.markdown(f"**{t('cards.item')}** · {loc(item, 'text', lang) if lang == 'en' else item.text}")
        st.caption(t("cards.in_pathway", pathway=loc(ref.pathway, "title", lang), phase=loc(ref.phase, "title", lang)))
        st.markdown(f"*{t('cards.why')}:* {item.why}")
        responsible = [loc(kb.roles[r], "name", lang) for r in item.responsible if r in kb.roles]
        if responsible:
            st.markdown(f"*{t('cards.responsible')}:* {', '.join(responsible)}")
        if item.legal_basis:
            st.markdown(f"*{t('cards.legal_basis')}:*\n" + bullet_list(legal_lines(kb, item.legal_basis, lang)))
        _sources_expander(t, kb, item.sources, lang)


def requirement_card(t: Translator, kb: Any, pair: tuple[Any, Any], lang: str) -> None:
    rs, req = pair
    with st.container(border=True):
        st.markdown(f"**{t('cards.requirement')} {req.id} · {loc(req, 'title', lang)}**")
        st.caption(loc(rs, "title", lang))
        st.markdown(req.description)
        st.markdown(f"*{t('cards.evidence')}:*\n" + bullet_list(req.evidence_required))
        if req.legal_basis:
            st.markdown(f"*{t('cards.legal_basis')}:*\n" + bullet_list(legal_lines(kb, req.legal_basis, lang)))
        _sources_expander(t, kb, req.sources, lang)


def concept_card(t: Translator, kb: Any, concept: Any, lang: str) -> None:
    with st.container(border=True):
        names = concept.terms.by_lang()
        head = next(
            (ts[0] for code in (lang, "nb", "sv", "da", "en") for ts in [names.get(code, ())] if ts), concept.id
        )
        st.markdown(f"**{t('cards.concept')} · {head}**")
        st.markdown(concept.definition_en if lang == "en" else concept.definition_nb)
        equivalents = [f"{code}: {', '.join(ts)}" for code, ts in names.items() if ts]
        label = t("cards.equivalents") + (f" ({t('cards.approximate')})" if concept.approximate else "")
        st.caption(f"{label}: " + "; ".join(equivalents))
        _sources_expander(t, kb, concept.sources, lang)


def pathway_card(t: Translator, kb: Any, pathway: Any, lang: str, show_items: bool = False) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('cards.pathway')} · {loc(pathway, 'title', lang)}**")
        st.markdown(pathway.description)
        st.markdown(f"*{t('cards.phases')}:*")
        for n, phase in enumerate(pathway.phases, 1):
            line = f"{n}. {loc(phase, 'title', lang)} – {t('cards.items_count', count=len(phase.items))}"
            if show_items:
                with st.expander(line):
                    st.markdown(bullet_list(loc(i, "text", lang) if lang == "en" else i.text for i in phase.items))
            else:
                st.markdown(line)
        _sources_expander(t, kb, pathway.sources, lang)


def render_card(t: Translator, kb: Any, card: Card, lang: str) -> None:
    if card.kind == "role":
        role_card(t, kb, card.obj, lang, expanded=False)
    elif card.kind == "legal":
        legal_card(t, kb, card.obj, lang)
    elif card.kind == "item":
        item_card(t, kb, card.obj, lang)
    elif card.kind == "requirement":
        requirement_card(t, kb, card.obj, lang)
    elif card.kind == "concept":
        concept_card(t, kb, card.obj, lang)
    elif card.kind == "pathway":
        pathway_card(t, kb, card.obj, lang)


def render_offer(t: Translator, kb: Any, kind: str, objects: list[Any], lang: str, limit: int = 4) -> None:
    """The persona's structured knowledge, offered before any question is asked."""
    for obj in objects[:limit]:
        if kind == "role":
            with st.expander(loc(obj, "name", lang)):
                role_card(t, kb, obj, lang)
        elif kind == "requirement_set":
            with st.expander(loc(obj, "title", lang)):
                st.markdown(obj.description)
                for req in obj.requirements:
                    requirement_card(t, kb, (obj, req), lang)
        elif kind == "course":
            with st.expander(loc(obj, "title", lang)):
                st.caption(t("cards.course_hint"))
                pathway_card(t, kb, obj, lang, show_items=True)
        elif kind == "checklist":
            with st.expander(loc(obj, "title", lang)):
                pathway_card(t, kb, obj, lang, show_items=True)
