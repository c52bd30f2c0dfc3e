"""Helpers for the course tests (a module of its own: conftest modules cannot be imported by name)."""

from __future__ import annotations


def cited_texts(kb, settings=None) -> dict[str, str]:
    """Source -> all text a citation may quote: kb document blocks, and indexed chunks when an index is given."""
    from veiviser.kb.documents import kb_documents

    texts = {doc.source: "\n".join(b.text for b in doc.blocks) for doc in kb_documents(kb)}
    if settings is not None:
        from veiviser.index.versions import IndexManager

        version = IndexManager(settings).open_current()
        for chunk, _ in version.store.iter_chunks():
            texts[chunk.source] = texts.get(chunk.source, "") + "\n" + chunk.text
    return texts
