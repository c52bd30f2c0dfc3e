"""Fixtures over the hand-written passages in answer_fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from answer_fixtures import PROMPTS, make_chunks, make_retriever

if TYPE_CHECKING:
    from veiviser.core.types import Chunk
    from veiviser.retrieval.search import HybridRetriever


@pytest.fixture
def chunks() -> list[Chunk]:
    return make_chunks()


@pytest.fixture
def retriever(chunks) -> HybridRetriever:
    return make_retriever(chunks)


@pytest.fixture
def phrases():
    from veiviser.answer.phrases import load_phrases

    return load_phrases(PROMPTS)


@pytest.fixture
def extractive(retriever, phrases):
    from veiviser.answer.extractive import ExtractiveAnswerer

    return ExtractiveAnswerer(retriever, phrases, prompts_dir=PROMPTS)
