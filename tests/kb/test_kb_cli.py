"""`veiviser kb validate|stats`: exit codes and JSON output."""

from __future__ import annotations

import json

from kb_builder import base_kb, write_kb
from typer.testing import CliRunner

from veiviser.cli import app

runner = CliRunner()


def test_validate_ok_and_failing(tmp_path):
    kb_dir, corpus, brief = write_kb(tmp_path / "ok")
    res = runner.invoke(
        app, ["kb", "validate", "--kb", str(kb_dir), "--corpus", str(corpus), "--brief", str(brief), "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["ok"] is True

    files = base_kb()
    files["pathways/no-test.yaml"]["legal_basis"] = ["no-ukjent-1"]
    kb_dir, corpus, brief = write_kb(tmp_path / "bad", files)
    res = runner.invoke(
        app, ["kb", "validate", "--kb", str(kb_dir), "--corpus", str(corpus), "--brief", str(brief), "--json"]
    )
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["problems"] == [
        {
            "file": "kb/pathways/no-test.yaml",
            "item": "no-test",
            "kind": "reference",
            "message": "refers to unknown legal reference 'no-ukjent-1'",
        }
    ]


def test_validate_human_output_names_file_and_item(tmp_path):
    files = base_kb()
    files["pathways/no-test.yaml"]["legal_basis"] = ["no-ukjent-1"]
    kb_dir, corpus, brief = write_kb(tmp_path, files)
    res = runner.invoke(app, ["kb", "validate", "--kb", str(kb_dir), "--corpus", str(corpus), "--brief", str(brief)])
    assert res.exit_code == 1
    assert "kb/pathways/no-test.yaml [no-test]" in res.output


def test_stats_json(tmp_path):
    kb_dir, _, _ = write_kb(tmp_path)
    res = runner.invoke(app, ["kb", "stats", "--kb", str(kb_dir), "--json"])
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["counts"]["pathways"] == 1 and out["counts"]["items"] == 2
    assert out["per_pathway"] == [{"id": "no-test", "jurisdiction": "no", "phases": 1, "items": 2}]
