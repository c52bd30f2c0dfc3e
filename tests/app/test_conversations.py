"""Stored Spør conversations in a real SQLite file: round trip, owner only, masking, file rights, retention, export."""

from __future__ import annotations

import io
import os
import random
import sqlite3
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from veiviser.app.conversations import ConversationStore, ConversationStoreError, answer_report, title_from
from veiviser.core.config import ConfigError, Settings
from veiviser.core.i18n import translator
from veiviser.core.types import Answer, Citation, UnsupportedClaim
from veiviser.reports.exports import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pii"))  # the generators live beside the pii tests
import pii_generators as gen

LOCALES = Path(__file__).resolve().parents[2] / "locales"


def _answer(
    question: str = "Hva gjør koordinatoren?", text: str = "Koordinatoren sørger for oppfølging [1]."
) -> Answer:
    citation = Citation(1, "koordinator.txt", 2, "Oppgaver", "sørger for nødvendig oppfølging", "abc123")
    return Answer(
        question,
        text,
        False,
        (citation,),
        "nb",
        notices=("Språkmodellen svarte ikke; uttrekkssvar vist.",),
        answerer="ollama:llama3.1",
        unsupported=(UnsupportedClaim("Koordinatoren bestemmer alt.", ("weak",), "svakt støttet"),),
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


class Clock:
    """A settable clock, so retention can be tested without waiting 90 days."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_turns_round_trip_in_order_with_citations_notices_and_removed_claims(tmp_path):
    store = ConversationStore(tmp_path / "conversations.sqlite")
    first = _answer()
    cid = store.add_turn("kari", None, "t1", first, "coordinator")
    assert store.add_turn("kari", cid, "t2", _answer("Hva med barn?", "Barn har samme rett [1]."), "coordinator") == cid
    stored = store.get("kari", cid)
    assert stored is not None and stored.title == "Hva gjør koordinatoren?"
    assert [s.turn_id for s in stored.turns] == ["t1", "t2"]
    again = stored.turns[0].answer
    assert (again.question, again.text, again.citations, again.notices) == (
        first.question,
        first.text,
        first.citations,
        first.notices,
    )
    assert again.answerer == "ollama:llama3.1" and again.unsupported == first.unsupported
    assert stored.turns[1].answer.question == "Hva med barn?" and stored.turns[0].persona == "coordinator"
    [summary] = store.recent("kari")
    assert (summary.id, summary.turns) == (cid, 2)


def test_the_newest_conversation_is_listed_first_and_a_new_turn_moves_one_up(tmp_path):
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite", clock=clock)
    older = store.add_turn("kari", None, "t1", _answer("Første spørsmål?"))
    clock.now += timedelta(minutes=1)
    newer = store.add_turn("kari", None, "t2", _answer("Andre spørsmål?"))
    assert [c.id for c in store.recent("kari")] == [newer, older]
    clock.now += timedelta(minutes=1)
    store.add_turn("kari", older, "t3", _answer("Oppfølging?"))
    assert [c.id for c in store.recent("kari")] == [older, newer]


def test_a_conversation_is_its_owners_alone(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite")
    cid = store.add_turn("kari@example.test", None, "t1", _answer())
    assert store.get("ola@example.test", cid) is None
    assert store.recent("ola@example.test") == []
    assert not store.rename("ola@example.test", cid, "Mitt nå")
    assert not store.delete("ola@example.test", cid)
    other = store.add_turn("ola@example.test", cid, "t2", _answer())  # someone else's id starts a new one
    assert other != cid
    assert [s.turn_id for s in store.get("kari@example.test", cid).turns] == ["t1"]


def test_rename_and_delete(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite")
    cid = store.add_turn("kari", None, "t1", _answer())
    assert store.rename("kari", cid, "  IP for   bruker  ")
    assert store.get("kari", cid).title == "IP for bruker"
    assert not store.rename("kari", cid, "   ")  # an empty title keeps the old one
    assert store.delete("kari", cid)
    assert store.get("kari", cid) is None and store.recent("kari") == []
    left = sqlite3.connect(tmp_path / "c.sqlite").execute("SELECT COUNT(*) FROM turns").fetchone()
    assert left == (0,)  # the turns went with it


def test_the_file_and_its_wal_are_0600_in_a_0700_folder_and_in_wal_mode(tmp_path):
    old = os.umask(0o022)  # the usual umask would give 0644 / 0755
    try:
        home = tmp_path / "home"
        store = ConversationStore(home / "conversations.sqlite")
        reader = sqlite3.connect(home / "conversations.sqlite")  # another process reading keeps the WAL in place
        reader.execute("SELECT COUNT(*) FROM conversations").fetchone()
        store.add_turn("kari", None, "t1", _answer())
    finally:
        os.umask(old)
    assert _mode(home) == 0o700
    files = [p for p in home.iterdir() if p.name.startswith("conversations.sqlite")]
    assert {p.name for p in files} == {"conversations.sqlite", "conversations.sqlite-wal", "conversations.sqlite-shm"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close()


def test_a_file_from_a_newer_veiviser_is_refused(tmp_path):
    path = tmp_path / "c.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(ConversationStoreError, match="newer"):
        ConversationStore(path)


def test_personal_data_never_reaches_the_file(tmp_path):
    rng = random.Random(17)
    ids = [gen.norwegian(rng), gen.swedish(rng), gen.danish(rng)]
    email, phone = gen.email(rng), gen.phone(rng)
    question = f"Kan bruker {ids[0]} få individuell plan? Ring {phone}."
    text = f"Ja [1]. Personnummer {ids[1]} og CPR {ids[2]} er nevnt; skriv til {email}."
    citation = Citation(1, "rutine.txt", None, f"Sak {ids[0]}", f"bruker {ids[0]} har rett", "c1")
    answer = Answer(question, text, False, (citation,), "nb", notices=(f"Merk {ids[2]}",))
    path = tmp_path / "conversations.sqlite"
    store = ConversationStore(path)
    reader = sqlite3.connect(path)  # keeps the WAL file, so what was written there is read too
    reader.execute("SELECT 1 FROM conversations").fetchall()
    cid = store.add_turn("kari", None, "t1", answer)
    store.rename("kari", cid, f"Samtale om {ids[1]}")
    stored = store.get("kari", cid)
    assert "[FØDSELSNUMMER]" in stored.turns[0].answer.question  # masked, not dropped
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("conversations.sqlite"))
    for secret in (*ids, email):
        assert secret.encode() not in raw, secret
    digits = "".join(ch for ch in phone if ch.isdigit())[-8:]
    assert digits.encode() not in raw
    assert any(p.name.endswith("-wal") for p in tmp_path.iterdir())
    reader.close()


def test_title_is_masked_one_line_and_short():
    title = title_from("Hva gjør koordinatoren\n når " + "veldig " * 20 + "lenge?")
    assert "\n" not in title and len(title) <= 60 and title.endswith("…")


def test_retention_deletes_conversations_untouched_for_longer(tmp_path):
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite", clock=clock)
    old = store.add_turn("kari", None, "t1", _answer("Gammelt spørsmål?"))
    clock.now += timedelta(days=60)
    recent = store.add_turn("kari", None, "t2", _answer("Nytt spørsmål?"))
    clock.now += timedelta(days=31)  # old: 91 days untouched, recent: 31
    assert store.purge(0) == 0  # 0 keeps everything
    assert store.purge(90) == 1
    assert [c.id for c in store.recent("kari")] == [recent]
    assert store.get("kari", old) is None
    assert sqlite3.connect(tmp_path / "c.sqlite").execute("SELECT COUNT(*) FROM turns").fetchone() == (1,)


def test_retention_is_a_setting_from_the_environment():
    assert Settings().conversation_retention_days == 90
    settings = Settings.from_env({"VEIVISER_CONVERSATION_RETENTION_DAYS": "30"})
    assert settings.conversation_retention_days == 30 and settings.app.conversation_retention_days == 30
    with pytest.raises(ConfigError):
        Settings.from_env({"VEIVISER_CONVERSATION_RETENTION_DAYS": "-1"})
    with pytest.raises(ConfigError):
        Settings.from_env({"VEIVISER_CONVERSATION_RETENTION_DAYS": "ninety"})


def test_an_answer_exports_with_its_citations_as_markdown_and_docx():
    from docx import Document

    t = translator(LOCALES, "en")
    report = answer_report(_answer(), t, "2026-03-01 10:00")
    markdown = render(report, "md").decode("utf-8")
    assert markdown.startswith("# Hva gjør koordinatoren?")
    assert "Koordinatoren sørger for oppfølging [1]." in markdown
    assert "## Sources" in markdown
    assert "- [1] koordinator.txt, page 2, Oppgaver: «sørger for nødvendig oppfølging»" in markdown
    doc = Document(io.BytesIO(render(report, "docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "[1] koordinator.txt, page 2, Oppgaver: «sørger for nødvendig oppfølging»" in body
    assert "Asked: 2026-03-01 10:00" in body
    assert "Answer by: Language model via Ollama" in body  # named as the chat names it
