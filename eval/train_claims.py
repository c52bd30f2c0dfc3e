"""Train the claim check on the adversarial pairs and report it on the held-out test split.

    .venv/bin/python eval/train_claims.py                  # writes prompts/claim_checker.json + eval/claims_report.md
    .venv/bin/python eval/train_claims.py --embedder fake  # no model weights (cosine signals are noise)

Every (passage, claim) pair of eval/claims/claims.jsonl gets the signals of
veiviser.answer.claim_features; a logistic regression is chosen by grouped 5-fold
cross-validation on the train split (groups = passages; weights of support signals kept >= 0
and of contradiction signals <= 0), its threshold by the best
balanced accuracy out of fold; test is scored once, at the end, beside the word-overlap
rules it replaces.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from veiviser.answer.answer_types import load_answer_types  # noqa: E402
from veiviser.answer.claim_check import CHECKER_FILE, ClaimJudge, claim_signals  # noqa: E402
from veiviser.answer.claim_features import CLAIM_FEATURES, load_claim_lexicon  # noqa: E402
from veiviser.answer.decision import LearnedDecision  # noqa: E402
from veiviser.answer.evidence import DenseProbe  # noqa: E402
from veiviser.answer.support import SUPPORT_THRESHOLD  # noqa: E402
from veiviser.backends.registry import make_embedder  # noqa: E402
from veiviser.core.config import Settings  # noqa: E402
from veiviser.evaluation.training import C_GRID, _predict, choose_threshold, fit_signed  # noqa: E402

# signals of support may only count for a claim, signs of contradiction only against it
SIGNS = {
    "score": 1,
    "fuzzy": 1,
    "overlap": 1,
    "cosine": 1,
    "has_cosine": 0,
    "cross_language": 0,
    "log_chars": 0,
}


def signs() -> list[int]:
    return [SIGNS.get(name, -1) for name in CLAIM_FEATURES]


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    oof = np.zeros(len(y))
    for fit_idx, held_idx in GroupKFold(n_splits=5).split(x, y, groups):
        oof[held_idx] = _predict(fit_signed(x[fit_idx], y[fit_idx], c, signs()), x[held_idx])
    return oof


def similarity_of(probe: DenseProbe):
    def similarity(claim: str, texts):
        vector = probe.query_vector(claim)
        sims = probe.similarities(vector, texts) if vector is not None else None
        return [] if sims is None else [float(x) for x in sims]

    return similarity if probe.available else None


def rates(rows: list[dict], decided: list[bool]) -> dict[str, float | int]:
    good = [d for r, d in zip(rows, decided) if r["label"] == "supported"]
    bad = [d for r, d in zip(rows, decided) if r["label"] != "supported"]
    return {
        "supported": len(good),
        "kept": round(sum(good) / len(good), 4) if good else float("nan"),
        "unsupported": len(bad),
        "rejected": round(sum(not d for d in bad) / len(bad), 4) if bad else float("nan"),
    }


def table(title: str, rows: list[dict], learned: list[bool], rules: list[bool], key: str) -> list[str]:
    lines = [
        f"### {title}",
        "",
        f"| {key} | n | learned: kept / rejected | rules: kept / rejected |",
        "|---|---|---|---|",
    ]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[str(r[key])].append(i)
    for name in sorted(groups):
        idx = groups[name]
        part = [rows[i] for i in idx]
        a, b = rates(part, [learned[i] for i in idx]), rates(part, [rules[i] for i in idx])
        lines.append(f"| {name} | {len(idx)} | {a['kept']} / {a['rejected']} | {b['kept']} / {b['rejected']} |")
    return lines + [""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=Path, default=ROOT / "eval" / "claims" / "claims.jsonl")
    ap.add_argument("--embedder", default=None, help="embedder name (default: the settings' default)")
    ap.add_argument("--out", type=Path, default=ROOT / "prompts" / CHECKER_FILE)
    ap.add_argument("--report", type=Path, default=ROOT / "eval" / "claims_report.md")
    args = ap.parse_args()
    started = time.perf_counter()
    settings = Settings(**({"embedder": args.embedder} if args.embedder else {}))
    embedder = make_embedder(settings)
    similarity = similarity_of(DenseProbe(embedder))
    prompts = settings.prompts_dir
    lexicon, number_words = load_claim_lexicon(prompts), dict(load_answer_types(prompts).count_words)
    rows = [json.loads(line) for line in args.claims.read_text(encoding="utf-8").splitlines() if line.strip()]
    features, rules = [], []
    for r in rows:
        claim_lang = r.get("claim_lang", r["lang"])
        found, values = claim_signals(
            r["claim"], r["passage"], r["lang"], claim_lang, similarity, lexicon, number_words
        )
        features.append(values)
        rules.append(found.supported(SUPPORT_THRESHOLD))
    x = np.array([[f[n] for n in CLAIM_FEATURES] for f in features])
    y = np.array([1 if r["label"] == "supported" else 0 for r in rows])
    groups = np.array([f"claims:{r['group']}" for r in rows])
    train = np.array([r["split"] == "train" for r in rows])
    test = ~train
    cv: dict[str, float] = {}
    best_c, best_acc, best_oof = C_GRID[0], -1.0, None
    for c in C_GRID:
        oof = out_of_fold(x[train], y[train], groups[train], c)
        t = choose_threshold(oof, y[train], 0.0, groups[train])
        decided = oof >= t
        acc = (decided[y[train] == 1].mean() + (~decided[y[train] == 0]).mean()) / 2
        cv[str(c)] = round(float(acc), 4)
        if acc > best_acc + 1e-9:
            best_c, best_acc, best_oof = c, acc, oof
    assert best_oof is not None
    threshold = choose_threshold(best_oof, y[train], 0.0, groups[train])
    # the gate: how much a claim must resemble its passage (words, or meaning) before the
    # contradiction model is asked at all; chosen on the same out-of-fold scores
    score = np.array([f["score"] for f in features])[train]
    cosine = np.array([f["cosine"] if f["has_cosine"] else -1.0 for f in features])[train]
    gate, gate_acc = (0.0, 2.0), -1.0
    for g in (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        for c in (0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 2.0):
            decided = (best_oof >= threshold) & ((score >= g) | (cosine >= c))
            acc = (decided[y[train] == 1].mean() + (~decided[y[train] == 0]).mean()) / 2
            if acc > gate_acc + 1e-9:
                gate, gate_acc = (g, c), float(acc)
    params = fit_signed(x[train], y[train], best_c, signs())
    mean, scale, coef, intercept = params
    model = LearnedDecision(
        CLAIM_FEATURES,
        mean,
        scale,
        coef,
        intercept,
        threshold,
        {
            "C": best_c,
            "cv_balanced_accuracy": round(best_acc, 4),
            "gate_score": gate[0],
            "gate_cosine": gate[1],
            "cv_balanced_accuracy_with_gate": round(gate_acc, 4),
            "trained_on": int(train.sum()),
            "embedder": getattr(embedder, "name", ""),
            "trained_by": "eval/train_claims.py",
        },
    )
    model.save(args.out)
    judge = ClaimJudge(model, lexicon, number_words)
    test_rows = [r for r, t in zip(rows, test) if t]
    learned = [
        judge.judge(r["claim"], r["passage"], r["lang"], r.get("claim_lang", r["lang"]), similarity).supported
        for r in test_rows
    ]
    rules_test = [d for d, t in zip(rules, test) if t]
    overall_l, overall_r = rates(test_rows, learned), rates(test_rows, rules_test)
    weights = sorted(zip(CLAIM_FEATURES, coef), key=lambda kv: -abs(kv[1]))
    lines = [
        "# Claim check: training report",
        "",
        f"Pairs: {len(rows)} (train {int(train.sum())}, test {int(test.sum())}); embedder "
        f"`{getattr(embedder, 'name', '')}`. C = {best_c} by grouped 5-fold CV on train (balanced accuracy "
        f"{cv}); threshold {threshold:.3f} (best balanced accuracy out of fold); judged only when the claim "
        f"resembles its passage: word score >= {gate[0]} or cosine >= {gate[1]} (out of fold: {gate_acc:.4f}).",
        "",
        "## Test split",
        "",
        "| check | supported kept | unsupported rejected |",
        "|---|---|---|",
        f"| learned | {overall_l['kept']} of {overall_l['supported']} | "
        f"{overall_l['rejected']} of {overall_l['unsupported']} |",
        f"| word-overlap rules | {overall_r['kept']} | {overall_r['rejected']} |",
        "",
        *table("By kind (test)", test_rows, learned, rules_test, "kind"),
        *table("By passage language (test)", test_rows, learned, rules_test, "lang"),
        "## Weights (standardised features)",
        "",
        "| feature | weight |",
        "|---|---|",
        *[f"| {name} | {w:.3f} |" for name, w in weights],
    ]
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"model written to {args.out} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
