"""Kunnskapsbase: documents, uploads and re-indexing (see veiviser.ui.page_knowledge)."""

from veiviser.ui import page_knowledge
from veiviser.ui.context import current

page_knowledge.render(current())
