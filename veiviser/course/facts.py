"""Facts from the curated kb, each with an exact citation, ranked by how much they bear on a topic.

A fact is one role duty, typical task or pitfall, a role summary, what a legal provision
requires, a glossary definition, or why a checklist item matters. Its citation points
at the kb document the index holds for that kb file (`veiviser.kb.documents`), and its
quote is the fact's text, which is an exact span of one block of that document.

Relevance is lexical and explainable: the topic's words (stemmed, compounds split)
plus the glossary terms it names ("koordinatorrollen" names the concept koordinator)
are looked for in the fact and in what it belongs to (the role's name, the provision's
title); rare words weigh more than everyday ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from veiviser.course.model import CourseCitation
from veiviser.kb.documents import kb_documents
from veiviser.kb.glossary import Glossary
from veiviser.kb.loader import KnowledgeBase
from veiviser.kb.schema import SourceRef
from veiviser.text.terms import word_weight
from veiviser.text.tokens import analyse, tokenize

OWNER_MATCH_BONUS = 1.0  # a fact about the role or concept the topic names


@dataclass(frozen=True)
class Fact:
    kind: str  # role_summary | duty | task | pitfall | legal | concept | item_why
    text: str
    citation: CourseCitation
    owner: str  # id of the role, legal reference, concept or checklist item
    owner_label: str  # role name, "hol § 7-2", glossary term, checklist question
    cited_text: str  # the whole cited block: what a rephrasing is checked against
    legal_basis: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()  # titles of the sources the kb item rests on
    group: str = ""  # role id / pathway id / law, for diversity and distractors


class KbFacts:
    """All citable facts of one jurisdiction of the kb."""

    def __init__(self, kb: KnowledgeBase, jurisdiction: str, lang: str) -> None:
        self.kb = kb
        self.jurisdiction = jurisdiction
        self.lang = lang
        self._blocks: dict[str, list[str]] = {doc.source: [b.text for b in doc.blocks] for doc in kb_documents(kb)}
        self.facts: list[Fact] = []
        self._collect()

    # ------------------------------------------------------------------ citations
    def cite(self, model, quote: str, section: str) -> tuple[CourseCitation, str] | None:
        """A citation of `quote` in the kb document of `model`'s file, with the block it is in."""
        kb_file = self.kb.file_of(model)
        quote = " ".join(quote.split()) if quote not in "".join(self._blocks.get(kb_file.rel, [])) else quote
        for block in self._blocks.get(kb_file.rel, []):
            if quote in block:
                title = self.kb_title(model)
                return CourseCitation(source=kb_file.rel, page=None, quote=quote, section=section, title=title), block
        return None

    @staticmethod
    def kb_title(model) -> str:
        return getattr(model, "title", "") or "Ordliste / Glossary"

    def source_titles(self, refs: Iterable[SourceRef]) -> tuple[str, ...]:
        sources = self.kb.sources
        out: list[str] = []
        for ref in refs:
            src = sources.get(ref.source)
            title = src.title if src else ref.source
            if title not in out:
                out.append(title)
        return tuple(out)

    def _add(
        self,
        kind: str,
        model,
        text: str,
        section: str,
        owner: str,
        owner_label: str,
        *,
        legal_basis: tuple[str, ...] = (),
        refs: Iterable[SourceRef] = (),
        group: str = "",
    ) -> None:
        cited = self.cite(model, text.strip(), section)
        if cited is None:
            return
        citation, block = cited
        self.facts.append(
            Fact(
                kind=kind,
                text=citation.quote,
                citation=citation,
                owner=owner,
                owner_label=owner_label,
                cited_text=block,
                legal_basis=legal_basis,
                based_on=self.source_titles(refs),
                group=group,
            )
        )

    def _collect(self) -> None:
        for rf in self.kb.role_files:
            if rf.jurisdiction != self.jurisdiction:
                continue
            for role in rf.roles:
                self._add(
                    "role_summary", rf, role.summary, role.name, role.id, role.name, refs=role.sources, group=role.id
                )
                for duty in role.duties:
                    self._add(
                        "duty",
                        rf,
                        duty.text,
                        role.name,
                        role.id,
                        role.name,
                        legal_basis=duty.legal_basis,
                        refs=duty.sources,
                        group=role.id,
                    )
                for task in role.typical_tasks:
                    self._add("task", rf, task, role.name, role.id, role.name, refs=role.sources, group=role.id)
                for pitfall in role.pitfalls:
                    self._add(
                        "pitfall", rf, pitfall.text, role.name, role.id, role.name, refs=pitfall.sources, group=role.id
                    )
        for lf in self.kb.legal_files:
            if lf.jurisdiction != self.jurisdiction:
                continue
            for ref in lf.refs:
                self._add(
                    "legal",
                    lf,
                    ref.requirement,
                    f"{ref.label} – {ref.title}",
                    ref.id,
                    ref.label,
                    refs=ref.sources,
                    group=ref.law,
                )
        if self.jurisdiction == "no" or self.lang == "en":
            glossary_file = next((f.model for f in self.kb.files if f.kind == "glossary"), None)
            if glossary_file is not None:
                for concept in self.kb.glossary_concepts:
                    term = self.term(concept)
                    if not term:
                        continue
                    definition = concept.definition_en if self.lang == "en" else concept.definition_nb
                    self._add(
                        "concept",
                        glossary_file,
                        definition,
                        term,
                        concept.id,
                        term,
                        refs=concept.sources,
                        group="glossary",
                    )
        for pw in self.kb.pathways:
            if pw.jurisdiction != self.jurisdiction:
                continue
            for phase in pw.phases:
                for item in phase.items:
                    self._add(
                        "item_why",
                        pw,
                        item.why,
                        item.text,
                        item.id,
                        item.text,
                        legal_basis=item.legal_basis,
                        refs=item.sources,
                        group=pw.id,
                    )

    def term(self, concept) -> str:
        """The concept's term in the course language (nynorsk and English fall back to bokmål)."""
        terms = concept.terms
        for lang in (self.lang, "nb") if self.lang in ("nb", "nn", "en") else (self.lang,):
            found = getattr(terms, lang, ())
            if found:
                return found[0]
        return ""

    # ------------------------------------------------------------------ relevance
    @cached_property
    def glossary(self) -> Glossary:
        return Glossary(self.kb.glossary_concepts)

    def topic_terms(self, topic: str, audience: str = "") -> dict[str, float]:
        """Stem -> weight for the topic (full weight) and audience (half), with glossary terms they name."""
        weights: dict[str, float] = {}

        def add(text: str, factor: float) -> None:
            for word in tokenize(text):
                w = word_weight(word, self.lang) * factor
                if w <= 0:
                    continue
                for stem in analyse(word, self.lang):
                    weights[stem] = max(weights.get(stem, 0.0), w)

        add(topic, 1.0)
        add(audience, 0.5)
        for match in self.glossary.matches(topic):
            for term in (*match.concept.terms.nb, *getattr(match.concept.terms, self.lang, ())):
                add(term, 0.8)
        return weights

    def named_owners(self, topic: str) -> set[str]:
        """Ids of roles and concepts the topic names ("koordinatorrollen" -> no-koordinator, koordinator)."""
        named = {m.concept.id for m in self.glossary.matches(topic)}
        topic_stems = set(analyse(topic, self.lang))
        for rf in self.kb.role_files:
            if rf.jurisdiction != self.jurisdiction:
                continue
            for role in rf.roles:
                name_stems = set(analyse(role.name, self.lang))
                if name_stems and name_stems <= topic_stems or any(role.id.endswith(cid) for cid in named):
                    named.add(role.id)
        return named

    def rank(self, topic: str, audience: str = "") -> list[tuple[float, Fact]]:
        """Facts with a score > 0, best first (kb order breaks ties)."""
        weights = self.topic_terms(topic, audience)
        total = sum(weights.values()) or 1.0
        named = self.named_owners(topic)
        scored: list[tuple[float, int, Fact]] = []
        for order, fact in enumerate(self.facts):
            stems = set(analyse(f"{fact.owner_label} {fact.text}", self.lang))
            score = sum(w for stem, w in weights.items() if stem in stems) / total
            if fact.owner in named:
                score += OWNER_MATCH_BONUS
            if score > 0:
                scored.append((score, order, fact))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [(s, f) for s, _, f in scored]
