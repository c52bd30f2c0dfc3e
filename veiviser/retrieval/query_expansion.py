"""Query expansion for the lexical side: glossary synonyms across nb/nn/sv/da/en.

#3 adds OCR variants and tunes the weights; this is the shared entry point.
"""

from __future__ import annotations

import logging

from veiviser.core.config import Settings
from veiviser.retrieval.search import QueryExpander, no_expansion

log = logging.getLogger(__name__)

SYNONYM_WEIGHT = 0.4


def build_expander(settings: Settings) -> QueryExpander:
    try:
        from veiviser.kb.glossary import Glossary
    except ImportError:
        return no_expansion
    try:
        glossary = Glossary.load(settings.kb_dir)
    except Exception as exc:  # a broken kb must not break search
        log.warning("glossary not loaded, searching without synonyms: %s", exc)
        return no_expansion

    def expand(query: str) -> list[tuple[str, float]]:
        extra = sorted(glossary.expand(query))
        return [(query, 1.0)] + [(term, SYNONYM_WEIGHT) for term in extra]

    return expand
