"""Wires settings into the objects the shells use: embedder, index, retriever.

Built once per process (the CLI per command, the app with st.cache_resource).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError
from veiviser.backends.registry import EMBEDDERS, make_embedder, make_reranker
from veiviser.backends.rerankers.base import ScoringReranker
from veiviser.core.config import ConfigError, Settings
from veiviser.course import CourseBuilder
from veiviser.index.versions import IndexManager, IndexVersion
from veiviser.retrieval.passage_ranker import RANKER_FILE, PassageRanker, load_passage_ranker
from veiviser.retrieval.search import FusionParams, HybridRetriever, QueryExpander, QuerySlots, no_expansion

log = logging.getLogger(__name__)


def embedder_settings_for_index(settings: Settings, embedder_name: str) -> Settings:
    """Settings whose embedder matches the one an index was built with ("KIND" or "KIND:MODEL")."""
    if not embedder_name:
        return settings
    kind, _, model = embedder_name.partition(":")
    if kind not in EMBEDDERS:
        raise EmbedderError(f"The index was built with an unknown embedder {embedder_name!r}; re-ingest it.")
    if kind == "sentence-transformers":  # the model is part of the name only for this backend
        return settings.with_(embedder=kind, embedder_model=model)
    return settings.with_(embedder=kind)


@dataclass
class Services:
    settings: Settings
    expander: QueryExpander = field(default=no_expansion)

    @cached_property
    def index_manager(self) -> IndexManager:
        return IndexManager(self.settings)

    @cached_property
    def embedder(self) -> BatchEmbedder:
        return make_embedder(self.settings)

    def open_index(self) -> IndexVersion:
        return self.index_manager.open_current()

    def query_embedder(self, version: IndexVersion) -> BatchEmbedder:
        """The embedder for searching `version`: the one it was built with, whatever the settings say."""
        if version.embedder_name and version.embedder_name != getattr(self.embedder, "name", ""):
            log.info("index built with %s; using it for queries", version.embedder_name)
            return make_embedder(embedder_settings_for_index(self.settings, version.embedder_name))
        return self.embedder

    def retriever(self, version: IndexVersion | None = None) -> HybridRetriever:
        version = version or self.open_index()
        embedder = self.query_embedder(version) if version.dim else None
        from veiviser.answer.language import question_language

        return HybridRetriever(
            version,
            embedder,
            FusionParams.from_settings(self.settings.retrieval),
            self.expander,
            reranker=self.reranker,
            query_language=question_language,
            slots=self.query_slots,
            ranker=self._ranker_for(version),
        )

    def _ranker_for(self, version: IndexVersion) -> PassageRanker | None:
        ranker = self.passage_ranker
        if ranker is not None and not ranker.suits(version):
            log.info(
                "passage ranker trained with %s, index built with %s: keeping the fused order",
                ranker.embedder,
                version.embedder_name or "no embedder",
            )
            return None
        return ranker

    @cached_property
    def passage_ranker(self) -> PassageRanker | None:
        """The learned passage order (VEIVISER_RANKING=learned, the default), or None: the fused order."""
        retrieval = self.settings.retrieval
        if retrieval.ranking != "learned":
            return None
        ranker = load_passage_ranker(retrieval.prompts_dir)
        if ranker is None:
            raise ConfigError(
                f"VEIVISER_RANKING=learned needs {retrieval.prompts_dir / RANKER_FILE}; train it with "
                "eval/train_ranker.py or use the fused order (VEIVISER_RANKING=fused)."
            )
        return ranker

    @cached_property
    def reranker(self) -> ScoringReranker | None:
        """The optional second stage (None: off, the default); loaded once, like the embedder."""
        return make_reranker(self.settings)

    @cached_property
    def query_slots(self) -> QuerySlots | None:
        """Shared by every retriever of this process (the app serves all its users from one).

        Auto (0): one core fewer than the machine has, at least one, so BM25, Chroma and the
        app keep a core while the model works (bench/load.py: p95 124 -> 78 ms on 2 cores).
        """
        slots = self.settings.retrieval.query_embed_slots
        if slots < 0:
            return None
        return QuerySlots(
            slots or max(1, (os.cpu_count() or 2) - 1), self.settings.retrieval.query_embed_wait_ms / 1000
        )


def build_services(settings: Settings) -> Services:
    """Services with query expansion from the curated glossary when the kb is present."""
    from veiviser.retrieval.query_expansion import build_expander

    return Services(settings=settings, expander=build_expander(settings))


def course_builder(settings: Settings, *, use_index: bool = True, **kwargs: Any) -> CourseBuilder:
    """A CourseBuilder that opens the index (with the retriever this module wires) when it needs passages."""
    opener = (lambda: build_services(settings).retriever()) if use_index else None
    return CourseBuilder(settings, open_retriever=opener, **kwargs)
