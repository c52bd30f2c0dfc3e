"""Render a report (a case summary or referral) to Markdown, DOCX and PDF.

The report is a small neutral structure of headings, paragraphs, bullet lists and
tables, so one builder (veiviser.cases.report) feeds all three formats and they
always say the same thing. The PDF embeds DejaVu Sans so æ, ø, å, ä, ö and § print
correctly; it is taken from Debian's fonts-dejavu-core or, failing that, from the
copy matplotlib ships.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from veiviser.core.errors import VeiviserError

log = logging.getLogger(__name__)

FORMATS = ("md", "docx", "pdf")
MIME_TYPES = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
DEBIAN_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
WIDE_CELL = 60  # characters: a compact table's column earns width up to this mean cell length


class ExportError(VeiviserError, RuntimeError):
    """The report could not be rendered; the message says what to install or change."""

    exit_code = 2


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Report:
    title: str
    meta: tuple[tuple[str, str], ...] = ()  # label, value pairs shown under the title
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    lang: str = "nb"
    compact: bool = False  # one-page layout: smaller type and margins, the meta on two lines


# ----------------------------------------------------------------- markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(report: Report) -> str:
    lines = [f"# {report.title}", ""]
    for label, value in report.meta:
        lines.append(f"- **{label}:** {value}")
    if report.meta:
        lines.append("")
    for block in report.blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [f"*{block.text}*" if block.emphasis else block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join("---" for _ in block.header) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ----------------------------------------------------------------- docx


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.language = report.lang
    doc.styles["Normal"].font.size = Pt(9 if report.compact else 10.5)
    if report.compact:
        _compact_docx(doc)
    doc.add_heading(report.title, level=1 if report.compact else 0)
    meta_lines = _meta_lines(report.meta) if report.compact else [[pair] for pair in report.meta]
    for line in meta_lines:
        para = doc.add_paragraph()
        for n, (label, value) in enumerate(line):
            para.add_run(("  ·  " if n else "") + f"{label}: ").bold = True
            para.add_run(value)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level + (1 if report.compact else 0), 3))
        elif isinstance(block, Paragraph):
            para = doc.add_paragraph()
            para.add_run(block.text).italic = block.emphasis
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _meta_lines(meta: tuple[tuple[str, str], ...], per_line: int = 3) -> list[list[tuple[str, str]]]:
    """The label/value pairs three to a line: a one-page report cannot spend a line on each."""
    return [list(meta[i : i + per_line]) for i in range(0, len(meta), per_line)]


def _compact_docx(doc) -> None:
    """Narrow margins and tight paragraphs for a one-page report."""
    from docx.shared import Cm, Pt

    for section in doc.sections:
        section.top_margin = section.bottom_margin = Cm(1.5)
        section.left_margin = section.right_margin = Cm(1.8)
    for name in ("Normal", "List Bullet"):
        fmt = doc.styles[name].paragraph_format
        fmt.space_after = Pt(2)
        fmt.space_before = Pt(0)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.size = Pt({"Heading 1": 14, "Heading 2": 11, "Heading 3": 10}[name])
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(2)


# ----------------------------------------------------------------- pdf


def find_font(bold: bool = False) -> Path:
    """DejaVu Sans (regular or bold) from Debian's package, else matplotlib's bundled copy."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    candidates = [DEBIAN_DEJAVU / name]
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)
    except ImportError:
        pass
    for path in candidates:
        if path.is_file():
            return path
    raise ExportError(
        f"No font with Nordic letters found for PDF export (looked for {name} in "
        f"{', '.join(str(c.parent) for c in candidates)}). Install the Debian package fonts-dejavu-core "
        "or the Python package matplotlib."
    )


def to_pdf(report: Report) -> bytes:
    from fpdf import FPDF, FontFace
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.set_lang(report.lang)
    pdf.set_creator("Veiviser")
    pdf.add_font("DejaVu", "", str(find_font()))
    pdf.add_font("DejaVu", "B", str(find_font(bold=True)))
    scale = 0.82 if report.compact else 1.0  # a one-page report: smaller type, margins and gaps
    pdf.set_auto_page_break(auto=True, margin=12 if report.compact else 15)
    margin = 14 if report.compact else 18
    pdf.set_margins(margin, margin, margin)
    pdf.add_page()
    width = pdf.epw

    def write(text: str, size: float = 10.5, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", style, size * scale)
        pdf.multi_cell(width, size * scale * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap * scale)

    write(report.title, size=17, style="B", gap=3)
    meta_lines = _meta_lines(report.meta) if report.compact else [[pair] for pair in report.meta]
    for line in meta_lines:
        write("  ·  ".join(f"{label}: {value}" for label, value in line), size=10, gap=0.5)
    pdf.ln(3 * scale)
    for block in report.blocks:
        if isinstance(block, Heading):
            pdf.ln(2 * scale)
            write(block.text, size=14 if block.level == 1 else 12, style="B", gap=1.5)
        elif isinstance(block, Paragraph):
            write(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                write(f"•  {item}", gap=0.8)
            pdf.ln(1 * scale)
        elif isinstance(block, Table):
            pdf.set_font("DejaVu", "", 9 * scale)
            with pdf.table(
                col_widths=_column_widths(block) if report.compact else None,
                line_height=4.6 * scale,
                text_align="LEFT",
                headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 243)),
                first_row_as_headings=True,
            ) as table:
                head = table.row()
                for text in block.header:
                    head.cell(text)
                for row in block.rows:
                    cells = table.row()
                    for text in row:
                        cells.cell(text)
            pdf.ln(3 * scale)
    return bytes(pdf.output())


def _column_widths(table: Table) -> tuple[float, ...]:
    """Column widths by the mean length of their filled cells (at least a tenth each), so a short column
    such as the answer does not take as much room as the question: fewer wrapped lines, fewer pages.
    Cells longer than WIDE_CELL characters wrap anyway, so no column earns more than that."""
    means = []
    for i, head in enumerate(table.header):
        filled = [len(row[i]) for row in table.rows if row[i].strip()]
        means.append(min(WIDE_CELL, max(len(head), sum(filled) / len(filled) if filled else 0)))
    total = sum(means) or 1.0
    return tuple(max(10.0, 100 * m / total) for m in means)


def render(report: Report, fmt: str) -> bytes:
    """The report as bytes in `fmt` (md, docx or pdf)."""
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    if fmt == "pdf":
        return to_pdf(report)
    raise ExportError(f"Unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def format_for_path(path: Path, allowed: tuple[str, ...], what: str) -> str:
    """The export format a file name asks for (".markdown" counts as md); ExportError naming the choices."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in allowed:
        raise ExportError(f"Cannot export {what} as {Path(path).name!r}; use one of: .{', .'.join(allowed)}")
    return fmt
