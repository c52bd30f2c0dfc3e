"""Show a cited passage in context: the cited span located in the chunk, and the chunks around it.

A citation's quote is an exact span of its chunk; when an answerer normalised
whitespace or case, the span is still found with a tolerant match so the reader
always sees which words were cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veiviser.core.types import Chunk
from veiviser.index.versions import IndexVersion


@dataclass(frozen=True)
class Highlight:
    before: str
    span: str
    after: str

    @property
    def found(self) -> bool:
        return bool(self.span)


def locate(text: str, quote: str) -> Highlight:
    """Split `text` around `quote` (exact first, then ignoring case and runs of whitespace)."""
    quote = (quote or "").strip()
    if not quote:
        return Highlight(text, "", "")
    start = text.find(quote)
    if start >= 0:
        return Highlight(text[:start], quote, text[start + len(quote) :])
    words = quote.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    if match:
        return Highlight(text[: match.start()], match.group(0), text[match.end() :])
    return Highlight(text, "", "")


def document_chunks(version: IndexVersion, doc_id: str) -> list[Chunk]:
    chunks = [chunk for chunk, _ in version.store.iter_chunks(with_embeddings=False, doc_ids=[doc_id])]
    return sorted(chunks, key=lambda c: c.position)


def surrounding(version: IndexVersion, chunk: Chunk, window: int = 2, max_chunks: int = 12) -> list[Chunk]:
    """The chunks of the same page (when the document has pages), else `window` chunks either side."""
    chunks = document_chunks(version, chunk.doc_id)
    if chunk.page is not None:
        same_page = [c for c in chunks if c.page == chunk.page]
        if len(same_page) > 1:
            if len(same_page) <= max_chunks:
                return same_page
            chunks = same_page
    return [c for c in chunks if abs(c.position - chunk.position) <= window][:max_chunks]


def find_chunk(version: IndexVersion, doc_id: str, chunk_id: str) -> Chunk | None:
    for chunk in document_chunks(version, doc_id):
        if chunk.id == chunk_id:
            return chunk
    return None
