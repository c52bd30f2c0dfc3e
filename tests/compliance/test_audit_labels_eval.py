"""Labels in both formats, section agreement, and `veiviser eval --routines` on tiny generated routines."""

from __future__ import annotations

import json

import pytest
import yaml
from audit_helpers import write
from typer.testing import CliRunner

from veiviser.cli import app
from veiviser.compliance.evaluation import RoutineScore, section_agrees
from veiviser.compliance.labels import LabelsError, find_label_files, read_labels


def _labels(folder, routines, set_id="no-oppfolging"):
    path = folder / "labels.yaml"
    path.write_text(yaml.safe_dump({"requirement_set": set_id, "routines": routines}, allow_unicode=True), "utf-8")
    return path


def test_both_label_formats_are_read(tmp_path):
    path = _labels(
        tmp_path,
        [
            {"file": "a.txt", "split": "dev", "labels": {"R01": "covered", "R02": "missing"}},
            {
                "file": "b.md",
                "render": "docx",
                "split": "train",
                "labels": {
                    "R01": {"label": "partial", "section": "3 Melding"},
                    "R02": {"label": "missing", "section": None},
                },
            },
        ],
    )
    set_id, routines = read_labels(path)
    assert set_id == "no-oppfolging"
    assert routines[0].labels == {"R01": "covered", "R02": "missing"} and routines[0].sections == {}
    assert routines[1].labels == {"R01": "partial", "R02": "missing"}
    assert routines[1].sections == {"R01": "3 Melding"} and routines[1].render == "docx"
    assert routines[1].path == tmp_path / "b.md"


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"file": "a.txt", "labels": {"R01": {"label": "dekket"}}}, "must be one of"),
        ({"file": "a.md", "render": "pptx", "labels": {"R01": "covered"}}, "render must be one of"),
        ({"file": "a.md"}, "needs `file` and a `labels` mapping"),
    ],
)
def test_malformed_labels_say_where(tmp_path, entry, message):
    with pytest.raises(LabelsError, match=message):
        read_labels(_labels(tmp_path, [entry]))


def test_label_files_are_found_below_a_folder(tmp_path):
    for name in ("no", "se"):
        (tmp_path / name).mkdir()
        _labels(tmp_path / name, [])
    assert [p.parent.name for p in find_label_files(tmp_path)] == ["no", "se"]
    with pytest.raises(LabelsError):
        find_label_files(tmp_path / "nothing")


def test_section_agreement_ignores_numbers_and_case_but_not_other_sections():
    assert section_agrees("3 Melding av behov", ["Melding av behov"])
    assert section_agrees("A. SUNDHEDSAFTALE", ["Rutine", "A. Sundhedsaftale"])
    assert section_agrees("3 TIDLIG IDENTIFISERING", ["3 TIDLIG IDENTIFISERING", "3.1 Ansvar"])
    assert not section_agrees("Steg 1 Melding", ["Steg 2 Kartlegging"])
    assert not section_agrees("Koordinator", ["Møter i teamet"])


def test_gaps_found_counts_partial_as_a_gap_and_flags_covered_reported_partial():
    score = RoutineScore(
        file="r",
        split="test",
        labels={"R01": "covered", "R02": "partial", "R03": "missing", "R04": "covered"},
        predicted={"R01": "partial", "R02": "missing", "R03": "covered", "R04": "covered"},
        sections={"R01": "Melding", "R04": "Koordinator"},
        found_paths={"R01": ("Melding",), "R04": ("Møter",)},
    )
    c = score.counts()
    assert (c["gaps"], c["gaps_found"]) == (2, 1)  # R02 found (as missing), R03 reported covered
    assert (c["covered"], c["covered_flagged"], c["covered_as_missing"]) == (2, 1, 0)
    assert c["exact"] == 1
    assert (c["sections_checked"], c["sections_agree"]) == (2, 1)


ROUTINE = """# Testvik kommune – rutine

## Melding av behov

Behov for individuell plan eller koordinator meldes til koordinerende enhet på meldeskjema eller som PLO-melding.
Alle ansatte, brukeren selv og pårørende kan melde behov.

## Opplæring

Opplæring av koordinatorer er ikke avklart ennå.
"""


def test_eval_routines_reports_per_set_and_split(tmp_path, monkeypatch):
    monkeypatch.setenv("VEIVISER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VEIVISER_EMBEDDER", "fake")
    folder = tmp_path / "routines" / "no"
    folder.mkdir(parents=True)
    write(folder / "testvik.md", ROUTINE)
    labels = {"R01": {"label": "covered", "section": "Melding av behov"}, "R11": {"label": "missing", "section": None}}
    _labels(folder, [{"file": "testvik.md", "render": "docx", "split": "test", "labels": labels}])
    result = CliRunner().invoke(app, ["eval", "--routines", str(tmp_path / "routines"), "--split", "test", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cell = data["by_set"]["no-oppfolging"]["test"]
    assert cell["routines"] == 1 and cell["gaps"] == 1 and cell["gaps_found"] == 1
    routine = data["routines"][0]
    assert routine["file"] == "testvik.md" and routine["requirement_set"] == "no-oppfolging"
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["eval", "--routines", str(tmp_path / "routines"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| no-oppfolging | test | 1 |" in out.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--routines", str(tmp_path / "routines"), "--split", "train"])
    assert result.exit_code == 2 and "No labelled routine" in result.output
