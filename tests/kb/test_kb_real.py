"""The curated kb in the repository validates against the real corpus and covers the issue's scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from veiviser.core.config import project_root
from veiviser.kb.documents import kb_documents
from veiviser.kb.glossary import Glossary
from veiviser.kb.loader import load_kb
from veiviser.kb.validate import validate_kb

KB_DIR = project_root() / "kb"


@pytest.fixture(scope="module")
def kb():
    return load_kb(KB_DIR)


def test_real_kb_validates_against_real_corpus_and_brief(corpus_dir: Path):
    brief = corpus_dir.parent / "domain" / "brief.md"
    report = validate_kb(KB_DIR, corpus_dir=corpus_dir, brief_path=brief)
    assert report.ok, "\n".join(str(p) for p in report.problems)
    assert report.quotes_checked >= 150


def test_all_six_pathways_in_their_languages(kb):
    langs = {p.id: (p.jurisdiction, p.lang) for p in kb.pathways}
    assert langs == {
        "no-oppfolging": ("no", "nb"),
        "no-individuell-plan": ("no", "nb"),
        "no-lkt": ("no", "nb"),
        "no-spor": ("no", "nb"),
        "se-myndighetsgemensamt-team": ("se", "sv"),
        "dk-komplekse-udskrivelser": ("dk", "da"),
    }


def test_compliance_set_has_exactly_r01_to_r14(kb):
    rs = kb.requirement_set("no-oppfolging")
    assert [r.id for r in rs.requirements] == [f"R{n:02d}" for n in range(1, 15)]
    assert all(len(r.example_phrasings) >= 5 for r in rs.requirements)


def test_lkt_actor_map_requires_the_four_roles(kb):
    am = kb.pathway("no-lkt").actor_map
    assert {r.id for r in am.required_roles} == {
        "koordinator-leder",
        "fastlege",
        "kontaktlege-psykolog",
        "intern-koordinator-spes",
    }
    assert [r.id for r in am.missing({"koordinator-leder", "fastlege"})] == [
        "kontaktlege-psykolog",
        "intern-koordinator-spes",
    ]


def test_spor_scale_questions_are_the_guides_1_to_9_items(kb):
    scales = [i.source_number for i in kb.pathway("no-spor").items() if i.answer_type.value == "scale"]
    assert scales == ["1", "3", "7", "8", "10"]
    assert all(
        (i.scale_min, i.scale_max) == (1, 9) for i in kb.pathway("no-spor").items() if i.answer_type.value == "scale"
    )


def test_swedish_care_load_has_five_parameters_graded_1_to_4(kb):
    calc = kb.pathway("se-myndighetsgemensamt-team").calculator
    assert len(calc.parameters) == 5
    assert calc.score({p.id: 4 for p in calc.parameters}) == 20


def test_danish_cycle_tracker_stages(kb):
    ct = kb.pathway("dk-komplekse-udskrivelser").cycle_tracker
    assert [s.id for s in ct.stages] == ["udviklingsworkshop", "afproevningsrunde", "laeringsmoede"]
    assert (ct.solutions_min, ct.solutions_max) == (1, 3)


def test_scope_counts(kb):
    counts = kb.counts()
    assert counts["glossary_concepts"] >= 40
    roles = set(kb.roles)
    assert {
        "no-koordinator",
        "no-koordinerende-enhet",
        "no-fastlege",
        "no-enhetsleder",
        "no-teammedlem",
        "no-personen",
        "no-parorende",
        "no-barnekoordinator",
        "se-samordnare",
        "se-handlaggare",
        "se-individkoordinator",
        "se-rehabkoordinator",
        "se-utvecklingsledare",
        "dk-forlobskoordinator",
        "dk-akutfunktion",
    } <= roles
    assert {r.id.split("-")[0] for r in kb.legal.values()} == {"no", "se", "dk"}


def test_uncertain_marks_from_the_brief_are_carried(kb):
    legal = kb.legal
    for ref_id in ("no-forskrift-ip-velferd", "no-hol-7-3", "se-sol-2-7", "dk-koordinerende-indsatsplan"):
        assert legal[ref_id].uncertain, ref_id
    assert legal["no-forskrift-ip-velferd"].section is None


def test_real_glossary_expands_across_languages():
    g = Glossary.load(KB_DIR)
    assert "samordnare" in g.expand("Hva gjør koordinatoren?")
    assert {"husläkare", "praktiserende læge"} <= g.expand("fastlegen")
    assert "SIP" in g.expand("individuell plan")
    assert "tværfagligt team" in g.expand("oppfølgingsteam")


def test_real_kb_documents_are_non_empty(kb):
    docs = kb_documents(kb)
    assert len(docs) == len(kb.pathways) + len(kb.role_files) + len(kb.legal_files) + 1
    assert all(d.blocks and d.source.startswith("kb/") for d in docs)
    assert not any("compliance" in d.source for d in docs)
