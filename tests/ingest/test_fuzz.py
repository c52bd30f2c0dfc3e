"""Property-based fuzzing of the chunker and the loaders' text handling (hypothesis).

Inputs are arbitrary: any Unicode, any mix of block kinds, pages and headings,
any chunk sizes the settings accept, and any bytes under a text, Markdown or
HTML name. What must hold: no exception but a LoadError, chunk text is verbatim
document text, no short block is lost, ids are unique and reproducible.
(Repair has its own properties in test_repair.py.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingest.chunk import MIN_TARGET_CHARS, chunk_document
from veiviser.core.types import Block, BlockKind, LoadedDocument
from veiviser.documents.errors import LoadError
from veiviser.documents.loaders import load_file

# A longer campaign: VEIVISER_FUZZ_EXAMPLES=20000 pytest tests/ingest/test_fuzz.py
EXAMPLES = int(os.environ.get("VEIVISER_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINE_KINDS = (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW)
BOUNDARY_KINDS = (BlockKind.PAGE_BREAK, BlockKind.SLIDE_BREAK)

# Characters that matter to sentence splitting, hard splitting and Nordic text, plus anything at all.
_PROSE_CHARS = st.sampled_from(list("abcdefghijklmnoprstuvyzæøåÆØÅäöÄÖ   .....!?…:;,«»\"'()-§0123456789\n\t"))
# No lone surrogates: no decoder the loaders use can produce them.
_TEXT = st.text(alphabet=_PROSE_CHARS | st.characters(blacklist_categories=("Cs",)), max_size=700)
_WORDS = st.lists(
    st.sampled_from(["f.eks.", "bl.a.", "Koordinator", "plan.", "NAV", "jf.", "§", "2-5.", "Hei!", "…", "x" * 120]),
    max_size=40,
).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(list(BlockKind)))
    if kind in BOUNDARY_KINDS:
        return Block("", kind, page=draw(st.none() | st.integers(1, 4)))
    text = draw(_TEXT | _WORDS | st.sampled_from(["", "   ", "\n"]))
    # loaders hand over stripped text; the chunker's verbatim promise is about that text
    text = text.strip() if draw(st.booleans()) or kind is BlockKind.HEADING else text
    heading_path = tuple(draw(st.lists(st.text(alphabet=_PROSE_CHARS, max_size=15), max_size=3)))
    return Block(
        text,
        kind,
        page=draw(st.none() | st.integers(1, 4)),
        heading_path=heading_path,
        level=draw(st.integers(0, 4)) if kind is BlockKind.HEADING else 0,
    )


def document(block_list: list[Block]) -> LoadedDocument:
    return LoadedDocument(
        source="fuzz.txt", path="/tmp/fuzz.txt", doc_type="txt", title="Fuzz",
        blocks=tuple(block_list), content_hash="0" * 64,
    )  # fmt: skip


def joined_segments(block_list: list[Block]) -> list[str]:
    """The document as the chunker may quote it: runs of text blocks with the chunker's separators."""
    segments: list[str] = [""]
    previous: Block | None = None
    for block in block_list:
        if block.kind in BOUNDARY_KINDS:
            segments.append("")
            previous = None
            continue
        if not block.text.strip():
            continue
        if previous is not None:
            both_lines = previous.kind in LINE_KINDS and block.kind in LINE_KINDS
            segments[-1] += "\n" if both_lines else "\n\n"
        segments[-1] += block.text
        previous = block
    return segments


def fixed_language(text: str, default: str = "nb") -> str:
    return default


@FUZZ
@given(
    block_list=st.lists(blocks(), max_size=40),
    target=st.integers(MIN_TARGET_CHARS, 1200),
    overlap_share=st.floats(0.0, 0.9),
)
def test_chunker_takes_any_document(block_list: list[Block], target: int, overlap_share: float) -> None:
    overlap = int(target * overlap_share)
    doc = document(block_list)
    chunks = chunk_document(doc, target_chars=target, overlap_chars=overlap, doc_lang="nb", detect=fixed_language)

    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)
    again = chunk_document(doc, target_chars=target, overlap_chars=overlap, doc_lang="nb", detect=fixed_language)
    assert [(c.id, c.text) for c in again] == [(c.id, c.text) for c in chunks]

    event("several chunks" if len(chunks) > 1 else "one chunk or none")
    segments = joined_segments(block_list)
    for chunk in chunks:
        assert chunk.text and chunk.text == chunk.text.strip()
        assert any(chunk.text in segment for segment in segments), chunk.text[:80]
        assert chunk.doc_id == doc.doc_id and chunk.source == doc.source
        assert chunk.section == (chunk.heading_path[-1] if chunk.heading_path else "")

    # nothing is lost: every text block that fits in one chunk appears whole in some chunk
    for block in block_list:
        text = block.text.strip()
        if text and block.kind is not BlockKind.HEADING and len(block.text) <= target:
            assert any(text in c.text for c in chunks), text[:80]


# ------------------------------------------------------------------ loaders
@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="veiviser-fuzz-") as folder:
        yield Path(folder)


_MARKUP = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<h1>",
            "</h1>",
            "<h3>",
            "<li>",
            "<ul>",
            "</ul>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</tr>",
            "<br>",
            "<script>",
            "</script>",
            "<style>",
            "<!--",
            "-->",
            "<td hidden>",
            "<p style='display:none'>",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "<?xml?>",
            "<!DOCTYPE html>",
            "<",
            ">",
            "</",
            "Koordinator",
            "plan",
            "ø",
            " ",
            "\n",
            "\x00",
            "\ufeff",
        ]
    )  # fmt: skip
    | st.text(max_size=12),
    max_size=80,
).map("".join)


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


_BYTES = (
    st.binary(max_size=3000)
    | st.builds(_encoded, _TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    | st.builds(_encoded, _MARKUP, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
)


def load_any(folder: Path, name: str, data: bytes) -> LoadedDocument | None:
    path = folder / name
    path.write_bytes(data)
    try:
        return load_file(path, max_bytes=1_000_000, ocr=False)
    except LoadError as exc:
        assert str(exc).startswith(f"{name}: ") and exc.message.strip()
        return None


@FUZZ
@given(data=_BYTES, name=st.sampled_from(["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.htm", "fuzz.pdf", "fuzz"]))
def test_loaders_take_any_bytes(scratch: Path, data: bytes, name: str) -> None:
    doc = load_any(scratch, name, data)
    if doc is None:
        return
    assert doc.doc_type in ("txt", "md", "html", "pdf")
    assert doc.source == name
    texts = [b.text for b in doc.blocks if b.kind not in BOUNDARY_KINDS]
    assert any(t.strip() for t in texts)
    assert not any("\x00" in t for t in texts)
    assert doc.blocks[-1].kind not in BOUNDARY_KINDS
    chunks = chunk_document(doc, doc_lang="nb", detect=fixed_language)  # what a loader gives, the chunker takes
    assert all(c.text for c in chunks)


@FUZZ
@given(text=_TEXT, markdown=st.booleans())
def test_text_loader_invents_no_words(scratch: Path, text: str, markdown: bool) -> None:
    """Every word the text loader returns was in the file (hyphenation and soft hyphens undone)."""
    name = "ord.md" if markdown else "ord.txt"
    doc = load_any(scratch, name, text.encode("utf-8"))
    if doc is None:
        return
    squeezed = "".join(text.replace("-", "").replace("\u00ad", "").split())
    for block in doc.blocks:
        for word in block.text.split():
            if word.isalpha():
                assert word in squeezed, word
