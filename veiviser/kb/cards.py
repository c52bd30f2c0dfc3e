"""Structured knowledge shown beside a text answer: role cards, legal references, checklist items,
requirements, glossary concepts, pathways.

When a question names a role ("koordinator"), a section ("pbrl § 2-5") or a concept from
the glossary, the curated card says it more precisely than any passage can. Matching is
deliberately simple and explainable: explicit section numbers, role names and glossary
terms found in the question, and shared content words for checklist items. The persona
decides which kind is offered first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from veiviser.kb.glossary import Glossary, tokens
from veiviser.kb.loader import KnowledgeBase
from veiviser.text.tokens import analyse

PERSONA_KINDS: dict[str, tuple[str, ...]] = {
    "coordinator": ("role", "legal", "item", "concept", "requirement", "pathway"),
    "leader": ("requirement", "legal", "role", "item", "concept", "pathway"),
    "trainer": ("pathway", "concept", "role", "legal", "item", "requirement"),
    "frontline": ("item", "role", "legal", "concept", "requirement", "pathway"),
}
UI_JURISDICTION = {"nb": "no", "nn": "no", "sv": "se", "da": "dk", "en": "no"}

_SECTION = re.compile(r"§+\s*(\d+)\s*[-–]\s*(\d+)\s*([a-z])?\b", re.IGNORECASE)
_MIN_CONTENT_LEN = 5


@dataclass(frozen=True)
class Card:
    kind: str  # role | legal | item | requirement | concept | pathway
    id: str
    score: float
    obj: Any  # the kb model; for items an ItemRef, for requirements (RequirementSet, Requirement)


def _norm_section(text: str) -> str | None:
    m = _SECTION.search(text or "")
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}{(m.group(3) or '').lower()}"


def _sections_in(question: str) -> set[str]:
    return {f"{m.group(1)}-{m.group(2)}{(m.group(3) or '').lower()}" for m in _SECTION.finditer(question)}


def contains_phrase(q_tokens: list[str], phrase: str) -> bool:
    """All words of `phrase` appear in order in the question (longer words may be inflected)."""
    return phrase_span(q_tokens, phrase) is not None


def phrase_span(q_tokens: list[str], phrase: str) -> tuple[int, int] | None:
    """Where `phrase` stands in the question's tokens (start, end), or None."""
    p = tokens(phrase)
    if not p:
        return None
    for start in range(len(q_tokens) - len(p) + 1):
        if all(
            q_tokens[start + k] == w or (len(w) >= 5 and q_tokens[start + k].startswith(w[: max(5, len(w) - 2)]))
            for k, w in enumerate(p)
        ):
            return start, start + len(p)
    return None


def _content_stems(text: str, lang: str) -> set[str]:
    words = " ".join(w for w in tokens(text) if len(w) >= _MIN_CONTENT_LEN)
    return set(analyse(words, lang)) if words else set()


def match_cards(
    kb: KnowledgeBase, question: str, *, persona: str = "coordinator", lang: str = "nb", limit: int = 4
) -> list[Card]:
    """Cards whose subject the question names, best first, the persona's preferred kinds ahead on ties."""
    q_tokens = tokens(question)
    sections = _sections_in(question)
    q_lower = question.casefold()
    found: dict[tuple[str, str], Card] = {}

    def add(kind: str, key: str, score: float, obj: Any) -> None:
        old = found.get((kind, key))
        if old is None or old.score < score:
            found[(kind, key)] = Card(kind, key, score, obj)

    # legal references named by section number (and law)
    for ref in kb.legal.values():
        sec = _norm_section(ref.section or "")
        if sec and sec in sections:
            named = any(
                n and re.search(rf"(?<!\w){re.escape(n.casefold())}", q_lower) for n in (ref.law_short, ref.law)
            )
            add("legal", ref.id, 3.0 + (1.0 if named else 0.0), ref)

    # role cards named by their name
    for role in kb.roles.values():
        if any(contains_phrase(q_tokens, n) for n in (role.name, role.name_en, *role.aliases)):
            add("role", role.id, 2.5, role)

    # glossary concepts named in the question; roles and legal refs sharing their terms
    if kb.glossary_concepts:
        glossary = Glossary(kb.glossary_concepts)
        for m in glossary.matches(question):
            add("concept", m.concept.id, 1.5 + 0.1 * m.length, m.concept)
            terms = {t.casefold() for t in m.concept.terms.all()}
            for role in kb.roles.values():
                if role.name.casefold() in terms or role.name_en.casefold() in terms:
                    add("role", role.id, 2.0, role)

    # requirements whose keywords the question uses
    for rs in kb.requirement_sets:
        for req in rs.requirements:
            hits = sum(1 for kw in req.keywords if contains_phrase(q_tokens, kw))
            if hits:
                add("requirement", f"{rs.id}/{req.id}", 1.0 + 0.5 * min(hits, 3), (rs, req))

    # checklist items sharing several content words with the question
    q_stems = _content_stems(question, lang)
    if len(q_stems) >= 2:
        for item_id, item_ref in kb.items().items():
            stems = _content_stems(item_ref.item.text, item_ref.pathway.lang)
            shared = len(q_stems & stems)
            if shared >= 2:
                add("item", item_id, 0.8 + 0.6 * shared / len(q_stems), item_ref)

    order = PERSONA_KINDS.get(persona, PERSONA_KINDS["coordinator"])
    jurisdiction = UI_JURISDICTION.get(lang, "no")

    def rank(card: Card) -> tuple[float, int, str]:
        boost = 0.5 if card.kind == order[0] else 0.0
        home = 0.2 if _jurisdiction_of(card) in (jurisdiction, None) else 0.0
        return (-(card.score + boost + home), order.index(card.kind), card.id)

    return sorted(found.values(), key=rank)[:limit]


def _jurisdiction_of(card: Card) -> str | None:
    prefix = card.id.split("-", 1)[0]
    return prefix if prefix in ("no", "se", "dk") else None


def offered_for(kb: KnowledgeBase, persona: str, lang: str) -> tuple[str, list[Any]]:
    """What a persona gets first on the landing page: (kind, objects), home jurisdiction first.

    coordinator: role cards; leader: requirement sets (requirement checks);
    trainer: pathways (phases as course modules); frontline: pathways as checklists.
    """
    jurisdiction = UI_JURISDICTION.get(lang, "no")

    def home_first(objs: Iterable[Any], juris_of) -> list[Any]:
        objs = list(objs)
        return sorted(objs, key=lambda o: 0 if juris_of(o) == jurisdiction else 1)

    if persona == "leader":
        return "requirement_set", home_first(kb.requirement_sets, lambda rs: rs.jurisdiction)
    if persona == "trainer":
        return "course", home_first(kb.pathways, lambda p: p.jurisdiction)
    if persona == "frontline":
        return "checklist", home_first(kb.pathways, lambda p: p.jurisdiction)
    roles = [(f.jurisdiction, r) for f in kb.role_files for r in f.roles]
    return "role", [r for _, r in sorted(roles, key=lambda jr: 0 if jr[0] == jurisdiction else 1)]
