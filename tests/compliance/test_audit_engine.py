"""The audit end to end with the fake embedder: JSON shape, exact quotes, 'not yet decided', basis, errors."""

from __future__ import annotations

import pytest
from audit_helpers import write

from veiviser.backends.embedders.lexical_only import LexicalOnlyEmbedder
from veiviser.compliance import AuditError, Auditor
from veiviser.documents.errors import LoadError

ROUTINE = """# Testvik kommune – rutine for koordinator

## Melding av behov

Behov for individuell plan eller koordinator meldes til koordinerende enhet på meldeskjema eller som PLO-melding.
Alle ansatte, brukeren selv og pårørende kan melde behov.

## Opplæring

Opplæring og veiledning av koordinatorer er ikke avklart ennå.

## Møter

Koordinator sender innkalling med agenda før møtet og skriver referat.
"""


@pytest.fixture
def routine(tmp_path):
    return write(tmp_path / "testvik.md", ROUTINE)


def test_json_has_the_contract_shape(auditor, routine):
    data = auditor.audit_file(routine).as_dict()
    assert data["file"] == "testvik.md"
    assert [r["id"] for r in data["requirements"]] == [f"R{n:02d}" for n in range(1, 15)]
    for r in data["requirements"]:
        assert {"id", "status", "evidence", "missing", "basis"} <= set(r)
        assert r["status"] in ("covered", "partial", "missing")
        for e in r["evidence"]:
            assert set(e) >= {"quote", "page", "section"}
        assert r["basis"] and all({"label", "citation", "text"} <= set(b) for b in r["basis"])
        assert (r["missing"] == "") == (r["status"] == "covered")
    summary = data["summary"]
    assert set(summary) == {"covered", "partial", "missing"} and sum(summary.values()) == 14
    assert summary["missing"] == sum(1 for r in data["requirements"] if r["status"] == "missing")


def test_quotes_are_exact_spans_of_the_routine(auditor, routine):
    report = auditor.audit_file(routine)
    quotes = [q for r in report.results for q in (*r.evidence, *r.undecided)]
    assert quotes
    for q in quotes:
        assert q.quote in ROUTINE


def test_a_topic_only_called_not_decided_is_missing_with_the_reason(auditor, routine):
    r11 = auditor.audit_file(routine).result("R11")
    assert r11.status == "missing"
    assert not r11.evidence
    assert [q.quote for q in r11.undecided] == ["Opplæring og veiledning av koordinatorer er ikke avklart ennå."]
    assert r11.undecided[0].section == "Opplæring"
    assert "ikke er avklart" in r11.missing and "«Opplæring»" in r11.missing
    assert r11.missing_items and all(item in r11.missing for item in r11.missing_items)


def test_reporting_requirement_is_found_with_its_sentences(auditor, routine):
    r01 = auditor.audit_file(routine).result("R01")
    assert r01.status in ("covered", "partial")
    quotes = [q.quote for q in r01.evidence]
    assert any(q.startswith("Behov for individuell plan eller koordinator meldes") for q in quotes)
    assert all(q.section for q in r01.evidence)


def test_basis_is_resolved_to_law_section_and_citation(auditor, routine):
    r12 = auditor.audit_file(routine).result("R12")
    labels = [b.label for b in r12.basis]
    assert "hol § 7-3" in labels
    b = next(b for b in r12.basis if b.label == "hol § 7-3")
    assert b.law == "helse- og omsorgstjenesteloven" and b.citation and b.text


def test_routine_without_any_topic_is_all_missing(auditor, tmp_path):
    path = write(tmp_path / "kantine.txt", "Kantina\n\nKantina holder åpent fra klokka åtte til klokka tre hver dag.\n")
    report = auditor.audit_file(path)
    assert report.summary() == {"covered": 0, "partial": 0, "missing": 14}


def test_lexical_only_mode_works_and_says_so(settings, kb, routine):
    report = Auditor(settings, kb=kb, embedder=LexicalOnlyEmbedder()).audit_file(routine)
    assert report.result("R11").status == "missing"
    assert report.result("R14").status != "missing"
    assert any("uten språkmodell" in w for w in report.warnings)


def test_progress_is_reported_to_the_end(auditor, routine):
    seen: list[tuple[int, int]] = []
    auditor.audit_file(routine, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and seen[-1][1] > 0


def test_errors_say_what_to_do(settings, kb, auditor, tmp_path):
    with pytest.raises(AuditError, match="known sets:.*no-oppfolging"):
        Auditor(settings, kb=kb, requirement_set="nope", embedder=auditor.embedder)
    with pytest.raises(LoadError):
        auditor.audit_file(tmp_path / "finnes-ikke.pdf")
    empty = write(tmp_path / "tom.txt", "Rutine\n")
    with pytest.raises(AuditError, match="no text we can read"):
        auditor.audit_file(empty)


def test_requirement_vectors_are_cached_on_disk(settings, kb, auditor, routine):
    auditor.audit_file(routine)
    cached = list((settings.home / "cache" / "audit").glob("requirements-*.npy"))
    assert len(cached) == 1
    again = Auditor(settings, kb=kb, embedder=auditor.embedder)
    calls = auditor.embedder.calls
    again.profiles  # noqa: B018 - loading the profiles is the point
    assert auditor.embedder.calls == calls
