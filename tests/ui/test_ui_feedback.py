"""Tilbakemeldinger through AppTest: a unit leader reads the feedback, filters it by rating and date, downloads CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date

from app_driver import start

from veiviser.app.feedback import DOWN, UP, FeedbackStore
from veiviser.cases.access import LEADER, STAFF
from veiviser.core.types import Answer, Citation
from veiviser.ui.shell import visible_pages

PAGE = "veiviser/ui/pages/feedback.py"


def _seed(home) -> None:
    """Three votes on three days; the store stamps the time itself, so the test moves them (midday UTC:
    the same local date in every time zone the tests run in)."""
    citation = Citation(1, "koordinator-rutine.txt", None, "", "sørge for nødvendig oppfølging", "c1")
    store = FeedbackStore(home / "feedback.sqlite")
    for turn, question, rating, comment in (
        ("t1", "Hva gjør koordinatoren?", UP, ""),
        ("t2", "Hvem betaler for hjelpemidler?", DOWN, "Kunnskapsbasen mangler dette."),
        ("t3", "Hva er SIP?", DOWN, "Feil språk i svaret."),
    ):
        answer = Answer(question, f"Svar på «{question}» [1].", False, (citation,), "nb")
        store.record(turn, answer, rating, comment=comment, persona="coordinator")
    con = sqlite3.connect(home / "feedback.sqlite")
    for turn, day in (("t1", "2026-02-27"), ("t2", "2026-03-01"), ("t3", "2026-03-05")):
        con.execute("UPDATE feedback SET created_at = ? WHERE turn_id = ?", (f"{day}T12:00:00Z", turn))
    con.commit()
    con.close()


def _rows(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_a_leader_reads_feedback_filters_it_and_downloads_the_rows_shown(app_home, media_files):
    _seed(app_home)
    at = start()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Tilbakemeldinger på svar"
    rows = _rows(at)
    assert [r["Spørsmål"] for r in rows] == ["Hva er SIP?", "Hvem betaler for hjelpemidler?", "Hva gjør koordinatoren?"]
    first = rows[1]
    assert (first["Vurdering"], first["Kommentar"]) == ("Ikke nyttig", "Kunnskapsbasen mangler dette.")
    assert first["Kilder"] == "[1] koordinator-rutine.txt: «sørge for nødvendig oppfølging»"
    assert first["Svar"] == "Svar på «Hvem betaler for hjelpemidler?» [1]."

    at.segmented_control(key="vv_fbr_rating").set_value("down").run()
    assert [r["Spørsmål"] for r in _rows(at)] == ["Hva er SIP?", "Hvem betaler for hjelpemidler?"]
    assert at.caption[1].value == "2 tilbakemeldinger: 0 nyttige, 2 ikke nyttige"
    at.date_input(key="vv_fbr_from").set_value(date(2026, 3, 1)).run()
    at.date_input(key="vv_fbr_to").set_value(date(2026, 3, 1)).run()  # one whole day, both ends included
    assert [r["Spørsmål"] for r in _rows(at)] == ["Hvem betaler for hjelpemidler?"]

    [button] = at.get("download_button")
    table = list(csv.reader(io.StringIO(media_files[button.proto.url].decode("utf-8-sig"))))
    assert table[0][:4] == ["Tidspunkt", "Vurdering", "Kommentar", "Spørsmål"]
    assert [row[3] for row in table[1:]] == ["Hvem betaler for hjelpemidler?"]  # the filtered rows, nothing else
    assert table[1][1:3] == ["-1", "Kunnskapsbasen mangler dette."]

    at.segmented_control(key="vv_fbr_rating").set_value("up").run()
    assert at.info[0].value == "Ingen tilbakemeldinger med disse valgene."
    at.date_input(key="vv_fbr_from").set_value(date(2026, 3, 2)).run()
    assert at.warning[0].value.startswith("«Fra dato» er etter")


def test_a_vote_given_on_the_ask_page_shows_up_for_the_leader(app_home):
    at = start()
    at.chat_input[0].set_value("Hva skal koordinatoren sørge for?").run()
    at.feedback[0].set_value(0).run()  # thumbs down
    at.switch_page(PAGE).run()
    [row] = _rows(at)
    assert (row["Spørsmål"], row["Vurdering"]) == ("Hva skal koordinatoren sørge for?", "Ikke nyttig")
    assert row["Kilder"].startswith("[1] ")


def test_the_page_is_in_english_for_an_english_ui(app_home, monkeypatch):
    monkeypatch.setenv("VEIVISER_UI_LANG", "en")
    _seed(app_home)
    at = start()
    at.switch_page(PAGE).run()
    assert at.title[0].value == "Feedback on answers"
    assert list(_rows(at)[0])[:3] == ["Time", "Rating", "Question"]


def test_only_leaders_get_the_feedback_page():
    assert "feedback" in [url for _, url, _, _ in visible_pages(LEADER)]
    assert "feedback" not in [url for _, url, _, _ in visible_pages(STAFF)]
