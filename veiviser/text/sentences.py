"""Sentence spans in Nordic text: where a period, "!" or "?" ends a sentence and where it does not.

Shared by chunking (cuts over-long paragraphs at sentence ends) and the compliance
audit (quotes whole sentences); abbreviations such as "f.eks.", "bl.a." and "jf."
never end one.
"""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence (lowercase, without the final period).
_ABBREVIATIONS = frozenset(
    "f.eks fx bl.a m.m m.fl mfl jf jfr nr kap pkt ca dvs mv osv etc t.ex bl.a s.k e.l o.l ev evt iht vs dr mr "
    "st tlf pga ifm mht kl s f ff p pp resp inkl ekskl ang vedr jmf prop ot.prp st.meld meld nou sou ds "
    "hhv bla mm t.o.m fr.o.m m.v".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“«(\[]?[^\W_a-zæøåäöü])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in `text`, whitespace between them excluded."""
    spans: list[tuple[int, int]] = []
    start = skip_space(text, 0)
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end <= start:
            continue
        word = _WORD_BEFORE.search(text[max(start, match.start() - 40) : match.start()])
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        spans.append((start, end))
        start = skip_space(text, end)
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
