"""Fusion of the lexical and dense lists, and the retriever that uses it (no model: fake embedder)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import Ingestor
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.backends.rerankers import ScoringReranker
from veiviser.backends.rerankers.fake import FakeReranker
from veiviser.backends.stores.memory_store import InMemoryStore
from veiviser.core.config import ConfigError, Settings
from veiviser.core.types import Chunk
from veiviser.index.lexical import LexicalIndex
from veiviser.index.vectors import CHUNK_VECTORS, WINDOW_OFFSETS, ChunkVectors, WindowVectors
from veiviser.index.versions import IndexManager, IndexVersion
from veiviser.retrieval.search import FusionParams, HybridRetriever, QuerySlots, fuse, fuse_scores


def chunk(cid: str, doc: str = "a.txt", text: str = "tekst") -> Chunk:
    return Chunk(id=cid, doc_id=doc, text=text, source=doc, title=doc, doc_type="txt", lang="nb", position=0)


A, B, C, D = (chunk(x) for x in "abcd")


def ids(hits) -> list[str]:
    return [h.chunk.id for h in hits]


class TestScoreFusion:
    def test_a_clear_lexical_winner_beats_a_narrow_dense_lead(self):
        # BM25: a far ahead; cosine: b a hair ahead. Ranks alone would call it a tie (1st + 2nd
        # each); the scores say a is the better bet.
        lexical = [(A, 30.0), (B, 3.0), (C, 2.0)]
        dense = [(B, 0.83), (A, 0.82), (C, 0.70)]
        hits = fuse_scores(lexical, dense, FusionParams(0.5, 0.5), lambda c: 0.0, lambda cs: [0.0] * len(cs))
        assert ids(hits)[:2] == ["a", "b"]
        assert hits[0].lexical_rank == 1 and hits[0].dense_rank == 2

    def test_weights_decide_between_the_two_signals(self):
        lexical = [(A, 10.0), (B, 1.0)]
        dense = [(B, 0.9), (A, 0.1)]
        lex_heavy = fuse_scores(lexical, dense, FusionParams(0.9, 0.1), lambda c: 0.0)
        dense_heavy = fuse_scores(lexical, dense, FusionParams(0.1, 0.9), lambda c: 0.0)
        assert ids(lex_heavy)[0] == "a" and ids(dense_heavy)[0] == "b"

    def test_candidates_get_their_real_scores_from_the_callbacks(self):
        asked: dict[str, list[str]] = {"lex": [], "dense": []}

        def lexical_score(c: Chunk) -> float:
            asked["lex"].append(c.id)
            return {"c": 9.0}.get(c.id, 0.0)

        def dense_score(chunks: list[Chunk]) -> list[float]:
            asked["dense"].extend(c.id for c in chunks)
            return [{"a": 0.95, "c": 0.9, "d": 0.5}.get(c.id, 0.1) for c in chunks]

        lexical = [(A, 10.0), (B, 1.0)]
        dense = [(C, 0.9), (D, 0.5)]
        hits = fuse_scores(lexical, dense, FusionParams(0.5, 0.5), lexical_score, dense_score)
        # BM25 of the chunks the lexical list missed; the stored dense score of every candidate
        # (the store's own cosine cannot be a chunk's best passage window)
        assert sorted(asked["lex"]) == ["c", "d"] and sorted(asked["dense"]) == ["a", "b", "c", "d"]
        # a: top BM25 and (really) the closest vector; c: strong on both as well
        assert ids(hits)[:2] == ["a", "c"]
        assert ids(hits)[-1] in {"b", "d"}

    def test_without_chunk_vectors_a_lexical_only_candidate_gets_the_lowest_cosine(self):
        lexical = [(A, 10.0)]
        dense = [(B, 0.9), (C, 0.5)]
        hits = fuse_scores(lexical, dense, FusionParams(0.5, 0.5), lambda c: 0.0, None)
        by_id = {h.chunk.id: h.score for h in hits}
        # a sits at the dense floor (c's cosine) but leads BM25, so it beats c and trails nothing by much
        assert by_id["a"] > by_id["c"]
        assert len(hits) == 3

    def test_lexical_only_search_keeps_the_bm25_order(self):
        lexical = [(C, 5.0), (A, 4.0), (B, 1.0)]
        assert ids(fuse_scores(lexical, [], FusionParams(), lambda c: 0.0)) == ["c", "a", "b"]

    def test_one_candidate_and_no_candidates(self):
        assert ids(fuse_scores([(A, 2.0)], [(A, 0.5)], FusionParams(), lambda c: 0.0)) == ["a"]
        assert fuse_scores([], [], FusionParams(), lambda c: 0.0) == []

    def test_ties_are_broken_by_chunk_id(self):
        lexical = [(B, 1.0), (A, 1.0)]
        assert ids(fuse_scores(lexical, [], FusionParams(), lambda c: 0.0)) == ["a", "b"]

    def test_document_similarity_lifts_passages_of_the_document_asked_about(self):
        p1, p2 = chunk("p1", "report.txt"), chunk("p2", "other.txt")
        lexical = [(p2, 5.0), (p1, 4.9)]
        dense = [(p2, 0.80), (p1, 0.79)]
        docs = {"report.txt": 0.9, "other.txt": 0.2}
        without = fuse_scores(lexical, dense, FusionParams(document_weight=0.0), lambda c: 0.0)
        with_prior = fuse_scores(lexical, dense, FusionParams(document_weight=1.5), lambda c: 0.0, None, docs)
        assert ids(without)[0] == "p2" and ids(with_prior)[0] == "p1"


class TestRrf:
    def test_reciprocal_rank_fusion_sums_weighted_ranks(self):
        hits = fuse([(A, 9.0), (B, 1.0)], [(B, 0.9), (C, 0.8)], FusionParams(1.0, 1.0, rrf_k=10, method="rrf"))
        assert ids(hits)[0] == "b"  # 1/12 + 1/11 beats 1/11
        assert hits[0].score == pytest.approx(1 / 12 + 1 / 11)


def test_unknown_fusion_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="score, rrf"):
        FusionParams(method="max")
    with pytest.raises(ConfigError, match="score, rrf"):
        Settings(fusion="max")
    assert Settings.from_env({"VEIVISER_FUSION": "rrf"}).fusion == "rrf"


PASSAGES = {
    "k": "Koordinatoren har hovedansvaret for oppfølging og samordning av tjenestene til brukeren.",
    "p": "Individuell plan skal utarbeides for pasienter med behov for langvarige og koordinerte tjenester.",
    "s": "En samordnad individuell plan upprättas när insatser behövs från socialtjänsten och vården.",
    "f": "Fastlegen har det medisinskfaglige ansvaret for pasientene på listen sin.",
}


def memory_retriever(
    params: FusionParams, with_vectors: bool, embedder: FakeEmbedder | None = None, **kwargs
) -> HybridRetriever:
    """A retriever over PASSAGES in memory (fake or one-hot vectors), with or without stored chunk vectors."""
    chunks = [chunk(cid, f"{cid}.txt", text) for cid, text in PASSAGES.items()]
    embedder = embedder or FakeEmbedder(64)
    vectors = embedder.embed_passages([c.text for c in chunks])
    store = InMemoryStore(embedder.dim)
    store.add(chunks, vectors.tolist())
    version = IndexVersion(
        "v-test",
        Path("."),
        {"dim": embedder.dim},
        store,
        LexicalIndex.build(chunks),  # type: ignore[arg-type]
        chunk_vectors=ChunkVectors(vectors.astype(np.float16)) if with_vectors else None,
    )
    return HybridRetriever(version, embedder, params, **kwargs)


@pytest.mark.parametrize("method", ["score", "rrf"])
@pytest.mark.parametrize("with_vectors", [True, False])
def test_retriever_ranks_the_matching_passage_first(method, with_vectors):
    retriever = memory_retriever(FusionParams(method=method, candidate_depth=2), with_vectors)
    assert retriever.search("hvem har det medisinskfaglige ansvaret", k=3)[0].chunk.id == "f"
    assert retriever.search("individuell plan langvarige tjenester", k=3)[0].chunk.id == "p"
    assert retriever.search("", k=3) == []


class OneHotEmbedder(FakeEmbedder):
    """Passage i is the i-th unit vector; every query points at the Swedish passage."""

    def __init__(self) -> None:
        super().__init__(len(PASSAGES))
        self.rows = {text: i for i, text in enumerate(PASSAGES.values())}

    def embed_batch(self, texts, *, is_query):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, text in enumerate(texts):
            out[r, 2 if is_query else self.rows[text]] = 1.0
        return out


@pytest.mark.parametrize("with_vectors, first", [(True, "s"), (False, "f")])
def test_score_fusion_uses_exact_cosines_of_passages_only_bm25_found(with_vectors, first):
    # BM25's best is f, the vectors' best is s; with depth 1 each list misses the other's
    # candidate. With chunk vectors, f gets its true cosine (0) and s wins on the dense
    # weight; without them f gets the floor (s's cosine), the dense side cannot tell them
    # apart, and BM25 decides.
    retriever = memory_retriever(FusionParams(0.4, 0.6, candidate_depth=1), with_vectors, OneHotEmbedder())
    hits = retriever.search("medisinskfaglige ansvaret fastlegen", k=1)
    assert [h.chunk.id for h in hits] == [first]


def test_publish_writes_chunk_vectors_in_lexical_order(tmp_path: Path, caplog):
    sources = tmp_path / "src"
    sources.mkdir()
    for cid, text in PASSAGES.items():
        (sources / f"{cid}.txt").write_text(text + "\n", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake", chunk_target_chars=300, chunk_overlap_chars=50)
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([sources])
    version = IndexManager(settings).open_current()
    assert version.chunk_vectors is not None and len(version.chunk_vectors) == len(version.lexical)
    expected = embedder.embed_passages([c.text for c in version.lexical.chunks])
    stored = np.asarray(version.chunk_vectors.matrix, dtype=np.float32)
    np.testing.assert_allclose(stored, expected, atol=2e-3)

    # a vectors file that does not match the lexical index is ignored, with a warning
    np.save(version.path / CHUNK_VECTORS, np.zeros((1, 64), dtype=np.float16))
    with caplog.at_level(logging.WARNING):
        reopened = IndexManager(settings).open_current()
    assert reopened.chunk_vectors is None
    assert "re-ingest" in caplog.text
    assert HybridRetriever(reopened, embedder).search("fastlegen ansvaret", k=1)[0].chunk.source == "f.txt"


class AxisEmbedder(FakeEmbedder):
    """Every question points along the first axis; passages are not embedded here."""

    def __init__(self) -> None:
        super().__init__(4)

    def embed_batch(self, texts, *, is_query):
        return np.tile(np.array([1.0, 0, 0, 0], dtype=np.float32), (len(texts), 1))


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.mark.parametrize("with_windows, first", [(True, "broad"), (False, "narrow")])
def test_a_chunk_with_one_window_on_the_question_beats_a_closer_average(with_windows, first):
    # "broad" is about three things, one of them exactly the question (window e0); its pooled
    # vector is their mean (cosine 0.58). "narrow" is one window at cosine 0.8. By whole-chunk
    # vectors "narrow" wins; scored by their best window, "broad" does.
    windows = {
        "broad": np.stack([unit(1, 0, 0, 0), unit(0, 1, 0, 0), unit(0, 0, 1, 0)]),
        "narrow": np.stack([unit(0.8, 0, 0, 0.6)]),
    }
    chunks = [chunk(cid, f"{cid}.txt", "ingen felles ord") for cid in windows]
    pooled = np.stack([unit(*windows[c.id].mean(axis=0)) for c in chunks])
    store = InMemoryStore(4)
    store.add(chunks, pooled.tolist())
    version = IndexVersion(
        "v-test",
        Path("."),
        {"dim": 4},
        store,
        LexicalIndex.build(chunks),  # type: ignore[arg-type]
        chunk_vectors=ChunkVectors(pooled.astype(np.float16)),
        window_vectors=WindowVectors.from_rows([windows[c.id] for c in chunks], 4) if with_windows else None,
    )
    hits = HybridRetriever(version, AxisEmbedder(), FusionParams()).search("hva gjelder", k=2)
    assert [h.chunk.id for h in hits][0] == first


class TestWindowVectors:
    def test_best_similarity_is_the_maximum_over_each_chunks_windows(self):
        rng = np.random.default_rng(7)
        rows = [rng.normal(size=(n, 8)).astype(np.float16).astype(np.float32) for n in (3, 1, 5, 2)]  # as stored
        vectors = WindowVectors.from_rows(rows, 8)
        query = rng.normal(size=8).astype(np.float32)
        expected = [float((r @ query).max()) for r in rows]
        np.testing.assert_allclose(vectors.best_similarities(query, [0, 1, 2, 3]), expected, rtol=1e-5)
        np.testing.assert_allclose(vectors.best_similarities(query, [2, 0]), [expected[2], expected[0]], rtol=1e-5)
        assert vectors.best_similarities(query, []).shape == (0,)
        np.testing.assert_array_equal(vectors.of_row(2), rows[2])

    def test_saved_windows_load_memory_mapped_and_a_mismatch_is_ignored(self, tmp_path: Path, caplog):
        rows = [np.eye(4, dtype=np.float32)[:2], np.eye(4, dtype=np.float32)[2:3]]
        WindowVectors.from_rows(rows, 4).save(tmp_path)
        loaded = WindowVectors.load(tmp_path, n_chunks=2)
        assert loaded is not None and len(loaded) == 2 and loaded.matrix.dtype == np.float16
        np.testing.assert_array_equal(loaded.of_row(0), rows[0])
        assert WindowVectors.load(tmp_path / "missing", n_chunks=2) is None
        with caplog.at_level(logging.WARNING):
            assert WindowVectors.load(tmp_path, n_chunks=3) is None
        assert "re-ingest" in caplog.text
        np.save(tmp_path / WINDOW_OFFSETS, np.array([0, 1, 9]))  # offsets past the end of the vectors
        assert WindowVectors.load(tmp_path, n_chunks=2) is None


@pytest.mark.parametrize("query_lang, first", [("nb", "f"), ("sv", "f"), ("en", "s")])
def test_lexical_weight_drops_for_a_question_in_a_language_the_index_barely_holds(query_lang, first):
    # Same setup as above, but BM25 leads by weight (0.55 vs 0.45) for a Nordic question.
    # An English question on these Nordic passages halves the lexical weight, so the vectors lead.
    retriever = memory_retriever(
        FusionParams(0.55, 0.45, candidate_depth=1), True, OneHotEmbedder(), query_language=lambda q: query_lang
    )
    assert [h.chunk.id for h in retriever.search("medisinskfaglige ansvaret fastlegen", k=1)] == [first]
    # the factor can be switched off
    retriever.params = FusionParams(0.55, 0.45, candidate_depth=1, foreign_lexical_factor=1.0)
    assert retriever.search("medisinskfaglige ansvaret fastlegen", k=1)[0].chunk.id == "f"


class TestBusyFallback:
    def retriever(self, slots: QuerySlots) -> HybridRetriever:
        retriever = memory_retriever(FusionParams(), with_vectors=True)
        retriever.slots = slots
        return retriever

    def test_a_search_that_finds_the_model_busy_ranks_by_bm25_and_says_so(self):
        slots = QuerySlots(1, wait_s=0.01)
        retriever = self.retriever(slots)
        with slots.claim() as held:  # another user's question is being embedded
            assert held
            busy = retriever.search("hvem har det medisinskfaglige ansvaret", k=3)
        assert busy and all(h.degraded and h.dense_rank is None for h in busy)
        assert busy[0].chunk.id == "f"  # still a useful answer from the words alone
        calm = retriever.search("hvem har det medisinskfaglige ansvaret for listen", k=3)
        assert calm and not any(h.degraded for h in calm) and any(h.dense_rank for h in calm)

    def test_a_recently_embedded_question_needs_no_slot(self):
        slots = QuerySlots(1, wait_s=0.01)
        retriever = self.retriever(slots)
        retriever.search("individuell plan langvarige tjenester", k=3)  # embeds and caches it
        with slots.claim():
            again = retriever.search("individuell plan langvarige tjenester", k=3)
        assert not any(h.degraded for h in again)

    def test_slots_are_released_after_errors_and_bounded(self):
        slots = QuerySlots(2, wait_s=0.0)
        with pytest.raises(RuntimeError), slots.claim():
            raise RuntimeError("model failed")
        with slots.claim() as a, slots.claim() as b, slots.claim() as c:
            assert (a, b, c) == (True, True, False)
        with pytest.raises(ValueError):
            QuerySlots(0, 1.0)

    def test_settings_choose_the_limit(self, tmp_path: Path):
        from veiviser.app.services import Services

        assert Services(Settings(home=tmp_path, query_embed_slots=-1)).query_slots is None
        auto = Services(Settings(home=tmp_path)).query_slots
        assert auto is not None and auto.slots >= 1 and auto.wait_s == pytest.approx(0.05)
        env = Settings.from_env({"VEIVISER_QUERY_EMBED_SLOTS": "3", "VEIVISER_QUERY_EMBED_WAIT_MS": "20"})
        assert Services(env).query_slots.slots == 3


class ScriptedReranker(ScoringReranker):
    """Scores passages by a fixed preference and counts its calls."""

    name = "scripted"

    def __init__(self, preferred: str, depth: int = 20) -> None:
        super().__init__(depth)
        self.preferred = preferred
        self.calls = 0

    def score_pairs(self, query, passages):
        self.calls += 1
        return [1.0 if text == PASSAGES[self.preferred] else 0.0 for text in passages]


class TestReranking:
    QUESTION = "hvem har det medisinskfaglige ansvaret"

    def test_the_reranker_orders_the_final_hits(self):
        plain = memory_retriever(FusionParams(), with_vectors=True)
        assert plain.search(self.QUESTION, k=3)[0].chunk.id == "f"
        reranker = ScriptedReranker("k")
        reranked = memory_retriever(FusionParams(), with_vectors=True, reranker=reranker).search(self.QUESTION, k=3)
        assert [h.chunk.id for h in reranked][:2] == ["k", "f"] and reranked[0].score == 1.0
        assert [h.rank for h in reranked] == [1, 2, 3] and reranker.calls == 1

    def test_a_busy_search_is_not_reranked(self):
        reranker = ScriptedReranker("k")
        slots = QuerySlots(1, wait_s=0.01)
        retriever = memory_retriever(FusionParams(), with_vectors=True, reranker=reranker, slots=slots)
        with slots.claim():
            busy = retriever.search(self.QUESTION, k=3)
        assert busy[0].chunk.id == "f" and all(h.degraded for h in busy) and reranker.calls == 0

    def test_services_give_the_retriever_the_configured_reranker(self, tmp_path: Path):
        from veiviser.app.services import Services

        version = memory_retriever(FusionParams(), with_vectors=True).version
        off = Services(Settings(home=tmp_path, embedder="fake")).retriever(version)
        on = Services(Settings(home=tmp_path, embedder="fake", reranker="fake", rerank_depth=5)).retriever(version)
        assert off.reranker is None
        assert isinstance(on.reranker, FakeReranker) and on.reranker.depth == 5
        assert on.search(self.QUESTION, k=2)[0].chunk.id == "f"
