"""The evaluation's metric code on tiny synthetic data, the CLI on a tiny corpus, and (slow) the dev set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from veiviser.cli import app
from veiviser.core.config import project_root
from veiviser.core.types import Answer, Chunk, Citation, SearchHit
from veiviser.evaluation.dataset import DatasetError, EvalQuestion, load_norquad, load_questions
from veiviser.evaluation.metrics import (
    AnswerTally,
    check_citations,
    cites_evidence,
    document_ranking,
    evidence_ranking,
    ranking_scores,
)
from veiviser.evaluation.relevance import contains_evidence
from veiviser.evaluation.report import check_thresholds, load_thresholds, to_markdown

THRESHOLDS = project_root() / "eval" / "thresholds.toml"


def chunk(cid: str, text: str, doc: str = "a.txt", original: str | None = None) -> Chunk:
    return Chunk(
        id=cid,
        doc_id=doc,
        text=text,
        source=doc,
        title=doc,
        doc_type="txt",
        lang="nb",
        position=0,
        original_text=original,
    )


def hits(*chunks: Chunk) -> list[SearchHit]:
    return [SearchHit(c, 1.0 / i, i) for i, c in enumerate(chunks, 1)]


def question(qid="q1", evidence=("Teamet ledes av en koordinator",), answerable=True, **kw) -> EvalQuestion:
    return EvalQuestion(id=qid, question="Hvem leder teamet?", evidence=tuple(evidence), answerable=answerable, **kw)


def test_evidence_matches_fuzzily_against_repaired_and_original_text():
    repaired = chunk("c1", "Piloten er utvidet med to år, ut 2023.", original="Piloten er utvidet med\nto ar, ut 2023.")
    assert contains_evidence(repaired, "Piloten er utvidet med to ar, ut 2023.")
    assert contains_evidence(repaired, "Piloten er utvidet med\nto år")
    assert not contains_evidence(repaired, "Fastlegen har det medisinskfaglige ansvaret.")
    heading = chunk("c2", "Piloten")  # a tiny chunk does not contain a long passage
    assert not contains_evidence(heading, "Piloten er utvidet med to år, ut 2023, i fire kommuner.")


def test_ranking_metrics_count_each_piece_of_evidence_once():
    q1 = question("q1", evidence=("Teamet ledes av en koordinator", "Fastlegen har ansvaret"))
    r1 = evidence_ranking(
        q1,
        hits(
            chunk("x", "Noe annet."),
            chunk("a", "Teamet ledes av en koordinator. Mer tekst."),
            chunk("b", "Overlapp: Teamet ledes av en koordinator."),  # the same evidence again: no extra credit
            chunk("c", "Fastlegen har ansvaret for listen."),
        ),
    )
    q2 = question("q2", evidence=("Planen krever samtykke",))
    r2 = evidence_ranking(q2, hits(chunk("d", "Planen krever samtykke fra brukeren.")))
    q3 = question("q3", evidence=("Finnes ikke",))
    r3 = evidence_ranking(q3, hits(chunk("e", "Helt annet.")))
    scores = ranking_scores([r1, r2, r3])
    assert scores["q1"]["R@1"] == 0.0
    assert scores["q1"]["R@5"] == 1.0
    assert scores["q1"]["MRR"] == pytest.approx(0.5)
    assert scores["q2"]["R@1"] == 1.0 and scores["q2"]["nDCG@10"] == pytest.approx(1.0)
    assert scores["q3"]["R@10"] == 0.0 and scores["q3"]["MRR"] == 0.0
    assert 0.0 < scores["q1"]["nDCG@10"] < 1.0


def test_cutoffs_count_passages_not_the_evidence_strings_they_hold():
    evidence = ("Teamet ledes av en koordinator", "Fastlegen har ansvaret")
    both = chunk("ab", "Teamet ledes av en koordinator. Fastlegen har ansvaret for listen.")
    others = [chunk(f"x{i}", f"Noe annet nummer {i}.") for i in range(12)]
    at_five = evidence_ranking(question("q5", evidence=evidence), hits(*others[:4], both, *others[4:]))
    at_ten = evidence_ranking(question("q10", evidence=evidence), hits(*others[:9], both, *others[9:]))
    at_eleven = evidence_ranking(question("q11", evidence=evidence), hits(*others[:10], both))
    scores = ranking_scores([at_five, at_ten, at_eleven])
    assert scores["q5"]["R@5"] == 1.0 and scores["q5"]["Hit@5"] == 1.0 and scores["q5"]["R@1"] == 0.0
    assert scores["q5"]["MRR"] == pytest.approx(0.2)
    assert scores["q10"]["R@5"] == 0.0 and scores["q10"]["R@10"] == 1.0
    assert 0.0 < scores["q10"]["nDCG@10"] < scores["q5"]["nDCG@10"] < 1.0
    assert scores["q11"]["R@10"] == 0.0 and scores["q11"]["nDCG@10"] == 0.0
    assert scores["q11"]["MRR"] == pytest.approx(1 / 11)


def test_document_ranking_uses_the_first_chunk_of_each_document():
    q = EvalQuestion(id="n1", question="?", gold_doc="gold.txt")
    ranking = document_ranking(
        q, hits(chunk("1", "x", "other.txt"), chunk("2", "y", "other.txt"), chunk("3", "z", "gold.txt"))
    )
    assert ranking.items == ("doc:other.txt", "doc:gold.txt")
    assert ranking_scores([ranking])["n1"]["MRR"] == pytest.approx(0.5)


def _answer(text: str, citations, passages, abstained=False) -> Answer:
    return Answer("Hvem leder teamet?", text, abstained, tuple(citations), "nb", tuple(passages))


def test_citation_checks_and_evidence_in_answers():
    good = chunk("g", "Teamet ledes av en koordinator. Fastlegen har ansvaret.")
    other = chunk("o", "Kommunen har en koordinerende enhet.")
    answer = _answer(
        "Ifølge kildene:\nTeamet ledes av en koordinator. [1]\nMånen er laget av ost. [2]\nTeamet ledes av noen. [3]",
        [
            Citation(1, "a.txt", None, "", "Teamet ledes av en koordinator.", "g"),
            Citation(2, "a.txt", None, "", "Kommunen har en koordinerende enhet.", "o"),
            Citation(3, "a.txt", None, "", "Teamet ledes av en leder.", "g"),  # not an exact span
        ],
        hits(good, other),
    )
    checks = check_citations(answer)
    assert [(c.n, c.exact_span, c.supported) for c in checks] == [(1, True, True), (2, True, False), (3, False, True)]
    assert [c.valid for c in checks] == [True, False, False]
    assert cites_evidence(answer, question())
    assert not cites_evidence(_answer("x", [], [good], abstained=True), question())


def test_answer_tally_abstention_precision_and_recall():
    tally = AnswerTally()
    answered = _answer("x [1]", [], [])
    refused = _answer("vet ikke", [], [], abstained=True)
    tally.add(question("a1"), answered, [], True)
    tally.add(question("a2"), refused, [], False)
    tally.add(question("u1", answerable=False), refused, [], False)
    tally.add(question("u2", answerable=False), answered, [], False)
    summary = tally.summary()
    assert summary["answered_rate"] == 0.5
    assert summary["abstention_recall"] == 0.5
    assert summary["abstention_precision"] == 0.5
    assert summary["answer_contains_evidence"] == 0.5


def test_question_file_errors_name_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1", "question": "Hva?", "evidence": ["x"]}\n{"id": "2"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"q.jsonl:2"):
        load_questions(path)
    path.write_text('{"id": "1", "question": "Hva?", "answerable": true}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="evidence"):
        load_questions(path)


def test_norquad_contexts_become_documents_and_questions_point_at_them(tmp_path):
    data = {
        "data": [
            {
                "paragraphs": [
                    {
                        "context": "Tittel én\nFørste avsnitt om ferjer.",
                        "qas": [
                            {"id": 1, "question": "Om hva?", "answers": [{"text": "ferjer"}]},
                            {"id": 2, "question": "Igjen?", "answers": [{"text": "ferjer"}]},
                        ],
                    },
                    {
                        "context": "Tittel to\nAndre avsnitt om fly.",
                        "qas": [{"id": 3, "question": "Fly?", "answers": []}],
                    },
                ]
            }
        ]
    }
    path = tmp_path / "norquad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    documents, questions = load_norquad(path)
    assert len(documents) == 2 and len(questions) == 3
    assert documents[0].title == "Tittel én" and documents[0].blocks[1].text == "Første avsnitt om ferjer."
    assert {q.gold_doc for q in questions[:2]} == {documents[0].source}
    _, limited = load_norquad(path, limit=1)
    assert len(limited) == 1


def test_thresholds_file_and_check():
    minimums = load_thresholds(THRESHOLDS, "questions")
    assert {"recall_at_5", "abstention_recall", "answered_rate", "citation_validity"} <= set(minimums)
    summary = {"retrieval": {"overall": {"R@5": 0.5}}, "answers": {"overall": {"answered_rate": 1.0}}}
    shortfalls = check_thresholds(summary, {"recall_at_5": 0.6, "answered_rate": 0.9, "mrr": 0.1})
    assert [s.name for s in shortfalls] == ["recall_at_5", "mrr"]
    report = to_markdown({"dataset": "questions", "questions": 0, "k": 10, **summary}, shortfalls)
    assert "below minimum" in report and "@k counts the top k retrieved passages" in report


# --------------------------------------------------------------------------- end to end on a tiny corpus

CORPUS = {
    "team.txt": "Oppfølgingsteam\n\nEt oppfølgingsteam ledes av en oppnevnt koordinator. Fastlegen har det "
    "medisinskfaglige ansvaret for pasientene på listen.\n",
    "plan.txt": "Individuell plan\n\nEn individuell plan krever samtykke fra brukeren. Planen skal ha mål og tiltak.\n",
    "README.md": "Description of the test corpus; not indexed.\n",
}
QUESTIONS = [
    {
        "id": "t1",
        "question": "Hvem leder et oppfølgingsteam?",
        "lang": "nb",
        "kind": "lookup",
        "persona": "coordinator",
        "evidence": ["ledes av en oppnevnt koordinator"],
        "answerable": True,
        "answer": "Teamet ledes av en oppnevnt koordinator.",
    },
    {
        "id": "t2",
        "question": "Hva krever en individuell plan?",
        "lang": "nb",
        "kind": "lookup",
        "persona": "frontline",
        "evidence": ["krever samtykke fra brukeren"],
        "answerable": True,
        "answer": "Planen krever at brukeren samtykker.",
    },
    {
        "id": "t3",
        "question": "Hva er telefonnummeret til legevakten i Tromsø?",
        "lang": "nb",
        "kind": "unanswerable",
        "persona": "frontline",
        "evidence": [],
        "answerable": False,
    },
]


@pytest.fixture
def tiny_set(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    return corpus, questions


def run_cli(*args, tmp_path):
    env = {"VEIVISER_EMBEDDER": "fake", "VEIVISER_HOME": str(tmp_path / "home")}
    return CliRunner().invoke(app, list(args), env=env)


def test_eval_command_reports_and_reuses_its_index(tiny_set, tmp_path):
    corpus, questions = tiny_set
    index = tmp_path / "idx"
    out = tmp_path / "report.md"
    result = run_cli(
        "eval",
        "--questions",
        str(questions),
        "--corpus",
        str(corpus),
        "--index",
        str(index),
        "--json",
        "--out",
        str(out),
        tmp_path=tmp_path,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["index"]["documents"] == 2  # README left out
    assert summary["retrieval"]["overall"]["R@5"] == 1.0
    answers = summary["answers"]["overall"]
    assert answers["answered"] == 2 and answers["abstained_on_unanswerable"] == 1
    assert answers["citation_validity"] == 1.0 and answers["answer_contains_evidence"] == 1.0
    assert "## Retrieval" in out.read_text(encoding="utf-8")

    assert summary["reranker"] == "" and "reranker: none" in out.read_text(encoding="utf-8")

    again = run_cli(
        "eval",
        "--questions",
        str(questions),
        "--corpus",
        str(corpus),
        "--index",
        str(index),
        "--json",
        "--no-answers",
        tmp_path=tmp_path,
    )
    assert json.loads(again.stdout.strip().splitlines()[-1])["index"]["reused"] is True


def test_eval_measures_with_the_configured_reranker(tiny_set, tmp_path):
    corpus, questions = tiny_set
    env = {"VEIVISER_EMBEDDER": "fake", "VEIVISER_HOME": str(tmp_path / "home"), "VEIVISER_RERANKER": "fake"}
    result = CliRunner().invoke(
        app, ["eval", "--questions", str(questions), "--corpus", str(corpus), "--json", "--no-answers"], env=env
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["reranker"] == "fake" and summary["retrieval"]["overall"]["R@5"] == 1.0


def test_calibration_sweeps_are_added_to_the_report(tiny_set, tmp_path):
    corpus, questions = tiny_set
    out = tmp_path / "report.md"
    result = run_cli(
        "eval",
        "--questions",
        str(questions),
        "--corpus",
        str(corpus),
        "--calibrate",
        "--json",
        "--out",
        str(out),
        tmp_path=tmp_path,
    )
    assert result.exit_code == 0, result.output
    calibration = json.loads(result.stdout.strip().splitlines()[-1])["calibration"]
    assert calibration["current"]["answered"] == 2 and calibration["current"]["refused"] == 1
    assert len(calibration["abstention_grid"]) > 10
    assert calibration["support_pairs"] >= 2
    sweep = {row["threshold"]: row for row in calibration["support_sweep"]}
    assert sweep[0.3]["tpr"] == 1.0  # the reference answers paraphrase their own chunks
    assert "## Calibration" in out.read_text(encoding="utf-8")


def test_eval_command_exits_1_below_a_threshold(tiny_set, tmp_path):
    corpus, questions = tiny_set
    result = run_cli(
        "eval",
        "--questions",
        str(questions),
        "--corpus",
        str(corpus),
        "--no-answers",
        "--min-recall-at-5",
        "1.01",
        tmp_path=tmp_path,
    )
    assert result.exit_code == 1
    assert "recall_at_5" in result.output


def test_eval_refuses_an_index_holding_other_documents(tiny_set, tmp_path):
    corpus, questions = tiny_set
    index = tmp_path / "idx"
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Noe helt annet om ferjer.\n", encoding="utf-8")
    assert run_cli("ingest", str(other), "--index", str(index), "--no-kb", tmp_path=tmp_path).exit_code == 0
    result = run_cli(
        "eval", "--questions", str(questions), "--corpus", str(corpus), "--index", str(index), tmp_path=tmp_path
    )
    assert result.exit_code == 2
    assert "other document" in result.output


# --------------------------------------------------------------------------- the dev set (slow)


@pytest.mark.slow
def test_dev_set_meets_the_ci_thresholds(tmp_path):
    shared = project_root().parent / "shared"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--questions",
            str(shared / "eval" / "questions_dev.jsonl"),
            "--corpus",
            str(shared / "corpus"),
            "--index",
            str(tmp_path / "idx"),
            "--thresholds",
            str(THRESHOLDS),
            "--out",
            str(tmp_path / "dev.md"),
        ],
        env={"VEIVISER_HOME": str(tmp_path / "home")},
    )
    report = (tmp_path / "dev.md").read_text(encoding="utf-8") if (tmp_path / "dev.md").exists() else result.output
    assert result.exit_code == 0, report


def test_a_quote_carries_evidence_only_when_the_quoted_words_hold_it_ocr_damage_folded():
    from veiviser.evaluation.relevance import quote_carries_evidence

    evidence = ["spknadsskjema tilgengelig pa kommunenes nettsider"]  # raw OCR text, as the source has it
    repaired = "Det finnes søknadsskjema tilgjengelig på kommunenes nettsider for andre tjenester."
    assert quote_carries_evidence([repaired], evidence)
    assert not quote_carries_evidence(["Kommunene har rutiner for identifisering av behov."], evidence)
    halves = ["Det finnes søknadsskjema tilgjengelig", "på kommunenes nettsider."]
    assert quote_carries_evidence(halves, evidence)  # evidence running over two quotes
    assert not quote_carries_evidence([], evidence)


def test_eval_takes_one_split_of_the_set_and_can_index_the_kb_too(tiny_set, tmp_path):
    corpus, questions = tiny_set
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, row in enumerate(rows):
        row["split"] = "test" if i == 0 else "train"
    split_file = tmp_path / "split.jsonl"
    split_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    args = ("eval", "--questions", str(split_file), "--corpus", str(corpus), "--json", "--no-answers")
    result = run_cli(*args, "--split", "test", "--kb", "--index", str(tmp_path / "idx"), tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["questions"] == 1
    assert summary["index"]["documents"] > 2  # the two corpus files and the kb's documents
    missing = run_cli(*args, "--split", "validation", tmp_path=tmp_path)
    assert missing.exit_code == 2 and "split 'validation'" in missing.output
