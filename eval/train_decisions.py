"""Train the answer-or-abstain decision and report it on the held-out test split.

    .venv/bin/python eval/train_decisions.py                       # defaults: ../shared corpus, NorQuAD; writes prompts/
    .venv/bin/python eval/train_decisions.py --work /tmp/vv-train  # keep the two indexes between runs

Indexes the corpus with the curated kb (for the domain set, eval/domain/questions.jsonl) and
a fixed half of the NorQuAD validation contexts (questions on the other half are
unanswerable), asks every question once with the extractive answerer computing the
decision features, chooses settings by grouped cross-validation on the train split,
writes the model to prompts/answer_decision.json and a report of the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veiviser.answer.answer_types import load_answer_types  # noqa: E402
from veiviser.answer.decision import DECISION_FILE, LearnedDecision  # noqa: E402
from veiviser.answer.extractive import ExtractiveAnswerer  # noqa: E402
from veiviser.answer.phrases import load_phrases  # noqa: E402
from veiviser.answer.sentence_scorer import SCORER_FILE  # noqa: E402
from veiviser.app.services import build_services  # noqa: E402
from veiviser.core.config import Settings  # noqa: E402
from veiviser.evaluation.dataset import load_norquad, load_questions, split_for_abstention  # noqa: E402
from veiviser.evaluation.runner import corpus_files, prepared_index  # noqa: E402
from veiviser.evaluation.training import (  # noqa: E402
    MIN_ANSWERED,
    Row,
    SentenceRow,
    collect,
    norquad_split,
    save_rows,
    train,
    train_sentence_scorer,
)
from veiviser.index.versions import IndexManager  # noqa: E402
from veiviser.kb.documents import kb_documents  # noqa: E402
from veiviser.kb.loader import load_kb  # noqa: E402


def _progress(label: str):
    def report(i: int, n: int) -> None:
        if i == n or i % 50 == 0:
            print(f"  {label}: {i}/{n} questions", file=sys.stderr, flush=True)

    return report


def _answerer(settings: Settings, sentence_model: LearnedDecision | None) -> ExtractiveAnswerer:
    services = build_services(settings)
    return ExtractiveAnswerer(
        services.retriever(),
        load_phrases(settings.prompts_dir),
        answer_types=load_answer_types(settings.prompts_dir),
        with_features=True,
        sentence_model=sentence_model,
    )


def domain_rows(
    settings: Settings,
    corpus: Path,
    questions_file: Path,
    index: Path | None,
    sentences: list[SentenceRow] | None,
    sentence_model: LearnedDecision | None = None,
) -> list[Row]:
    raw = {
        str(d["id"]): d
        for d in (json.loads(line) for line in questions_file.read_text(encoding="utf-8").splitlines() if line.strip())
    }
    questions = load_questions(questions_file)
    kb = kb_documents(load_kb(settings.kb_dir))
    with prepared_index(settings, corpus_files(corpus), kb, index) as (run_settings, _):
        return collect(
            _answerer(run_settings, sentence_model),
            questions,
            dataset="domain",
            split_of=lambda q: str(raw[q.id].get("split", "train")),
            group_of=lambda q: f"{raw[q.id].get('doc')}#{raw[q.id].get('section')}",
            progress=_progress("domain"),
            sentence_rows=sentences,
        )


def norquad_rows(
    settings: Settings,
    norquad: Path,
    index: Path | None,
    sentences: list[SentenceRow] | None,
    sentence_model: LearnedDecision | None = None,
) -> list[Row]:
    documents, questions = load_norquad(norquad)
    indexed, questions = split_for_abstention(documents, questions)
    with prepared_index(settings, [], indexed, index) as (run_settings, _):
        return collect(
            _answerer(run_settings, sentence_model),
            questions,
            dataset="norquad",
            split_of=norquad_split,
            group_of=lambda q: q.gold_doc or q.id,
            progress=_progress("norquad"),
            sentence_rows=sentences,
        )


def markdown(report, rows: list[Row]) -> str:
    lines = [
        "# Answer-or-abstain decision: training report",
        "",
        f"Train rows: {sum(r.split == 'train' for r in rows)}, test rows: {sum(r.split == 'test' for r in rows)}. "
        f"C = {report.chosen_c} (grouped 5-fold CV on train, ROC AUC), threshold {report.threshold:.3f} "
        "(the best balanced accuracy, averaged over the sets, out of fold on train, answering at least "
        f"{MIN_ANSWERED:.0%} of each set's answerable questions).",
        "",
        "| C | CV AUC |",
        "|---|---|",
        *[f"| {c} | {v['auc']} |" for c, v in report.cv.items()],
        "",
        "## Test split",
        "",
        "| set | decision | answerable | answered | evidence in quote | unanswerable | abstained | cross-lingual evidence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for dataset, by in report.test.items():
        for name, r in by.items():
            lines.append(
                f"| {dataset} | {name} | {r['answerable']} | {r['answered_rate']} | {r['evidence_in_quote']} | "
                f"{r['unanswerable']} | {r['abstained_rate']} | {r['crosslingual_evidence_in_quote']} |"
            )
    for dataset, points in report.curve.items():
        lines += [
            "",
            f"### Trade-off on {dataset} test (answer when P >= threshold)",
            "",
            "| threshold | answered | evidence in quote | abstained |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {p['threshold']} | {p['answered_rate']} | {p['evidence_in_quote']} | {p['abstained_rate']} |"
            for p in points
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--domain", type=Path, default=ROOT / "eval" / "domain" / "questions.jsonl")
    ap.add_argument("--norquad", type=Path, default=ROOT.parent / "shared" / "eval" / "norquad" / "validation.json")
    ap.add_argument("--no-norquad", action="store_true", help="train on the domain set alone")
    ap.add_argument("--work", type=Path, default=None, help="folder for the indexes and the rows (kept)")
    ap.add_argument("--out", type=Path, default=ROOT / "prompts" / DECISION_FILE)
    ap.add_argument("--report", type=Path, default=ROOT / "eval" / "decision_report.md")
    args = ap.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="veiviser-train-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        settings = Settings(home=work / "home")
        # pass 1: every candidate sentence of the answerable questions trains the sentence scorer
        sentence_rows: list[SentenceRow] = []
        domain_rows(settings, args.corpus, args.domain, work / "domain-index", sentence_rows)
        if not args.no_norquad:
            norquad_rows(settings, args.norquad, work / "norquad-index", sentence_rows)
        scorer, scorer_report = train_sentence_scorer(sentence_rows)
        # pass 2: the decision is trained on the answers as that scorer selects them, as they are asked
        rows = domain_rows(settings, args.corpus, args.domain, work / "domain-index", None, scorer)
        if not args.no_norquad:
            rows += norquad_rows(settings, args.norquad, work / "norquad-index", None, scorer)
        save_rows(rows, work / "rows.jsonl")
        decision, report = train(rows)
        # both models read cosines on the scale of the embedder the indexes were built with
        embedder = IndexManager(settings.with_(index_dir=work / "domain-index")).open_current().embedder_name
        decision = replace(decision, meta={**decision.meta, "embedder": embedder})
        scorer = replace(scorer, meta={**scorer.meta, "embedder": embedder})
    decision.save(args.out)
    scorer.save(args.out.with_name(SCORER_FILE))
    text = markdown(report, rows) + (
        f"\n## Sentence scorer\n\n{len(sentence_rows)} candidate sentences of answerable questions; "
        f"C = {scorer_report['C']} (grouped CV AUC {scorer_report['cv_auc']}); "
        f"test AUC {scorer_report.get('test_auc')}.\n"
    )
    args.report.write_text(text, encoding="utf-8")
    print(text)
    print(
        f"model written to {args.out}; report to {args.report} ({time.perf_counter() - started:.0f} s)", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
