"""Plain value types shared by ingestion, search, answering and the shells.

Frozen dataclasses so they can be cached, hashed and passed between threads
without anyone mutating what another component is reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

LANGS = ("nb", "nn", "sv", "da", "en")


class BlockKind(str, Enum):
    """What a loaded block of text is, so the chunker can respect structure."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    SLIDE_BREAK = "slide_break"  # a boundary only; text is empty
    PAGE_BREAK = "page_break"  # a boundary only; text is empty


@dataclass(frozen=True)
class Block:
    """One structural unit of a loaded document.

    `page` is the 1-based PDF page (or slide / text page when the source marks
    them), None when the format has no pages. `heading_path` is the list of
    headings above this block, outermost first.
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    page: int | None = None
    heading_path: tuple[str, ...] = ()
    level: int = 0  # heading level for HEADING blocks (1 = top)
    original_text: str | None = None  # text before repair, when repair changed it


@dataclass(frozen=True)
class LoadedDocument:
    """A source file turned into ordered blocks, before repair and chunking."""

    source: str  # file name as ingested (not the full path)
    path: str  # absolute path on disk at ingest time
    doc_type: str  # "pdf", "docx", "txt", "md", "html", "kb"
    title: str
    blocks: tuple[Block, ...]
    content_hash: str  # sha256 of the file bytes
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()  # pages whose text came from OCR
    warnings: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def doc_id(self) -> str:
        """Stable id of the document: its source name (one file name, one document)."""
        return self.source


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with everything needed to cite it."""

    id: str  # content-hash id: sha256(doc_id, position, text)[:24]
    doc_id: str
    text: str  # repaired text used for display and search
    source: str
    title: str
    doc_type: str
    lang: str
    position: int  # 0-based order of the chunk in its document
    page: int | None = None
    section: str = ""  # nearest heading (or slide label)
    heading_path: tuple[str, ...] = ()
    original_text: str | None = None  # pre-repair text, only when it differs
    doc_lang: str = ""

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for stores that only take scalars (Chroma)."""
        md: dict[str, Any] = {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "doc_type": self.doc_type,
            "lang": self.lang,
            "doc_lang": self.doc_lang or self.lang,
            "position": self.position,
            "page": self.page if self.page is not None else -1,
            "section": self.section,
            "heading_path": " > ".join(self.heading_path),
        }
        if self.original_text is not None:
            md["original_text"] = self.original_text
        return md

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, md: dict[str, Any]) -> Chunk:
        page = md.get("page", -1)
        hp = md.get("heading_path") or ""
        return cls(
            id=chunk_id,
            doc_id=md["doc_id"],
            text=text,
            source=md["source"],
            title=md.get("title", ""),
            doc_type=md.get("doc_type", ""),
            lang=md.get("lang", ""),
            position=int(md.get("position", 0)),
            page=None if page is None or int(page) < 0 else int(page),
            section=md.get("section", ""),
            heading_path=tuple(hp.split(" > ")) if hp else (),
            original_text=md.get("original_text"),
            doc_lang=md.get("doc_lang", ""),
        )


@dataclass(frozen=True)
class SearchHit:
    """A chunk returned by a retriever, with its 1-based rank and fused score."""

    chunk: Chunk
    score: float
    rank: int
    lexical_rank: int | None = None
    dense_rank: int | None = None
    degraded: bool = False  # the machine was busy: ranked by BM25 alone (see veiviser.retrieval.search.QuerySlots)

    def as_result(self) -> dict[str, Any]:
        """The JSON shape of `veiviser search --json` results."""
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "text": self.chunk.text,
            "source": self.chunk.source,
            "page": self.chunk.page,
            "section": self.chunk.section,
            "chunk_id": self.chunk.id,
            "lang": self.chunk.lang,
        }


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search; None means no restriction."""

    langs: tuple[str, ...] | None = None
    doc_ids: tuple[str, ...] | None = None
    doc_types: tuple[str, ...] | None = None

    def accepts(self, chunk: Chunk) -> bool:
        if self.langs and chunk.lang not in self.langs and chunk.doc_lang not in self.langs:
            return False
        if self.doc_ids and chunk.doc_id not in self.doc_ids:
            return False
        if self.doc_types and chunk.doc_type not in self.doc_types:
            return False
        return True


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    page: int | None
    section: str
    quote: str  # an exact span of the chunk's text
    chunk_id: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
        }


@dataclass(frozen=True)
class UnsupportedClaim:
    """A sentence a language model wrote that its sources do not support, removed from the answer."""

    text: str
    reasons: tuple[
        str, ...
    ]  # codes: polarity, number, actor, modality, opposite, name, weak, instructions, instructing
    explained: str = ""  # the reasons in the answer's language

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reasons": list(self.reasons), "explained": self.explained}


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...]
    answer_lang: str
    passages: tuple[SearchHit, ...] = ()  # what the answer was built from (or the closest, on abstention)
    notices: tuple[str, ...] = ()  # e.g. "LLM unreachable, extractive answer shown"
    answerer: str = "extractive"
    unsupported: tuple[UnsupportedClaim, ...] = ()  # what the claim check removed, with why

    def as_dict(self, qid: str | None = None) -> dict[str, Any]:
        return {
            "id": qid,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
            "answer_lang": self.answer_lang,
            "unsupported": [u.as_dict() for u in self.unsupported],
        }
