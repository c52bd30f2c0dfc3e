"""The curated knowledge base (kb/): schema, loading, validation, glossary and indexing."""

from veiviser.kb.loader import KbError, KbProblem, KnowledgeBase, load_kb, read_kb

__all__ = ["KbError", "KbProblem", "KnowledgeBase", "load_kb", "read_kb"]
