"""Train the learned audit decision (`decision.AuditDecision`) from labelled routines (eval/train_audit.py).

Rows are (routine, requirement) pairs with the features of `features` and the hand
label. Two logistic regressions are fitted: missing-vs-not and covered-vs-not, each
with every (requirement set, label) cell given the same total weight so the larger set
does not decide for the others. The regularisation C is chosen by cross-validation
grouped by routine (a routine's requirements never sit on both sides of a fold), then
the two thresholds on the out-of-fold probabilities: the covered threshold is the lowest
that keeps gaps found and covered flagged within the targets in every set (`TARGET_*`,
with a margin), the missing threshold the one with the most exact labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from veiviser.answer.decision import LearnedDecision
from veiviser.compliance.decision import AuditDecision
from veiviser.compliance.features import FEATURES
from veiviser.compliance.matching import COVERED, MISSING, PARTIAL

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
TARGET_GAPS_FOUND = 0.92  # the 0.90, with a margin for routines not seen
TARGET_COVERED_FLAGGED = 0.08  # the 0.10, with a margin
THRESHOLDS = tuple(round(float(t), 3) for t in np.arange(0.05, 0.96, 0.025))


@dataclass(frozen=True)
class Row:
    requirement_set: str
    split: str
    routine: str
    requirement: str
    features: dict[str, float]
    label: str


def _matrix(rows: Sequence[Row]) -> np.ndarray:
    return np.array([[r.features.get(name, 0.0) for name in FEATURES] for r in rows], dtype=np.float64)


def cell_weights(rows: Sequence[Row], y: np.ndarray) -> np.ndarray:
    """Every (set, class) cell gets the same total weight."""
    keys = [f"{r.requirement_set}:{int(v)}" for r, v in zip(rows, y)]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    w = np.array([1.0 / counts[k] for k in keys])
    return w * len(w) / w.sum()


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float) -> LearnedDecision:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=weights)
    return LearnedDecision(FEATURES, mean, scale, model.coef_[0].copy(), float(model.intercept_[0]), 0.5, {"C": c})


def _predict(model: LearnedDecision, x: np.ndarray) -> np.ndarray:
    z = ((x - model.mean) / model.scale) @ model.coef + model.intercept
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def out_of_fold(rows: Sequence[Row], target: str, c: float) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    x = _matrix(rows)
    y = np.array([1 if r.label == target else 0 for r in rows])
    groups = np.array([f"{r.requirement_set}/{r.routine}" for r in rows])
    weights = cell_weights(rows, y)
    oof = np.zeros(len(rows))
    for train_idx, test_idx in GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(x, y, groups):
        model = fit(x[train_idx], y[train_idx], weights[train_idx], c)
        oof[test_idx] = _predict(model, x[test_idx])
    return oof


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def decide(p_missing: np.ndarray, p_covered: np.ndarray, t_missing: float, t_covered: float) -> list[str]:
    return [MISSING if m >= t_missing else COVERED if c >= t_covered else PARTIAL for m, c in zip(p_missing, p_covered)]


def figures(rows: Sequence[Row], predicted: Sequence[str]) -> dict[str, Any]:
    """Gaps found, covered flagged and exact, per requirement set and over all."""
    out: dict[str, Any] = {}
    for name in sorted({r.requirement_set for r in rows}) + ["all"]:
        pairs = [(r.label, p) for r, p in zip(rows, predicted) if name in ("all", r.requirement_set)]
        gaps = [p for lab, p in pairs if lab != COVERED]
        covered = [p for lab, p in pairs if lab == COVERED]
        out[name] = {
            "gaps_found": round(sum(p != COVERED for p in gaps) / len(gaps), 4) if gaps else None,
            "covered_flagged": round(sum(p != COVERED for p in covered) / len(covered), 4) if covered else None,
            "exact": round(sum(lab == p for lab, p in pairs) / len(pairs), 4) if pairs else None,
            "n": len(pairs),
        }
    return out


def _meets(fig: dict[str, Any]) -> float:
    """How far the worst set is inside the targets (negative: outside)."""
    worst = []
    for name, f in fig.items():
        if name == "all":
            continue
        worst.append((f["gaps_found"] or 1.0) - TARGET_GAPS_FOUND)
        worst.append(TARGET_COVERED_FLAGGED - (f["covered_flagged"] or 0.0))
    return min(worst) if worst else 0.0


def choose_thresholds(rows: Sequence[Row], p_missing: np.ndarray, p_covered: np.ndarray) -> tuple[float, float]:
    """(missing, covered) thresholds: within the targets in every set if possible, then most exact."""
    best: tuple[tuple[float, float], float, float] | None = None
    for t_m in THRESHOLDS:
        for t_c in THRESHOLDS:
            fig = figures(rows, decide(p_missing, p_covered, t_m, t_c))
            key = (min(0.0, _meets(fig)), fig["all"]["exact"] or 0.0)
            if best is None or key > (best[1], best[2]):
                best = ((t_m, t_c), key[0], key[1])
    assert best is not None
    return best[0]


def train(rows: Sequence[Row]) -> tuple[AuditDecision, dict[str, Any]]:
    """The decision trained on `rows` (the train split), with its cross-validation report."""
    train_rows = [r for r in rows if r.split == "train"]
    if not train_rows:
        raise ValueError("no train rows: the labels files need routines with split: train")
    cv: dict[str, dict[float, float]] = {MISSING: {}, COVERED: {}}
    chosen: dict[str, float] = {}
    oof: dict[str, np.ndarray] = {}
    for target in (MISSING, COVERED):
        y = np.array([1 if r.label == target else 0 for r in train_rows])
        best_c, best_loss = C_GRID[0], float("inf")
        for c in C_GRID:
            p = out_of_fold(train_rows, target, c)
            loss = log_loss(y, p)
            cv[target][c] = round(loss, 4)
            if loss < best_loss:
                best_c, best_loss, oof[target] = c, loss, p
        chosen[target] = best_c
    t_m, t_c = (float(t) for t in choose_thresholds(train_rows, oof[MISSING], oof[COVERED]))
    x = _matrix(train_rows)
    models: dict[str, LearnedDecision] = {}
    for target, threshold in ((MISSING, t_m), (COVERED, t_c)):
        y = np.array([1 if r.label == target else 0 for r in train_rows])
        m = fit(x, y, cell_weights(train_rows, y), chosen[target])
        models[target] = LearnedDecision(m.features, m.mean, m.scale, m.coef, m.intercept, threshold, m.meta)
    cv_figures = figures(train_rows, decide(oof[MISSING], oof[COVERED], t_m, t_c))
    meta = {
        "trained_on": sorted({f"{r.requirement_set}" for r in train_rows}),
        "train_rows": len(train_rows),
        "train_routines": len({(r.requirement_set, r.routine) for r in train_rows}),
        "C": chosen,
        "thresholds": {"missing": t_m, "covered": t_c},
        "cv": cv_figures,
    }
    decision = AuditDecision(missing=models[MISSING], covered=models[COVERED], meta=meta)
    return decision, {"cv_log_loss": cv, **meta}
