"""`veiviser course`: JSON, exports and clear errors (kb only, no model)."""

from __future__ import annotations

import json

import pytest
from pptx import Presentation
from typer.testing import CliRunner

from veiviser.cli import app


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("VEIVISER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VEIVISER_EMBEDDER", "fake")
    return CliRunner()


BASE = ["course", "--topic", "koordinatorrollen", "--audience", "nye koordinatorer"]


def test_json(runner):
    result = runner.invoke(app, [*BASE, "--minutes", "60", "--json", "--no-index"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["minutes"] == 60 and sum(g["minutes"] for g in data["guide"]) == 60
    assert len(data["quiz"]) >= 8 and all(q["answer"] in q["options"] for q in data["quiz"])


def test_without_an_index_the_module_is_built_and_the_notice_shown(runner):
    result = runner.invoke(app, [*BASE, "--json"])
    assert result.exit_code == 0, result.output
    assert "veiviser ingest" in result.stderr
    assert json.loads(result.stdout)["notices"]


def test_out_writes_pptx(runner, tmp_path):
    out = tmp_path / "kurs.pptx"
    result = runner.invoke(app, [*BASE, "--no-index", "--out", str(out)])
    assert result.exit_code == 0, result.output
    titles = [s.shapes.title.text for s in Presentation(str(out)).slides]
    assert titles[1] == "Læringsmål"


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--lang", "de"], "nb, nn, sv, da, en"),
        (["--minutes", "500"], "15–240"),
        (["--out", "k.pdf"], ".pptx"),
        (["--llm", "nope"], "Unknown answerer"),
    ],
)
def test_errors(runner, extra, message):
    result = runner.invoke(app, [*BASE, "--no-index", *extra])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
