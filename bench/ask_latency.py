"""`ask` latency p50/p95 inside one process, at the kb + corpus index, with the default answerer.

Builds (or reuses, with --index) an index of kb/ and the corpus with the real default embedder,
loads the model once as a running app does, then answers every question of the set --repeats
times. The query-vector cache is emptied before each question (users rarely ask the same thing
twice), so each answer pays for its own question embedding.
Goal (issue "Answers that generalise"): p50 <= 300 ms, p95 <= 600 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import ROOT, percentile, save

from ingest.pipeline import Ingestor
from veiviser.app.answerers import make_answerer
from veiviser.app.services import build_services
from veiviser.core.config import Settings
from veiviser.kb.documents import kb_documents
from veiviser.kb.loader import load_kb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "questions_dev.jsonl")
    ap.add_argument("--index", type=Path, default=None, help="reuse (or build once into) this index folder")
    ap.add_argument("--repeats", type=int, default=2, help="passes over the question set")
    args = ap.parse_args()
    questions = [
        json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp) / "home", index_dir=args.index)
        services = build_services(settings)
        if services.index_manager.current_name() is None:
            t0 = time.perf_counter()
            kb = kb_documents(load_kb(settings.kb_dir))  # as `veiviser ingest --kb` indexes it
            report = Ingestor(settings, services.embedder).run([args.corpus], extra_documents=kb)
            print(f"index built in {time.perf_counter() - t0:.1f} s ({report.counts()})")
        version = services.open_index()
        retriever = services.retriever(version)
        answerer = make_answerer(settings, retriever)
        embedder = retriever.embedder  # the instance whose recent-question cache must be emptied
        for q in questions[:3]:
            answerer.answer(q)  # warm-up: lexicons, language detector, model session
        timings = []
        for _ in range(args.repeats):
            for q in questions:
                embedder.__dict__.pop("_query_cache", None)  # no help from an earlier identical question
                t0 = time.perf_counter()
                answerer.answer(q)
                timings.append((time.perf_counter() - t0) * 1000)
        row = {
            "chunks": len(version.lexical.chunks),
            "answers": len(timings),
            "p50_ms": round(percentile(timings, 50), 1),
            "p95_ms": round(percentile(timings, 95), 1),
            "max_ms": round(max(timings), 1),
        }
        print(row)
        save("ask_latency", [row])


if __name__ == "__main__":
    main()
