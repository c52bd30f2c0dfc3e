"""Real browser against `streamlit run app.py`: ask → citation chip → source passage; case → export file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _wait_idle(page) -> None:
    """Until Streamlit has finished the current rerun."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def test_ask_then_a_citation_chip_shows_the_source_passage(page, app_server, shots):
    page.goto(app_server["url"])
    expect(page.get_by_role("heading", name="Spør Veiviser")).to_be_visible()
    _wait_idle(page)
    page.screenshot(path=str(shots / "ask-landing.png"))
    page.get_by_test_id("stChatInputTextArea").fill("Hva skal koordinatoren sørge for?")
    page.keyboard.press("Enter")
    chip = page.get_by_role("radio", name=re.compile(r"^\[1\] "))
    expect(chip).to_be_visible()
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text("[1]")
    chip.click()
    mark = page.locator("mark.vv-cited").first
    expect(mark).to_be_visible()
    assert len(mark.inner_text().strip()) > 10
    expect(page.get_by_text("Det siterte er uthevet.")).to_be_visible()
    page.get_by_text("Vis resten av siden / teksten rundt").click()
    _wait_idle(page)
    page.screenshot(path=str(shots / "ask-source-passage.png"))
    print(f"screenshots in {shots}")


def test_case_walkthrough_then_export_downloads_valid_files(page, app_server, shots):
    page.goto(f"{app_server['url']}/case")
    expect(page.get_by_role("heading", name="Saksveileder")).to_be_visible()
    page.get_by_label("Saksreferanse (pseudonym)", exact=True).fill("KE-2026-900")
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.get_by_role("tab", name="Sjekkliste")).to_be_visible()
    _wait_idle(page)
    first_item = page.locator("[class*='st-key-vv_item_']").first
    first_item.get_by_text("Ja", exact=True).click()
    _wait_idle(page)
    expect(page.get_by_text(re.compile(r"^1 av \d+ sjekkpunkter besvart"))).to_be_visible()
    page.screenshot(path=str(shots / "case-checklist.png"))

    page.get_by_role("tab", name="Aktørkart").click()
    _wait_idle(page)
    page.screenshot(path=str(shots / "case-actors.png"))

    page.get_by_role("tab", name="Eksport").click()
    _wait_idle(page)
    page.screenshot(path=str(shots / "case-export.png"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Word (DOCX)").click()
    download = info.value
    assert download.suggested_filename == "KE-2026-900-summary.docx"
    doc = Document(download.path())
    assert doc.paragraphs[0].text == "Sakssammendrag – KE-2026-900"
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "KE-2026-900" in pdf.pages[0].extract_text()

    page.get_by_role("tab", name="Notater og historikk").click()
    _wait_idle(page)
    expect(page.get_by_text("Endringslogg")).to_be_visible()
    page.screenshot(path=str(shots / "case-history.png"))


def test_knowledge_base_and_settings_pages(page, app_server, shots):
    page.goto(f"{app_server['url']}/knowledge")
    expect(page.get_by_role("heading", name="Kunnskapsbase")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    _wait_idle(page)
    page.screenshot(path=str(shots / "knowledge.png"))
    page.goto(f"{app_server['url']}/settings")
    expect(page.get_by_role("heading", name="Innstillinger")).to_be_visible()
    _wait_idle(page)
    page.screenshot(path=str(shots / "settings.png"))
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Case walkthrough")).to_be_visible()
    page.screenshot(path=str(shots / "settings-en.png"))
    page.get_by_text("Norsk (bokmål)", exact=True).click()  # leave the shared server in nb
    expect(page.get_by_role("heading", name="Innstillinger")).to_be_visible()


def test_audit_a_routine_and_build_a_course(page, app_server, shots, tmp_path):
    routine = tmp_path / "rutine.txt"
    routine.write_text(
        "Rutine for oppfølging\n\nTjenesten oppnevner en koordinator som sørger for samordning av "
        "tjenestetilbudet og nødvendig oppfølging.\n",
        encoding="utf-8",
    )
    page.goto(f"{app_server['url']}/audit")
    expect(page.get_by_role("heading", name="Revisjon av rutine")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(routine))
    page.get_by_role("button", name="Kjør revisjon").click()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_text("Last ned rapporten")).to_be_visible()
    _wait_idle(page)
    page.screenshot(path=str(shots / "audit.png"), full_page=True)

    page.goto(f"{app_server['url']}/course")
    expect(page.get_by_role("heading", name="Kursbygger")).to_be_visible()
    page.get_by_label("Tema").fill("koordinatorrollen")
    page.get_by_label("Målgruppe").fill("nye koordinatorer")
    page.get_by_role("button", name="Lag kurs").click()
    expect(page.get_by_text("Spørsmål 8:")).to_be_visible()
    _wait_idle(page)
    page.screenshot(path=str(shots / "course.png"))
    print(f"screenshots in {shots}")
