"""`validate_kb` finds each kind of problem in a tiny generated kb, and passes a clean one."""

from __future__ import annotations

import copy

import pytest
from kb_builder import base_kb, write_kb

from veiviser.kb.loader import KbError, load_kb
from veiviser.kb.validate import validate_kb


def _validate(tmp_path, files=None, **kw):
    kb_dir, corpus, brief = write_kb(tmp_path, files)
    return validate_kb(kb_dir, corpus_dir=corpus, brief_path=brief, **kw)


def _kinds(report):
    return {p.kind for p in report.problems}


def test_clean_kb_validates_and_checks_quotes_through_ocr_damage(tmp_path):
    report = _validate(tmp_path)
    assert report.ok, [str(p) for p in report.problems]
    # the quotes are written "oppfølgingsteamet" and "møte på forhånd"; the corpus has OCR damage
    assert report.quotes_checked == 5
    assert report.counts["items"] == 2 and report.counts["requirements"] == 1


def test_extra_field_is_reported_with_file_and_item(tmp_path):
    files = base_kb()
    files["pathways/no-test.yaml"]["phases"][0]["items"][1]["colour"] = "red"
    report = _validate(tmp_path, files)
    [problem] = report.problems
    assert problem.kind == "schema"
    assert problem.file == "kb/pathways/no-test.yaml"
    assert problem.item == "no-test-agenda"
    assert "colour" in problem.message


def test_duplicate_item_ids_across_pathways(tmp_path):
    files = base_kb()
    other = copy.deepcopy(files["pathways/no-test.yaml"])
    other["id"] = "no-annen"
    other["phases"][0]["id"] = "no-annen-fase"
    other["phases"][0]["items"] = other["phases"][0]["items"][1:]  # reuses id no-test-agenda
    files["pathways/no-annen.yaml"] = other
    report = _validate(tmp_path, files)
    dupes = [p for p in report.problems if p.kind == "duplicate"]
    assert [p.item for p in dupes] == ["no-test-agenda"]
    assert "2 times" in dupes[0].message


def test_duplicate_yaml_key_is_a_problem(tmp_path):
    files = base_kb()
    files["glossary.yaml"] = "concepts:\n  - id: a-a\n    id: b-b\n"
    report = _validate(tmp_path, files)
    assert "yaml" in _kinds(report)
    assert any("duplicate key 'id'" in p.message for p in report.problems)


def test_unknown_legal_reference_is_detected(tmp_path):
    files = base_kb()
    files["pathways/no-test.yaml"]["phases"][0]["items"][0]["legal_basis"] = ["no-hol-7-1", "no-hol-99-9"]
    report = _validate(tmp_path, files)
    [problem] = report.problems
    assert problem.kind == "reference" and problem.item == "no-test-samtykke"
    assert "no-hol-99-9" in problem.message


def test_unknown_source_and_role_are_detected(tmp_path):
    files = base_kb()
    item = files["pathways/no-test.yaml"]["phases"][0]["items"][1]
    item["sources"] = [{"source": "finnes-ikke"}]
    item["responsible"] = ["no-ukjent"]
    report = _validate(tmp_path, files)
    messages = " ".join(p.message for p in report.problems)
    assert "unknown source 'finnes-ikke'" in messages
    assert "'no-ukjent' has no role card" in messages


def test_quote_not_found_is_detected(tmp_path):
    files = base_kb()
    files["roles/no.yaml"]["roles"][0]["sources"] = [
        {"source": "test-rapport", "quote": "fastlegen skal alltid lede alle teammøtene"}
    ]
    report = _validate(tmp_path, files)
    [problem] = report.problems
    assert problem.kind == "quote" and problem.item == "no-koordinator"
    assert "fastlegen skal alltid lede" in problem.message


def test_skip_quotes_does_not_check_them(tmp_path):
    files = base_kb()
    files["roles/no.yaml"]["roles"][0]["sources"] = [{"source": "test-rapport", "quote": "dette står ikke i kilden"}]
    report = _validate(tmp_path, files, check_quotes=False)
    assert report.ok and report.quotes_checked == 0


def test_missing_corpus_file_is_detected(tmp_path):
    files = base_kb()
    files["sources.yaml"]["sources"][0]["file"] = "borte.txt"
    report = _validate(tmp_path, files)
    assert any(p.kind == "source" and "borte.txt" in p.message for p in report.problems)


def test_section_not_in_brief_is_detected(tmp_path):
    files = base_kb()
    files["legal/no.yaml"]["refs"][0]["section"] = "§ 7-9"
    report = _validate(tmp_path, files)
    [problem] = report.problems
    assert problem.kind == "section" and problem.item == "no-hol-7-1"


def test_unknown_brief_section_is_detected(tmp_path):
    files = base_kb()
    files["sources.yaml"]["sources"][1]["brief_sections"] = ["9.9"]
    report = _validate(tmp_path, files)
    assert any(p.kind == "source" and "'9.9'" in p.message for p in report.problems)


def test_rule_condition_must_be_possible(tmp_path):
    files = base_kb()
    rule = files["pathways/no-test.yaml"]["phases"][0]["items"][0]["rules"][0]
    rule["when"] = {"item": "no-test-agenda", "equals": 12}  # scale is 1-9
    rule["also"] = [{"item": "no-test-borte", "equals": "yes"}]
    report = _validate(tmp_path, files)
    messages = [p.message for p in report.problems]
    assert any("can never hold" in m for m in messages)
    assert any("'no-test-borte', which is not an item" in m for m in messages)


def test_missing_corpus_folder_is_a_problem_unless_quotes_are_skipped(tmp_path):
    kb_dir, _, brief = write_kb(tmp_path)
    report = validate_kb(kb_dir, corpus_dir=None, brief_path=brief)
    assert not report.ok and "--corpus" in report.problems[0].message
    assert validate_kb(kb_dir, corpus_dir=None, brief_path=brief, check_quotes=False).ok


def test_load_kb_raises_with_the_problem_listed(tmp_path):
    files = base_kb()
    del files["pathways/no-test.yaml"]["title_en"]
    kb_dir, _, _ = write_kb(tmp_path, files)
    with pytest.raises(KbError, match="title_en"):
        load_kb(kb_dir)
