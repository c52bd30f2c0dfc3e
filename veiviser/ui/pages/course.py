"""Kursbygger: build a training session (see veiviser.ui.page_course)."""

from veiviser.ui import page_course
from veiviser.ui.context import current

page_course.render(current())
