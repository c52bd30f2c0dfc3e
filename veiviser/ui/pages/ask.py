"""Spør: the chat with cited answers (see veiviser.ui.page_ask)."""

from veiviser.ui import page_ask
from veiviser.ui.context import current

page_ask.render(current())
