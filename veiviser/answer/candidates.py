"""Candidate sentences of the extractive answer and the small rules for picking among them.

Kept apart from the answerer so its module stays about answering: overlap and near-duplicate
checks, how much new coverage a sentence adds, merging adjacent quotes, the context a quote's
numbers are checked in, and counting a list's items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from veiviser.answer.answer_types import AnswerTypes
from veiviser.answer.compose import Quote
from veiviser.answer.evidence import Retrieval
from veiviser.core.types import Chunk
from veiviser.kb.documents import NOT_COVERED_HEADINGS
from veiviser.retrieval.search import lexical_family
from veiviser.text.terms import TextTokens

NEAR_DUPLICATE = 85  # rapidfuzz token_set_ratio at or above this is the same statement
NUMBER_CONTEXT_CHARS = 250  # how far from a quote a number named in the question may stand


@dataclass
class Candidate:
    quote: Quote
    hit_index: int
    tokens: TextTokens
    coverage: float
    score: float = 0.0
    kind: str = ""  # the unit's kind: sentence, item, list


def says_not_covered(chunk: Chunk) -> bool:
    """A kb passage listing what the sources are silent on ("Kildene sier ikke noe om")."""
    return silent_from(chunk) == 0


def silent_from(chunk: Chunk) -> int | None:
    """Where a kb passage's list of what the sources are silent on starts (None: it has none).

    The list is a section of its own ("Kildene sier ikke noe om"); a passage may also hold the
    end of the section before it, with the heading as a line of its text.
    """
    if chunk.doc_type != "kb":
        return None
    if any(h.strip() in NOT_COVERED_HEADINGS for h in (*chunk.heading_path, chunk.section)):
        return 0
    offset = 0
    for line in chunk.text.splitlines(keepends=True):
        if line.strip() in NOT_COVERED_HEADINGS:
            return offset
        offset += len(line)
    return None


def silent_text(chunk: Chunk) -> str:
    """The part of a kb passage that lists what the sources are silent on ("" when none)."""
    start = silent_from(chunk)
    return "" if start is None else chunk.text[start:]


def overlaps(a: Quote, b: Quote) -> bool:
    return a.hit.chunk.id == b.hit.chunk.id and a.start < b.end and b.start < a.end


def near_duplicate(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b) >= NEAR_DUPLICATE


def new_coverage(retrieval: Retrieval, covered: list[TextTokens], tokens: TextTokens) -> float:
    """How much more of the question is covered once `tokens` is added to what is already chosen."""
    terms = retrieval.terms
    total = terms.total_weight
    if total <= 0:
        return 0.0
    gain = 0.0
    for term in terms.terms:
        before = max((t.match(term.word, terms.lang) for t in covered), default=0.0)
        gain += term.weight * max(0.0, tokens.match(term.word, terms.lang) - before)
    return gain / total


def merge_adjacent(chosen: list[Candidate]) -> list[Candidate]:
    """Sentences that follow each other in one passage become one quote, in reading order."""
    out: list[Candidate] = []
    for c in chosen:
        for i, o in enumerate(out):
            if o.quote.hit.chunk.id != c.quote.hit.chunk.id:
                continue
            first, second = sorted((o.quote, c.quote), key=lambda q: q.start)
            gap = first.hit.chunk.text[first.end : second.start]
            if not gap.strip():
                out[i] = Candidate(
                    Quote(o.quote.hit, first.start, second.end), o.hit_index, o.tokens, o.coverage, o.score
                )
                break
        else:
            out.append(c)
    return out


def quote_context(quote: Quote) -> str:
    """The quoted sentence with the text around it and the headings it stands under."""
    chunk = quote.hit.chunk
    text = chunk.text
    around = text[max(0, quote.start - NUMBER_CONTEXT_CHARS) : quote.end + NUMBER_CONTEXT_CHARS]
    return "\n".join([*chunk.heading_path, chunk.section or "", around])


def without_numbers(text: str, numbers: Sequence[str]) -> str:
    for number in numbers:
        text = re.sub(rf"(?<!\d){re.escape(number)}(?!\d)", " ", text)
    return text


def list_items(text: str) -> int:
    """The number of items of a list unit (its lines, less an introduction ending in ':')."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].rstrip().endswith(":"):
        lines = lines[1:]
    return len(lines)


def count_bound(
    answer_types: AnswerTypes, retrieval: Retrieval, quotes: Sequence[Quote], answer_type: str = ""
) -> bool | None:
    """Does a quote count what a "how many X" question counts? None when nothing is counted, or when
    every quote is in another language (Nordic words are compared across nb/nn/sv/da; an English
    question's counted noun is read through its Nordic word starts; a Nordic question's words are
    not compared with English text)."""
    family = lexical_family(retrieval.lang)
    types = [answer_type] if answer_type else answer_types.required(retrieval.question, retrieval.lang)
    verdicts = []
    for q in quotes:
        same = not q.hit.chunk.lang or lexical_family(q.hit.chunk.lang) == family
        for t in types:
            if same:
                verdicts.append(answer_types.bound(q.text, t, retrieval.lang, retrieval.question))
            elif retrieval.lang == "en":
                verdicts.append(answer_types.bound_across(q.text, t, retrieval.question))
    known = [v for v in verdicts if v is not None]
    return any(known) if known else None
