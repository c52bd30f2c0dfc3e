"""Training the passage ranker: pairwise weights learned from labelled passages, C by grouped CV, test only reported."""

from __future__ import annotations

import numpy as np
import pytest

from veiviser.evaluation.ranker_training import PassageRow, fit_pairwise, fused_scores, hit_rates, train_ranker
from veiviser.retrieval.passage_ranker import PASSAGE_FEATURES


def synthetic_rows(questions: int = 60, seed: int = 7) -> list[PassageRow]:
    """Each question: 8 passages; the fused order is noise, the right passage has the highest coverage."""
    rng = np.random.default_rng(seed)
    rows = []
    for q in range(questions):
        right = int(rng.integers(0, 8))
        order = rng.permutation(8) + 1
        for p in range(8):
            features = dict.fromkeys(PASSAGE_FEATURES, 0.0)
            features["coverage"] = float(rng.uniform(0.0, 0.5) + (0.6 if p == right else 0.0))
            features["fused_rank"] = 1.0 / order[p]
            features["log_chars"] = float(rng.normal(6.0, 0.5))
            rows.append(
                PassageRow(
                    qid=f"q{q}",
                    dataset="domain" if q % 2 else "norquad",
                    split="test" if q % 5 == 0 else "train",
                    group=f"section-{q // 3}",
                    kind="crosslingual" if q % 3 == 0 else "lookup",
                    fused_rank=int(order[p]),
                    features=features,
                    right=p == right,
                )
            )
    return rows


def test_the_pairwise_model_learns_the_signal_that_separates_right_from_wrong():
    ranker = fit_pairwise([r for r in synthetic_rows() if r.split == "train"], c=1.0)
    weights = dict(zip(ranker.features, ranker.coef))
    assert weights["coverage"] > 0.5
    assert abs(weights["log_chars"]) < weights["coverage"] / 5


def test_training_reports_cv_on_train_and_the_learned_order_beats_the_fused_one_on_test():
    ranker, report = train_ranker(synthetic_rows())
    assert set(report["cv"]) and report["C"] in {float(c) for c in report["cv"]}
    learned, fused = report["test_learned"], report["test_fused"]
    for dataset in ("domain", "norquad"):
        assert learned[dataset]["hit@1"] == 1.0
        assert fused[dataset]["hit@1"] < 0.5
        assert learned[dataset]["n"] == fused[dataset]["n"] == 6
    assert report["test_learned_crosslingual"]["domain"]["n"] + report["test_learned_crosslingual"]["norquad"]["n"] == 4


def test_hit_rates_count_questions_not_passages():
    rows = [r for r in synthetic_rows(questions=4) if r.split == "train"]
    rates = hit_rates(rows, fused_scores(rows))
    assert sum(r["n"] for r in rates.values()) == 3


def test_a_set_with_nothing_to_compare_is_refused():
    rows = [r for r in synthetic_rows(questions=2) if r.right]
    with pytest.raises(ValueError, match="nothing to learn"):
        fit_pairwise(rows, c=1.0)


def test_collected_rows_label_the_passage_holding_the_evidence(tmp_path):
    from ingest.pipeline import Ingestor
    from veiviser.app.services import Services
    from veiviser.backends.embedders.fake import FakeEmbedder
    from veiviser.core.config import Settings
    from veiviser.evaluation.dataset import EvalQuestion
    from veiviser.evaluation.ranker_training import collect_passages
    from veiviser.evaluation.relevance import contains_evidence

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "team.txt").write_text("Et oppfølgingsteam ledes av en oppnevnt koordinator.\n", encoding="utf-8")
    (docs / "lege.txt").write_text("Fastlegen har det medisinskfaglige ansvaret for pasientene.\n", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake", ranking="fused")
    assert Ingestor(settings, FakeEmbedder()).run([docs]).ok
    questions = [
        EvalQuestion(
            "a", "Hvem leder et oppfølgingsteam?", evidence=("ledes av en oppnevnt koordinator",), split="train"
        ),
        EvalQuestion("b", "Hva heter lederen?", answerable=False, split="train"),
    ]
    rows = collect_passages(
        Services(settings).retriever(),
        questions,
        dataset="domain",
        split_of=lambda q: q.split,
        group_of=lambda q: q.id,
        relevant=lambda q, chunk: any(contains_evidence(chunk, ev) for ev in q.evidence),
    )
    assert {r.qid for r in rows} == {"a"}  # unanswerable questions have no right passage to learn from
    assert sorted(r.right for r in rows) == [False, True]
    assert all(set(r.features) == set(PASSAGE_FEATURES) for r in rows)
    ranked = Services(settings).retriever()
    ranked.ranker = fit_pairwise(synthetic_rows(), c=1.0)
    with pytest.raises(ValueError, match="ranking=fused"):
        collect_passages(
            ranked,
            questions,
            dataset="domain",
            split_of=lambda q: q.split,
            group_of=lambda q: q.id,
            relevant=lambda q, chunk: False,
        )
