"""The unit leader's view of feedback: filters by rating and date, newest first, and the CSV export."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime

from veiviser.app.feedback import CSV_COLUMNS, DOWN, UP, FeedbackStore, can_review, citation_text, to_csv
from veiviser.cases.access import LEADER, STAFF
from veiviser.core.types import Answer, Citation


def _answer(question: str) -> Answer:
    citation = Citation(1, "koordinator.txt", 2, "Oppgaver", "sørger for\n nødvendig oppfølging", "abc123")
    return Answer(question, f"Svar på {question} [1].", False, (citation,), "nb")


def _store(tmp_path) -> FeedbackStore:
    """Three votes given on three days (the store stamps the time itself, so the test moves them)."""
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    store.record("t1", _answer("Hva gjør koordinatoren?"), UP, persona="coordinator")
    store.record("t2", _answer("Hvem betaler?"), DOWN, comment="Manglet regelen for barn.", persona="leader")
    store.record("t3", _answer('=HYPERLINK("x")'), DOWN, comment="-ikke relevant")
    con = sqlite3.connect(tmp_path / "feedback.sqlite")
    for turn, stamp in (("t1", "2026-02-27T10:00:00Z"), ("t2", "2026-03-01T23:30:00Z"), ("t3", "2026-03-05T08:00:00Z")):
        con.execute("UPDATE feedback SET created_at = ? WHERE turn_id = ?", (stamp, turn))
    con.commit()
    con.close()
    return store


def test_review_filters_by_rating_and_date_newest_first(tmp_path):
    store = _store(tmp_path)
    assert [r.turn_id for r in store.review()] == ["t3", "t2", "t1"]
    assert [r.turn_id for r in store.review(rating=DOWN)] == ["t3", "t2"]
    assert [r.turn_id for r in store.review(rating=UP)] == ["t1"]
    since = datetime(2026, 3, 1, tzinfo=UTC)
    until = datetime(2026, 3, 2, tzinfo=UTC)
    assert [r.turn_id for r in store.review(since=since, until=until)] == ["t2"]  # until is exclusive
    assert [r.turn_id for r in store.review(rating=UP, since=since)] == []
    assert [r.turn_id for r in store.review(until=since)] == ["t1"]


def test_csv_has_the_rows_shown_with_citations_and_no_spreadsheet_formulas(tmp_path):
    records = _store(tmp_path).review(rating=DOWN)
    header = ["Tid", "Vurdering", "Kommentar", "Spørsmål", "Svar", "Kilder", "Svarer", "Rolle", "Språk"]
    data = to_csv(records, header, page_format="side {page}")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read æøå
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == header
    by_question = {row[3]: dict(zip(CSV_COLUMNS, row)) for row in rows[1:]}
    assert set(by_question) == {"Hvem betaler?", '\'=HYPERLINK("x")'}
    row = by_question["Hvem betaler?"]
    assert (row["rating"], row["comment"], row["persona"]) == ("-1", "Manglet regelen for barn.", "leader")
    assert row["citations"] == "[1] koordinator.txt, side 2, Oppgaver: «sørger for nødvendig oppfølging»"
    assert row["created_at"] == "2026-03-01T23:30:00Z"
    assert by_question['\'=HYPERLINK("x")']["comment"] == "'-ikke relevant"


def test_citation_text_without_page_or_section():
    assert citation_text({"n": 2, "source": "a.md", "page": None, "section": "", "quote": "x"}) == "[2] a.md: «x»"


def test_only_leaders_review_feedback():
    assert can_review(LEADER) and not can_review(STAFF)
