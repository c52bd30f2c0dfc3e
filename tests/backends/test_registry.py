"""The registry is the one map from a settings name to a backend: every declared name builds, nothing else."""

from __future__ import annotations

import pytest

from veiviser.backends import registry
from veiviser.core.config import ANSWERERS, EMBEDDERS, RERANKERS, ConfigError, Settings


def test_every_name_settings_accept_has_a_factory_and_no_factory_lacks_a_name():
    assert set(registry.EMBEDDERS) == set(EMBEDDERS)
    assert set(registry.RERANKERS) == set(RERANKERS)
    assert set(registry.CHAT_MODELS) == set(ANSWERERS) - {"extractive"}


def test_light_backends_build_from_their_names():
    assert registry.make_embedder(Settings(embedder="fake")).dim > 0
    assert registry.make_embedder(Settings(embedder="none")).dim == 0
    assert registry.make_reranker(Settings(reranker="none")) is None
    assert registry.make_reranker(Settings(reranker="fake")) is not None
    assert registry.make_chat_model(Settings(answerer="scripted")) is not None


def test_an_answerer_without_a_chat_model_is_a_settings_error():
    with pytest.raises(ConfigError, match="not an LLM answerer"):
        registry.make_chat_model(Settings(answerer="extractive"))
