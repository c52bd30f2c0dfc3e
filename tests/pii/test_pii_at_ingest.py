"""Personal data at ingest: warned about, masked or refused; a full ID number never reaches an answer or status."""

from __future__ import annotations

import json
import random

import pytest
from pii_generators import norwegian
from typer.testing import CliRunner

from veiviser.cli import app

FNR = norwegian(random.Random(7))


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notat.txt").write_text(
        f"Notat om koordinator\n\nKoordinatoren for brukeren med fødselsnummer {FNR} følger opp planen hver måned.\n",
        encoding="utf-8",
    )
    (folder / "rutine.txt").write_text(
        "Rutine\n\nKoordinerende enhet oppnevner koordinator og følger opp opplæringen.\n", encoding="utf-8"
    )
    return folder


def run(tmp_path, mode, *args):
    env = {"VEIVISER_EMBEDDER": "fake", "VEIVISER_HOME": str(tmp_path / "home"), "VEIVISER_PII_AT_INGEST": mode}
    return CliRunner().invoke(app, list(args), env=env)


@pytest.mark.parametrize("mode", ["warn", "mask"])
def test_the_document_is_indexed_its_kinds_named_and_the_number_never_shown(tmp_path, docs, mode):
    ingest = run(tmp_path, mode, "ingest", str(docs), "--no-kb")
    assert ingest.exit_code == 0, ingest.output
    status = json.loads(run(tmp_path, mode, "status", "--json").stdout)
    flagged = {d["source"]: d for d in status["documents"]}
    assert flagged["notat.txt"]["personal_data"] == ["no_fnr"] and flagged["rutine.txt"]["personal_data"] == []
    assert any("fødselsnummer" in w for w in flagged["notat.txt"]["warnings"])
    answer = run(tmp_path, mode, "ask", "Hvor ofte følger koordinatoren opp planen?", "--json")
    shown = [ingest.output, json.dumps(status, ensure_ascii=False), answer.output, run(tmp_path, mode, "status").output]
    assert all(FNR not in text for text in shown)
    assert "følger opp planen hver måned" in json.loads(answer.stdout)["answer"]  # still answered
    found = run(tmp_path, mode, "search", FNR, "--json")
    assert FNR not in found.output
    if mode == "mask":  # masked in the index itself
        assert all(FNR not in r["text"] for r in json.loads(found.stdout)["results"])


def test_refuse_leaves_the_document_out_with_what_to_do(tmp_path, docs):
    result = run(tmp_path, "refuse", "ingest", str(docs), "--no-kb")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "notat.txt" in text and "fødselsnummer" in text and "VEIVISER_PII_AT_INGEST=mask" in text
    assert FNR not in result.output
    status = json.loads(run(tmp_path, "refuse", "status", "--json").stdout)
    assert {d["source"] for d in status["documents"] if d["chunks"]} == {"rutine.txt"}


def test_a_file_named_with_an_id_number_never_shows_it_in_the_cli(tmp_path):
    folder = tmp_path / "named"
    folder.mkdir()
    (folder / f"Notat {FNR}.txt").write_text("Notat\n\nKoordinatoren følger opp planen.\n", encoding="utf-8")
    outputs = [
        run(tmp_path, "warn", "ingest", str(folder), "--no-kb").output,
        run(tmp_path, "warn", "ingest", str(folder), "--no-kb", "--json").output,
        run(tmp_path, "warn", "status").output,
        run(tmp_path, "warn", "status", "--json").output,
        run(tmp_path, "warn", "ask", "Hvem følger opp planen?", "--json").output,
    ]
    assert all(FNR not in out for out in outputs)
    assert "Notat" in outputs[3]  # the document is still listed, its number masked
