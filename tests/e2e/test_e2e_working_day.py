"""A new coordinator's working day in a real browser (issue #17): ask, open the cited PDF page with the
quote highlighted, reload and find the conversation, ask a follow-up, work a case across two phases
with notes on their items, export it, and a unit leader reads the feedback. The same pages in English
show no Norwegian UI strings."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from docx import Document
from fpdf import FPDF
from PIL import Image
from playwright.sync_api import expect

from veiviser.app.pdf_pages import HIGHLIGHT_FILL

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FACT = "Koordinerende enhet i Fjordby behandler meldinger om behov for koordinator innen ti virkedager."
QUESTION = "Innen hvor mange virkedager behandler koordinerende enhet i Fjordby meldinger om behov for koordinator?"


def _routine_pdf(path: Path) -> None:
    """Three pages of an invented municipal routine; the fact the walk asks about stands on page 2."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pages = [
        "Rutine for koordinering i Fjordby kommune. Rutinen gjelder alle tjenester som yter hjelp til "
        "personer med behov for langvarige og koordinerte tjenester.",
        f"Melding om behov. {FACT} Meldingen sendes elektronisk eller på skjema.",
        "Evaluering. Rutinen evalueres hvert annet år av kommunalsjefen.",
    ]
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def _wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def _settle(page) -> None:
    """Wait until the rerun a click or a key started has finished (it may not have started when
    the first idle check looks; typing into a widget the rerun then redraws would be lost)."""
    _wait_idle(page)
    page.wait_for_timeout(1500)
    _wait_idle(page)


def _pick_phase(page, index: int) -> None:
    """Choose a phase in the checklist's select box and wait for the page to show it."""
    page.get_by_test_id("stSelectbox").filter(has_text="Fase").click()
    page.get_by_role("option").nth(index).click()
    _settle(page)


def _highlighted_share(png: bytes) -> float:
    """Share of pixels the viewer's yellow highlight colours (blended over white paper)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    alpha = HIGHLIGHT_FILL[3] / 255
    target = np.array([round(alpha * c + (1 - alpha) * 255) for c in HIGHLIGHT_FILL[:3]])
    near = np.all(np.abs(pixels - target) <= 24, axis=-1)
    return float(near.mean())


@pytest.fixture(scope="module")
def day_server(start_app, tmp_path_factory):
    base = tmp_path_factory.mktemp("veiviser-day")
    (base / "docs").mkdir()
    _routine_pdf(base / "docs" / "fjordby-rutine.pdf")
    with start_app(base) as server:
        yield server


@pytest.fixture
def day_page(open_page, day_server):
    with open_page(90_000, 1200, accept_downloads=True) as page:
        yield page


def test_a_coordinators_day_from_question_to_source_to_case_to_feedback(day_page, day_server, shots):
    page, url = day_page, day_server["url"]
    # ask in nb; the answer cites the PDF
    page.goto(url)
    expect(page.get_by_role("heading", name="Spør Veiviser")).to_be_visible()
    _wait_idle(page)
    page.get_by_test_id("stChatInputTextArea").fill(QUESTION)
    page.keyboard.press("Enter")
    chip = page.get_by_role("radio", name=re.compile(r"^\[1\] .*fjordby", re.IGNORECASE))
    expect(chip).to_be_visible()
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("ti virkedager")
    page.get_by_test_id("stChatMessage").nth(1).locator("[data-testid='stFeedback'] button").first.click()
    _wait_idle(page)

    # open the original at the cited page: the quote is highlighted on the rendered page
    chip.click()
    _wait_idle(page)
    page.get_by_text("Åpne originalen").click()
    _wait_idle(page)
    expect(page.get_by_text(re.compile(r"side 2 av 3"))).to_be_visible()
    picture = page.get_by_test_id("stImage").locator("img").first
    expect(picture).to_be_visible()
    png = picture.screenshot(path=str(shots / "day-source-viewer.png"))
    assert _highlighted_share(png) > 0.002, "no highlight on the rendered page"

    # reload: the conversation is still there, and listed in the sidebar
    page.reload()
    _wait_idle(page)
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("ti virkedager")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Innen hvor mange virkedager")
    page.screenshot(path=str(shots / "day-conversation-after-reload.png"))

    # a follow-up in the same conversation, kept with it
    page.get_by_test_id("stChatInputTextArea").fill("Og hvordan sendes meldingen?")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stChatMessage").nth(3)).to_be_visible()
    _wait_idle(page)
    page.reload()
    _wait_idle(page)
    expect(page.get_by_test_id("stChatMessage")).to_have_count(4)

    # a case across two phases: each note stays on the item it was typed under, also in the export
    page.goto(f"{url}/case")
    expect(page.get_by_role("heading", name="Saksveileder")).to_be_visible()
    page.get_by_label("Saksreferanse (pseudonym)", exact=True).fill("KE-2026-901")
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.get_by_role("tab", name="Sjekkliste")).to_be_visible()
    _wait_idle(page)
    questions = {}
    for phase, note in ((0, "Notat i første fase"), (1, "Notat i andre fase")):
        if phase:
            _pick_phase(page, phase)
        yes_no = page.locator("[class*='st-key-vv_item_']").filter(has=page.get_by_role("radio", name="Ja"))
        item = yes_no.first
        questions[note] = item.locator("strong").first.inner_text().strip()
        item.get_by_text("Ja", exact=True).first.click()
        _settle(page)
        field = yes_no.first.get_by_label("Notat")
        field.fill(note)
        field.press("Enter")
        _settle(page)
        expect(field).to_have_value(note)
    _pick_phase(page, 0)
    first_yes_no = page.locator("[class*='st-key-vv_item_']").filter(has=page.get_by_role("radio", name="Ja")).first
    expect(first_yes_no.get_by_label("Notat")).to_have_value("Notat i første fase")
    page.screenshot(path=str(shots / "day-case-phase-1.png"))
    page.get_by_role("tab", name="Eksport").click()
    _wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Word (DOCX)").click()
    text = (
        "\n".join(p.text for p in Document(info.value.path()).paragraphs)
        + "\n"
        + "\n".join(
            cell.text for table in Document(info.value.path()).tables for row in table.rows for cell in row.cells
        )
    )
    for note, question in questions.items():
        assert note in text, f"{note!r} missing from the export"
        assert text.index(question[:30].split(". ", 1)[-1]) < text.index(note), f"{note!r} is not under its item"

    # the unit leader (the local user runs the installation) reads the feedback
    page.goto(f"{url}/feedback")
    expect(page.get_by_role("heading", name="Tilbakemeldinger på svar")).to_be_visible()
    _wait_idle(page)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(page.locator("[role='gridcell']", has_text=QUESTION[:40]).first).to_be_attached()
    page.screenshot(path=str(shots / "day-feedback.png"))
    print(f"screenshots in {shots}")


def _norwegian_ui_strings() -> set[str]:
    """UI strings of the bokmål locale that the English locale words differently (long enough to be telling)."""
    nb = yaml.safe_load((ROOT / "locales" / "nb.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((ROOT / "locales" / "en.yaml").read_text(encoding="utf-8"))

    def leaves(tree, prefix=""):
        for key, value in (tree or {}).items():
            if isinstance(value, dict):
                yield from leaves(value, f"{prefix}{key}.")
            elif isinstance(value, str):
                yield f"{prefix}{key}", value

    english = dict(leaves(en))
    out = set()
    for key, text in leaves(nb):
        plain = text.split("{")[0].strip()
        if len(plain) >= 14 and english.get(key, "").split("{")[0].strip() != plain:
            out.add(plain)
    return out


def test_the_same_pages_in_english_show_no_norwegian_ui_strings(day_page, day_server, shots):
    page, url = day_page, day_server["url"]
    page.goto(f"{url}/settings")
    _wait_idle(page)
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    norwegian = _norwegian_ui_strings()

    def scan(name: str) -> None:
        _wait_idle(page)
        text = page.locator("[data-testid='stApp']").inner_text()
        found = sorted(s for s in norwegian if s in text)
        page.screenshot(path=str(shots / f"day-en-{name}.png"))
        assert not found, f"{name} shows Norwegian UI strings: {found[:5]}"

    try:
        # the walk in English: ask, open the original, reload, a case with a note, export, feedback
        page.goto(url)
        _wait_idle(page)
        page.get_by_test_id("stChatInputTextArea").fill(QUESTION)
        page.keyboard.press("Enter")
        chip = page.get_by_role("radio", name=re.compile(r"^\[1\] .*fjordby", re.IGNORECASE))
        expect(chip).to_be_visible()
        chip.click()
        _wait_idle(page)
        page.get_by_text("Open the original").click()
        expect(page.get_by_test_id("stImage").locator("img").first).to_be_visible()
        scan("ask-source")
        page.reload()
        scan("ask-reloaded")
        page.goto(f"{url}/case")
        _wait_idle(page)
        page.get_by_label("Case reference (pseudonym)", exact=True).fill("KE-2026-902")
        page.get_by_role("button", name="Create case").click()
        expect(page.get_by_role("tab", name="Checklist")).to_be_visible()
        scan("case")
        for path in ("knowledge", "feedback", "settings"):
            page.goto(f"{url}/{path}")
            scan(path)
    finally:
        page.goto(f"{url}/settings")
        _wait_idle(page)
        page.get_by_text("Norsk (bokmål)", exact=True).click()
