"""Logg: the audit trail for unit leaders (see veiviser.ui.page_log)."""

from veiviser.ui import page_log
from veiviser.ui.context import current

page_log.render(current())
