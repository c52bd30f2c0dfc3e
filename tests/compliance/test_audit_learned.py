"""The learned audit decision: training on generated rows, the JSON file, the fallback to rules, and its evidence."""

from __future__ import annotations

import json
import random

import pytest
from audit_helpers import write

from veiviser.answer.decision import DecisionModelError
from veiviser.compliance import Auditor
from veiviser.compliance.decision import (
    AUDIT_DECISION_FILE,
    AuditDecision,
    chosen_decision,
    load_audit_decision,
)
from veiviser.compliance.features import FEATURES
from veiviser.compliance.training import Row, train


def _rows(n_routines: int = 12) -> list[Row]:
    """Rows where item_z_mean alone tells covered (high), partial (middle) and missing (low) apart."""
    rng = random.Random(7)
    rows = []
    for set_id in ("no-a", "se-b"):
        for r in range(n_routines):
            split = "test" if r % 4 == 0 else "train"
            for q, label in enumerate(["covered", "partial", "missing"] * 3):
                level = {"covered": 3.0, "partial": 1.5, "missing": 0.0}[label]
                features = {name: rng.gauss(0, 1) for name in FEATURES}
                features["item_z_mean"] = level + rng.gauss(0, 0.3)
                rows.append(Row(set_id, split, f"r{r}", f"R{q:02d}", features, label))
    return rows


@pytest.fixture(scope="module")
def trained():
    return train(_rows())


def test_training_separates_the_statuses_and_reports_cv(trained):
    decision, report = trained
    test = [r for r in _rows() if r.split == "test"]
    right = sum(decision.status(r.features) == r.label for r in test)
    assert right / len(test) >= 0.9
    assert set(report["cv"]) == {"no-a", "se-b", "all"}
    assert report["cv"]["all"]["gaps_found"] >= 0.9 and report["cv"]["all"]["covered_flagged"] <= 0.1
    assert report["train_routines"] == 18  # 9 train routines per set; test routines never seen


def test_model_file_round_trips_and_rejects_other_files(trained, tmp_path):
    decision, _ = trained
    decision.save(tmp_path / AUDIT_DECISION_FILE)
    loaded = load_audit_decision(tmp_path)
    assert loaded is not None
    row = _rows()[0]
    assert loaded.probabilities(row.features) == pytest.approx(decision.probabilities(row.features), abs=1e-5)
    assert load_audit_decision(tmp_path / "none") is None
    data = json.loads((tmp_path / AUDIT_DECISION_FILE).read_text(encoding="utf-8"))
    (tmp_path / AUDIT_DECISION_FILE).write_text(json.dumps({**data, "version": 99}), encoding="utf-8")
    with pytest.raises(DecisionModelError, match="format version"):
        load_audit_decision(tmp_path)


def test_decision_choice(monkeypatch):
    monkeypatch.delenv("VEIVISER_AUDIT_DECISION", raising=False)
    assert chosen_decision() == "learned"
    monkeypatch.setenv("VEIVISER_AUDIT_DECISION", "rules")
    assert chosen_decision() == "rules" and chosen_decision("learned") == "learned"
    with pytest.raises(DecisionModelError):
        chosen_decision("magic")


ROUTINE = """# Testvik kommune – rutine

## Melding av behov

Behov for individuell plan eller koordinator meldes til koordinerende enhet på meldeskjema eller som PLO-melding.

## Opplæring

Opplæring av koordinatorer er ikke avklart ennå.
"""


def _always(status: str, trained_decision: AuditDecision) -> AuditDecision:
    """The trained model with thresholds that force one status."""
    from dataclasses import replace

    m = replace(trained_decision.missing, threshold=0.0 if status == "missing" else 1.01)
    c = replace(trained_decision.covered, threshold=0.0 if status == "covered" else 1.01)
    return AuditDecision(missing=m, covered=c, meta={})


def test_learned_statuses_are_used_with_evidence_that_fits_them(settings, kb, auditor, trained, tmp_path):
    routine = write(tmp_path / "testvik.md", ROUTINE)
    partial = Auditor(settings, kb=kb, embedder=auditor.embedder, model=_always("partial", trained[0]))
    report = partial.audit_file(routine)
    assert report.decided_by == "learned"
    assert {r.status for r in report.results} == {"partial"}
    for r in report.results:
        assert r.missing_items, r.id  # a partial finding always names what is lacking
        assert all(item in r.missing for item in r.missing_items)
        for q in r.evidence:  # quotes are sentences of the routine, never a title or a heading alone
            assert q.quote in ROUTINE and q.quote.strip() not in ("Testvik kommune – rutine", "Melding av behov")
    r01 = report.result("R01")
    assert r01.evidence and r01.section == "Melding av behov"
    missing = Auditor(settings, kb=kb, embedder=auditor.embedder, model=_always("missing", trained[0]))
    r11 = missing.audit_file(routine).result("R11")
    assert r11.status == "missing" and not r11.evidence and r11.undecided
    rules = Auditor(settings, kb=kb, embedder=auditor.embedder, model=_always("missing", trained[0]), decision="rules")
    assert rules.audit_file(routine).decided_by == "rules"


def test_without_a_model_file_the_rules_decide(settings, kb, auditor, tmp_path):
    from dataclasses import replace

    empty = replace(settings, prompts_dir=tmp_path / "no-prompts")
    report = Auditor(empty, kb=kb, embedder=auditor.embedder).audit_file(write(tmp_path / "t.md", ROUTINE))
    assert report.decided_by == "rules"


def test_report_links_requirements_to_basis_and_guideline_text(auditor, tmp_path):
    r01 = auditor.audit_file(write(tmp_path / "t.md", ROUTINE)).result("R01")
    assert any(b.label == "hol § 7-3" and b.text for b in r01.basis)
    assert any(g.quote and g.source for g in r01.guidance)
    data = r01.as_dict()
    assert data["guidance"] and "section" in data
