"""Preparing a document repairs OCR damage in its headings as in its text, so section labels read right."""

from __future__ import annotations

from veiviser.core.types import Block, BlockKind, LoadedDocument
from veiviser.documents.prepare import prepare_document

# Our own sentences, damaged the way the scanned reports are (ø -> g/@, å -> a, æ -> e).
DAMAGED = [
    "Kommunene arrangerer koordinatoroppleringer for nye koordinatorer i oppfglgingsteam.",
    "Koordinatoren skal sgrge for framdrift i arbeidet med individuell plan og fglge opp brukeren.",
    "Brukere og pargrende far informasjon om tilbudet fra koordinerende enhet i kommunen.",
    "Det er oppnevnt en koordinator som leder teamarbeidet, og fastlegen er med i teamet na og da.",
]


def test_headings_above_a_block_are_repaired_with_the_text():
    heading = "Tilbud til brukere og pargrende"
    blocks = [Block(heading, BlockKind.HEADING, level=2)] + [Block(text, heading_path=(heading,)) for text in DAMAGED]
    doc = LoadedDocument(
        source="rapport.txt",
        path="rapport.txt",
        doc_type="txt",
        title="Rapport",
        blocks=tuple(blocks),
        content_hash="x",
    )
    lang, prepared = prepare_document(doc)
    assert lang == "nb"
    repaired_heading = prepared.blocks[0].text
    assert "pårørende" in repaired_heading
    assert all(b.heading_path == (repaired_heading,) for b in prepared.blocks[1:])


def test_a_kb_file_keeps_its_declared_language_whatever_its_terms_look_like():
    from ingest.pipeline import chunk
    from veiviser.core.config import Settings

    swedish_looking = [
        "samordnad individuell plan; SIP; myndighetsgemensamt team; Försäkringskassan; Arbetsförmedlingen.",
        "vårdcentral; rehabkoordinator; samordningsförbund; socialtjänsten; hälso- och sjukvården.",
    ]
    doc = LoadedDocument(
        source="kb/glossary.yaml",
        path="glossary.yaml",
        doc_type="kb",
        title="Ordliste",
        blocks=tuple(Block(text) for text in swedish_looking),
        content_hash="x",
        meta={"lang": "nb"},
    )
    lang, prepared = prepare_document(doc)
    assert lang == "nb"
    assert {c.lang for c in chunk(prepared, Settings().ingest, lang)} == {"nb"}
    # the same text outside the kb is read as what it looks like
    plain = LoadedDocument("terms.txt", "terms.txt", "txt", "Terms", doc.blocks, "y")
    assert prepare_document(plain)[0] == "sv"
