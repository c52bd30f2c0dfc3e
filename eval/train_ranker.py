"""Train the passage ranker (learning to rank over the fused candidates) and report it on the test split.

    .venv/bin/python eval/train_ranker.py                       # defaults: ../shared corpus, NorQuAD; writes prompts/
    .venv/bin/python eval/train_ranker.py --work /tmp/vv-train  # keep the two indexes between runs

Indexes the corpus with the curated kb (for the domain set, eval/domain/questions.jsonl) and a
fixed half of the NorQuAD validation contexts, searches every answerable question once in the
fused order, labels each of the best passages by whether it holds the gold evidence, chooses C
by grouped cross-validation on the train split, writes prompts/passage_ranker.json and a report
of the test split (eval/ranker_report.md). Retrain the answer models afterwards
(eval/train_decisions.py): their candidates come from the ranked passages.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veiviser.app.services import build_services  # noqa: E402
from veiviser.core.config import Settings  # noqa: E402
from veiviser.evaluation.dataset import load_norquad, load_questions, split_for_abstention  # noqa: E402
from veiviser.evaluation.ranker_training import PassageRow, collect_passages, train_ranker  # noqa: E402
from veiviser.evaluation.relevance import contains_evidence, contains_gold  # noqa: E402
from veiviser.evaluation.runner import corpus_files, prepared_index  # noqa: E402
from veiviser.evaluation.training import norquad_split  # noqa: E402
from veiviser.kb.documents import kb_documents  # noqa: E402
from veiviser.kb.loader import load_kb  # noqa: E402
from veiviser.retrieval.passage_ranker import PASSAGE_FEATURES, RANK_DEPTH, RANKER_FILE  # noqa: E402


def _progress(label: str):
    def report(i: int, n: int) -> None:
        if i == n or i % 100 == 0:
            print(f"  {label}: {i}/{n} questions", file=sys.stderr, flush=True)

    return report


def domain_rows(
    settings: Settings, corpus: Path, questions_file: Path, index: Path, embedders: set[str]
) -> list[PassageRow]:
    raw = {
        str(d["id"]): d
        for d in (json.loads(line) for line in questions_file.read_text(encoding="utf-8").splitlines() if line.strip())
    }
    kb = kb_documents(load_kb(settings.kb_dir))
    with prepared_index(settings, corpus_files(corpus), kb, index) as (run_settings, _):
        retriever = build_services(run_settings).retriever()
        embedders.add(retriever.version.embedder_name)
        return collect_passages(
            retriever,
            load_questions(questions_file),
            dataset="domain",
            split_of=lambda q: str(raw[q.id].get("split", "train")),
            group_of=lambda q: f"{raw[q.id].get('doc')}#{raw[q.id].get('section')}",
            relevant=lambda q, chunk: any(contains_evidence(chunk, ev) for ev in q.evidence),
            progress=_progress("domain"),
        )


def norquad_rows(settings: Settings, norquad: Path, index: Path, embedders: set[str]) -> list[PassageRow]:
    documents, questions = load_norquad(norquad)
    indexed, questions = split_for_abstention(documents, questions)
    with prepared_index(settings, [], indexed, index) as (run_settings, _):
        retriever = build_services(run_settings).retriever()
        embedders.add(retriever.version.embedder_name)
        return collect_passages(
            retriever,
            questions,
            dataset="norquad",
            split_of=norquad_split,
            group_of=lambda q: q.gold_doc or q.id,
            relevant=lambda q, chunk: chunk.doc_id == q.gold_doc and contains_gold([chunk.text], q.evidence),
            progress=_progress("norquad"),
        )


def _rates_row(label: str, rates: dict[str, dict[str, float]]) -> list[str]:
    return [f"| {label} | {dataset} | {r['n']} | {r['hit@1']} | {r['hit@5']} |" for dataset, r in sorted(rates.items())]


def markdown(report: dict, ranker, rows: list[PassageRow]) -> str:
    lines = [
        "# Passage ranker: training report",
        "",
        f"Rows: {len(rows)} passages (the best {RANK_DEPTH} fused passages of every answerable question); "
        f"train {sum(r.split == 'train' for r in rows)}, test {sum(r.split == 'test' for r in rows)}. "
        f"C = {report['C']}, chosen by grouped 5-fold CV on train (mean Hit@5 over the data sets). "
        f"Embedder: {ranker.embedder} (the ranker is used only on indexes built with it).",
        "",
        "## Cross-validation on train (out of fold)",
        "",
        "| C | data set | questions | Hit@1 | Hit@5 |",
        "|---|---|---|---|---|",
    ]
    for c, rates in report["cv"].items():
        lines += _rates_row(c, rates)
    lines += _rates_row("fused order", report["cv_fused"])
    lines += [
        "",
        "## Test split",
        "",
        "| order | data set | questions | Hit@1 | Hit@5 |",
        "|---|---|---|---|---|",
        *_rates_row("fused", report["test_fused"]),
        *_rates_row("learned", report.get("test_learned", {})),
        *_rates_row("fused, cross-lingual", report["test_fused_crosslingual"]),
        *_rates_row("learned, cross-lingual", report.get("test_learned_crosslingual", {})),
        "",
        "## Weights (standardised features)",
        "",
        "| feature | weight |",
        "|---|---|",
        *[f"| {name} | {weight:+.3f} |" for name, weight in zip(PASSAGE_FEATURES, ranker.coef)],
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--domain", type=Path, default=ROOT / "eval" / "domain" / "questions.jsonl")
    ap.add_argument("--norquad", type=Path, default=ROOT.parent / "shared" / "eval" / "norquad" / "validation.json")
    ap.add_argument("--work", type=Path, default=None, help="folder for the indexes (kept)")
    ap.add_argument("--out", type=Path, default=ROOT / "prompts" / RANKER_FILE)
    ap.add_argument("--report", type=Path, default=ROOT / "eval" / "ranker_report.md")
    args = ap.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="veiviser-rank-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        settings = Settings(home=work / "home", ranking="fused")
        embedders: set[str] = set()
        rows = domain_rows(settings, args.corpus, args.domain, work / "domain-index", embedders)
        rows += norquad_rows(settings, args.norquad, work / "norquad-index", embedders)
    if len(embedders) != 1:
        raise SystemExit(f"the two indexes were built with different embedders ({sorted(embedders)}); rebuild them")
    ranker, report = train_ranker(rows, embedder=embedders.pop())
    ranker.save(args.out)
    text = markdown(report, ranker, rows)
    args.report.write_text(text, encoding="utf-8")
    print(text)
    print(
        f"ranker written to {args.out}; report to {args.report} ({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
