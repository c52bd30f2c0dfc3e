"""The shared file format of the learned linear models: round trip and refusals that name the model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from veiviser.core.errors import VeiviserError
from veiviser.core.linear import linear_fields, read_linear_fields, write_model


class ModelError(VeiviserError):
    pass


def test_fields_round_trip_through_the_file_and_a_zero_scale_reads_as_one(tmp_path):
    data = linear_fields(("a", "b"), np.array([0.5, 1.0]), np.array([2.0, 0.0]), np.array([1.25, -3.0]))
    write_model(tmp_path / "m.json", data | {"meta": {"embedder": "x"}})
    names, mean, scale, coef = read_linear_fields(
        json.loads((tmp_path / "m.json").read_text(encoding="utf-8")), ("a", "b", "c"), "the model", ModelError
    )
    assert names == ("a", "b") and list(mean) == [0.5, 1.0] and list(scale) == [2.0, 1.0] and list(coef) == [1.25, -3.0]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"features": ["a", "b"], "mean": [0], "scale": [1, 1], "coef": [1, 1]}, "the model's .* differ in length"),
        ({"features": ["a", "z"], "mean": [0, 0], "scale": [1, 1], "coef": [1, 1]}, r"the model uses unknown .*'z'"),
    ],
)
def test_a_file_that_does_not_fit_the_code_is_refused_by_name(data, message):
    with pytest.raises(ModelError, match=message):
        read_linear_fields(data, ("a", "b"), "the model", ModelError)
