"""The cue file and the first-name list: read once, fail loudly with what to do (veiviser.pii.cues, .gazetteer)."""

from __future__ import annotations

import importlib.resources

import pytest
import yaml

import veiviser.pii.gazetteer as gazetteer_module
from veiviser.core.errors import VeiviserError
from veiviser.pii import KIND_NAMES, KINDS, MASK_LABELS
from veiviser.pii.cues import PiiCuesError, default_cues_path, load_cues, parse_cues
from veiviser.pii.gazetteer import GazetteerError, gazetteer, parse_name_list
from veiviser.pii.kinds import ADVICE


def test_every_kind_has_a_label_a_name_and_advice():
    assert set(KINDS) == set(MASK_LABELS) == set(KIND_NAMES) == set(ADVICE)


def test_the_shipped_cue_file_parses():
    cues = load_cues()
    assert "heter" in cues.naming_words and "kommune" in cues.not_surnames
    assert cues.street_suffixes.index("gaten") < cues.street_suffixes.index("gate")  # longest first
    assert cues.months["mars"] == 3


def test_a_broken_cue_file_is_an_error_that_says_what_to_do(tmp_path):
    data = yaml.safe_load(default_cues_path().read_text(encoding="utf-8"))
    data["titles"] = []
    with pytest.raises(PiiCuesError, match="titles.*restore"):
        parse_cues(data)
    with pytest.raises(PiiCuesError, match="restore"):
        load_cues(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("titles: [", encoding="utf-8")
    with pytest.raises(PiiCuesError, match="not valid YAML"):
        load_cues(bad)
    assert issubclass(PiiCuesError, VeiviserError)


def test_name_list_lines_are_read_by_column():
    # Two made-up names in the nam_dict.txt layout: frequencies from character 30, Norway in column 17.
    line_no = "F  Zelkana" + " " * 19 + " " * 17 + "7" + "\n"
    line_it = "M  Vrintolo" + " " * 18 + "   5" + "\n"
    nordic, anywhere = parse_name_list("# comment\n" + line_no + line_it)
    assert nordic == {"Zelkana": 7}
    assert anywhere == {"Zelkana": 7, "Vrintolo": 5}


def test_the_installed_list_has_nordic_names_and_marks_everyday_words():
    names = gazetteer()
    assert names.is_name("Kari") and names.is_name("Anne-Lise") and names.is_name("MOHAMMED")
    assert names.is_ambiguous("Per") and names.is_ambiguous("Dag") and not names.is_ambiguous("Kari")
    assert not names.is_name("Kommune") and not names.is_name("Helse")


def test_a_missing_name_list_is_an_error_that_says_what_to_do(monkeypatch):
    def missing(package):
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(importlib.resources, "files", missing)
    with pytest.raises(GazetteerError, match="pip install"):
        gazetteer_module.read_name_list()
