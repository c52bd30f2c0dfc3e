"""Saksveileder's screens: the case picker, the open case's header and one module per tab.

`state` keeps the open case (session state and URL), flash messages and store
changes; the rules the screens follow live in veiviser.cases (access, walkthrough).
The page entry is veiviser.ui.page_case.render.
"""
