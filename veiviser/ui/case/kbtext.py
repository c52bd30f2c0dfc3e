"""Kb texts on the case screens in the UI language, or marked with the language they are written in.

The kb has English variants of titles, questions and messages but not of phase intros,
"why" texts or legal requirements, and no Swedish or Danish variants at all. Showing the
Norwegian text unmarked in an English screen reads as a fault; a note "(in Norwegian)"
says it is the kb's own text (veiviser.kb.language decides which text and language).
"""

from __future__ import annotations

from typing import Any

from veiviser.kb.language import KbText, kb_text
from veiviser.kb.schema import Pathway
from veiviser.ui.context import UiContext


def marked(ctx: UiContext, obj: Any, field: str, lang: str) -> str:
    """`obj.field` as Markdown in the UI language, or as written with "(in Norwegian)" after it."""
    return with_note(ctx, kb_text(obj, field, ctx.lang, lang))


def with_note(ctx: UiContext, text: KbText) -> str:
    """The text as Markdown, with the language it is written in after it when that is not the UI's."""
    foreign = text.foreign_to(ctx.lang)
    if foreign is None:
        return text.text
    return f"{text.text} *({ctx.t(f'case.written_in.{foreign}')})*"


def plain(ctx: UiContext, obj: Any, field: str, lang: str) -> str:
    """`obj.field` in the UI language when the kb has it, else as written (for labels that take no Markdown)."""
    return kb_text(obj, field, ctx.lang, lang).text


def pathway_language_note(ctx: UiContext, pathway: Pathway) -> str | None:
    """A note for the top of the case when the kb has this pathway only in another language, else None."""
    foreign = kb_text(pathway, "title", ctx.lang, pathway.lang).foreign_to(ctx.lang)
    if foreign is None:
        return None
    return ctx.t("case.content_only_in", written=ctx.t(f"case.written_in.{foreign}"))
