"""An audit report as Markdown, DOCX, PDF (through veiviser.reports.exports) or CSV.

The documents open with an overview table (one row per requirement, its status and
basis) and then give each requirement its section: what is lacking, the quotes from the
routine with page and section, and the legal and guideline basis. The CSV has one row
per requirement for spreadsheets (UTF-8 with BOM, so Excel shows æøå).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from veiviser.compliance.report import AuditReport, EvidenceQuote, RequirementResult
from veiviser.reports.exports import Bullets, ExportError, Heading, Paragraph, Report, Table, format_for_path, render

AUDIT_FORMATS = ("md", "docx", "pdf", "csv")
CSV_HEADER = (
    "id",
    "krav",
    "status",
    "status_tekst",
    "funnet_i_rutinen",
    "sider",
    "avsnitt",
    "mangler",
    "grunnlag",
    "hovedavsnitt",
)
QUOTE_SEPARATOR = " || "


def format_for(path: Path) -> str:
    """The export format named by a file's suffix; ExportError for anything else."""
    return format_for_path(path, AUDIT_FORMATS, "an audit")


def summary_text(report: AuditReport) -> str:
    s = report.summary()
    total = len(report.results)
    return f"{s['covered']} dekket, {s['partial']} delvis dekket, {s['missing']} mangler (av {total} krav)"


def _quote_line(q: EvidenceQuote) -> str:
    text = " ".join(q.quote.split())
    return f"«{text}»" + (f" ({q.where})" if q.where else "")


def _requirement_blocks(r: RequirementResult) -> list:
    blocks: list = [Heading(f"{r.id} {r.title} – {r.status_label}", level=2), Paragraph(r.description, emphasis=True)]
    if r.missing:
        blocks.append(Paragraph(f"Hva mangler: {r.missing}"))
    if r.evidence:
        found_in = f" (best i avsnittet «{r.section}»)" if r.section else ""
        blocks.append(Paragraph(f"Funnet i rutinen{found_in}:"))
        blocks.append(Bullets(tuple(_quote_line(q) for q in r.evidence)))
    if r.undecided:
        blocks.append(Paragraph("Nevnt, men oppgitt som ikke avklart:"))
        blocks.append(Bullets(tuple(_quote_line(q) for q in r.undecided)))
    if r.basis:
        blocks.append(Paragraph("Grunnlag:"))
        blocks.append(
            Bullets(tuple(f"{b.short}: {b.text}" + (f" ({b.citation})" if b.citation else "") for b in r.basis))
        )
    if r.guidance:
        blocks.append(Paragraph("Veileder og kilder:"))
        blocks.append(Bullets(tuple(g.text for g in r.guidance)))
    elif r.sources:
        blocks.append(Paragraph("Kilder: " + "; ".join(r.sources)))
    return blocks


def audit_document(report: AuditReport) -> Report:
    """The neutral report structure shared by the Markdown, DOCX and PDF exports."""
    overview = Table(
        ("Krav", "Tittel", "Status", "Grunnlag"),
        tuple((r.id, r.title, r.status_label, r.basis_text) for r in report.results),
    )
    blocks: list = [Heading("Oversikt"), overview]
    if report.warnings:
        blocks.append(Paragraph(" ".join(report.warnings), emphasis=True))
    blocks.append(Heading("Krav for krav"))
    for r in report.results:
        blocks.extend(_requirement_blocks(r))
    blocks.append(
        Paragraph(
            "Revisjonen er maskinell støtte, ikke en juridisk vurdering. Sitatene er ordrett fra rutinen; "
            "kontroller alltid mot gjeldende lovtekst og veileder.",
            emphasis=True,
        )
    )
    return Report(
        title=f"Revisjon av rutine: {report.file}",
        meta=(
            ("Rutine", report.file),
            ("Kravsett", report.requirement_set_title + (f" ({report.set_note})" if report.set_note else "")),
            ("Resultat", summary_text(report)),
        ),
        blocks=tuple(blocks),
        lang="nb",
    )


def to_csv(report: AuditReport) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_HEADER)
    for r in report.results:
        writer.writerow(
            (
                r.id,
                r.title,
                r.status,
                r.status_label,
                QUOTE_SEPARATOR.join(" ".join(q.quote.split()) for q in r.evidence),
                QUOTE_SEPARATOR.join("" if q.page is None else str(q.page) for q in r.evidence),
                QUOTE_SEPARATOR.join(q.section for q in r.evidence),
                r.missing,
                "; ".join(f"{b.label} ({b.citation})" if b.citation else b.label for b in r.basis),
                r.section,
            )
        )
    return buf.getvalue().encode("utf-8-sig")


def render_audit(report: AuditReport, fmt: str) -> bytes:
    """The report as bytes in `fmt`: md, docx, pdf or csv."""
    if fmt == "csv":
        return to_csv(report)
    if fmt not in AUDIT_FORMATS:
        raise ExportError(f"Unknown audit export format {fmt!r}; choose one of: {', '.join(AUDIT_FORMATS)}")
    return render(audit_document(report), fmt)
