"""Read the kb/ folder into typed models.

Loading is pure (no caching, no environment): the same folder always gives the
same `KnowledgeBase`. `read_kb` keeps going past broken files and returns the
problems it met, so `kb validate` can list everything at once; `load_kb` is
the strict entry point for the rest of the product and raises on any problem.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from veiviser.core.errors import VeiviserError
from veiviser.kb.schema import (
    Concept,
    GlossaryFile,
    Item,
    LegalFile,
    LegalRef,
    Pathway,
    Phase,
    RequirementSet,
    RoleCard,
    RolesFile,
    Source,
    SourcesFile,
)

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.yaml"
GLOSSARY_FILE = "glossary.yaml"
#: folder -> model of each YAML file in it
FOLDERS: dict[str, type[BaseModel]] = {
    "pathways": Pathway,
    "roles": RolesFile,
    "legal": LegalFile,
    "compliance": RequirementSet,
}

M = TypeVar("M", bound=BaseModel)


class KbError(VeiviserError):
    """The knowledge base could not be loaded; the message lists the problems and the fix."""

    exit_code = 2


@dataclass(frozen=True)
class KbProblem:
    """One thing wrong with the kb: which file, which id, what."""

    file: str
    message: str
    item: str | None = None
    kind: str = "schema"  # schema | yaml | duplicate | reference | source | quote | section | missing

    def __str__(self) -> str:
        where = f"{self.file}" + (f" [{self.item}]" if self.item else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "item": self.item, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class KbFile:
    """A loaded file: where it is, what it held and the hash of its bytes."""

    path: Path
    rel: str  # path relative to the kb folder's parent, e.g. "kb/pathways/no-oppfolging.yaml"
    kind: str  # "sources" | "glossary" | a FOLDERS key
    model: BaseModel
    sha256: str


@dataclass(frozen=True)
class ItemRef:
    pathway: Pathway
    phase: Phase
    item: Item


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    files: tuple[KbFile, ...] = ()
    sources_list: tuple[Source, ...] = ()
    pathways: tuple[Pathway, ...] = ()
    role_files: tuple[RolesFile, ...] = ()
    legal_files: tuple[LegalFile, ...] = ()
    glossary_concepts: tuple[Concept, ...] = ()
    requirement_sets: tuple[RequirementSet, ...] = ()

    # Lookups keep the first occurrence of an id; duplicates are reported by validate.
    @property
    def sources(self) -> dict[str, Source]:
        return _first_by_id(self.sources_list)

    @property
    def roles(self) -> dict[str, RoleCard]:
        return _first_by_id(r for f in self.role_files for r in f.roles)

    @property
    def legal(self) -> dict[str, LegalRef]:
        return _first_by_id(r for f in self.legal_files for r in f.refs)

    @property
    def glossary(self) -> dict[str, Concept]:
        return _first_by_id(self.glossary_concepts)

    def items(self) -> dict[str, ItemRef]:
        out: dict[str, ItemRef] = {}
        for pw in self.pathways:
            for phase in pw.phases:
                for item in phase.items:
                    out.setdefault(item.id, ItemRef(pw, phase, item))
        return out

    def pathway(self, pathway_id: str) -> Pathway:
        for pw in self.pathways:
            if pw.id == pathway_id:
                return pw
        raise KeyError(f"no pathway {pathway_id!r}; known: {', '.join(p.id for p in self.pathways)}")

    def requirement_set(self, set_id: str) -> RequirementSet:
        for rs in self.requirement_sets:
            if rs.id == set_id:
                return rs
        raise KeyError(f"no requirement set {set_id!r}; known: {', '.join(r.id for r in self.requirement_sets)}")

    def file_of(self, model: BaseModel) -> KbFile:
        for f in self.files:
            if f.model is model:
                return f
        raise KeyError("model was not loaded from a file of this kb")

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources_list),
            "pathways": len(self.pathways),
            "phases": sum(len(p.phases) for p in self.pathways),
            "items": sum(len(p.items()) for p in self.pathways),
            "rules": sum(len(i.rules) for p in self.pathways for i in p.items()),
            "roles": sum(len(f.roles) for f in self.role_files),
            "legal_refs": sum(len(f.refs) for f in self.legal_files),
            "legal_refs_uncertain": sum(1 for f in self.legal_files for r in f.refs if r.uncertain),
            "glossary_concepts": len(self.glossary_concepts),
            "requirement_sets": len(self.requirement_sets),
            "requirements": sum(len(r.requirements) for r in self.requirement_sets),
        }


def _first_by_id(models: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in models:
        out.setdefault(m.id, m)
    return out


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which plain YAML silently overwrites."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(data: bytes) -> Any:
    return yaml.load(data, Loader=_UniqueKeyLoader)


def _rel(path: Path, kb_dir: Path) -> str:
    return f"{kb_dir.name}/{path.relative_to(kb_dir).as_posix()}"


def load_model(path: Path, model: type[M], kb_dir: Path | None = None) -> tuple[M | None, bytes, list[KbProblem]]:
    """Parse one YAML file into `model`; problems instead of exceptions."""
    rel = _rel(path, kb_dir) if kb_dir else path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, b"", [KbProblem(rel, f"cannot read file: {exc}", kind="missing")]
    try:
        raw = parse_yaml(data)
    except yaml.YAMLError as exc:
        return None, data, [KbProblem(rel, f"not valid YAML: {exc}", kind="yaml")]
    if not isinstance(raw, dict):
        return None, data, [KbProblem(rel, "the file must hold a mapping at the top level", kind="yaml")]
    try:
        return model.model_validate(raw), data, []
    except ValidationError as exc:
        return None, data, [_schema_problem(rel, raw, err) for err in _root_errors(exc)]


def _root_errors(exc: ValidationError) -> list[Any]:
    """Drop pydantic's follow-on 'too short' errors on a list whose own entries already failed."""
    errors = exc.errors()
    locs = [tuple(e.get("loc", ())) for e in errors]
    return [
        e
        for e, loc in zip(errors, locs)
        if not (e.get("type") == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs))
    ]


def _schema_problem(rel: str, raw: Any, err: Any) -> KbProblem:
    loc = tuple(err.get("loc", ()))
    return KbProblem(rel, f"{'.'.join(str(p) for p in loc) or '(top)'}: {err.get('msg')}", item=_id_at(raw, loc))


def _id_at(raw: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the innermost object on the error path, to point at the broken item."""
    found = None
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def read_kb(kb_dir: Path) -> tuple[KnowledgeBase, list[KbProblem]]:
    """Load every file it can; return the kb and the problems met on the way."""
    kb_dir = Path(kb_dir)
    problems: list[KbProblem] = []
    if not kb_dir.is_dir():
        return KnowledgeBase(root=kb_dir), [
            KbProblem(str(kb_dir), "kb folder not found; pass --kb DIR", kind="missing")
        ]

    files: list[KbFile] = []

    def load(path: Path, model: type[M], kind: str) -> M | None:
        obj, data, errs = load_model(path, model, kb_dir)
        problems.extend(errs)
        if obj is not None:
            files.append(KbFile(path, _rel(path, kb_dir), kind, obj, hashlib.sha256(data).hexdigest()))
        return obj

    sources: tuple[Source, ...] = ()
    concepts: tuple[Concept, ...] = ()
    sources_path = kb_dir / SOURCES_FILE
    if sources_path.is_file():
        sf = load(sources_path, SourcesFile, "sources")
        sources = sf.sources if sf else ()
    else:
        problems.append(KbProblem(_rel(sources_path, kb_dir), "source registry missing", kind="missing"))
    glossary_path = kb_dir / GLOSSARY_FILE
    if glossary_path.is_file():
        gf = load(glossary_path, GlossaryFile, "glossary")
        concepts = gf.concepts if gf else ()

    loaded: dict[str, list[Any]] = {name: [] for name in FOLDERS}
    for folder, model in FOLDERS.items():
        for path in _yaml_files(kb_dir / folder):
            obj = load(path, model, folder)
            if obj is not None:
                loaded[folder].append(obj)

    kb = KnowledgeBase(
        root=kb_dir,
        files=tuple(files),
        sources_list=sources,
        pathways=tuple(loaded["pathways"]),
        role_files=tuple(loaded["roles"]),
        legal_files=tuple(loaded["legal"]),
        glossary_concepts=concepts,
        requirement_sets=tuple(loaded["compliance"]),
    )
    log.debug("read kb %s: %s", kb_dir, kb.counts())
    return kb, problems


def load_kb(kb_dir: Path) -> KnowledgeBase:
    """Load the kb, raising `KbError` if any file fails its schema."""
    kb, problems = read_kb(Path(kb_dir))
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise KbError(
            f"the knowledge base in {kb_dir} has {len(problems)} problem(s); "
            f"run `veiviser kb validate`:\n{listing}{more}"
        )
    return kb
