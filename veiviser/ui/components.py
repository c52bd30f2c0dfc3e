"""Small view helpers shared by the pages: PII refusal messages, highlighted passages, kb source lines."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from veiviser.core.i18n import Translator
from veiviser.core.types import Chunk
from veiviser.pii import PiiError
from veiviser.retrieval.passages import locate

PASSAGE_CSS = (
    "border-left:3px solid #5b7fb0;padding:0.6rem 0.9rem;background:#f6f8fb;border-radius:4px;"
    "white-space:pre-wrap;line-height:1.5;font-size:0.95rem;color:#1f2937"
)
MARK_CSS = "background:#ffe08a;padding:0 2px;border-radius:2px"


def loc(obj: Any, field: str, lang: str) -> str:
    """A kb text in the UI language: the `_en` variant for English when there is one."""
    if lang == "en":
        value = getattr(obj, f"{field}_en", None)
        if value:
            return value
    return getattr(obj, field)


def pii_message(t: Translator, exc: PiiError, field: str | None = None) -> str:
    kinds = ", ".join(t(f"pii.kind.{k}") for k in exc.kinds)
    return t("pii.refused", field=field or t("pii.field_default"), kinds=kinds)


def error_message(t: Translator, exc: Exception, field: str | None = None) -> str:
    """A message for a refused input: PII refusals in the UI language, others as the core wrote them."""
    if isinstance(exc, PiiError):
        return pii_message(t, exc, field)
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, PiiError):
        return pii_message(t, cause, field)
    return str(exc)


def passage_html(text: str, quote: str = "") -> tuple[str, bool]:
    """The passage as safe HTML with the cited span marked; second value: whether the span was found."""
    hl = locate(text, quote)
    if not hl.found:
        return f'<div style="{PASSAGE_CSS}">{html.escape(text)}</div>', False
    body = (
        html.escape(hl.before)
        + f'<mark class="vv-cited" style="{MARK_CSS}">{html.escape(hl.span)}</mark>'
        + html.escape(hl.after)
    )
    return f'<div class="vv-passage" style="{PASSAGE_CSS}">{body}</div>', True


def chunk_meta(t: Translator, chunk: Chunk) -> str:
    parts = []
    if chunk.page is not None:
        parts.append(t("ask.page", page=chunk.page))
    if chunk.section:
        parts.append(t("ask.section", section=chunk.section))
    lang = chunk.lang or chunk.doc_lang
    if lang:
        name = t(f"lang.{lang}") if t.has(f"lang.{lang}") else lang
        parts.append(t("ask.language", lang=name))
    return " · ".join(parts)


def source_lines(kb: Any, refs: Iterable[Any], lang: str) -> list[str]:
    """Readable lines for kb SourceRefs: title, where in it, and the short quote that locates it."""
    lines = []
    for ref in refs:
        source = kb.sources.get(ref.source) if kb is not None else None
        title = source.title if source is not None else ref.source
        line = f"**{title}**"
        if ref.locator:
            line += f" ({ref.locator})"
        if ref.quote:
            line += f" — «{ref.quote}»"
        if source is not None and source.url:
            line += f" · {source.url}"
        lines.append(line)
    return lines


def legal_lines(kb: Any, ids: Iterable[str], lang: str) -> list[str]:
    lines = []
    for ref_id in ids:
        ref = kb.legal.get(ref_id) if kb is not None else None
        if ref is None:
            lines.append(ref_id)
            continue
        line = f"**{ref.label}** – {loc(ref, 'title', lang)}"
        if ref.uncertain:
            line += " ⚠"
        lines.append(line)
    return lines


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
