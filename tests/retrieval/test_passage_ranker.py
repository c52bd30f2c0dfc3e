"""The learned passage order: features from a real (fake-embedder) index, the model file, and the retriever using it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import Ingestor
from veiviser.app.services import Services
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.core.config import ConfigError, Settings
from veiviser.retrieval.passage_ranker import (
    PASSAGE_FEATURES,
    RANKER_FILE,
    PassageRanker,
    RankerModelError,
    load_passage_ranker,
    passage_features,
)
from veiviser.text.terms import QueryTerms

DOCS = {
    "team.txt": "Oppfølgingsteam\n\nEt oppfølgingsteam ledes av en oppnevnt koordinator. Koordinatoren kaller inn "
    "til teammøter og følger opp planen.\n",
    "lege.txt": "Fastlege\n\nFastlegen har det medisinskfaglige ansvaret for pasientene på listen sin.\n",
    "sip.txt": "SIP\n\nEn samordnad individuell plan kräver att den enskilde samtycker till planen. Planen ska "
    "upprättas utan dröjsmål när insatser behövs från både socialtjänsten och hälso- och sjukvården, och den "
    "ska följas upp regelbundet av alla parter som deltar.\n",
}
QUESTION = "Hvem leder et oppfølgingsteam?"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake", ranking="fused")
    assert Ingestor(settings, FakeEmbedder()).run([docs]).ok
    return settings


def ranker_on(feature: str, weight: float, depth: int = 20) -> PassageRanker:
    coef = np.array([weight if name == feature else 0.0 for name in PASSAGE_FEATURES])
    n = len(PASSAGE_FEATURES)
    return PassageRanker(PASSAGE_FEATURES, np.zeros(n), np.ones(n), coef, {}, depth)


class TestFeatures:
    def test_every_feature_is_measured_and_the_best_passage_has_no_gap(self, settings: Settings):
        retriever = Services(settings).retriever()
        result = retriever.retrieve(QUESTION, k=5, lang="nb")
        terms = QueryTerms.build(QUESTION, "nb")
        rows = passage_features(result.hits, terms, result.query_vector, retriever.version)
        assert rows is not None and len(rows) == len(result.hits) == 3
        assert all(set(row) == set(PASSAGE_FEATURES) for row in rows)
        assert all(np.isfinite(v) for row in rows for v in row.values())
        by_source = {h.chunk.source: row for h, row in zip(result.hits, rows)}
        # the team passage holds the question's words; the others do not
        assert by_source["team.txt"]["coverage"] > by_source["lege.txt"]["coverage"]
        assert by_source["team.txt"]["coverage_gap"] == 0.0 and by_source["lege.txt"]["coverage_gap"] < 0
        assert max(row["window_cosine_gap"] for row in rows) == 0.0
        assert all(row["best_sentence_cosine"] >= row["second_sentence_cosine"] for row in rows)
        assert rows[0]["fused_rank"] == 1.0 and rows[0]["fused_gap"] == 0.0

    def test_an_index_without_stored_sentence_vectors_gives_no_features(self, settings: Settings):
        retriever = Services(settings).retriever()
        result = retriever.retrieve(QUESTION, k=5, lang="nb")
        retriever.version.sentence_vectors = None
        assert (
            passage_features(result.hits, QueryTerms.build(QUESTION, "nb"), result.query_vector, retriever.version)
            is None
        )


class TestReranking:
    def test_the_model_orders_the_passages_by_its_weights(self, settings: Settings):
        retriever = Services(settings).retriever()
        fused = retriever.search(QUESTION, k=3)
        assert fused[0].chunk.source == "team.txt"
        retriever.ranker = ranker_on("log_chars", 1.0)  # longest passage first
        longest = retriever.search(QUESTION, k=3)
        assert [h.chunk.source for h in longest][0] == "sip.txt"
        assert [h.rank for h in longest] == [1, 2, 3]
        assert [h.score for h in longest] == sorted((h.score for h in longest), reverse=True)
        retriever.ranker = ranker_on("log_chars", -1.0)  # shortest first
        assert retriever.search(QUESTION, k=3)[0].chunk.source == "lege.txt"

    def test_only_the_top_depth_passages_are_reordered(self, settings: Settings):
        retriever = Services(settings).retriever()
        fused = [h.chunk.id for h in retriever.search(QUESTION, k=3)]
        retriever.ranker = ranker_on("fused_rank", -1.0, depth=2)  # reverses the top two only
        ranked = retriever.search(QUESTION, k=3)
        assert [h.chunk.id for h in ranked] == [fused[1], fused[0], fused[2]]
        assert ranked[2].score < ranked[1].score

    def test_a_busy_search_keeps_the_bm25_order(self, settings: Settings):
        from veiviser.retrieval.search import QuerySlots

        retriever = Services(settings).retriever()
        retriever.ranker = ranker_on("log_chars", 1.0)
        retriever.slots = QuerySlots(1, wait_s=0.01)
        with retriever.slots.claim():
            busy = retriever.search(QUESTION, k=3)
        assert busy[0].chunk.source == "team.txt" and all(h.degraded for h in busy)


class TestModelFile:
    def test_the_trained_model_in_the_repo_loads_and_applies_only_to_its_embedders_index(
        self, settings: Settings, tmp_path: Path, caplog
    ):
        repo = load_passage_ranker(Path(__file__).resolve().parents[2] / "prompts")
        assert repo is not None and set(repo.features) <= set(PASSAGE_FEATURES) and repo.embedder
        services = Services(settings.with_(ranking="learned"))
        version = services.open_index()
        assert version.embedder_name and version.embedder_name != repo.embedder
        with caplog.at_level("INFO"):
            assert services.retriever(version).ranker is None  # cosines of another model: fused order
        assert "keeping the fused order" in caplog.text
        prompts = tmp_path / "own-prompts"
        prompts.mkdir()
        own = ranker_on("coverage", 1.0)
        PassageRanker(own.features, own.mean, own.scale, own.coef, {"embedder": version.embedder_name}).save(
            prompts / RANKER_FILE
        )
        learned = Services(settings.with_(ranking="learned", prompts_dir=prompts)).retriever()
        assert isinstance(learned.ranker, PassageRanker)
        assert Services(settings).retriever().ranker is None  # ranking=fused

    def test_a_missing_model_says_how_to_train_it(self, settings: Settings, tmp_path: Path):
        empty = tmp_path / "prompts"
        empty.mkdir()
        with pytest.raises(ConfigError, match="eval/train_ranker.py"):
            Services(settings.with_(ranking="learned", prompts_dir=empty)).retriever()
        assert load_passage_ranker(empty) is None

    @pytest.mark.parametrize(
        "change, message",
        [
            ({"coef": [1.0]}, "differ in length"),
            ({"features": ["fused_score", "question_id"], "mean": [0, 0], "scale": [1, 1], "coef": [1, 1]}, "unknown"),
            ({"coef": [float("nan")] + [0.0] * (len(PASSAGE_FEATURES) - 1)}, "not finite"),
            ({"depth": 1}, "depth"),
        ],
    )
    def test_a_model_that_does_not_fit_is_refused(self, tmp_path: Path, change: dict, message: str):
        data = ranker_on("coverage", 1.0).as_dict() | change
        (tmp_path / RANKER_FILE).write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(RankerModelError, match=message):
            load_passage_ranker(tmp_path)

    def test_a_broken_file_names_itself_and_the_fix(self, tmp_path: Path):
        (tmp_path / RANKER_FILE).write_text("{not json", encoding="utf-8")
        with pytest.raises(RankerModelError, match="train_ranker.py"):
            load_passage_ranker(tmp_path)

    def test_saved_and_loaded_models_score_alike(self, tmp_path: Path):
        ranker = ranker_on("coverage", 2.0)
        ranker.save(tmp_path / RANKER_FILE)
        loaded = load_passage_ranker(tmp_path)
        assert loaded is not None
        rows = [{"coverage": 0.2}, {"coverage": 0.9}]
        assert np.allclose(loaded.scores(rows), ranker.scores(rows))
