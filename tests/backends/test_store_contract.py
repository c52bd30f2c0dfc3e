"""One contract, every vector store: embedded Chroma, Chroma server (when running) and in-memory."""

from __future__ import annotations

import os
import uuid

import numpy as np
import pytest

from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.backends.stores.chroma_store import ChromaStore, http_client, persistent_client
from veiviser.backends.stores.memory_store import InMemoryStore
from veiviser.core.types import Chunk, SearchFilters

TEXTS = [
    ("a.pdf", "nb", "pdf", "Koordinatoren har ansvar for oppfølging og framdrift i individuell plan."),
    ("a.pdf", "nb", "pdf", "Fastlegen har det medisinskfaglige ansvaret i teamet."),
    ("b.txt", "sv", "txt", "Samordnad individuell plan upprättas när den enskilde samtycker."),
    ("c.docx", "da", "docx", "Akutfunktionen deltager i koordinationsmødet ved udskrivelse."),
]


def make_chunks() -> list[Chunk]:
    out = []
    for i, (doc, lang, dtype, text) in enumerate(TEXTS):
        out.append(
            Chunk(
                id=f"chunk{i:02d}",
                doc_id=doc,
                text=text,
                source=doc,
                title=doc.upper(),
                doc_type=dtype,
                lang=lang,
                position=i,
                page=i + 1 if dtype == "pdf" else None,
                section=f"Del {i}",
                heading_path=("Kapittel", f"Del {i}"),
                original_text="0riginal" if i == 0 else None,
                doc_lang=lang,
            )
        )
    return out


class StoreContract:
    dim = 64

    def make(self, dim: int):  # pragma: no cover - overridden
        raise AssertionError

    @pytest.fixture
    def store(self):
        return self.make(self.dim)

    @pytest.fixture
    def loaded(self, store):
        emb = FakeEmbedder(self.dim)
        chunks = make_chunks()
        store.add(chunks, emb.embed_documents([c.text for c in chunks]))
        return store, emb

    def test_count_and_roundtrip_metadata(self, loaded):
        store, _ = loaded
        assert store.count() == 4
        got = {c.id: c for c, _ in store.iter_chunks()}
        assert got == {c.id: c for c in make_chunks()}  # every field survives, page None included

    def test_query_ranks_the_matching_chunk_first(self, loaded):
        store, emb = loaded
        res = store.query(emb.embed_query("Fastlegen har det medisinskfaglige ansvaret"), k=2)
        assert res[0][0].id == "chunk01"
        assert res[0][1] >= res[1][1]

    def test_filters(self, loaded):
        store, emb = loaded
        q = emb.embed_query("plan")
        assert {c.lang for c, _ in store.query(q, 10, SearchFilters(langs=("sv",)))} == {"sv"}
        assert {c.doc_id for c, _ in store.query(q, 10, SearchFilters(doc_ids=("a.pdf",)))} == {"a.pdf"}
        assert {c.doc_type for c, _ in store.query(q, 10, SearchFilters(doc_types=("docx", "txt")))} == {"docx", "txt"}

    def test_delete_documents(self, loaded):
        store, _ = loaded
        store.delete_documents(["a.pdf"])
        assert store.count() == 2
        assert all(c.doc_id != "a.pdf" for c, _ in store.iter_chunks())

    def test_iter_with_embeddings_returns_the_vectors(self, loaded):
        store, emb = loaded
        vecs = {c.id: v for c, v in store.iter_chunks(with_embeddings=True)}
        expected = emb.embed_documents([make_chunks()[2].text])[0]
        assert np.allclose(vecs["chunk02"], expected, atol=1e-5)

    def test_upsert_is_idempotent(self, loaded):
        store, emb = loaded
        chunks = make_chunks()
        store.add(chunks, emb.embed_documents([c.text for c in chunks]))
        assert store.count() == 4

    def test_lexical_only_store_keeps_chunks_without_vectors(self):
        store = self.make(0)
        store.add(make_chunks(), None)
        assert store.count() == 4
        assert store.query([], 5) == []


class TestInMemoryStore(StoreContract):
    def make(self, dim):
        return InMemoryStore(dim)


class TestChromaEmbedded(StoreContract):
    @pytest.fixture(autouse=True)
    def _dir(self, tmp_path):
        self._tmp = tmp_path

    def make(self, dim):
        return ChromaStore(persistent_client(self._tmp / f"chroma-{dim}"), f"test-{dim}", dim)


@pytest.mark.network
class TestChromaServer(StoreContract):
    """Runs against `chroma run` on loopback; .ci/run starts one and sets VEIVISER_TEST_CHROMA_URL."""

    def make(self, dim):
        url = os.environ.get("VEIVISER_TEST_CHROMA_URL")
        if not url:
            pytest.skip("no Chroma server: set VEIVISER_TEST_CHROMA_URL (started by .ci/run)")
        client = http_client(url)
        return ChromaStore(client, f"test-{uuid.uuid4().hex[:12]}", dim)
