"""Turn cited sentences into an `Answer`: citation numbers, quotes, framing and abstentions.

Every citation number stands for one exact quote (a span of one stored chunk), numbered
in order of first appearance, so "[2]" always points at the words that back the
sentence it ends.
"""

from __future__ import annotations

import bisect
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from veiviser.answer.phrases import Phrases
from veiviser.core.types import Answer, Chunk, Citation, SearchHit
from veiviser.kb.documents import ROLE_FIELD_HEADINGS
from veiviser.pii import mask_ids
from veiviser.text.units import Unit, split_units

ABSTENTION_PASSAGES = 3


@dataclass(frozen=True)
class Quote:
    hit: SearchHit
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.hit.chunk.id, self.start, self.end)


@dataclass(frozen=True)
class CitedSentence:
    text: str  # as displayed, without citation markers
    quotes: tuple[Quote, ...]
    separator: str = "\n"  # what goes before it when it is not the first sentence


def section_at(chunk: Chunk, start: int) -> str:
    """The title a quote stands under. A passage of the curated kb holds several short entries
    (glossary terms, legal references) under one section label, the first entry's: the quote
    is cited by the entry title printed last before it. Other documents keep their section."""
    if chunk.doc_type != "kb":
        return chunk.section
    headings = _headings(chunk.text)
    before = bisect.bisect_left(headings, (start,)) - 1
    return headings[before][1] if before >= 0 else chunk.section


@lru_cache(maxsize=1024)
def _headings(text: str) -> list[tuple[int, str]]:
    """(start, title) of the heading lines of a passage, split once however many quotes ask; a role
    card's field line ("Rehabkoordinator (rehabiliteringskoordinator): Skyldigheter") is one too."""
    return [(u.start, text[u.start : u.end].strip()) for u in split_units(text) if _is_entry_title(text, u)]


def _is_entry_title(text: str, unit: Unit) -> bool:
    if unit.kind == "heading":
        return True
    line = text[unit.start : unit.end].strip()
    _, sep, field = line.rpartition(": ")
    return bool(sep) and "\n" not in line and field in ROLE_FIELD_HEADINGS


def title_of(quote: Quote) -> str:
    """The kb entry title a quote stands under ("" outside the kb): it names a legal text's section."""
    chunk = quote.hit.chunk
    return section_at(chunk, quote.start) if chunk.doc_type == "kb" else ""


class Numbering:
    """Citation numbers in order of first appearance, one per distinct quote."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, int, int], int] = {}
        self.citations: list[Citation] = []

    def number(self, quote: Quote) -> int:
        if quote.key not in self.numbers:
            n = len(self.citations) + 1
            self.numbers[quote.key] = n
            chunk = quote.hit.chunk
            self.citations.append(
                Citation(n, chunk.source, chunk.page, section_at(chunk, quote.start), quote.text, chunk.id)
            )
        return self.numbers[quote.key]

    def render(self, sentence: CitedSentence) -> str:
        marks = "".join(f"[{n}]" for n in dict.fromkeys(self.number(q) for q in sentence.quotes))
        return f"{sentence.text} {marks}" if marks else sentence.text


def render_sentences(sentences: Sequence[CitedSentence], numbering: Numbering) -> Iterator[str]:
    """The answer text piece by piece (separator included), numbering citations as it goes."""
    for i, sentence in enumerate(sentences):
        yield (sentence.separator if i else "") + numbering.render(sentence)


def build_answer(
    question: str,
    lang: str,
    sentences: Sequence[CitedSentence],
    passages: Sequence[SearchHit],
    *,
    intro: str = "",
    notices: Sequence[str] = (),
    answerer: str = "extractive",
) -> Answer:
    numbering = Numbering()
    body = "".join(render_sentences(sentences, numbering))
    text = f"{intro}\n{body}" if intro else body
    return Answer(
        question=question,
        text=mask_ids(text),
        abstained=False,
        citations=tuple(replace(c, quote=mask_ids(c.quote)) for c in numbering.citations),
        answer_lang=lang,
        passages=tuple(_without_ids(h) for h in passages),
        notices=tuple(notices),
        answerer=answerer,
    )


def abstention(
    question: str,
    lang: str,
    phrases: Phrases,
    passages: Sequence[SearchHit],
    *,
    notices: Sequence[str] = (),
    answerer: str = "extractive",
) -> Answer:
    """The knowledge base does not cover it: say so, show the closest passages, suggest where to ask."""
    return Answer(
        question=question,
        text=phrases.abstention_text(),
        abstained=True,
        citations=(),
        answer_lang=lang,
        passages=tuple(_without_ids(h) for h in passages[:ABSTENTION_PASSAGES]),
        notices=tuple(notices),
        answerer=answerer,
    )


class AnswerStream:
    """Text pieces of an answer as they become ready, then the final verified `Answer`.

    Iterate to show the text as it arrives; every piece has already passed citation
    checks, and the pieces concatenated equal `answer.text`. Read `.answer` after
    (or instead of) iterating: it consumes whatever is left and returns the Answer,
    with its citations, passages and notices (e.g. a fallback from the LLM).
    """

    def __init__(self, pieces: Generator[str, None, Answer]) -> None:
        self._pieces = pieces
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        if self._answer is not None:
            return
        self._answer = yield from self._pieces

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            for _ in self:
                pass
        assert self._answer is not None
        return self._answer


def stream_of(answer: Answer) -> AnswerStream:
    """A stream over an answer that is already complete (line by line)."""

    def pieces() -> Generator[str, None, Answer]:
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")
        return answer

    return AnswerStream(pieces())


def _without_ids(hit: SearchHit) -> SearchHit:
    """The passage as shown with an answer: national ID numbers masked, whatever the index holds
    (documents indexed with VEIVISER_PII_AT_INGEST=warn keep them, and are listed for review)."""
    text = mask_ids(hit.chunk.text)
    if text == hit.chunk.text:
        return hit
    original = mask_ids(hit.chunk.original_text) if hit.chunk.original_text else hit.chunk.original_text
    return replace(hit, chunk=replace(hit.chunk, text=text, original_text=original))
