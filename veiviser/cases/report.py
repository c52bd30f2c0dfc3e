"""Build a case summary or a referral (an exports.Report) from a case, its pathway and the kb.

The same evaluation the walkthrough shows (veiviser.cases.checklists) decides what is
missing and what comes next, so an exported document never disagrees with the
screen. Every checklist row cites its kb sources and legal basis by number; the
numbers resolve in a closing "sources and legal basis" section. Only what the case
store holds goes in: a pseudonymous reference, answers, role/service labels and
PII-guarded notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from veiviser.cases import Case
from veiviser.cases.checklists import NO, NOT_RELEVANT, YES, Evaluation, FiredRule
from veiviser.cases.walkthrough import care_load_total
from veiviser.core.i18n import Translator
from veiviser.kb.loader import KnowledgeBase
from veiviser.kb.schema import AnswerType, Item, Pathway, RuleEffect
from veiviser.reports.exports import Bullets, Heading, Paragraph, Report, Table

KINDS = ("summary", "referral", "brief")  # brief: the one-page summary (veiviser.cases.brief)


def sharing_limits(evaluation: Evaluation) -> list[FiredRule]:
    """Fired rules that limit what may be passed on: a named receiver it may not go to, or a block."""
    return [f for f in evaluation.fired if f.rule.may_not_share_with or f.rule.effect is RuleEffect.BLOCK]


def needs_sharing_warning(kind: str, evaluation: Evaluation) -> bool:
    """Whether exporting as `kind` should warn first: a referral leaves the unit while sharing is limited."""
    return kind == "referral" and bool(sharing_limits(evaluation))


def kb_field(obj: Any, name: str, lang: str) -> str:
    """A kb field in the report's language: the `_en` variant in an English report, else as written."""
    if lang == "en":
        value = getattr(obj, f"{name}_en", None)
        if value:
            return value
    return getattr(obj, name)


def time_text(moment: datetime) -> str:
    """A stored moment in local time, to the minute, as every export shows it."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class _Citations:
    """Numbers sources and legal references in order of first use."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb = kb
        self.lang = lang
        self._keys: dict[str, int] = {}
        self._lines: list[str] = []

    def _add(self, key: str, line: str) -> int:
        if key not in self._keys:
            self._keys[key] = len(self._lines) + 1
            self._lines.append(line)
        return self._keys[key]

    def legal(self, ref_id: str) -> int:
        ref = self.kb.legal.get(ref_id)
        if ref is None:
            return self._add(f"legal:{ref_id}", ref_id)
        line = f"{ref.label} – {kb_field(ref, 'title', self.lang)}. {ref.source_text}"
        return self._add(f"legal:{ref_id}", line)

    def source(self, ref: Any) -> int:
        src = self.kb.sources.get(ref.source)
        title = src.title if src is not None else ref.source
        line = title + (f", {ref.locator}" if ref.locator else "") + (f" – «{ref.quote}»" if ref.quote else "")
        if src is not None and src.url:
            line += f" ({src.url})"
        return self._add(f"src:{ref.source}:{ref.locator}:{ref.quote}", line)

    def for_item(self, item: Item) -> str:
        numbers = [self.legal(i) for i in item.legal_basis] + [self.source(s) for s in item.sources]
        return ", ".join(f"[{n}]" for n in dict.fromkeys(numbers))

    def lines(self) -> list[str]:
        return [f"[{n}] {line}" for n, line in enumerate(self._lines, 1)]


def answer_text(t: Translator, item: Item, value: Any, lang: str) -> str:
    """An answer as staff read it: Ja/Nei/Ikke aktuelt, the option label, the number or text."""
    if value is None or value == "":
        return t("report.unanswered")
    if item.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_NA) and value in (YES, NO, NOT_RELEVANT):
        return t(f"case.answer.{value}")
    if item.answer_type is AnswerType.CHOICE:
        for option in item.options:
            if option.value == value:
                return kb_field(option, "label", lang)
    if item.answer_type is AnswerType.SCALE:
        return f"{value} ({item.scale_min}–{item.scale_max})"
    return str(value)


def build_report(
    t: Translator,
    kb: KnowledgeBase,
    case: Case,
    pathway: Pathway,
    evaluation: Evaluation,
    *,
    kind: str = "summary",
    lang: str = "nb",
    role_label=None,
    now: datetime | None = None,
    answered_only: bool = False,
) -> Report:
    """A summary (everything), a referral (status, sharing limits, actors, what is asked for) or a brief.

    `answered_only` leaves unanswered items (and phases without answers) out of the
    summary's tables, as a referral always does; the brief lists answered items only.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if kind == "brief":
        from veiviser.cases.brief import build_brief  # brief builds on this module's helpers

        return build_brief(t, kb, case, pathway, evaluation, lang=lang, role_label=role_label, now=now)
    cite = _Citations(kb, lang)
    answers = {item_id: a for item_id, a in case.answers.items()}
    title_key = "report.summary_title" if kind == "summary" else "report.referral_title"
    meta = [
        (t("report.reference"), case.reference),
        (t("report.pathway"), kb_field(pathway, "title", lang)),
        (t("report.status"), t(f"case.status.{case.status}")),
        (t("report.created"), time_text(case.created_at)),
        (t("report.updated"), time_text(case.updated_at)),
        (t("report.progress"), t("case.progress_total", done=evaluation.done, total=evaluation.total)),
        (
            t("report.current_phase"),
            kb_field(evaluation.current.phase, "title", lang) if evaluation.current else t("case.all_done"),
        ),
    ]
    if now is not None:
        meta.append((t("report.exported"), time_text(now)))
    blocks: list[Any] = []

    if kind == "referral":
        blocks += [Heading(t("report.referral_purpose_heading")), Paragraph(t("report.referral_purpose"))]

    # sharing limits first in a referral: the receiver must know what may not be passed on
    sharing = sharing_limits(evaluation)
    if kind == "referral" and sharing:
        blocks.append(Heading(t("report.sharing_heading")))
        blocks.append(Bullets(tuple(_rule_line(t, cite, f.rule, lang) for f in sharing)))

    for progress in evaluation.phases:
        phase = progress.phase
        rows = []
        for item in phase.items:
            stored = answers.get(item.id)
            if (kind == "referral" or answered_only) and stored is None:
                continue
            rows.append(
                (
                    item_text(item, lang),
                    answer_text(t, item, stored.value if stored else None, lang),
                    stored.note if stored else "",
                    cite.for_item(item),
                )
            )
        if not rows:
            continue
        blocks.append(
            Heading(
                t(
                    "report.phase_heading",
                    phase=kb_field(phase, "title", lang),
                    done=progress.done,
                    total=progress.total,
                )
            )
        )
        blocks.append(
            Table(
                (t("report.col_item"), t("report.col_answer"), t("report.col_note"), t("report.col_sources")),
                tuple(rows),
            )
        )

    if evaluation.fired and kind == "summary":
        blocks.append(Heading(t("report.rules_heading")))
        blocks.append(Bullets(tuple(_rule_line(t, cite, f.rule, lang) for f in evaluation.fired)))

    if evaluation.missing:
        blocks.append(Heading(t("report.missing_heading")))
        blocks.append(Bullets(tuple(missing_line(t, m, lang) for m in evaluation.missing)))

    steps = [step_line(t, s, lang) for s in evaluation.next_steps]
    if steps:
        heading = "report.referral_requests_heading" if kind == "referral" else "report.next_heading"
        blocks.append(Heading(t(heading)))
        blocks.append(Bullets(tuple(dict.fromkeys(steps))))

    if case.actors or evaluation.missing_roles:
        blocks.append(Heading(t("report.actors_heading")))
        lines = []
        for actor in case.actors:
            role = role_label(actor.role) if role_label and actor.role else actor.role
            parts = [actor.label] + [p for p in (role, actor.service) if p and p != actor.label]
            lines.append(" – ".join(parts))
        if lines:
            blocks.append(Bullets(tuple(lines)))
        if evaluation.missing_roles:
            names = ", ".join(kb_field(r, "label", lang) for r in evaluation.missing_roles)
            blocks.append(Paragraph(t("report.actors_missing", roles=names), emphasis=True))

    if kind == "summary":
        blocks += _tools_blocks(t, case, pathway, lang)

    blocks.append(Heading(t("report.citations_heading")))
    blocks.append(Bullets(tuple(cite.lines()) or ("—",)))
    blocks.append(Paragraph(t("report.disclaimer"), emphasis=True))
    return Report(title=t(title_key, reference=case.reference), meta=tuple(meta), blocks=tuple(blocks), lang=lang)


def _rule_line(t: Translator, cite: _Citations, rule: Any, lang: str) -> str:
    line = f"{t(f'case.rule.{rule.effect.value}')}: {kb_field(rule, 'message', lang)}"
    if rule.may_not_share_with:
        line += " " + t("case.rule.may_not_share", who=", ".join(rule.may_not_share_with))
    if rule.do_instead:
        line += " " + t("case.rule.do_instead", text=kb_field(rule, "do_instead", lang))
    if rule.legal_basis:
        line += " " + ", ".join(f"[{cite.legal(i)}]" for i in rule.legal_basis)
    return line


def item_text(item: Item, lang: str) -> str:
    """An item's question in the report's language (English when asked for, else as the pathway has it)."""
    return kb_field(item, "text", lang) if lang == "en" else item.text


def missing_line(t: Translator, missing: Any, lang: str) -> str:
    """One entry of "missing before the next step", as the walkthrough and the exports word it."""
    if missing.kind == "rule" and missing.rule is not None:
        return t("case.missing_rule", message=kb_field(missing.rule, "message", lang))
    return t("case.missing_item", item=item_text(missing.item, lang))


def step_line(t: Translator, step: Any, lang: str) -> str:
    """One suggested next step, as the walkthrough and the exports word it."""
    if step.kind == "rule":
        rule = step.rule
        text = kb_field(rule, "do_instead", lang) if rule.do_instead else kb_field(rule, "message", lang)
        return f"{t(f'case.rule.{rule.effect.value}')}: {text}"
    if step.kind == "answer":
        return t("case.next_answer", item=item_text(step.item, lang))
    if step.kind == "follow_up":
        return t("case.next_follow_up", item=item_text(step.item, lang))
    return t("case.next_actor", role=kb_field(step.role, "label", lang))


def _tools_blocks(t: Translator, case: Case, pathway: Pathway, lang: str) -> Sequence[Any]:
    blocks: list[Any] = []
    if case.spor_rounds:
        questions = sorted({q for r in case.spor_rounds for q in r.scores})
        labels = {i.id: (i.source_number or "") + " " + item_text(i, lang) for i in pathway.items()}
        header = (t("case.spor_question"),) + tuple(f"{t('case.spor_round')} {r.round_no}" for r in case.spor_rounds)
        rows = tuple(
            (labels.get(q, q).strip(),) + tuple(str(r.scores.get(q, "")) for r in case.spor_rounds) for q in questions
        )
        blocks += [Heading(t("report.spor_heading")), Table(header, rows)]
    if pathway.calculator is not None and case.care_load:
        calc = pathway.calculator
        rows = tuple(
            (
                kb_field(p, "label", lang),
                str(case.care_load.get(p.id, "")),
            )
            for p in calc.parameters
        )
        score = care_load_total(calc, case.care_load)
        total = "—" if score is None else str(score)
        blocks += [
            Heading(t("report.calc_heading")),
            Table((kb_field(calc, "title", lang), t("case.calc_total")), rows + ((t("case.calc_total"), total),)),
        ]
    if case.learning_log:
        blocks.append(Heading(t("report.log_heading")))
        for entry in case.learning_log:
            parts = [
                (t("case.log_incident"), entry.incident),
                (t("case.log_understanding"), entry.understanding),
                (t("case.log_decision"), entry.decision),
                (t("case.log_evaluation"), entry.evaluation),
                (t("case.log_lesson"), entry.lesson),
            ]
            blocks.append(
                Bullets(tuple(f"{time_text(entry.logged_at)} · {label}: {text}" for label, text in parts if text))
            )
    return blocks
