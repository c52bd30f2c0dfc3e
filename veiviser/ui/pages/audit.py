"""Revisjon: audit a routine against the requirements (see veiviser.ui.page_audit)."""

from veiviser.ui import page_audit
from veiviser.ui.context import current

page_audit.render(current())
