"""Multi-part questions: which part the chosen sentences leave unanswered, so the answer can say so.

"Hvem leder teamet, og hvor ofte møtes det?" has two parts. When the sources answer the
first and say nothing of the second, the honest answer gives the first and names the
second as not covered, rather than answering all or abstaining on all. A question is cut
into parts only where a new clause opens with a question word ("..., og hvor ofte ...",
"...? Hvem ..."), never inside a noun phrase ("koordinator og ansvarsgruppe").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from veiviser.text.terms import QueryTerms, TextTokens

MIN_PART_COVERAGE = 0.34  # a part whose own weighted words are covered less than this is not answered
MIN_PART_TERMS = 1


def question_parts(question: str, question_words: Sequence[str]) -> list[str]:
    """The clauses of `question` that each ask something (one part when it asks one thing)."""
    if not question_words:
        return [question.strip()]
    words = "|".join(re.escape(w) for w in sorted(question_words, key=len, reverse=True))
    joiner = r"(?:og|and|och|samt|eller|or)"
    cut = re.compile(rf"(?:[,;?]\s+(?:{joiner}\s+)?|\s+{joiner}\s+)(?=(?:{words})\b)", re.IGNORECASE)
    parts = [p.strip(" ,;?") for p in cut.split(question) if p and p.strip(" ,;?")]
    return parts or [question.strip()]


def covers(part: str, lang: str, texts: Sequence[str]) -> bool:
    """Do `texts` hold enough of the part's own weighted words to count as answering it?"""
    terms = QueryTerms.build(part, lang)
    if len(terms.terms) < MIN_PART_TERMS or terms.total_weight <= 0:
        return True  # nothing specific to look for
    return bool(texts) and terms.coverage(TextTokens(" ".join(texts), lang)) >= MIN_PART_COVERAGE


def unanswered_parts(question: str, lang: str, question_words: Sequence[str], sentences: Sequence[str]) -> list[str]:
    """Parts of a multi-part question that none of `sentences` covers ([] for a one-part question)."""
    parts = question_parts(question, question_words)
    if len(parts) < 2 or not sentences:
        return []
    missing = [part for part in parts if not covers(part, lang, sentences)]
    return missing if len(missing) < len(parts) else []
