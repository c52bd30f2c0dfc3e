"""Expose any of our embedders as a langchain `Embeddings`, so langchain components can use it."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from veiviser.core.protocols import Embedder


class LangchainEmbeddings(Embeddings):
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def as_langchain_embeddings(embedder: Embedder) -> Embeddings:
    return LangchainEmbeddings(embedder)
