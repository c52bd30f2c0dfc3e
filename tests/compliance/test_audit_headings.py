"""Headings the data author found missed: plain-text headings without a blank line, lettered and short numbered
headings, short bullets, and table lines of a rendered PDF."""

from __future__ import annotations

from audit_helpers import write

from veiviser.compliance.headings import is_heading_line, separate_headings
from veiviser.compliance.passages import load_routine
from veiviser.compliance.rendering import render_markdown

MB = 10 * 1024 * 1024


def _sections(path) -> list[tuple[str, str]]:
    return [(p.section, p.text) for p in load_routine(path, max_bytes=MB).passages]


def test_plain_text_heading_directly_above_its_text_is_a_section(tmp_path):
    path = write(
        tmp_path / "mote.txt",
        "BORGESTRAND KOMMUNE\nRetningslinje for møter\n\nHvem er med i teamet\nTeamet består av tjenesteyterne.\n"
        "Koordinator vurderer sammensetningen.\n\nFastlegen\nFastlegen inviteres når medisinske spørsmål drøftes.\n",
    )
    assert _sections(path) == [
        ("Hvem er med i teamet", "Teamet består av tjenesteyterne."),
        ("Hvem er med i teamet", "Koordinator vurderer sammensetningen."),
        ("Fastlegen", "Fastlegen inviteres når medisinske spørsmål drøftes."),
    ]


def test_lettered_and_short_numbered_headings(tmp_path):
    path = write(
        tmp_path / "samlet.txt",
        "STENAGER KOMMUNE – OVERSIGT\n\nA. SUNDHEDSAFTALE\nA1. Stenager følger sundhedsaftalen med regionen.\n\n"
        "1 SIP\n1.1 SIP upprättas när den enskilde behöver insatser från båda huvudmännen.\n",
    )
    sections = [s for s, _ in _sections(path)]
    assert list(dict.fromkeys(sections)) == ["A. SUNDHEDSAFTALE", "1 SIP"]


def test_wrapped_prose_is_not_cut_into_headings():
    text = "Koordinator skal sørge for at\nBrukeren får delta i alle møter og at\nplanen blir fulgt opp.\n"
    assert separate_headings(text) == text
    assert not is_heading_line("- Hjemmetjenesten")
    assert not is_heading_line("Planen evalueres hvert år.")
    assert is_heading_line("Vem ringer in till träffen?")


def test_short_bullets_do_not_become_sections(tmp_path):
    path = write(
        tmp_path / "team.md",
        "# Rutine\n\n## Oppfølgingsteam\n\nTeamet kan bestå av:\n\n- Hjemmetjenesten\n- Fysioterapeut\n\n"
        "Koordinator leder teamet og kaller inn til møter.\n",
    )
    assert {s for s, _ in _sections(path)} == {"Oppfølgingsteam"}


def test_table_header_of_a_rendered_pdf_is_no_section(tmp_path):
    source = write(
        tmp_path / "tabell.md",
        "# Tabellvik kommune – prosedyre\n\nProsedyren gjelder alle tjenester i kommunen.\n\n## Kartlegging\n\n"
        "| Hva | Hvem | Frist |\n|---|---|---|\n"
        "| Samtale om hva som er viktig for brukeren | Sykepleier fra koordinerende enhet | Ved oppstart |\n"
        "| Medisinskfaglig vurdering | Fastlegen | To uker etter forespørsel |\n",
    )
    pdf = render_markdown(source, "pdf", tmp_path / "out")
    rows = [(s, t) for s, t in _sections(pdf) if "Fastlegen" in t or "Sykepleier" in t]
    assert rows and {s for s, _ in rows} == {"Kartlegging"}, rows
