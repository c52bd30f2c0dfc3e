"""Check the whole knowledge base: schema, unique ids, references, sources and quotes.

What one file cannot know is checked here: that ids are unique across the kb,
that every cited source, legal reference, role and rule target exists, that
every quote is found in its corpus document (fuzzy, tolerant of OCR damage),
and that every section number we state is one the domain brief gives.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from veiviser.core.config import project_root
from veiviser.kb.loader import KbFile, KbProblem, KnowledgeBase, read_kb
from veiviser.kb.quotes import DEFAULT_THRESHOLD, QuoteFinder
from veiviser.kb.schema import (
    ActorRole,
    Concept,
    Duty,
    Item,
    LegalRef,
    Pathway,
    Phase,
    Requirement,
    RequirementSet,
    RoleCard,
    Rule,
    Source,
    SourceKind,
    SourceRef,
)

log = logging.getLogger(__name__)


def default_corpus_dir() -> Path | None:
    """`<repo>/../shared/corpus` when it exists (the layout on developer machines and CI)."""
    path = project_root().parent / "shared" / "corpus"
    return path if path.is_dir() else None


def default_brief_path() -> Path | None:
    path = project_root().parent / "shared" / "domain" / "brief.md"
    return path if path.is_file() else None


@dataclass
class ValidationReport:
    problems: list[KbProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    quotes_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": self.warnings,
            "counts": self.counts,
            "quotes_checked": self.quotes_checked,
        }


# --------------------------------------------------------------------------- walking models


def _walk(obj: Any, owner: str | None = None) -> Iterator[tuple[Any, str | None]]:
    """Every nested model with the id of the nearest enclosing object that has one."""
    if isinstance(obj, BaseModel):
        own = getattr(obj, "id", None)
        owner = own if isinstance(own, str) else owner
        yield obj, owner
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), owner)
    elif isinstance(obj, (tuple, list)):
        for v in obj:
            yield from _walk(v, owner)


def _in_file(kb: KnowledgeBase, kind: type) -> Iterator[tuple[KbFile, Any, str | None]]:
    for f in kb.files:
        for obj, owner in _walk(f.model):
            if isinstance(obj, kind):
                yield f, obj, owner


# --------------------------------------------------------------------------- checks


def _duplicates(kb: KnowledgeBase) -> list[KbProblem]:
    problems: list[KbProblem] = []

    def check(label: str, entries: Iterable[tuple[str, str]]) -> None:
        entries = list(entries)
        counts = Counter(i for i, _ in entries)
        reported: set[str] = set()
        for ident, rel in entries:
            if counts[ident] > 1 and ident not in reported:
                reported.add(ident)
                files = sorted({r for i, r in entries if i == ident})
                problems.append(
                    KbProblem(
                        rel,
                        f"{label} id {ident!r} is used {counts[ident]} times (in {', '.join(files)})",
                        ident,
                        "duplicate",
                    )
                )

    def ids(kind: type, attr: str = "id") -> list[tuple[str, str]]:
        return [(getattr(obj, attr), f.rel) for f, obj, _ in _in_file(kb, kind)]

    check("source", ids(Source))
    check("pathway", ids(Pathway))
    check("phase", ids(Phase))
    check("item", ids(Item))
    check("role", ids(RoleCard))
    check("legal reference", ids(LegalRef))
    check("glossary concept", ids(Concept))
    check("requirement set", ids(RequirementSet))
    for rs in kb.requirement_sets:
        rel = kb.file_of(rs).rel
        check(f"requirement (in {rs.id})", [(r.id, rel) for r in rs.requirements])
    return problems


def _references(kb: KnowledgeBase) -> list[KbProblem]:
    problems: list[KbProblem] = []
    sources, legal, roles = kb.sources, kb.legal, kb.roles

    for f, ref, owner in _in_file(kb, SourceRef):
        if ref.source not in sources:
            problems.append(
                KbProblem(f.rel, f"cites unknown source {ref.source!r} (add it to sources.yaml)", owner, "reference")
            )

    def legal_ids(obj: Any) -> tuple[str, ...]:
        if isinstance(obj, (Item, Rule, Duty, Requirement, Pathway)):
            return obj.legal_basis
        if isinstance(obj, LegalRef):
            return obj.related
        return ()

    for f in kb.files:
        for obj, owner in _walk(f.model):
            for lid in legal_ids(obj):
                if lid not in legal:
                    problems.append(KbProblem(f.rel, f"refers to unknown legal reference {lid!r}", owner, "reference"))
            if isinstance(obj, Item):
                for rid in obj.responsible:
                    if rid not in roles:
                        problems.append(
                            KbProblem(f.rel, f"responsible role {rid!r} has no role card", owner, "reference")
                        )
            if isinstance(obj, ActorRole) and obj.role_card and obj.role_card not in roles:
                problems.append(
                    KbProblem(
                        f.rel, f"actor role {obj.id} points to unknown role card {obj.role_card!r}", owner, "reference"
                    )
                )

    for pw in kb.pathways:
        rel = kb.file_of(pw).rel
        items = {i.id: i for i in pw.items()}
        for item in pw.items():
            for rule in item.rules:
                for cond in rule.conditions:
                    target = items.get(cond.item)
                    if target is None:
                        problems.append(
                            KbProblem(
                                rel,
                                f"rule condition refers to {cond.item!r}, which is not an item of pathway {pw.id}",
                                item.id,
                                "reference",
                            )
                        )
                    elif not target.accepts(cond.equals):
                        problems.append(
                            KbProblem(
                                rel,
                                f"rule condition {cond.item} == {cond.equals!r} can never hold "
                                f"for answer type {target.answer_type.value}",
                                item.id,
                                "reference",
                            )
                        )
    return problems


_HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s")


def brief_sections(brief_text: str) -> set[str]:
    """Section numbers of the brief's headings ('1', '1.2', ...)."""
    return {m.group(1) for line in brief_text.splitlines() if (m := _HEADING.match(line))}


def _norm_section(text: str) -> str:
    t = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").lower()
    t = t.replace("kap.", "ch.").replace("kapittel", "ch.")
    return re.sub(r"\s+", "", t)


def _sources_and_sections(
    kb: KnowledgeBase, corpus_dir: Path | None, brief_text: str | None, report: ValidationReport
) -> None:
    sources_rel = next((f.rel for f in kb.files if f.kind == "sources"), "kb/sources.yaml")
    sections = brief_sections(brief_text) if brief_text is not None else None
    for src in kb.sources_list:
        if src.kind is SourceKind.CORPUS and corpus_dir is not None and not (corpus_dir / str(src.file)).is_file():
            report.problems.append(
                KbProblem(sources_rel, f"corpus file {src.file!r} not found in {corpus_dir}", src.id, "source")
            )
        if src.kind is SourceKind.BRIEF and sections is not None:
            for sec in src.brief_sections:
                if sec not in sections:
                    report.problems.append(
                        KbProblem(
                            sources_rel,
                            f"brief section {sec!r} does not exist (known: {', '.join(sorted(sections))})",
                            src.id,
                            "source",
                        )
                    )
    cited = {ref.source for _, ref, _ in _in_file(kb, SourceRef)}
    unused = sorted(s.id for s in kb.sources_list if s.id not in cited)
    if unused:
        report.warnings.append(f"sources never cited: {', '.join(unused)}")

    if brief_text is None:
        report.warnings.append(
            "domain brief not found: section numbers of legal references were not checked (pass --brief)"
        )
        return
    brief_norm = _norm_section(brief_text)
    for f, ref, _ in _in_file(kb, LegalRef):
        if ref.section and _norm_section(ref.section) not in brief_norm:
            report.problems.append(
                KbProblem(
                    f.rel,
                    f"section {ref.section!r} is not given by the domain brief; state only sections the brief gives",
                    ref.id,
                    "section",
                )
            )


def _quotes(
    kb: KnowledgeBase, corpus_dir: Path | None, brief_text: str | None, threshold: float, report: ValidationReport
) -> None:
    sources = kb.sources
    finders: dict[str, QuoteFinder | None] = {}

    def finder_for(source_id: str) -> QuoteFinder | None:
        if source_id in finders:
            return finders[source_id]
        src = sources[source_id]
        finder: QuoteFinder | None = None
        if src.kind is SourceKind.CORPUS and corpus_dir is not None:
            path = corpus_dir / str(src.file)
            if path.is_file():
                finder = QuoteFinder(path.read_text(encoding="utf-8", errors="replace"), src.lang, threshold=threshold)
        elif src.kind is SourceKind.BRIEF and brief_text is not None:
            finder = QuoteFinder(brief_text, "en", use_repair=False, threshold=threshold)
        finders[source_id] = finder
        return finder

    unchecked = 0
    for f, ref, owner in _in_file(kb, SourceRef):
        if ref.quote is None or ref.source not in sources:
            continue
        finder = finder_for(ref.source)
        if finder is None:
            unchecked += 1
            continue
        report.quotes_checked += 1
        m = finder.match(ref.quote)
        if not m.found:
            report.problems.append(
                KbProblem(
                    f.rel,
                    f"quote not found in {ref.source} (best {m.score:.0f} < {threshold:.0f}): {ref.quote!r}; "
                    f"closest: {m.context[:80]!r}",
                    owner,
                    "quote",
                )
            )
    if unchecked:
        report.warnings.append(f"{unchecked} quote(s) could not be checked (web source, or source text not available)")


def validate_kb(
    kb_dir: Path,
    *,
    corpus_dir: Path | None = None,
    brief_path: Path | None = None,
    check_quotes: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
) -> ValidationReport:
    """Run every check; the report lists all problems rather than stopping at the first."""
    kb, problems = read_kb(Path(kb_dir))
    report = ValidationReport(problems=list(problems), counts=kb.counts())
    report.problems += _duplicates(kb)
    report.problems += _references(kb)

    if corpus_dir is not None and not Path(corpus_dir).is_dir():
        report.problems.append(KbProblem(str(corpus_dir), "corpus folder not found; pass --corpus DIR", kind="missing"))
        corpus_dir = None
    elif corpus_dir is None:
        msg = "corpus folder not found: corpus files and quotes were not checked (pass --corpus DIR)"
        if check_quotes:
            report.problems.append(KbProblem("(corpus)", msg + " or --skip-quotes", kind="missing"))
        else:
            report.warnings.append(msg)

    brief_text = None
    if brief_path is not None:
        if Path(brief_path).is_file():
            brief_text = Path(brief_path).read_text(encoding="utf-8")
        else:
            report.problems.append(
                KbProblem(str(brief_path), "domain brief not found; pass --brief PATH", kind="missing")
            )

    _sources_and_sections(kb, Path(corpus_dir) if corpus_dir else None, brief_text, report)
    if check_quotes:
        _quotes(kb, Path(corpus_dir) if corpus_dir else None, brief_text, threshold, report)
    else:
        report.warnings.append("quotes were not checked (--skip-quotes)")
    return report
