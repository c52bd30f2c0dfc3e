"""st.file_uploader with its built-in texts in the UI language: the one helper every upload widget uses.

Streamlit has no translation for the texts inside its upload widget (the "Upload"
button, "50MB per file", "Drag and drop files here" while dragging); only the label
is ours. The known workaround is a CSS override: the original text is shrunk to
nothing and the translation shown with `content:` in an ::after box. The rules are
scoped to the widget by its key (Streamlit puts `st-key-<key>` on the element), so
two uploaders on one page can say different things. Checked against the DOM of
Streamlit 1.67 (data-testid stFileUploaderDropzone / ...Instructions); if a later
version renames those, the widget simply shows Streamlit's English again.
Not reachable by CSS: the aria-labels ("file upload", "Add files") and the hover
tooltip of a refused file ("File must be 50.0MB or smaller").
"""

from __future__ import annotations

import math
import re
from typing import Any

import streamlit as st

from veiviser.core.i18n import Translator

_ZONE = '[data-testid="stFileUploaderDropzone"]'
_SMALL = "0.875rem"  # Streamlit's theme.fontSizes.sm, the size of all three texts


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes and line breaks escaped, nothing else can end it."""
    out = []
    for ch in text:
        if ch in '"\\' or ch in "\n\r\f" or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def uploader_css(t: Translator, key: str, *, max_mb: float, multiple: bool) -> str:
    """The <style> that translates the inner texts of the uploader with `key`."""
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    limit = t("uploader.limit", max_mb=f"{max_mb:g}")
    drop = t("uploader.drop_many" if multiple else "uploader.drop_one")
    rules = {
        f'{_ZONE} button [data-testid="stMarkdownContainer"] p': t("uploader.button"),
        '[data-testid="stFileUploaderDropzoneInstructions"] span': limit,
        f"{_ZONE} > div:not([data-testid]) > span": drop,  # the overlay shown while a file is dragged over
    }
    css = []
    for selector, text in rules.items():
        css.append(f"{scope} {selector} {{font-size:0 !important}}")
        css.append(f"{scope} {selector}::after {{content:{css_string(text)};font-size:{_SMALL}}}")
    return "<style>\n" + "\n".join(css) + "\n</style>"


def file_uploader(t: Translator, label: str, *, key: str, max_mb: float, multiple: bool = False, **kwargs: Any) -> Any:
    """st.file_uploader with the limit `max_mb` and its inner texts in the UI language of `t`."""
    st.html(uploader_css(t, key, max_mb=math.ceil(max_mb), multiple=multiple))
    return st.file_uploader(label, accept_multiple_files=multiple, key=key, max_upload_size=math.ceil(max_mb), **kwargs)
