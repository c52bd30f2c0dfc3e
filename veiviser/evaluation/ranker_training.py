"""Train the passage ranker (retrieval.passage_ranker) from labelled questions.

Every answerable question is searched once with the fused order; each of its best
`RANK_DEPTH` passages becomes a row with the ranker's features and whether it holds the
gold evidence. The model is a pairwise logistic regression: for each question, every
(right, wrong) pair of passages gives the difference of their standardised features,
weighted so that each question, and each data set, counts the same. C is chosen by
grouped 5-fold cross-validation on the train split (groups: document sections, NorQuAD
contexts), by mean Hit@5 over the data sets; the test split is only reported.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from veiviser.core.types import Chunk
from veiviser.evaluation.dataset import EvalQuestion
from veiviser.retrieval.passage_ranker import PASSAGE_FEATURES, RANK_DEPTH, PassageRanker, passage_features
from veiviser.retrieval.search import DEFAULT_QUERY_LANG, HybridRetriever
from veiviser.text.terms import QueryTerms

log = logging.getLogger(__name__)

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
CUTOFFS = (1, 5)


@dataclass(frozen=True)
class PassageRow:
    qid: str
    dataset: str
    split: str
    group: str
    kind: str
    fused_rank: int
    features: dict[str, float]
    right: bool


def collect_passages(
    retriever: HybridRetriever,
    questions: Sequence[EvalQuestion],
    *,
    dataset: str,
    split_of: Callable[[EvalQuestion], str],
    group_of: Callable[[EvalQuestion], str],
    relevant: Callable[[EvalQuestion, Chunk], bool],
    progress: Callable[[int, int], None] | None = None,
) -> list[PassageRow]:
    """The fused top passages of every answerable question with features and labels (the ranker must be off)."""
    if retriever.ranker is not None:
        raise ValueError("collect passages with the fused order: build the retriever with ranking=fused")
    rows: list[PassageRow] = []
    for i, q in enumerate(questions, 1):
        if progress is not None:
            progress(i, len(questions))
        if not q.answerable:
            continue
        result = retriever.retrieve(q.question, k=RANK_DEPTH)
        if result.query_vector is None or not result.hits:
            continue
        terms = QueryTerms.build(q.question, result.lang or DEFAULT_QUERY_LANG, list(result.expansions))
        features = passage_features(result.hits, terms, result.query_vector, retriever.version)
        if features is None:
            raise ValueError("the index has no sentence or window vectors; re-ingest it to train the ranker")
        for hit, values in zip(result.hits, features):
            rows.append(
                PassageRow(q.id, dataset, split_of(q), group_of(q), q.kind, hit.rank, values, relevant(q, hit.chunk))
            )
    return rows


def _matrix(rows: Sequence[PassageRow]) -> np.ndarray:
    return np.array([[r.features.get(n, 0.0) for n in PASSAGE_FEATURES] for r in rows], dtype=np.float64)


def _questions(rows: Sequence[PassageRow]) -> dict[tuple[str, str], list[int]]:
    by: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by[(r.dataset, r.qid)].append(i)
    return by


def fit_pairwise(rows: Sequence[PassageRow], c: float, embedder: str = "") -> PassageRanker:
    """Pairwise logistic regression over standardised features (each question and data set weighs the same)."""
    from sklearn.linear_model import LogisticRegression

    x = _matrix(rows)
    y = np.array([r.right for r in rows], dtype=bool)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    mixed = {k: v for k, v in _questions(rows).items() if y[v].any() and not y[v].all()}
    if not mixed:
        raise ValueError("no question has both a right and a wrong passage; nothing to learn from")
    per_dataset: dict[str, int] = defaultdict(int)
    for dataset, _ in mixed:
        per_dataset[dataset] += 1
    diffs, labels, weights = [], [], []
    for (dataset, _), idx in mixed.items():
        right = [i for i in idx if y[i]]
        wrong = [i for i in idx if not y[i]]
        weight = 1.0 / (len(right) * len(wrong) * per_dataset[dataset])
        for i in right:
            for j in wrong:
                diffs += [z[i] - z[j], z[j] - z[i]]
                labels += [1, 0]
                weights += [weight, weight]
    w = np.asarray(weights)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(np.asarray(diffs), np.asarray(labels), sample_weight=w * len(w) / w.sum())
    meta = {"C": c, "embedder": embedder, "trained_by": "eval/train_ranker.py", "questions": dict(per_dataset)}
    return PassageRanker(PASSAGE_FEATURES, mean, scale, model.coef_[0], meta)


def hit_rates(
    rows: Sequence[PassageRow], scores: np.ndarray, only: Callable[[PassageRow], bool] = lambda r: True
) -> dict[str, dict[str, float]]:
    """Per data set: share of questions with a right passage in the top 1 and top 5 by `scores`."""
    out: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for (dataset, _), idx in _questions(rows).items():
        if not only(rows[idx[0]]):
            continue
        order = sorted(idx, key=lambda i: (-scores[i], rows[i].fused_rank))
        for k in CUTOFFS:
            out[dataset][f"hit@{k}"].append(any(rows[i].right for i in order[:k]))
    return {
        d: {m: round(float(np.mean(v)), 3) for m, v in by.items()} | {"n": len(next(iter(by.values())))}
        for d, by in out.items()
    }


def fused_scores(rows: Sequence[PassageRow]) -> np.ndarray:
    return -np.array([r.fused_rank for r in rows], dtype=np.float64)


def _mean_hit5(rates: dict[str, dict[str, float]]) -> float:
    return float(np.mean([r["hit@5"] for r in rates.values()])) if rates else 0.0


def train_ranker(
    rows: Sequence[PassageRow], folds: int = 5, embedder: str = ""
) -> tuple[PassageRanker, dict[str, Any]]:
    """Choose C by grouped CV on train (mean Hit@5 over data sets, ties to the smaller C); report test."""
    from sklearn.model_selection import GroupKFold

    train = [r for r in rows if r.split == "train"]
    test = [r for r in rows if r.split == "test"]
    groups = np.array([f"{r.dataset}:{r.group}" for r in train])
    cv: dict[str, dict[str, Any]] = {}
    best_c, best = C_GRID[0], -1.0
    for c in C_GRID:
        oof = np.zeros(len(train))
        for fit_idx, held_idx in GroupKFold(n_splits=folds).split(train, groups=groups):
            model = fit_pairwise([train[i] for i in fit_idx], c)
            oof[held_idx] = model.scores([train[i].features for i in held_idx])
        rates = hit_rates(train, oof)
        cv[str(c)] = rates
        if _mean_hit5(rates) > best + 1e-9:
            best_c, best = c, _mean_hit5(rates)
    ranker = fit_pairwise(train, best_c, embedder)
    cross = lambda r: r.kind == "crosslingual"  # noqa: E731
    report: dict[str, Any] = {
        "C": best_c,
        "cv": cv,
        "cv_fused": hit_rates(train, fused_scores(train)),
        "test_fused": hit_rates(test, fused_scores(test)),
        "test_fused_crosslingual": hit_rates(test, fused_scores(test), cross),
    }
    if test:
        scores = ranker.scores([r.features for r in test])
        report["test_learned"] = hit_rates(test, scores)
        report["test_learned_crosslingual"] = hit_rates(test, scores, cross)
    return ranker, report
