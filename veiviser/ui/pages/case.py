"""Saksveileder: the case walkthrough (see veiviser.ui.page_case)."""

from veiviser.ui import page_case
from veiviser.ui.context import current

page_case.render(current())
