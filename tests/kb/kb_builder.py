"""Build a tiny, valid knowledge base (and corpus) in a temp folder, for tests to break on purpose."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

# An OCR-damaged line as the corpus might hold it ("oppfølgingsteam" read as "oppfglgingsteam").
CORPUS_TEXT = (
    "Rapport om samarbeid\n\n"
    "Oppfglgingsteamet skal settes sammen og justeres ut fra brukerens\n"
    "behov. Koordinator sender agendaen til neste mgte pa forhand.\n"
)
BRIEF_TEXT = "# Brief\n\n## 1. Norway\n\n### 1.1 Section map\n\nIndividual plan: hol § 7-1; pbrl § 2-5.\n"


def base_kb() -> dict[str, Any]:
    """File name (relative to kb/) -> YAML content."""
    cite = {"source": "test-rapport", "quote": "Oppfølgingsteamet skal settes sammen og justeres"}
    return {
        "sources.yaml": {
            "sources": [
                {"id": "test-rapport", "title": "Testrapport", "kind": "corpus", "file": "no-test.txt", "lang": "nb"},
                {"id": "test-brief-kilde", "title": "Kilde i briefen", "kind": "brief", "brief_sections": ["1.1"]},
            ]
        },
        "glossary.yaml": {
            "concepts": [
                {
                    "id": "koordinator",
                    "terms": {"nb": ["koordinator"], "sv": ["rehabkoordinator"], "en": ["coordinator"]},
                    "related": {"sv": ["samordnare"]},
                    "definition_nb": "Den som samordner.",
                    "definition_en": "The one who coordinates.",
                    "sources": [{"source": "test-brief-kilde"}],
                }
            ]
        },
        "legal/no.yaml": {
            "jurisdiction": "no",
            "lang": "nb",
            "title": "Lover",
            "refs": [
                {
                    "id": "no-hol-7-1",
                    "kind": "law",
                    "law": "helse- og omsorgstjenesteloven",
                    "law_short": "hol",
                    "section": "§ 7-1",
                    "title": "Individuell plan",
                    "title_en": "Individual plan",
                    "requirement": "Kommunen skal utarbeide individuell plan.",
                    "applies_to": "Kommunen.",
                    "source_text": "Testkilde",
                    "sources": [{"source": "test-brief-kilde", "locator": "brief 1.1"}],
                    "last_verified": "2026-01-01",
                }
            ],
        },
        "roles/no.yaml": {
            "jurisdiction": "no",
            "lang": "nb",
            "title": "Roller",
            "roles": [
                {
                    "id": "no-koordinator",
                    "name": "Koordinator",
                    "name_en": "Coordinator",
                    "summary": "Leder teamet.",
                    "summary_en": "Leads the team.",
                    "sources": [cite],
                }
            ],
        },
        "pathways/no-test.yaml": {
            "id": "no-test",
            "jurisdiction": "no",
            "lang": "nb",
            "title": "Testforløp",
            "title_en": "Test pathway",
            "description": "Et lite forløp.",
            "sources": [cite],
            "phases": [
                {
                    "id": "no-test-fase",
                    "title": "Fase",
                    "title_en": "Phase",
                    "items": [
                        {
                            "id": "no-test-samtykke",
                            "text": "Har personen samtykket?",
                            "text_en": "Consent given?",
                            "why": "Uten samtykke ingen plan.",
                            "responsible": ["no-koordinator"],
                            "legal_basis": ["no-hol-7-1"],
                            "sources": [cite],
                            "answer_type": "yes_no",
                            "rules": [
                                {
                                    "when": {"item": "no-test-samtykke", "equals": "no"},
                                    "effect": "block",
                                    "message": "Ikke del.",
                                    "message_en": "Do not share.",
                                    "may_not_share_with": ["skole"],
                                    "do_instead": "Spør igjen.",
                                    "do_instead_en": "Ask again.",
                                }
                            ],
                        },
                        {
                            "id": "no-test-agenda",
                            "text": "Sendes agenda ut?",
                            "text_en": "Agenda sent?",
                            "why": "Forberedelse.",
                            "responsible": ["no-koordinator"],
                            "sources": [
                                {"source": "test-rapport", "quote": "sender agendaen til neste møte på forhånd"}
                            ],
                            "answer_type": "scale",
                            "scale_min": 1,
                            "scale_max": 9,
                        },
                    ],
                }
            ],
        },
        "compliance/no-test.yaml": {
            "id": "no-test-krav",
            "jurisdiction": "no",
            "lang": "nb",
            "title": "Krav",
            "title_en": "Requirements",
            "description": "Testkrav.",
            "requirements": [
                {
                    "id": "R01",
                    "title": "Melding",
                    "title_en": "Reporting",
                    "description": "Hvordan behov meldes.",
                    "legal_basis": ["no-hol-7-1"],
                    "sources": [cite],
                    "evidence_required": ["Hvor det meldes."],
                    "example_phrasings": ["Behov meldes til KE.", "Meld til koordinerende enhet.", "Bruk skjema."],
                    "keywords": ["melde", "melding", "koordinerende enhet"],
                }
            ],
        },
    }


def write_kb(root: Path, files: dict[str, Any] | None = None) -> tuple[Path, Path, Path]:
    """Write kb/, corpus/ and brief.md under `root`; return (kb_dir, corpus_dir, brief_path)."""
    files = copy.deepcopy(files if files is not None else base_kb())
    kb_dir = root / "kb"
    for rel, content in files.items():
        path = kb_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    corpus_dir = root / "corpus"
    corpus_dir.mkdir(exist_ok=True)
    (corpus_dir / "no-test.txt").write_text(CORPUS_TEXT, encoding="utf-8")
    brief = root / "brief.md"
    brief.write_text(BRIEF_TEXT, encoding="utf-8")
    return kb_dir, corpus_dir, brief
