"""The audit report: per requirement a status, quotes from the routine, what is lacking, and the basis.

Built from the matcher's decisions and the kb (requirement texts, legal references,
sources). Everything a reader sees is in plain bokmål; quotes are verbatim spans of
the routine. `AuditReport.as_dict()` is the JSON contract of `veiviser audit --json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veiviser.compliance.evidence import main_section
from veiviser.compliance.matching import COVERED, MISSING, PARTIAL, STATUSES, PassageEvidence, RequirementMatch
from veiviser.compliance.passages import Passage, RoutineText, is_heading_text
from veiviser.kb.loader import KnowledgeBase
from veiviser.kb.schema import Requirement, RequirementSet

MAX_EVIDENCE = 6  # quotes shown per requirement: enough to judge, short enough to read
_HOW_RANK = {"keyword": 0, "heading": 1, "meaning": 2, "item": 3}
STATUS_LABELS = {COVERED: "Dekket", PARTIAL: "Delvis dekket", MISSING: "Mangler"}


@dataclass(frozen=True)
class EvidenceQuote:
    quote: str  # verbatim span of the routine
    page: int | None
    section: str
    supports: tuple[int, ...] = ()  # 1-based numbers of the evidence items it shows
    path: tuple[str, ...] = ()  # every heading above the quote, outermost first, `section` last

    def as_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "page": self.page,
            "section": self.section,
            "section_path": list(self.path or ((self.section,) if self.section else ())),
            "supports": list(self.supports),
        }

    @property
    def where(self) -> str:
        heading = " › ".join(self.path) if self.path else self.section
        parts = [f"s. {self.page}" if self.page is not None else "", heading]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Basis:
    """A legal or guideline reference behind a requirement, resolved from the kb."""

    id: str
    label: str  # "hol § 7-3"
    title: str
    text: str  # what it requires, in the kb's own words
    citation: str  # where to read it
    kind: str = ""
    law: str = ""
    section: str | None = None
    uncertain: bool = False
    uncertain_note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "law": self.law,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "citation": self.citation,
            "uncertain": self.uncertain,
            "uncertain_note": self.uncertain_note,
        }

    @property
    def short(self) -> str:
        return f"{self.label} – {self.title}" if self.title else self.label


@dataclass(frozen=True)
class Guidance:
    """Guideline or source text behind a requirement: the source, where in it, and its words when quoted."""

    source: str
    locator: str = ""
    quote: str = ""
    url: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "locator": self.locator, "quote": self.quote, "url": self.url}

    @property
    def text(self) -> str:
        where = f"{self.source} ({self.locator})" if self.locator else self.source
        return (f"«{self.quote}» – " if self.quote else "") + where + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True)
class RequirementResult:
    id: str
    title: str
    description: str
    status: str
    evidence: tuple[EvidenceQuote, ...]
    missing: str  # what is lacking, plain bokmål; "" when covered
    found_items: tuple[str, ...]
    missing_items: tuple[str, ...]
    basis: tuple[Basis, ...]
    sources: tuple[str, ...]  # guideline and evaluation sources of the requirement
    undecided: tuple[EvidenceQuote, ...] = ()
    section: str = ""  # the section of the routine that addresses it best ("" when missing)
    guidance: tuple[Guidance, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "section": self.section,
            "evidence": [e.as_dict() for e in self.evidence],
            "missing": self.missing,
            "found_items": list(self.found_items),
            "missing_items": list(self.missing_items),
            "undecided": [e.as_dict() for e in self.undecided],
            "basis": [b.as_dict() for b in self.basis],
            "sources": list(self.sources),
            "guidance": [g.as_dict() for g in self.guidance],
        }

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def basis_text(self) -> str:
        return "; ".join(b.label for b in self.basis) or "; ".join(self.sources)


@dataclass(frozen=True)
class AuditReport:
    file: str
    title: str
    lang: str
    requirement_set: str
    requirement_set_title: str
    results: tuple[RequirementResult, ...]
    embedder: str = ""
    warnings: tuple[str, ...] = ()
    set_note: str = ""  # how the requirement set was picked, when it was not given
    decided_by: str = "rules"  # "rules" | "learned"

    def summary(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        for r in self.results:
            counts[r.status] += 1
        return counts

    def result(self, requirement_id: str) -> RequirementResult:
        for r in self.results:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "requirement_set": self.requirement_set,
            "requirement_set_note": self.set_note,
            "decided_by": self.decided_by,
            "lang": self.lang,
            "requirements": [r.as_dict() for r in self.results],
            "summary": self.summary(),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- building


def resolve_basis(kb: KnowledgeBase, ids: Sequence[str]) -> tuple[Basis, ...]:
    legal = kb.legal
    out: list[Basis] = []
    for ref_id in ids:
        ref = legal.get(ref_id)
        if ref is None:
            out.append(Basis(id=ref_id, label=ref_id, title="", text="", citation=""))
            continue
        out.append(
            Basis(
                id=ref.id,
                label=ref.label,
                title=ref.title,
                text=" ".join(ref.requirement.split()),
                citation=ref.source_text,
                kind=ref.kind.value,
                law=ref.law,
                section=ref.section,
                uncertain=ref.uncertain,
                uncertain_note=ref.uncertain_note or "",
            )
        )
    return tuple(out)


def source_labels(kb: KnowledgeBase, req: Requirement) -> tuple[str, ...]:
    sources = kb.sources
    labels: list[str] = []
    for ref in req.sources:
        src = sources.get(ref.source)
        label = src.title if src else ref.source
        if ref.locator:
            label += f" ({ref.locator})"
        if label not in labels:
            labels.append(label)
    return tuple(labels)


def guidance(kb: KnowledgeBase, req: Requirement) -> tuple[Guidance, ...]:
    """The requirement's guideline and source texts, quoted where the kb quotes them."""
    sources = kb.sources
    out: list[Guidance] = []
    for ref in req.sources:
        src = sources.get(ref.source)
        out.append(
            Guidance(
                source=src.title if src else ref.source,
                locator=ref.locator or "",
                quote=" ".join((ref.quote or "").split()),
                url=(src.url or "") if src else "",
            )
        )
    return tuple(out)


def _quote(passage: Passage, supports: Sequence[int] = ()) -> EvidenceQuote:
    return EvidenceQuote(
        quote=passage.text,
        page=passage.page,
        section=passage.section,
        supports=tuple(j + 1 for j in supports),
        path=passage.section_path,
    )


def _chosen_evidence(evidence: Sequence[PassageEvidence], section: str) -> list[PassageEvidence]:
    """The strongest MAX_EVIDENCE passages, the best section's first, each section in document order.

    Strength: items shown, then how they matched. A passage that reads as a bare heading
    or title is never quoted when a sentence can be.
    """
    sentences = [e for e in evidence if not is_heading_text(e.passage.text)] or list(evidence)
    ranked = sorted(
        sentences,
        key=lambda e: (e.passage.section != section, -len(e.items), _HOW_RANK.get(e.how, 9), e.passage.index),
    )
    keep = {e.passage.index for e in ranked[:MAX_EVIDENCE]}
    chosen = [e for e in sentences if e.passage.index in keep]
    return sorted(chosen, key=lambda e: (e.passage.section != section, e.passage.index))


def _numbered(items: Sequence[str]) -> str:
    return " ".join(f"({n}) {' '.join(text.split())}" for n, text in enumerate(items, 1))


def _where(passage: Passage) -> str:
    page = f"s. {passage.page}" if passage.page is not None else ""
    parts = [page, f"«{passage.section}»" if passage.section else ""]
    return ", ".join(p for p in parts if p)


def missing_text(status: str, missing_items: Sequence[str], undecided: Sequence[Passage]) -> str:
    """What is lacking, in plain bokmål (empty for a covered requirement)."""
    if status == COVERED:
        return ""
    parts: list[str] = []
    if status == MISSING:
        if undecided:
            where = _where(undecided[0])
            parts.append(
                "Rutinen nevner temaet, men sier at det ikke er avklart ennå"
                + (f" ({where})" if where else "")
                + ". Det teller ikke som dekket."
            )
        else:
            parts.append("Rutinen omtaler ikke dette kravet.")
        parts.append(f"Rutinen bør beskrive: {_numbered(missing_items)}")
    else:
        parts.append("Rutinen dekker deler av kravet.")
        if missing_items:
            parts.append(f"Ikke funnet: {_numbered(missing_items)}")
        if undecided:
            parts.append(f"Noe er oppgitt som ikke avklart ennå ({_where(undecided[0]) or 'se rutinen'}).")
    return " ".join(parts)


def build_report(
    routine: RoutineText,
    requirement_set: RequirementSet,
    matches: Sequence[RequirementMatch],
    kb: KnowledgeBase,
    *,
    embedder: str = "",
    warnings: Sequence[str] = (),
    set_note: str = "",
    decided_by: str = "rules",
) -> AuditReport:
    by_id = {m.requirement_id: m for m in matches}
    results: list[RequirementResult] = []
    for req in requirement_set.requirements:
        match = by_id[req.id]
        items = req.evidence_required
        missing_items = tuple(items[j] for j in match.items_missing)
        section = main_section(match.evidence)
        results.append(
            RequirementResult(
                id=req.id,
                title=req.title,
                description=" ".join(req.description.split()),
                status=match.status,
                evidence=tuple(_quote(e.passage, e.items) for e in _chosen_evidence(match.evidence, section)),
                missing=missing_text(match.status, missing_items, match.undecided),
                found_items=tuple(items[j] for j in match.items_found),
                missing_items=missing_items,
                basis=resolve_basis(kb, req.legal_basis),
                sources=source_labels(kb, req),
                undecided=tuple(_quote(p) for p in match.undecided[:MAX_EVIDENCE]),
                section=section,
                guidance=guidance(kb, req),
            )
        )
    return AuditReport(
        file=routine.file,
        title=routine.title,
        lang=routine.lang,
        requirement_set=requirement_set.id,
        requirement_set_title=requirement_set.title,
        results=tuple(results),
        embedder=embedder,
        warnings=tuple(warnings),
        set_note=set_note,
        decided_by=decided_by,
    )
