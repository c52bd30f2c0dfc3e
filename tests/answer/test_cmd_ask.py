import json

import pytest
from typer.testing import CliRunner

from veiviser.cli import app


@pytest.fixture
def index(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "team.txt").write_text(
        "Oppfølgingsteam\n\nEt oppfølgingsteam ledes av en oppnevnt koordinator. Fastlegen har det "
        "medisinskfaglige ansvaret for pasientene på listen.\n",
        encoding="utf-8",
    )
    (docs / "sip.txt").write_text(
        "SIP\n\nEn samordnad individuell plan kräver att den enskilde samtycker till planen.\n", encoding="utf-8"
    )
    idx = tmp_path / "idx"
    result = run(tmp_path, "ingest", str(docs), "--index", str(idx), "--no-kb")
    assert result.exit_code == 0, result.output
    return idx


def run(tmp_path, *args):
    env = {"VEIVISER_EMBEDDER": "fake", "VEIVISER_HOME": str(tmp_path / "home")}
    return CliRunner().invoke(app, list(args), env=env)


def test_ask_json_has_the_documented_shape(index, tmp_path):
    result = run(tmp_path, "ask", "Hvem leder et oppfølgingsteam?", "--index", str(index), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"id", "answer", "abstained", "citations", "answer_lang", "unsupported"}
    assert out["abstained"] is False and out["answer_lang"] == "nb"
    (citation,) = out["citations"]
    assert set(citation) == {"n", "source", "page", "section", "quote", "chunk_id"}
    assert citation["source"] == "team.txt"
    assert "ledes av en oppnevnt koordinator" in citation["quote"]


def test_ask_prints_the_answer_and_its_sources(index, tmp_path):
    result = run(tmp_path, "ask", "Vad kräver en samordnad individuell plan?", "--index", str(index))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Enligt källorna")
    assert "[1] sip.txt" in result.stdout


def test_ask_batch_writes_one_json_line_per_question(index, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "a", "question": "Hvem leder et oppfølgingsteam?"}\n'
        '{"id": "b", "question": "Hva er telefonnummeret til legevakten?"}\n'
        '{"id": "c", "question": "Hva med fastlegen?", "history": ["Hvem leder et oppfølgingsteam?"]}\n',
        encoding="utf-8",
    )
    result = run(tmp_path, "ask", "--batch", str(batch), "--json", "--index", str(index), "--lang", "nb")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert [r["abstained"] for r in rows] == [False, True, False]


def test_ask_rejects_bad_input_with_a_clear_message(index, tmp_path):
    assert run(tmp_path, "ask", "--index", str(index)).exit_code == 2
    result = run(tmp_path, "ask", "Hei?", "--lang", "de", "--index", str(index))
    assert result.exit_code == 2 and "--lang" in result.output
    result = run(tmp_path, "ask", "Hei?", "--llm", "gpt", "--index", str(index))
    assert result.exit_code == 2 and "Unknown answerer" in result.output
    result = run(tmp_path, "ask", "Hei?", "--llm", "ollama", "--index", str(index))
    assert result.exit_code == 2 and "VEIVISER_LLM_MODEL" in result.output
    result = run(tmp_path, "ask", "Hei?", "--index", str(tmp_path / "none"))
    assert result.exit_code == 2 and "veiviser ingest" in result.output
