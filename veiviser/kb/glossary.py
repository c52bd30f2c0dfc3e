"""The multilingual glossary as a service: query expansion and tooltips.

A staff member in Bergen asks about "koordinatoren"; the Swedish report says
"samordnare" and "rehabkoordinator". Expansion finds each glossary concept
whose term occurs in the query (case-insensitive, on word boundaries, loosely
inflected: a term of six letters or more also matches words it begins, so
"koordinatorer" matches "koordinator") and returns the concept's terms in
the other languages, plus its looser retrieval synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from veiviser.kb.loader import GLOSSARY_FILE, KbError, load_model
from veiviser.kb.schema import GLOSSARY_LANGS, Concept, GlossaryFile

#: Single-word terms at least this long also match inflected and compound forms that start with them.
PREFIX_MIN_LEN = 6
#: In multi-word terms every word of at least this length may be inflected ("individuell plan" ~ "individuelle planen").
MULTIWORD_PREFIX_MIN_LEN = 4

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased words; hyphenated compounds stay one token ("helse-" forms split on spaces only)."""
    return [m.group(0) for m in _WORD.finditer(text.casefold())]


def _word_matches(query_word: str, term_word: str, min_prefix: int) -> bool:
    if query_word == term_word:
        return True
    return len(term_word) >= min_prefix and query_word.startswith(term_word)


def _term_at(q: list[str], term: list[str], start: int) -> bool:
    if start + len(term) > len(q):
        return False
    min_prefix = PREFIX_MIN_LEN if len(term) == 1 else MULTIWORD_PREFIX_MIN_LEN
    return all(_word_matches(q[start + k], tw, min_prefix) for k, tw in enumerate(term))


_KEY_LEN = 4  # shorter than both prefix minimums, so an inflected word shares its term's key


def _key(word: str) -> str:
    return word[:_KEY_LEN]


@dataclass(frozen=True)
class GlossaryMatch:
    concept: Concept
    term: str  # the glossary term that matched
    lang: str  # its language ("related" synonyms report their language too)
    start: int  # index of the first matching query word
    length: int  # number of query words it covers


class Glossary:
    """Concepts with their terms per language; built from kb/glossary.yaml."""

    def __init__(self, concepts: Iterable[Concept]):
        self.concepts: tuple[Concept, ...] = tuple(concepts)
        # (term tokens, original term, lang, concept), longest first so "individuell plan" wins over "plan"
        entries: list[tuple[list[str], str, str, Concept]] = []
        for c in self.concepts:
            for source in (c.terms, c.related):
                for lang, terms in source.by_lang().items():
                    for term in terms:
                        toks = tokens(term)
                        if toks:
                            entries.append((toks, term, lang, c))
        entries.sort(key=lambda e: (-len(e[0]), -len(" ".join(e[0]))))
        self._entries = entries
        # entries by the first letters of their first word: a query only tries the terms that can start
        # at one of its words (this runs on every search, so it must stay cheap)
        self._by_key: dict[str, list[int]] = {}
        for i, (toks, _, _, _) in enumerate(entries):
            self._by_key.setdefault(_key(toks[0]), []).append(i)
        self._by_id = {c.id: c for c in self.concepts}

    @classmethod
    def load(cls, kb_dir: Path) -> Glossary:
        path = Path(kb_dir) / GLOSSARY_FILE
        if not path.is_file():
            raise KbError(f"glossary not found at {path}; check the kb folder (VEIVISER_KB or --kb)")
        model, _, problems = load_model(path, GlossaryFile, Path(kb_dir))
        if model is None:
            raise KbError(
                "glossary is invalid; run `veiviser kb validate`:\n" + "\n".join(f"  - {p}" for p in problems[:10])
            )
        return cls(model.concepts)

    def concept(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    def matches(self, query: str) -> list[GlossaryMatch]:
        """Glossary terms found in the query; overlapping shorter terms yield to longer ones."""
        q = tokens(query)
        taken = [False] * len(q)
        found: list[GlossaryMatch] = []
        candidates = sorted({i for word in q for i in self._by_key.get(_key(word), ())})
        for toks, term, lang, concept in (self._entries[i] for i in candidates):
            for start in range(len(q)):
                if any(taken[start : start + len(toks)]) or not _term_at(q, toks, start):
                    continue
                for k in range(start, start + len(toks)):
                    taken[k] = True
                found.append(GlossaryMatch(concept, term, lang, start, len(toks)))
        found.sort(key=lambda m: m.start)
        return found

    def lookup(self, term: str) -> list[Concept]:
        """Concepts the given term (or phrase) names."""
        seen: dict[str, Concept] = {}
        for m in self.matches(term):
            seen.setdefault(m.concept.id, m.concept)
        return list(seen.values())

    def expand(self, query: str, langs: Iterable[str] | None = None, *, include_related: bool = True) -> set[str]:
        """Terms equivalent to the glossary concepts named in `query`, excluding words already in it.

        `langs` limits the languages returned (default: all of nb, nn, sv, da, en).
        """
        wanted = tuple(langs) if langs is not None else GLOSSARY_LANGS
        q_lower = " ".join(tokens(query))
        out: set[str] = set()
        for concept in {m.concept.id: m.concept for m in self.matches(query)}.values():
            sources = (concept.terms, concept.related) if include_related else (concept.terms,)
            for source in sources:
                for lang, terms in source.by_lang().items():
                    if lang not in wanted:
                        continue
                    for term in terms:
                        norm = " ".join(tokens(term))
                        if norm and not re.search(rf"(?<!\w){re.escape(norm)}(?!\w)", q_lower):
                            out.add(term)
        return out

    def tooltip(self, term: str, lang: str = "nb") -> str | None:
        """A one-line explanation for the UI: definition plus equivalents in the other languages."""
        concepts = self.lookup(term)
        if not concepts:
            return None
        c = concepts[0]
        definition = c.definition_nb if lang in ("nb", "nn") else c.definition_en
        others = [f"{lg}: {', '.join(ts)}" for lg, ts in c.terms.by_lang().items() if ts and lg != lang]
        approx = (
            " (omtrentlig)" if c.approximate and lang in ("nb", "nn") else (" (approximate)" if c.approximate else "")
        )
        return f"{definition}{approx} — " + "; ".join(others)
