"""Tiny generated documents for ingestion tests (all text invented, no real persons)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PAGE_TEXTS = {
    1: [
        "1 Innledning",
        "Koordinatoren skal sørge for nødvendig oppfølging og samordning av tjenestetilbudet. "
        "Kommunen skal ha en koordinerende enhet for habiliterings- og rehabiliteringsvirksomhet.",
    ],
    2: [
        "2 Oppfølgingsteam",
        "Teamet består av de som yter tjenester til brukeren. Det er oppnevnt en koordinator som leder arbeidet.",
    ],
    3: [
        "3 Avslutning",
        "Særlig viktig er det å følge opp pårørende. Ærlig talt må vi øve mer på å skrive individuell plan.",
    ],
}
RUNNING_HEADER = "Veileder for koordinatorer - utkast"


def make_pdf(
    path: Path, pages: dict[int, list[str]] = PAGE_TEXTS, *, title: str | None = "Veileder for koordinatorer"
) -> Path:
    """A text PDF with a running header and a "Side n av N" footer on every page (core font, Latin-1 text)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for number in sorted(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, RUNNING_HEADER, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for index, paragraph in enumerate(pages[number]):
            pdf.set_font("Helvetica", style="B" if index == 0 else "", size=14 if index == 0 else 11)
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_y(-20)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, f"Side {number} av {len(pages)}", align="C")
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path) -> Path:
    """One page, nothing on it: no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(path))
    return path


def make_image_pdf(path: Path, lines: list[str]) -> Path:
    """A 'scanned' page: the text exists only as pixels (needs DejaVuSans to render æøå)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 140 + 100 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(DEJAVU), 48)
    for index, line in enumerate(lines):
        draw.text((80, 80 + 100 * index), line, font=font, fill=0)
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.image(image, x=20, y=20, w=570)
    pdf.output(str(path))
    return path


def make_text_and_picture_pdf(path: Path) -> Path:
    """Page 1 has a text layer; page 2 is only a picture (as in a partly scanned report)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("L", (800, 400), 255)
    ImageDraw.Draw(picture).rectangle((100, 100, 700, 300), fill=80)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Koordinatoren skal sørge for nødvendig oppfølging av brukeren.")
    pdf.add_page()
    pdf.image(picture, x=20, y=20, w=170)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, *, user_password: str = "hemmelig") -> Path:
    from pypdf import PdfReader, PdfWriter

    source = make_pdf(path.with_suffix(".plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="eier-passord", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    source.unlink()
    return path


def make_docx(path: Path) -> Path:
    """Title, two heading levels, bullet list, table and a Norwegian-named heading style."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.core_properties.title = "Rutine for individuell plan"
    document.add_heading("Individuell plan", level=1)
    document.add_paragraph("Alle med behov for langvarige og koordinerte tjenester har rett til individuell plan.")
    document.add_heading("Hvem gjør hva", level=2)
    document.add_paragraph("Kartlegg behovene sammen med brukeren", style="List Bullet")
    document.add_paragraph("Oppnevn koordinator", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate(
        [
            ("Lov", "Paragraf"),
            ("Helse- og omsorgstjenesteloven", "§ 7-2"),
            ("Pasient- og brukerrettighetsloven", "§ 2-5"),
        ]
    ):
        table.cell(row, 0).text = left
        table.cell(row, 1).text = right
    norwegian = document.styles.add_style("Overskrift 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Evaluering", style=norwegian)
    document.add_paragraph("Planen evalueres minst en gang i året.")
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, *, expanded_mb: int = 200) -> Path:
    """A DOCX-shaped zip whose document.xml inflates from under 1 MB to `expanded_mb` MB of zeros (fast level-1 deflate)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(expanded_mb):
                member.write(chunk)
    return path


def docx_bytes_of_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
