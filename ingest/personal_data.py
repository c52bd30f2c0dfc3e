"""Personal data found in a document at ingest: named in the report, masked, or the document refused.

Every document is scanned as it is ingested (veiviser.pii). The setting chooses what follows
(IngestSettings.pii_at_ingest): "warn" indexes it and names the kinds found in the ingest
report, `veiviser status` and the Kunnskapsbase list; "mask" replaces national ID numbers by
their label before anything is indexed; "refuse" leaves the document out with a message that
says what to do. The values found are never written anywhere, only their kinds.
"""

from __future__ import annotations

from dataclasses import replace

from veiviser.core.parallel import map_texts
from veiviser.core.types import Block, LoadedDocument
from veiviser.documents.errors import LoadError
from veiviser.pii import ID_KINDS, KIND_NAMES, mask_ids, scan


def _kinds_in(text: str) -> frozenset[str]:
    return frozenset(f.kind for f in scan(text))


def personal_data(doc: LoadedDocument, mode: str, workers: int = 1) -> tuple[LoadedDocument, tuple[str, ...]]:
    """The document as it may be indexed under `mode`, and the kinds of personal data it holds
    (a long document is scanned in `workers` processes)."""
    found = map_texts(_kinds_in, [b.text for b in doc.blocks if b.text], workers=workers)
    kinds = tuple(sorted(frozenset().union(*found)))
    ids = [k for k in kinds if k in ID_KINDS]
    if not kinds:
        return doc, kinds
    names = ", ".join(KIND_NAMES.get(k, k) for k in kinds)
    if ids and mode == "refuse":
        raise LoadError(
            doc.source,
            f"holds personal data ({names}) and was not indexed. Remove it from the document, or ask "
            "your administrator to index documents with ID numbers masked (VEIVISER_PII_AT_INGEST=mask).",
        )
    if ids and mode == "mask":
        doc = replace(doc, blocks=tuple(_masked(b) for b in doc.blocks))
        note = f"personal data found ({names}); ID numbers are masked in the index"
    else:
        note = f"personal data found ({names}); indexed as it is: check that it belongs in the knowledge base"
    return replace(doc, warnings=(*doc.warnings, note)), kinds


def _masked(block: Block) -> Block:
    return replace(
        block,
        text=mask_ids(block.text),
        original_text=mask_ids(block.original_text) if block.original_text else block.original_text,
        heading_path=tuple(mask_ids(h) for h in block.heading_path),
    )
