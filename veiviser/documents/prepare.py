"""Make a loaded document ready to chunk: detect its language and repair OCR/encoding damage.

Used by the ingest pipeline and by the compliance audit, which reads an uploaded
routine the same way without indexing it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from veiviser.core.parallel import map_texts
from veiviser.core.types import LANGS, Block, LoadedDocument
from veiviser.text.langdetect import detect_document_language

REPAIR_LANGS = ("nb", "sv", "da")
# How a document is prepared; an index built by another version is re-prepared on the next ingest.
# 2: headings are repaired in the heading paths of the blocks below them too (section labels).
PREPARE_VERSION = 2


def prepare_document(doc: LoadedDocument, *, repair: bool = True, workers: int = 1) -> tuple[str, LoadedDocument]:
    """Detect the document language and repair OCR/encoding damage block by block
    (a long document's blocks in `workers` processes)."""
    declared = doc.meta.get("lang") if doc.doc_type == "kb" else None
    # a kb file declares its language; guessing it from a glossary of five languages' terms can go wrong
    doc_lang = declared if declared in LANGS else detect_document_language(doc.blocks)
    # Nynorsk is left alone: the repair lexicon is bokmål, so clean nynorsk words
    # ("heimetenesta") would look damaged and be "repaired" into nonsense.
    if not repair or doc.doc_type == "kb" or doc_lang not in REPAIR_LANGS:
        return doc_lang, doc
    from veiviser.text.repair import Repairer  # lazy: loads wordfreq's lexicons only when repairing

    repairer = Repairer(doc_lang, extra_words=_clean_words(doc.blocks))
    texts = list(dict.fromkeys(t for b in doc.blocks for t in (*b.heading_path, b.text) if t))
    repairer.warm(texts, workers=workers)
    repairer.assess((b.text for b in doc.blocks if b.text), workers=workers)  # judged once for the document
    # each distinct text once: a heading is repaired once, then the same in every path it heads
    fix = dict(zip(texts, map_texts(repairer.repair, texts, workers=workers))).__getitem__

    blocks: list[Block] = []
    for block in doc.blocks:
        # the headings above a block become its chunk's section and source label: repaired like the text
        path = tuple(fix(h) if h else h for h in block.heading_path)
        if path != block.heading_path:
            block = replace(block, heading_path=path)
        if not block.text:
            blocks.append(block)
            continue
        fixed = fix(block.text)
        if fixed != block.text:
            blocks.append(replace(block, text=fixed, original_text=block.original_text or block.text))
        else:
            blocks.append(block)
    return doc_lang, replace(doc, blocks=tuple(blocks))


def _clean_words(blocks: Sequence[Block]) -> set[str]:
    """Words the document itself spells with æ/ø/å: evidently undamaged, so trusted as lexicon."""
    words: set[str] = set()
    for block in blocks:
        for word in re.findall(r"[^\W\d_]+", block.text):
            if any(ch in word for ch in "æøåÆØÅäöÄÖ") and len(word) > 2:
                words.add(word.lower())
    return words
