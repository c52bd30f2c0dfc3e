"""Tilbakemeldinger: feedback on answers, for unit leaders (see veiviser.ui.page_feedback)."""

from veiviser.ui import page_feedback
from veiviser.ui.context import current

page_feedback.render(current())
