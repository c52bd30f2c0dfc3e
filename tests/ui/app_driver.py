"""Shared by the AppTest and browser tests: generated documents, building a data folder, starting the app."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = {
    "ask": "veiviser/ui/pages/ask.py",
    "case": "veiviser/ui/pages/case.py",
    "knowledge": "veiviser/ui/pages/knowledge.py",
    "settings": "veiviser/ui/pages/settings.py",
    "audit": "veiviser/ui/pages/audit.py",
    "course": "veiviser/ui/pages/course.py",
    "log": "veiviser/ui/pages/log.py",
}

# Our own wording of facts from the domain brief; never text from the shared corpus.
DOCS = {
    "koordinator-rutine.txt": (
        "Rutine for koordinator i kommunen\n\n"
        "Koordinatoren skal sørge for nødvendig oppfølging, samordning av tjenestetilbudet og framdrift i "
        "arbeidet med individuell plan. Koordinatoren er kontaktpunktet for personen og de pårørende.\n\n"
        "Koordinerende enhet oppnevner, lærer opp og veileder koordinatorene. Enheten tar imot meldinger om "
        "behov for individuell plan og koordinator.\n\n"
        "Personen skal tilbys koordinator selv om han eller hun takker nei til individuell plan.\n"
    ),
    "sip-rutin.md": (
        "# Rutin för samordnad individuell plan\n\n"
        "En samordnad individuell plan (SIP) upprättas när den enskilde behöver insatser från både "
        "socialtjänsten och hälso- och sjukvården. Planen ska ange vilka insatser som behövs och vem som har "
        "det övergripande ansvaret.\n\n"
        "Planen upprättas aldrig mot den enskildes vilja; samtycke behövs.\n"
    ),
    "genoptraening.txt": (
        "Genoptræningsplan efter udskrivelse\n\n"
        "Regionen tilbyder en skriftlig, individuel genoptræningsplan, som udarbejdes sammen med patienten og "
        "de pårørende. Kommunen skal tilbyde genoptræningen gratis, og kan den ikke begynde inden for syv dage, "
        "må patienten vælge en privat leverandør.\n"
    ),
}


def app_env(home: Path, docs: Path) -> dict[str, str]:
    """What app.py reads (through Settings.from_env) to find this test's data."""
    return {
        "VEIVISER_HOME": str(home),
        "VEIVISER_EMBEDDER": "fake",
        "VEIVISER_SOURCES": str(docs),
        "VEIVISER_OCR": "0",
    }


def build_home(home: Path, docs: Path) -> None:
    from veiviser.app.library import reindex
    from veiviser.backends.embedders import make_embedder
    from veiviser.core.config import Settings

    docs.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings(home=home, embedder="fake", sources_dir=docs, ocr=False)
    report = reindex(settings, make_embedder(settings))
    assert report.ok, report.failed


def start(page: str = "ask") -> AppTest:
    """The app as `streamlit run app.py` would show it, on `page`."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    if page != "ask":
        at.switch_page(PAGES[page]).run()
        assert not at.exception, at.exception
    return at
