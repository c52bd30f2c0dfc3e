"""The learned status of a requirement: covered, partial or missing from general signals.

Two logistic regressions over `features.FEATURES` (the answer layer's `LearnedDecision`,
with its JSON round-trip): P(missing) and P(covered). A requirement is `missing` when
P(missing) reaches the missing threshold, else `covered` when P(covered) reaches the
covered threshold, else `partial`. Weights, scaling and both thresholds live in a small
versioned JSON file, `prompts/audit_decision.json`, trained by `eval/train_audit.py`
(settings chosen by cross-validation grouped by routine, on the train routines of every
requirement set).

Which decides is a choice: `rules` (the matcher's hand-set margins and shares, as before)
or `learned`; `VEIVISER_AUDIT_DECISION` sets it, `learned` is the default and falls back
to the rules when no model file is there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veiviser.answer.decision import DecisionModelError, LearnedDecision
from veiviser.compliance.features import FEATURES
from veiviser.compliance.matching import COVERED, MISSING, PARTIAL

AUDIT_DECISION_FILE = "audit_decision.json"
FORMAT_VERSION = 1
DECISION_ENV = "VEIVISER_AUDIT_DECISION"
AUDIT_DECISIONS = ("rules", "learned")


@dataclass(frozen=True)
class AuditDecision:
    missing: LearnedDecision  # P(missing), thresholded
    covered: LearnedDecision  # P(covered), thresholded
    meta: dict[str, Any]

    def probabilities(self, values: dict[str, float]) -> tuple[float, float]:
        """(P(missing), P(covered))."""
        return self.missing.probability(values), self.covered.probability(values)

    def status(self, values: dict[str, float]) -> str:
        if self.missing.should_answer(values):
            return MISSING
        if self.covered.should_answer(values):
            return COVERED
        return PARTIAL

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "kind": "audit_decision",
            "missing": self.missing.as_dict(),
            "covered": self.covered.as_dict(),
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditDecision:
        if data.get("version") != FORMAT_VERSION or data.get("kind") != "audit_decision":
            raise DecisionModelError(f"not an audit decision of format version {FORMAT_VERSION}; retrain it")
        return cls(
            missing=LearnedDecision.from_dict(data["missing"], allowed=FEATURES),
            covered=LearnedDecision.from_dict(data["covered"], allowed=FEATURES),
            meta=dict(data.get("meta", {})),
        )


def load_audit_decision(prompts_dir: Path) -> AuditDecision | None:
    """The trained audit decision in `prompts_dir`, or None when none has been trained there."""
    path = Path(prompts_dir) / AUDIT_DECISION_FILE
    if not path.exists():
        return None
    try:
        return AuditDecision.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except DecisionModelError as exc:
        raise DecisionModelError(f"{path}: {exc}") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DecisionModelError(
            f"{path} is not a usable audit decision ({exc}); retrain it with eval/train_audit.py or delete it"
        ) from exc


def chosen_decision(choice: str | None = None) -> str:
    """`choice`, else $VEIVISER_AUDIT_DECISION, else "learned"; DecisionModelError for anything unknown."""
    value = (choice or os.environ.get(DECISION_ENV) or "learned").strip().lower()
    if value not in AUDIT_DECISIONS:
        raise DecisionModelError(f"unknown audit decision {value!r}; choose one of: {', '.join(AUDIT_DECISIONS)}")
    return value
