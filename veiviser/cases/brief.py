"""A one-page case summary: where the case stands, what was answered, what stops it and what comes next.

The full summary (veiviser.cases.report) lists every item of every phase with numbered
sources and runs to nine pages for a case with four answers; nobody brings that to a
meeting. The brief keeps what a meeting needs on one page: progress per phase, the
answered items with their notes and legal basis (the short labels, "hol § 7-2", which
are citations in themselves), what stops the case, the next few steps and the actors.
Long lists are cut with "and N more"; the full summary has everything. It is built
from the same evaluation as the screen, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from veiviser.cases.checklists import Evaluation
from veiviser.cases.models import Case
from veiviser.cases.report import answer_text, item_text, kb_field, missing_line, step_line, time_text
from veiviser.core.i18n import Translator
from veiviser.kb.loader import KnowledgeBase
from veiviser.kb.schema import Pathway
from veiviser.reports.exports import Bullets, Heading, Paragraph, Report, Table

#: How many lines each list keeps before "and N more" (chosen so four answers fit one A4 page with room).
MAX_STOPS = 4
MAX_STEPS = 3
NOTE_CHARS = 160


def _cut(t: Translator, lines: Sequence[str], limit: int) -> tuple[str, ...]:
    kept = list(dict.fromkeys(lines))
    if len(kept) <= limit:
        return tuple(kept)
    return (*kept[:limit], t("report.brief_more", n=len(kept) - limit))


def _short(text: str, limit: int = NOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_brief(
    t: Translator,
    kb: KnowledgeBase,
    case: Case,
    pathway: Pathway,
    evaluation: Evaluation,
    *,
    lang: str = "nb",
    role_label: Callable[[str], str] | None = None,
    now: datetime | None = None,
) -> Report:
    """The one-page summary of `case` (see the module docstring for what it keeps and leaves out)."""
    current = evaluation.current
    meta = [
        (t("report.reference"), case.reference),
        (t("report.pathway"), kb_field(pathway, "title", lang)),
        (t("report.status"), t(f"case.status.{case.status}")),
        (t("report.progress"), t("case.progress_total", done=evaluation.done, total=evaluation.total)),
        (t("report.current_phase"), kb_field(current.phase, "title", lang) if current else t("case.all_done")),
        (t("report.updated"), time_text(case.updated_at)),
    ]
    if now is not None:
        meta.append((t("report.exported"), time_text(now)))

    blocks: list[Any] = [
        Heading(t("report.brief_phases_heading")),
        Table(
            (t("report.col_phase"), t("report.col_done")),
            tuple(
                (f"{n}. {kb_field(p.phase, 'title', lang)}", f"{p.done}/{p.total}")
                for n, p in enumerate(evaluation.phases, 1)
            ),
        ),
    ]

    rows = []
    for progress in evaluation.phases:
        for item in progress.answered:
            stored = case.answers[item.id]
            basis = ", ".join(kb.legal[i].label for i in item.legal_basis if i in kb.legal)
            rows.append((item_text(item, lang), answer_text(t, item, stored.value, lang), _short(stored.note), basis))
    blocks.append(Heading(t("report.brief_answered_heading", n=len(rows))))
    if rows:
        header = (t("report.col_item"), t("report.col_answer"), t("report.col_note"), t("report.col_basis"))
        blocks.append(Table(header, tuple(rows)))
    else:
        blocks.append(Paragraph(t("report.brief_none_answered")))

    stops = [missing_line(t, m, lang) for m in evaluation.missing]
    if stops:
        blocks += [Heading(t("report.missing_heading")), Bullets(_cut(t, stops, MAX_STOPS))]
    steps = [step_line(t, s, lang) for s in evaluation.next_steps]
    if steps:
        blocks += [Heading(t("report.next_heading")), Bullets(_cut(t, steps, MAX_STEPS))]

    actors = []
    for actor in case.actors:
        role = role_label(actor.role) if role_label and actor.role else actor.role
        actors.append(" – ".join([actor.label] + [p for p in (role, actor.service) if p and p != actor.label]))
    if actors or evaluation.missing_roles:
        blocks.append(Heading(t("report.actors_heading")))
        if actors:
            blocks.append(Paragraph("; ".join(actors)))
        if evaluation.missing_roles:
            names = ", ".join(kb_field(r, "label", lang) for r in evaluation.missing_roles)
            blocks.append(Paragraph(t("report.actors_missing", roles=names), emphasis=True))

    blocks.append(Paragraph(t("report.brief_full_hint") + " " + t("report.disclaimer"), emphasis=True))
    return Report(
        title=t("report.brief_title", reference=case.reference),
        meta=tuple(meta),
        blocks=tuple(blocks),
        lang=lang,
        compact=True,
    )
