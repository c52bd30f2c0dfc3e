"""A course module as Markdown and DOCX (through veiviser.reports.exports) or as PPTX slides (python-pptx).

All three say the same: goals, key points with their sources, the case and its questions,
the quiz (answers and sources in the facilitator's part: after each question in the
documents, in the speaker notes and on a closing answer slide in the deck), the timed
guide and the source list.
"""

from __future__ import annotations

import io
from pathlib import Path

from veiviser.course.model import Course, CourseCitation, KeyPoint
from veiviser.course.texts import headings
from veiviser.reports.exports import Bullets, ExportError, Heading, Paragraph, Report, Table, format_for_path, render

COURSE_FORMATS = ("md", "docx", "pptx")
POINTS_PER_SLIDE = 3
LETTERS = "ABCDEFGH"


def format_for(path: Path) -> str:
    """The export format named by a file's suffix; ExportError for anything else."""
    return format_for_path(path, COURSE_FORMATS, "a course")


def citation_text(c: CourseCitation, show_quote: bool = True) -> str:
    quote = " ".join(c.quote.split())
    return c.label + (f": «{quote}»" if show_quote else "")


def point_sources(kp: KeyPoint, lang: str) -> str:
    h = headings(lang)
    parts = [citation_text(c, show_quote=" ".join(c.quote.split()) != kp.text) for c in kp.citations]
    return f"{h['source']}: " + "; ".join(parts)


def option_lines(options) -> tuple[str, ...]:
    return tuple(f"{LETTERS[i]}) {option}" for i, option in enumerate(options))


def _case_line(q, h: dict[str, str]) -> str:
    who = f" ({', '.join(q.responsible)})" if q.responsible else ""
    return f"{q.question} – {h['notes']}: {q.note}{who}"


def course_document(course: Course) -> Report:
    h = headings(course.lang)
    blocks: list = [Heading(h["goals"]), Bullets(course.goals), Heading(h["points"])]
    blocks.append(Bullets(tuple(f"{kp.text} ({point_sources(kp, course.lang)})" for kp in course.key_points)))
    if course.case is not None:
        case = course.case
        blocks += [Heading(case.title), Paragraph(case.scenario), Heading(h["questions"], level=2)]
        blocks.append(Bullets(tuple(_case_line(q, h) for q in case.questions)))
    blocks.append(Heading(h["quiz"]))
    for n, q in enumerate(course.quiz, 1):
        blocks.append(Paragraph(f"{n}. {q.question}"))
        blocks.append(Bullets(option_lines(q.options)))
        letter = LETTERS[q.options.index(q.answer)]
        sources = "; ".join(citation_text(c, show_quote=False) for c in q.citations)
        blocks.append(Paragraph(f"{h['answer']}: {letter}) {q.answer} ({h['source']}: {sources})", emphasis=True))
    blocks.append(Heading(h["guide"]))
    guide_rows = tuple((g.clock, g.activity, g.notes) for g in course.guide)
    blocks.append(Table((h["time"], h["activity"], h["notes"]), guide_rows))
    blocks.append(Heading(h["sources"]))
    blocks.append(
        Bullets(
            tuple(
                f"{s.title} ({s.source})"
                + (f", s. {', '.join(map(str, s.pages))}" if s.pages else "")
                + (f" – {'; '.join(s.based_on)}" if s.based_on else "")
                for s in course.sources
            )
        )
    )
    if course.notices:
        blocks.append(Paragraph(" ".join(course.notices), emphasis=True))
    return Report(
        title=course.title,
        meta=((h["topic"], course.topic), (h["audience"], course.audience), (h["minutes"], f"{course.minutes} min")),
        blocks=tuple(blocks),
        lang=course.lang,
    )


def to_pptx(course: Course) -> bytes:
    from pptx import Presentation
    from pptx.util import Pt

    h = headings(course.lang)
    prs = Presentation()
    title_layout, content_layout = prs.slide_layouts[0], prs.slide_layouts[1]

    def slide(title: str, lines: list[tuple[str, int]], notes: str = "") -> None:
        s = prs.slides.add_slide(content_layout)
        s.shapes.title.text = title
        frame = s.placeholders[1].text_frame
        frame.word_wrap = True
        for i, (text, level) in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = text
            para.level = level
            for run in para.runs:
                run.font.size = Pt(16 if level == 0 else 12)
        if notes:
            s.notes_slide.notes_text_frame.text = notes

    first = prs.slides.add_slide(title_layout)
    first.shapes.title.text = course.title
    first.placeholders[1].text = f"{h['audience']}: {course.audience} · {h['minutes']}: {course.minutes} min"
    first.notes_slide.notes_text_frame.text = "\n".join(f"{g.clock} {g.activity}: {g.notes}" for g in course.guide)

    slide(h["goals"], [(g, 0) for g in course.goals])
    points = list(course.key_points)
    pages = max(1, -(-len(points) // POINTS_PER_SLIDE))
    for page in range(pages):
        chunk = points[page * POINTS_PER_SLIDE : (page + 1) * POINTS_PER_SLIDE]
        lines: list[tuple[str, int]] = []
        for kp in chunk:
            lines += [(kp.text, 0), (point_sources(kp, course.lang), 1)]
        title = h["points"] + (f" ({page + 1}/{pages})" if pages > 1 else "")
        slide(title, lines, notes="\n".join(citation_text(c) for kp in chunk for c in kp.citations))
    if course.case is not None:
        case = course.case
        slide(case.title, [(case.scenario, 0)])
        slide(
            h["questions"],
            [(q.question, 0) for q in case.questions],
            notes="\n".join(f"{q.question} – {q.note}" for q in case.questions),
        )
    for n, q in enumerate(course.quiz, 1):
        letter = LETTERS[q.options.index(q.answer)]
        sources = "; ".join(citation_text(c) for c in q.citations)
        slide(
            f"{h['quiz']} {n}/{len(course.quiz)}",
            [(q.question, 0), *((o, 1) for o in option_lines(q.options))],
            notes=f"{h['answer']}: {letter}) {q.answer}\n{h['source']}: {sources}",
        )
    slide(
        f"{h['quiz']} – {h['answer'].lower()}",
        [(f"{n}. {LETTERS[q.options.index(q.answer)]}) {q.answer}", 0) for n, q in enumerate(course.quiz, 1)],
    )
    slide(
        h["guide"],
        [(f"{g.clock} {g.activity}", 0) for g in course.guide],
        notes="\n".join(f"{g.clock} {g.activity}: {g.notes}" for g in course.guide),
    )
    slide(h["sources"], [(f"{s.title} ({s.source})", 0) for s in course.sources])
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def render_course(course: Course, fmt: str) -> bytes:
    """The course as bytes in `fmt`: md, docx or pptx."""
    if fmt == "pptx":
        return to_pptx(course)
    if fmt not in COURSE_FORMATS:
        raise ExportError(f"Unknown course export format {fmt!r}; choose one of: {', '.join(COURSE_FORMATS)}")
    return render(course_document(course), fmt)
