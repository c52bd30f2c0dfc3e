"""Feedback on answers in a real SQLite file: one row per answer, masked questions, refused PII comments."""

from __future__ import annotations

import sqlite3

import pytest

from veiviser.app.feedback import DOWN, UP, FeedbackStore
from veiviser.core.types import Answer, Citation
from veiviser.pii import PiiError

FAKE_EMAIL = "ola.testperson@example.invalid"


def _answer(question: str = "Hva gjør koordinatoren?") -> Answer:
    citation = Citation(1, "koordinator.txt", 2, "Oppgaver", "sørger for oppfølging", "abc123")
    return Answer(question, "Koordinatoren sørger for oppfølging [1].", False, (citation,), "nb")


def test_a_vote_is_stored_and_a_second_vote_updates_it(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    store.record("turn-1", _answer(), UP, ui_lang="nb", persona="coordinator")
    store.record("turn-1", _answer(), DOWN, comment="Manglet kilde for barn.")
    store.record("turn-1", _answer(), DOWN)  # an empty comment keeps the earlier one
    rows = store.all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.rating, row.comment, row.persona, row.ui_lang) == (DOWN, "Manglet kilde for barn.", "coordinator", "nb")
    assert row.citations[0]["source"] == "koordinator.txt"
    assert store.counts() == {"up": 0, "down": 1}


def test_questions_are_masked_and_pii_comments_refused(tmp_path):
    path = tmp_path / "feedback.sqlite"
    store = FeedbackStore(path)
    store.record("turn-2", _answer(f"Kan jeg sende til {FAKE_EMAIL}?"), UP)
    with pytest.raises(PiiError):
        store.record("turn-2", _answer(), DOWN, comment=f"Kontakt meg på {FAKE_EMAIL}")
    raw = sqlite3.connect(path).execute("SELECT question, rating FROM feedback").fetchall()
    assert FAKE_EMAIL not in raw[0][0] and raw[0][1] == UP


def test_only_thumbs_are_ratings(tmp_path):
    with pytest.raises(ValueError):
        FeedbackStore(tmp_path / "f.sqlite").record("t", _answer(), 5)
