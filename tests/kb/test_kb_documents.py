"""The kb becomes LoadedDocuments the pipeline can index and answers can cite."""

from __future__ import annotations

import hashlib

from kb_builder import write_kb

from veiviser.core.types import BlockKind
from veiviser.kb.documents import kb_content_hash, kb_documents
from veiviser.kb.loader import load_kb


def test_every_knowledge_file_becomes_a_document(tmp_path):
    kb_dir, _, _ = write_kb(tmp_path)
    docs = {d.source: d for d in kb_documents(load_kb(kb_dir))}
    assert set(docs) == {"kb/pathways/no-test.yaml", "kb/roles/no.yaml", "kb/legal/no.yaml", "kb/glossary.yaml"}
    for source, doc in docs.items():
        assert doc.doc_type == "kb" and doc.pages is None
        assert doc.blocks and all(b.text for b in doc.blocks)
        assert doc.content_hash == kb_content_hash(hashlib.sha256((tmp_path / source).read_bytes()).hexdigest())


def test_pathway_document_has_phase_and_item_headings_with_rules(tmp_path):
    kb_dir, _, _ = write_kb(tmp_path)
    doc = next(d for d in kb_documents(load_kb(kb_dir)) if d.source == "kb/pathways/no-test.yaml")
    headings = [(b.level, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings[:3] == [(1, "Testforløp"), (2, "Fase"), (3, "Har personen samtykket?")]
    rule = next(b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM)
    assert "Ikke del med: skole" in rule.text and "Gjør i stedet: Spør igjen." in rule.text
    assert rule.heading_path == ("Testforløp", "Fase", "Har personen samtykket?")
    assert any("Hjemmel: hol § 7-1" in b.text for b in doc.blocks)
    # who is responsible is content; "Svar: ja/nei" (the form's answer kind) is not, unless it lists options
    assert any(b.text.startswith("Ansvarlig: ") for b in doc.blocks)
    assert not any("ja/nei" in b.text for b in doc.blocks)
    assert any("Svar: skala" in b.text for b in doc.blocks)
    assert all(b.page is None for b in doc.blocks)


def test_a_kb_field_line_reads_as_prose_without_its_label():
    from veiviser.kb.documents import field_as_prose

    assert field_as_prose("Hvorfor: Da har personen rett til individuell plan.") == (
        "Da har personen rett til individuell plan."
    )
    assert field_as_prose("Varför: SIP upprättas aldrig mot personens vilja.") == (
        "SIP upprättas aldrig mot personens vilja."
    )
    assert field_as_prose("Ansvarlig: Koordinerende enhet (KE).") == "Koordinerende enhet (KE) har ansvaret."
    assert field_as_prose("Ansvarig: Handläggare, Rehabkoordinator.") == "Handläggare, Rehabkoordinator har ansvaret."
    assert field_as_prose("Kommunen skal tilby individuell plan.") == "Kommunen skal tilby individuell plan."
