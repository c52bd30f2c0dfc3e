"""NorQuAD answer evaluations (--answers, --abstention): gold containment, the half split, the
confidence margin, the trade-off curve, and both modes through the CLI on a tiny NorQuAD file."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from veiviser.answer.evidence import AbstentionPolicy, EvidenceSignals
from veiviser.cli import app
from veiviser.core.types import Answer, Citation
from veiviser.evaluation.dataset import EvalQuestion, in_indexed_half, load_norquad, split_for_abstention
from veiviser.evaluation.norquad_answers import AnswerOutcome, quotes_gold, rates_at, summarise, table_thresholds
from veiviser.evaluation.relevance import contains_gold, fold
from veiviser.evaluation.report import ThresholdError, check_thresholds, load_thresholds, to_markdown

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# context -> (question, gold answer); the first four fall in the indexed half (SHA-256 parity)
CONTEXTS = {
    "Lofotfisket\nLofotfisket er blant verdens eldste fiskerier. Hver vinter vandrer skreien fra Barentshavet "
    "for å gyte ved Lofoten.\nFisken henges til tørk på hjeller i flere måneder før den blir tørrfisk.": [
        ("Hvor vandrer skreien fra?", "Barentshavet"),
        ("Hva henges fisken til tørk på?", "hjeller"),
    ],
    "Stavkirker\nUrnes stavkirke i Luster regnes som den eldste bevarte stavkirken.\nKirken står på UNESCOs "
    "verdensarvliste på grunn av de rike treskjæringene.": [
        ("Hvilken stavkirke regnes som den eldste bevarte?", "Urnes stavkirke"),
    ],
    "Hurtigruten\nHurtigruten seiler langs kysten mellom Bergen og Kirkenes.\nRuten ble grunnlagt av kaptein "
    "Richard With, som ville knytte kystsamfunnene sammen.": [
        ("Hvem grunnla Hurtigruten?", "Richard With"),
    ],
    "Holmenkollen\nHolmenkollbakken er en berømt hoppbakke på åsen over Oslo.\nHolmenkollrennet samler tusenvis "
    "av tilskuere langs skiløypene hver vinter.": [
        ("Hvor ligger hoppbakken Holmenkollbakken?", "på åsen over Oslo"),
    ],
    "Jostedalsbreen\nJostedalsbreen er den største isbreen på det europeiske fastlandet.\nBreen ligger i Vestland, "
    "og rundt den er det opprettet en nasjonalpark.": [
        ("Hvilken isbre er den største på det europeiske fastlandet?", "Jostedalsbreen"),
    ],
    "Brunost\nBrunost lages av myse som kokes lenge til melkesukkeret karamelliseres.\nGudbrandsdalsost er den mest "
    "kjente varianten og inneholder både kumelk og geitemelk.": [
        ("Hva lages brunost av?", "myse"),
    ],
    "Nordlys\nNordlyset oppstår når elektrisk ladde partikler fra sola treffer atmosfæren.\nTromsø er et populært "
    "reisemål for turister som vil se nordlyset om vinteren.": [
        ("Hvilken by er et populært reisemål for å se nordlyset?", "Tromsø"),
    ],
    "Fjordhesten\nFjordhesten er en av verdens eldste hesteraser.\nDen kjennes lett igjen på den lyse pelsen og den "
    "mørke stripen midt i manen.": [
        ("Hva kjennetegner manen til fjordhesten?", "den mørke stripen"),
    ],
}
INDEXED_TITLES = {"Lofotfisket", "Stavkirker", "Hurtigruten", "Holmenkollen"}


def norquad_json(contexts: dict[str, list[tuple[str, str]]]) -> dict:
    paragraphs = []
    qid = 100
    for context, qas in contexts.items():
        rows = []
        for question, gold in qas:
            qid += 1
            start = context.index(gold)
            rows.append(
                {
                    "id": qid,
                    "question": question,
                    "answers": [{"text": gold, "answer_start": start, "answer_end": start + len(gold)}],
                    "is_impossible": False,
                }
            )
        paragraphs.append({"context": context, "qas": rows})
    return {"data": [{"title": "test", "paragraphs": [p]} for p in paragraphs]}


@pytest.fixture
def norquad_file(tmp_path):
    path = tmp_path / "norquad.json"
    path.write_text(json.dumps(norquad_json(CONTEXTS), ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- gold containment


def test_gold_containment_folds_case_and_whitespace():
    assert fold("  Richard\n  WITH\tgrunnla ") == "richard with grunnla"
    assert contains_gold(["Ruten ble grunnlagt av kaptein Richard\nWith."], ["richard with"])
    assert contains_gold(["noe annet", "PÅ ÅSEN  over Oslo"], ["på åsen over Oslo"])
    assert not contains_gold(["Ruten ble grunnlagt av kaptein Richard Wi"], ["Richard With"])
    assert not contains_gold(["hva som helst"], ["", "  "])  # an empty gold answer matches nothing
    assert not contains_gold([], ["Oslo"])


def test_an_answer_is_right_when_a_quote_or_its_text_holds_the_gold():
    cite = Citation(1, "a.txt", None, "", "Ruten ble grunnlagt av kaptein Richard With.", "c1")
    answer = Answer("Hvem?", "Ifølge kildene:\nRuten ble grunnlagt av kaptein Richard With. [1]", False, (cite,), "nb")
    assert quotes_gold(answer, ["richard with"])
    assert not quotes_gold(answer, ["Bergen"])
    assert not quotes_gold(replace(answer, abstained=True), ["richard with"])  # an abstention quotes nothing


# --------------------------------------------------------------------------- the fixed half


def test_the_abstention_half_is_a_fixed_function_of_the_context_text(norquad_file):
    documents, questions = load_norquad(norquad_file)
    indexed, flagged = split_for_abstention(documents, questions)
    assert {d.title for d in indexed} == INDEXED_TITLES
    for context in CONTEXTS:  # the parity of the SHA-256 of the text, nothing else
        doc = next(d for d in documents if d.title == context.split("\n")[0])
        assert in_indexed_half(doc) == (int(hashlib.sha256(context.encode()).hexdigest(), 16) % 2 == 0)
    sources = {d.source for d in indexed}
    assert [q.answerable for q in flagged] == [q.gold_doc in sources for q in questions]
    assert sum(q.answerable for q in flagged) == 5 and len(flagged) == 9
    # the same in another order, another run, and with other contexts beside it
    shuffled = list(reversed(documents))
    assert {d.source for d in split_for_abstention(shuffled, questions)[0]} == sources
    many = {f"Tittel {i}\nEn setning om emne nummer {i}.": [("Hva?", "emne")] for i in range(200)}
    more_docs, more_questions = load_norquad(_write(norquad_file.parent / "many.json", {**CONTEXTS, **many}))
    more_indexed, _ = split_for_abstention(more_docs, more_questions)
    assert sources <= {d.source for d in more_indexed}
    assert 0.35 < len(more_indexed) / len(more_docs) < 0.65  # about half


def _write(path, contexts):
    path.write_text(json.dumps(norquad_json(contexts), ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- confidence vs should_abstain


def test_confidence_is_non_negative_exactly_when_the_policy_answers():
    coverages = sorted({round(0.05 * i, 2) for i in range(21)} | {0.2, 0.3, 0.4, 0.75, 0.2999, 0.7501})
    denses = [None, 0.0, 0.7, 0.76, 0.78, 0.7799, 0.7801, 0.8, 0.83, 0.84, 0.85, 0.8499, 0.8501, 0.86, 0.9, 1.0]
    policies = [
        AbstentionPolicy(),
        AbstentionPolicy(min_coverage=0.2, min_dense=0.83, cross_min_dense=0.76),
        AbstentionPolicy(min_coverage=0.4, min_dense=0.87, confident_coverage=0.6, cross_min_dense=0.84),
        AbstentionPolicy(min_coverage=0.0),
    ]
    checked = 0
    for policy, coverage, dense, cross, calibrated in itertools.product(
        policies, coverages, denses, (False, True), (False, True)
    ):
        signals = EvidenceSignals(
            coverage=coverage,
            best_passage_coverage=coverage,
            lexical=1.0,
            dense=dense,
            agreement=True,
            cross_language=cross,
            dense_calibrated=calibrated,
        )
        assert (policy.confidence(signals) >= 0) == (not policy.should_abstain(signals)), (policy, signals)
        checked += 1
    assert checked > 2000


def test_confidence_grows_with_the_evidence():
    policy = AbstentionPolicy()

    def signals(coverage: float, dense: float | None) -> EvidenceSignals:
        return EvidenceSignals(coverage, coverage, 1.0, dense, True, dense_calibrated=True)

    assert policy.confidence(signals(0.5, 0.9)) < policy.confidence(signals(0.9, 0.9))
    assert policy.confidence(signals(0.5, 0.84)) < policy.confidence(signals(0.5, 0.86))
    assert policy.confidence(signals(0.1, None)) == pytest.approx(-0.2)


# --------------------------------------------------------------------------- the curve on made-up outcomes


def _outcome(qid: str, answerable: bool, confidence: float, passes: bool = True, right: bool = True) -> AnswerOutcome:
    question = EvalQuestion(id=qid, question="?", answerable=answerable, evidence=("x",))
    answered = passes and confidence >= 0
    answer = Answer("?", "x" if answered else "vet ikke", not answered, (), "nb")
    return AnswerOutcome(
        question=question,
        answer=answer,
        reason="" if answered else ("weak_evidence" if passes else "lacks_quantity"),
        confidence=confidence,
        gold_in_quote=answered and right,
        passes_checks=passes,
        right_if_answered=passes and right,
        gold_in_passages=True,
    )


def test_the_curve_counts_over_thresholds_and_keeps_type_abstentions():
    rng = random.Random(7)
    outcomes = [_outcome(f"a{i}", True, rng.uniform(-0.5, 0.8), right=i % 3 > 0) for i in range(30)]
    outcomes += [_outcome(f"u{i}", False, rng.uniform(-0.7, 0.4)) for i in range(20)]
    outcomes.append(_outcome("typed", True, 0.9, passes=False))  # a missing number: never answered
    thresholds = table_thresholds(outcomes)
    assert 0.0 in thresholds and thresholds == sorted(thresholds) and len(thresholds) <= 17
    rows = [rates_at(outcomes, t) for t in thresholds]
    for low, high in itertools.pairwise(rows):
        assert high["answered"] <= low["answered"] and high["answered_right"] <= low["answered_right"]
        assert high["abstained_unanswerable"] >= low["abstained_unanswerable"]
    assert rows[-1]["answered"] == 0.0 and rows[-1]["abstained_unanswerable"] == 1.0
    assert rows[0]["answered"] == pytest.approx(30 / 31, abs=1e-4)  # all but the typed abstention
    section = summarise(outcomes, "abstention", {"total": 2, "indexed": 1})
    now = section["operating_point"]
    assert now["t"] == 0.0
    assert now["answered"] == section["overall"]["answered_rate"]
    assert now["answered_right"] == section["overall"]["gold_in_quote"]
    assert now["abstained_unanswerable"] == section["overall"]["abstention_recall"]
    assert section["abstain_reasons"]["answerable"]["lacks_quantity"] == 1


def test_norquad_answer_thresholds_have_their_own_table(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("[norquad]\nrecall_at_5 = 0.9\n[norquad_answers]\nanswered_rate = 0.8\ngold_in_quote = 0.5\n")
    minimums = load_thresholds(path, "norquad_answers")
    assert minimums == {"answered_rate": 0.8, "gold_in_quote": 0.5}
    summary = {"norquad_answers": {"overall": {"answered_rate": 0.9, "gold_in_quote": 0.4}}}
    assert [str(s) for s in check_thresholds(summary, minimums, "norquad_answers")] == [
        "norquad_answers.gold_in_quote: 0.4000 < 0.5000"
    ]
    path.write_text("[norquad_answers]\nrecall_at_5 = 0.9\n")
    with pytest.raises(ThresholdError, match="norquad_answers"):
        load_thresholds(path, "norquad_answers")


# --------------------------------------------------------------------------- through the CLI


def run_cli(*args, tmp_path):
    env = {"VEIVISER_EMBEDDER": "fake", "VEIVISER_HOME": str(tmp_path / "home")}
    return CliRunner().invoke(app, ["eval", *map(str, args)], env=env)


def last_json(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_abstention_mode_reports_figures_curve_and_png(norquad_file, tmp_path):
    index = tmp_path / "idx"
    out = tmp_path / "reports" / "abst.md"
    out.parent.mkdir()
    thresholds = tmp_path / "t.toml"
    thresholds.write_text("[norquad_answers]\nanswered_rate = 0.6\nabstention_recall = 0.75\ngold_in_quote = 0.6\n")
    args = ["--norquad", norquad_file, "--abstention", "--index", index, "--json", "--out", out]
    result = run_cli(*args, "--thresholds", thresholds, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    summary = last_json(result)
    section = summary["norquad_answers"]
    assert section["mode"] == "abstention" and section["contexts"] == {"total": 8, "indexed": 4}
    assert summary["index"]["documents"] == 4
    overall = section["overall"]
    assert (overall["answerable"], overall["unanswerable"]) == (5, 4)
    assert overall["answered_rate"] >= 0.8 and overall["gold_in_quote"] >= 0.8
    assert overall["abstention_recall"] >= 0.75
    assert summary["retrieval"]["questions"] == 5  # ranked only where the context is indexed
    assert summary["shortfalls"] == []
    curve = section["curve"]
    ts = [row["t"] for row in curve]
    assert 0.0 in ts and ts == sorted(ts)
    assert section["operating_point"]["abstained_unanswerable"] == overall["abstention_recall"]
    assert {row["id"] for row in summary["per_question"] if "confidence" in row} == {
        q["id"] for q in summary["per_question"]
    }

    png = out.parent / "abst-abstention.png"
    assert section["curve_png"] == str(png)
    data = png.read_bytes()
    assert data.startswith(PNG_MAGIC) and b"IHDR" in data[:32] and data.rstrip().endswith(b"IEND\xaeB`\x82")
    from matplotlib.image import imread

    assert imread(png).shape[0] > 100
    report = out.read_text(encoding="utf-8")
    assert "## NorQuAD answers (abstention)" in report and "### Trade-off" in report
    assert "| **0** (now) |" in report and "![Abstention trade-off](abst-abstention.png)" in report

    again = run_cli(*args, "--limit", 3, tmp_path=tmp_path)  # the index is re-used; three questions
    assert again.exit_code == 0, again.output
    limited = last_json(again)
    assert limited["index"]["reused"] is True and limited["questions"] == 3


def test_answers_mode_answers_every_question_and_checks_its_thresholds(norquad_file, tmp_path):
    thresholds = tmp_path / "t.toml"
    thresholds.write_text("[norquad_answers]\ngold_in_quote = 1.01\n")
    result = run_cli(
        "--norquad", norquad_file, "--answers", "--limit", 6, "--json", "--thresholds", thresholds, tmp_path=tmp_path
    )
    assert result.exit_code == 1, result.output  # below the (impossible) minimum
    summary = last_json(result)
    section = summary["norquad_answers"]
    assert section["mode"] == "answers" and section["contexts"] == {"total": 8, "indexed": 8}
    overall = section["overall"]
    assert summary["questions"] == 6 and overall["answerable"] == 6 and overall["unanswerable"] == 0
    assert overall["answered_rate"] >= 0.8 and overall["gold_in_quote"] >= 0.8
    assert overall["abstention_recall"] is None and "curve" not in section
    assert summary["shortfalls"] == [f"norquad_answers.gold_in_quote: {overall['gold_in_quote']:.4f} < 1.0100"]
    assert "## NorQuAD answers (answers)" in to_markdown(summary)


def test_plain_norquad_stays_retrieval_only_and_the_modes_refuse_bad_combinations(norquad_file, tmp_path):
    result = run_cli("--norquad", norquad_file, "--json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    summary = last_json(result)
    assert "norquad_answers" not in summary and "answers" not in summary
    assert summary["retrieval"]["questions"] == 9 and summary["index"]["documents"] == 8
    both = run_cli("--norquad", norquad_file, "--answers", "--abstention", tmp_path=tmp_path)
    assert both.exit_code == 2 and "not both" in both.output
    assert run_cli("--norquad", norquad_file, "--abstention", "--llm", "ollama", tmp_path=tmp_path).exit_code == 2


@pytest.mark.parametrize("threshold", [0.05, 0.95])
def test_with_the_learned_decision_confidence_is_its_probability_above_its_threshold(threshold):
    import numpy as np

    from tests.answer.answer_fixtures import PROMPTS, make_chunks, make_retriever
    from veiviser.answer.decision import FEATURES, LearnedDecision
    from veiviser.answer.extractive import ExtractiveAnswerer
    from veiviser.answer.phrases import load_phrases
    from veiviser.evaluation.norquad_answers import ask

    coef = np.array([3.0 if name == "sentence_coverage" else 0.0 for name in FEATURES])
    n = len(FEATURES)
    decision = LearnedDecision(FEATURES, np.zeros(n), np.ones(n), coef, -1.0, threshold, {})
    answerer = ExtractiveAnswerer(
        make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS, decision=decision
    )
    question = EvalQuestion("q", "Hvem leder et oppfølgingsteam?", evidence=("koordinator",))
    outcome = ask(answerer, question)
    retrieval = answerer.retrieve(question.question)
    assert outcome.confidence == pytest.approx(decision.probability(retrieval.features) - threshold)
    assert outcome.answered == (outcome.confidence >= 0)
    assert outcome.answered is (threshold < 0.5)
    # turned away by the decision, the answer it would have given is still known for the curve
    assert outcome.passes_checks
    assert outcome.reason == ("" if outcome.answered else "learned_decision")
