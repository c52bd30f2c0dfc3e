"""The file format the learned linear models share: features with mean, scale and weights, as JSON.

The answer-or-abstain decision, the sentence scorer and the passage ranker are each a
linear score over standardised features, trained by a script under eval/ and shipped as
a small JSON file in prompts/. This module reads and writes the common part; each model
adds its own fields (an intercept and threshold, a depth) and its own error class.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from veiviser.core.errors import VeiviserError


def linear_fields(features: Sequence[str], mean: np.ndarray, scale: np.ndarray, coef: np.ndarray) -> dict[str, Any]:
    """The shared fields as JSON-ready lists (six decimals)."""
    return {
        "features": list(features),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef],
    }


def read_linear_fields(
    data: dict[str, Any], allowed: Sequence[str], what: str, error: type[VeiviserError]
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """(features, mean, scale, coef) from a model file's data; a zero scale reads as 1.

    Raises `error` naming `what` ("the decision model") when the lists differ in length or
    a feature is not one the code computes.
    """
    names = tuple(str(n) for n in data["features"])
    arrays = [np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "coef")]
    if any(a.shape != (len(names),) for a in arrays):
        raise error(f"{what}'s feature, mean, scale and coef lists differ in length")
    unknown = set(names) - set(allowed)
    if unknown:
        raise error(f"{what} uses unknown features {sorted(unknown)}; retrain it")
    mean, scale, coef = arrays
    return names, mean, np.where(scale == 0, 1.0, scale), coef


def write_model(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
