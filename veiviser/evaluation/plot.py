"""The abstention trade-off curve as a PNG (matplotlib's Agg canvas: no display, no pyplot state)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from veiviser.evaluation.norquad_answers import AnswerOutcome, curve, curve_thresholds, rates_at


def write_abstention_curve(outcomes: Sequence[AnswerOutcome], path: Path) -> Path:
    """The NorQuAD --abstention trade-off over every threshold at which an answer changes."""
    return write_tradeoff_png(
        curve(outcomes, curve_thresholds(outcomes)),
        rates_at(outcomes, 0.0),
        path,
        title=f"NorQuAD abstention trade-off ({len(outcomes)} questions): answer iff confidence >= t",
    )


def write_tradeoff_png(
    points: Sequence[Mapping[str, Any]], operating: Mapping[str, Any], path: Path, title: str = ""
) -> Path:
    """Answerable questions answered (right) against unanswerable ones refused, one point per threshold.

    `points` and `operating` are rows of `norquad_answers.rates_at`; the operating point (t = 0,
    today's policy) is marked.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def xy(key: str) -> tuple[list[float], list[float]]:
        kept = [p for p in points if p["abstained_unanswerable"] is not None and p[key] is not None]
        return [p["abstained_unanswerable"] for p in kept], [p[key] for p in kept]

    fig = Figure(figsize=(6.4, 4.8), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(*xy("answered"), color="0.6", linestyle="--", linewidth=1.2, label="answerable: answered")
    ax.plot(*xy("answered_right"), color="tab:blue", linewidth=1.8, label="answerable: answered with gold in a quote")
    x, y = operating["abstained_unanswerable"], operating["answered_right"]
    if x is not None and y is not None:
        ax.plot([x], [y], marker="o", markersize=8, color="tab:red", linestyle="none", label="t = 0 (current policy)")
        right = x > 0.75  # keep the label inside the axes
        ax.annotate(
            f"t = 0\n({x:.2f}, {y:.2f})",
            (x, y),
            textcoords="offset points",
            xytext=(-10 if right else 10, 8),
            ha="right" if right else "left",
            fontsize=8,
        )
    ax.set_xlim(0.0, 1.02)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("unanswerable questions abstained on (share)")
    ax.set_ylabel("answerable questions (share)")
    ax.set_title(title or "Abstention trade-off: answer iff confidence >= t", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path
