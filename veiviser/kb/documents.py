"""Turn the curated kb into LoadedDocuments so it is indexed beside the corpus.

Answers can then cite a checklist item, a role card, a legal reference or a
glossary entry just as they cite a page of a report. One YAML file becomes one
document (source = "kb/<folder>/<file>.yaml"); phases, items, roles and
sections become headings so chunks carry a meaningful section label. The
source registry and the compliance requirement sets are left out: the first
holds no knowledge, and the second holds sample routine wording that must
never be cited as fact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from veiviser.core.types import Block, BlockKind, LoadedDocument
from veiviser.kb.loader import KbFile, KnowledgeBase
from veiviser.kb.schema import GlossaryFile, LegalFile, Pathway, RolesFile, SourceRef

_LABELS = {
    "nb": {
        "why": "Hvorfor",
        "responsible": "Ansvarlig",
        "basis": "Hjemmel",
        "source": "Kilde",
        "instead": "Gjør i stedet",
        "no_share": "Ikke del med",
        "target": "Målgruppe",
        "answer": "Svar",
        "not_covered": "Kildene sier ikke noe om",
    },
    "sv": {
        "why": "Varför",
        "responsible": "Ansvarig",
        "basis": "Rättslig grund",
        "source": "Källa",
        "instead": "Gör i stället",
        "no_share": "Dela inte med",
        "target": "Målgrupp",
        "answer": "Svar",
        "not_covered": "Källorna säger inget om",
    },
    "da": {
        "why": "Hvorfor",
        "responsible": "Ansvarlig",
        "basis": "Hjemmel",
        "source": "Kilde",
        "instead": "Gør i stedet",
        "no_share": "Del ikke med",
        "target": "Målgruppe",
        "answer": "Svar",
        "not_covered": "Kilderne siger intet om",
    },
}
_WHY_LABELS = tuple(sorted({f"{labels['why']}: " for labels in _LABELS.values()}))
_RESPONSIBLE_LABELS = tuple(sorted({f"{labels['responsible']}: " for labels in _LABELS.values()}))


def field_as_prose(text: str) -> str:
    """A kb field line as a reader says it: "Hvorfor: X" is X, and "Ansvarlig: A, B." is
    "A, B har ansvaret." (the same words in nb, sv and da), so a label is never read as the answer."""
    for label in _WHY_LABELS:
        if text.startswith(label) and len(text) > len(label):
            rest = text[len(label) :]
            return rest[:1].upper() + rest[1:]
    for label in _RESPONSIBLE_LABELS:
        if text.startswith(label) and "\n" not in text:
            who = text[len(label) :].strip().rstrip(".")
            answer_part = ""
            if ". " in who:  # "A. Svar: ..." (choice items) keeps what follows
                who, answer_part = who.split(". ", 1)
                answer_part = f" {answer_part.rstrip('.')}."
            return f"{who} har ansvaret.{answer_part}" if who else text
    return text


_ROLE_HEADINGS = {
    "nb": ("Plikter", "Typiske oppgaver", "Vanlige fallgruver", "Kontakt"),
    "sv": ("Skyldigheter", "Typiska uppgifter", "Vanliga fallgropar", "Kontakt"),
    "da": ("Pligter", "Typiske opgaver", "Typiske faldgruber", "Kontakt"),
}
ROLE_FIELD_HEADINGS = frozenset(h for headings in _ROLE_HEADINGS.values() for h in headings)
# the heading over a pathway's "the sources are silent on ..." notes: they say what is not known,
# so they are never an answer, and a question that matches one is one the sources leave open
NOT_COVERED_HEADINGS = frozenset(labels["not_covered"] for labels in _LABELS.values())
_ANSWER_LABELS = {
    "nb": {
        "yes_no": "ja/nei",
        "yes_no_na": "ja/nei/ikke aktuelt",
        "text": "fritekst",
        "scale": "skala",
        "number": "tall",
        "choice": "valg",
    },
    "sv": {
        "yes_no": "ja/nej",
        "yes_no_na": "ja/nej/ej aktuellt",
        "text": "fritext",
        "scale": "skala",
        "number": "antal",
        "choice": "val",
    },
    "da": {
        "yes_no": "ja/nej",
        "yes_no_na": "ja/nej/ikke relevant",
        "text": "fritekst",
        "scale": "skala",
        "number": "antal",
        "choice": "valg",
    },
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["nb"])


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.path: list[str] = []

    def heading(self, text: str, level: int) -> None:
        self.path = self.path[: level - 1]
        self.blocks.append(Block(text=text, kind=BlockKind.HEADING, heading_path=tuple(self.path), level=level))
        self.path.append(text)

    def para(self, text: str | None, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        if text and text.strip():
            self.blocks.append(Block(text=text.strip(), kind=kind, heading_path=tuple(self.path)))


def _source_titles(kb: KnowledgeBase, refs: Iterable[SourceRef]) -> str:
    sources = kb.sources
    titles: list[str] = []
    for ref in refs:
        src = sources.get(ref.source)
        label = src.title if src else ref.source
        if ref.locator:
            label += f" ({ref.locator})"
        if label not in titles:
            titles.append(label)
    return "; ".join(titles)


def _legal_labels(kb: KnowledgeBase, ids: Iterable[str]) -> str:
    legal = kb.legal
    return "; ".join(legal[i].label if i in legal else i for i in ids)


def _pathway_blocks(kb: KnowledgeBase, pw: Pathway) -> list[Block]:
    lab = _labels(pw.lang)
    answers = _ANSWER_LABELS.get(pw.lang, _ANSWER_LABELS["nb"])
    roles = kb.roles
    b = _Builder()
    b.heading(pw.title, 1)
    b.para(pw.description)
    if pw.target_group:
        b.para(f"{lab['target']}: {pw.target_group}")
    if pw.legal_basis:
        b.para(f"{lab['basis']}: {_legal_labels(kb, pw.legal_basis)}")
    for phase in pw.phases:
        b.heading(phase.title, 2)
        b.para(phase.description)
        for item in phase.items:
            b.heading(item.text, 3)
            kind = answers[item.answer_type.value]
            if item.answer_type.value == "scale":
                kind += f" {item.scale_min}–{item.scale_max}"
            elif item.options:
                kind += ": " + " / ".join(o.label for o in item.options)
            b.para(f"{lab['why']}: {item.why}")
            who = ", ".join(roles[r].name if r in roles else r for r in item.responsible)
            if item.responsible_note:
                who += f" ({item.responsible_note})"
            if item.answer_type.value in ("choice", "scale"):  # the options say something
                b.para(f"{lab['responsible']}: {who}. {lab['answer']}: {kind}.")
            else:  # "Svar: ja/nei" is form layout; quoted in an answer it reads as nonsense
                b.para(f"{lab['responsible']}: {who}.")
            if item.legal_basis:
                b.para(f"{lab['basis']}: {_legal_labels(kb, item.legal_basis)}.")
            b.para(item.note)
            for rule in item.rules:
                text = rule.message
                if rule.may_not_share_with:
                    text += f" {lab['no_share']}: {', '.join(rule.may_not_share_with)}."
                if rule.do_instead:
                    text += f" {lab['instead']}: {rule.do_instead}"
                b.para(text, BlockKind.LIST_ITEM)
            b.para(f"{lab['source']}: {_source_titles(kb, item.sources)}.")
    if pw.actor_map:
        am = pw.actor_map
        b.heading(am.title, 2)
        b.para(am.message)
        for role in (*am.always_included, *am.required_roles):
            b.para(role.label, BlockKind.LIST_ITEM)
    if pw.calculator:
        calc = pw.calculator
        b.heading(calc.title, 2)
        b.para(calc.decision)
        for p in calc.parameters:
            b.para(f"{p.label} ({p.data_from}): {p.grade_min}–{p.grade_max}", BlockKind.LIST_ITEM)
        for text in (*calc.assumptions, *calc.not_in_source):
            b.para(text)
    if pw.cycle_tracker:
        ct = pw.cycle_tracker
        b.heading(ct.title, 2)
        for stage in ct.stages:
            b.para(f"{stage.label}: {stage.description}", BlockKind.LIST_ITEM)
        b.para(ct.after_trial)
    if pw.not_covered:
        b.heading(lab["not_covered"], 2)
        for text in pw.not_covered:
            b.para(text, BlockKind.LIST_ITEM)
    return b.blocks


def _roles_blocks(kb: KnowledgeBase, rf: RolesFile) -> list[Block]:
    h_duties, h_tasks, h_pitfalls, h_contacts = _ROLE_HEADINGS.get(rf.lang, _ROLE_HEADINGS["nb"])
    lab = _labels(rf.lang)
    b = _Builder()
    b.heading(rf.title, 1)
    for role in rf.roles:
        b.heading(role.name, 2)
        b.para(role.summary)
        b.para(role.note)
        if role.duties:
            b.heading(f"{role.name}: {h_duties}", 3)
            for d in role.duties:
                basis = f" ({lab['basis']}: {_legal_labels(kb, d.legal_basis)})" if d.legal_basis else ""
                b.para(d.text + basis, BlockKind.LIST_ITEM)
        if role.typical_tasks:
            b.heading(f"{role.name}: {h_tasks}", 3)
            for t in role.typical_tasks:
                b.para(t, BlockKind.LIST_ITEM)
        if role.pitfalls:
            b.heading(f"{role.name}: {h_pitfalls}", 3)
            for p in role.pitfalls:
                b.para(p.text, BlockKind.LIST_ITEM)
        if role.contacts:
            b.heading(f"{role.name}: {h_contacts}", 3)
            for c in role.contacts:
                b.para(c, BlockKind.LIST_ITEM)
    return b.blocks


def _legal_blocks(kb: KnowledgeBase, lf: LegalFile) -> list[Block]:
    lab = _labels(lf.lang)
    b = _Builder()
    b.heading(lf.title, 1)
    for ref in lf.refs:
        b.heading(f"{ref.label} – {ref.title}", 2)
        b.para(ref.requirement)
        b.para(ref.applies_to)
        b.para(ref.note)
        if ref.uncertain:
            b.para(f"Usikkert / uncertain: {ref.uncertain_note}")
        b.para(f"{lab['source']}: {ref.source_text}")
    return b.blocks


def _glossary_blocks(gf: GlossaryFile) -> list[Block]:
    b = _Builder()
    b.heading("Ordliste / Glossary (nb, nn, sv, da, en)", 1)
    for c in gf.concepts:
        head = (c.terms.nb or c.terms.sv or c.terms.da or c.terms.en or c.terms.nn)[0]
        b.heading(head, 2)
        terms = "; ".join(f"{lang}: {', '.join(ts)}" for lang, ts in c.terms.by_lang().items() if ts)
        # the mark is about the terms' equivalence: it stands on their line, so a definition quotes clean
        b.para(terms + (" (omtrentlig likeverdige begreper)" if c.approximate else ""))
        b.para(c.definition_nb)
        b.para(c.definition_en)
    return b.blocks


# Bump when the text made from a kb file changes, so indexes built from the old text re-index it.
RENDERING_VERSION = 4  # 2: no "Svar: ja/nei" lines for plain yes/no and free-text items; 3: glossary
# approximate mark on the terms' line; 4: every passage keeps the file's declared language


def kb_content_hash(file_sha256: str) -> str:
    """The document's content hash: its file's bytes and how we render them."""
    return hashlib.sha256(f"kb-rendering-{RENDERING_VERSION}:{file_sha256}".encode()).hexdigest()


def _document(f: KbFile, title: str, blocks: list[Block], meta: dict[str, str]) -> LoadedDocument:
    return LoadedDocument(
        source=f.rel,
        path=str(f.path.resolve()),
        doc_type="kb",
        title=title,
        blocks=tuple(blocks),
        content_hash=kb_content_hash(f.sha256),
        pages=None,
        meta={"kb_kind": f.kind, **meta},
    )


def kb_documents(kb: KnowledgeBase) -> list[LoadedDocument]:
    """Pathways, role cards, legal references and the glossary as documents for the index."""
    docs: list[LoadedDocument] = []
    for f in kb.files:
        m = f.model
        if isinstance(m, Pathway):
            docs.append(_document(f, m.title, _pathway_blocks(kb, m), {"lang": m.lang, "jurisdiction": m.jurisdiction}))
        elif isinstance(m, RolesFile):
            docs.append(_document(f, m.title, _roles_blocks(kb, m), {"lang": m.lang, "jurisdiction": m.jurisdiction}))
        elif isinstance(m, LegalFile):
            docs.append(_document(f, m.title, _legal_blocks(kb, m), {"lang": m.lang, "jurisdiction": m.jurisdiction}))
        elif isinstance(m, GlossaryFile):
            docs.append(_document(f, "Ordliste / Glossary", _glossary_blocks(m), {"lang": "nb"}))
    return docs
