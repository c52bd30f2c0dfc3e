"""A row of download buttons, one per export format (case reports, audits, courses)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from veiviser.core.i18n import Translator
from veiviser.reports.exports import MIME_TYPES, ExportError


def download_row(
    t: Translator,
    text_prefix: str,
    formats: Sequence[str],
    render: Callable[[str], bytes],
    file_name: Callable[[str], str],
    key_prefix: str,
    on_click: Callable[[str], None] | None = None,
) -> None:
    """Each format rendered and offered in its own column; one that fails shows why in its column.

    Labels come from `{text_prefix}.export_{fmt}` and `{text_prefix}.export_failed` in the locale
    files; `on_click(fmt)` runs when a file is downloaded (e.g. to record the export).
    """
    for col, fmt in zip(st.columns(len(formats)), formats):
        try:
            data = render(fmt)
        except ExportError as exc:
            col.error(t(f"{text_prefix}.export_failed", error=str(exc)))
            continue
        col.download_button(
            t(f"{text_prefix}.export_{fmt}"),
            data=data,
            file_name=file_name(fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key_prefix}_{fmt}",
            on_click=on_click,
            args=(fmt,) if on_click else None,
            icon=":material/download:",
            width="stretch",
        )
