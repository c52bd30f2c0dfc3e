"""Who is entitled to something, from the kb's legal references: "Kven kan få individuell plan?".

A legal reference titled "Rett til individuell plan" (title_en "Right to an individual plan")
states who holds the right in its `requirement`. A question that asks who is entitled to X
("hvem har rett til", "vem kan få", "who is entitled to") is answered by the sentence of that
requirement which states the right, cited under the reference's title (its law and section),
instead of by any corpus sentence that repeats "individuell plan".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from veiviser.answer.compose import CitedSentence, Quote
from veiviser.core.protocols import Retriever
from veiviser.core.types import SearchHit
from veiviser.kb.cards import UI_JURISDICTION
from veiviser.kb.glossary import tokens
from veiviser.kb.schema import LegalRef
from veiviser.text.units import display_text, split_units

# a title that grants a right: "Rett til koordinator", "Rätt till ...", "Ret til ...", "Right to ..."
_RIGHT_TITLE = re.compile(r"^(?:rett|rätt|ret|right)\s+(?:til|till|to)\s+(?:an?\s+|the\s+)?(.+)$", re.IGNORECASE)
_RIGHT_WORD = re.compile(r"\b(?:rett|retten|rätt|rätten|ret|right|rights|entitled)\b", re.IGNORECASE)
_FILLER = frozenset("en ein ei et eit ett a an the i in til till to for".split())


def entitlement(
    question: str,
    lang: str,
    cues: Iterable[str],
    refs: Iterable[LegalRef],
    legal_sources: set[str],
    retriever: Retriever,
) -> list[CitedSentence]:
    """The sentence stating who holds the right the question asks about, or [] when it asks no such thing,
    names no right a reference grants, or names one several jurisdictions grant and none is its own."""
    words = tokens(question)
    normal = " ".join(words)
    cue = next((c for c in cues if f" {c} " in f" {normal} "), None)
    if cue is None:
        return []
    asked = {w for w in normal.split(cue, 1)[1].split() if w not in _FILLER}
    if not asked:
        return []
    matching = [ref for ref in refs if _grants(ref, asked)]
    home = UI_JURISDICTION.get(lang, "no")
    own = [ref for ref in matching if ref.id.startswith(f"{home}-")] or matching
    if len(own) != 1:
        return []
    (ref,) = own
    units = [ref.requirement[u.start : u.end] for u in split_units(ref.requirement)]
    sentence = next((text for text in units if _RIGHT_WORD.search(text)), None)
    if sentence is None:
        return []
    return quoted(sentence, retriever, legal_sources)


def quoted(text: str, retriever: Retriever, sources: set[str]) -> list[CitedSentence]:
    """`text` as one cited sentence, quoted from the kb passage that holds it ([] when none does)."""
    for source in sorted(sources):
        for chunk in retriever.document_chunks(source):
            start = chunk.text.find(text)
            if start >= 0:
                quote = Quote(SearchHit(chunk, 1.0, 1), start, start + len(text))
                return [CitedSentence(display_text(quote.text), (quote,))]
    return []


def _grants(ref: LegalRef, asked: set[str]) -> bool:
    """The reference's title grants a right to what the question names, in its own language or English."""
    for title in (ref.title, ref.title_en):
        m = _RIGHT_TITLE.match(title.strip())
        wanted = set(tokens(m.group(1))) - _FILLER if m else set()
        if wanted and wanted <= _stems(asked, m.group(1) if m else ""):
            return True
    return False


def _stems(asked: set[str], title_object: str) -> set[str]:
    """The title's words the question uses, allowing inflection ("koordinator" for "koordinatoren")."""
    found = set()
    for word in tokens(title_object):
        if any(a == word or (len(word) >= 5 and a.startswith(word[: max(5, len(word) - 2)])) for a in asked):
            found.add(word)
    return found
