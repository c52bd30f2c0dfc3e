"""Innstillinger: language, answerer and index (see veiviser.ui.page_settings)."""

from veiviser.ui import page_settings
from veiviser.ui.context import current

page_settings.render(current())
