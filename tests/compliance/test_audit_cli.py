"""`veiviser audit`: JSON, exports, the labelled evaluation and clear errors (fake embedder)."""

from __future__ import annotations

import json

import pytest
import routine_fixtures as rf
import yaml
from audit_helpers import write
from docx import Document
from typer.testing import CliRunner

from veiviser.cli import app


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("VEIVISER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VEIVISER_EMBEDDER", "fake")
    return CliRunner()


def test_json_report(runner):
    path = rf.ROUTINES_DIR / "solberg-mangler.md"
    result = runner.invoke(app, ["audit", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["file"] == "solberg-mangler.md"
    assert len(data["requirements"]) == 14
    statuses = {r["id"]: r["status"] for r in data["requirements"]}
    assert statuses["R11"] == "missing" and statuses["R14"] == "missing"  # "under arbeid", "TBD"
    assert sum(data["summary"].values()) == 14


def test_out_writes_a_docx_and_prints_the_table(runner, tmp_path):
    out = tmp_path / "rapport.docx"
    result = runner.invoke(app, ["audit", str(rf.ROUTINES_DIR / "fjordvik-kort.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "R14" in result.stdout and "dekket" in result.stdout
    doc = Document(str(out))
    assert doc.tables[0].rows[1].cells[0].text == "R01"


def test_eval_prints_recall_and_false_alarms(runner, tmp_path):
    routine = write(tmp_path / "r.md", "# Rutine\n\n## Møter\n\nMøtestruktur: TBD.\n")
    labels = tmp_path / "labels.yaml"
    entry = {"file": routine.name, "labels": {"R14": "missing"}}
    labels.write_text(yaml.safe_dump({"requirement_set": "no-oppfolging", "routines": [entry]}), encoding="utf-8")
    result = runner.invoke(app, ["audit", "--eval", str(labels), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["gaps"] == 1 and data["total"]["gaps_found"] == 1 and data["total"]["gap_recall"] == 1.0


@pytest.mark.parametrize(
    "args, message",
    [
        (["audit"], "Give a ROUTINE"),
        (["audit", "finnes-ikke.docx"], "not found"),
        (["audit", "ROUTINE", "--requirements", "ukjent"], "known sets"),
        (["audit", "ROUTINE", "--out", "rapport.pptx"], ".docx"),
    ],
)
def test_errors(runner, tmp_path, args, message):
    routine = write(tmp_path / "r.txt", "Rutine\n\nKoordinator oppnevnes av koordinerende enhet.\n")
    args = [str(routine) if a == "ROUTINE" else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
