"""Conversations that last, through AppTest against a real index: a reload (a new session with the same URL)
reopens the chat, follow-ups use the reopened turns, the sidebar lists, renames and deletes, answers export."""

from __future__ import annotations

import os
import pwd
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app_driver import APP, start
from streamlit.testing.v1 import AppTest

from veiviser.app.conversations import ConversationStore
from veiviser.core.types import Answer
from veiviser.ui.page_ask import QUERY_PARAM as PARAM

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pii"))  # the generators live beside the pii tests
import pii_generators as gen

QUESTION = "Hva skal koordinatoren sørge for?"
LOCAL_USER = pwd.getpwuid(os.getuid()).pw_name  # who the app runs for without sign-in
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-only-cookie-secret",
    "client_id": "veiviser",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _reload(conversation_id: str | None, **user) -> AppTest:
    """What a browser reload does: a new session, the same URL."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if user:
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, **user}
    if conversation_id:
        at.query_params[PARAM] = conversation_id
    at.run()
    assert not at.exception, at.exception
    return at


def _conversations(at: AppTest) -> dict[str, str]:
    """The conversation buttons in the sidebar, top to bottom, by id (not the new and delete buttons)."""
    listed = {b.key.removeprefix("vv_conv_"): b.label for b in at.sidebar.button if b.key.startswith("vv_conv_")}
    return {k: v for k, v in listed.items() if k not in ("new", "delete")}


def _questions(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.name == "user"]


def _ask(at: AppTest, question: str) -> None:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception


def test_a_reload_with_the_same_url_reopens_the_conversation_and_follow_ups_use_it(app_home, monkeypatch):
    at = start()
    _ask(at, QUESTION)
    conversation_id = at.query_params[PARAM]
    assert _conversations(at) == {conversation_id: QUESTION}
    first = at.session_state["vv_chat"][0].answer
    chips = [g for g in at.button_group if g.key.startswith("vv_cite_")][0].options
    at.feedback[0].set_value(1).run()  # thumbs up

    again = _reload(conversation_id)
    assert _questions(again) == [QUESTION]
    assert again.feedback[0].value == 1  # the vote given before the reload is shown, not asked again
    [reopened] = again.session_state["vv_chat"]
    assert (reopened.answer.text, reopened.answer.citations) == (first.text, first.citations)
    assert [g for g in again.button_group if g.key.startswith("vv_cite_")][0].options == chips
    assert again.sidebar.button(key=f"vv_conv_{conversation_id}").proto.type == "secondary"  # framed as open

    from veiviser.ui import answering

    seen: list[tuple[Answer, ...]] = []
    real_stream = answering.stream

    def recording(answerer, question, history, holder):
        seen.append(tuple(history))
        return real_stream(answerer, question, history, holder)

    monkeypatch.setattr(answering, "stream", recording)
    _ask(again, "Hva med barn?")
    assert [h.question for h in seen[0]] == [QUESTION]  # the follow-up was asked with the reopened turn
    assert again.query_params[PARAM] == conversation_id  # added to the same conversation, not a new one
    stored = ConversationStore(app_home / "conversations.sqlite").get(LOCAL_USER, conversation_id)
    assert [turn.answer.question for turn in stored.turns] == [QUESTION, "Hva med barn?"]

    third = _reload(conversation_id)
    assert _questions(third) == [QUESTION, "Hva med barn?"]


def test_a_new_conversation_keeps_the_old_one_listed_and_the_list_reopens_it(app_home):
    at = start()
    _ask(at, QUESTION)
    first = at.query_params[PARAM]
    at.sidebar.button(key="vv_conv_new").click().run()
    assert PARAM not in at.query_params and not at.session_state["vv_chat"]
    _ask(at, "Hvem skal være med i et oppfølgingsteam?")
    second = at.query_params[PARAM]
    assert second != first
    assert list(_conversations(at)) == [second, first]  # newest first
    at.sidebar.button(key=f"vv_conv_{first}").click().run()
    assert at.query_params[PARAM] == first and _questions(at) == [QUESTION]


def test_rename_and_delete_from_the_sidebar(app_home):
    at = start()
    _ask(at, QUESTION)
    conversation_id = at.query_params[PARAM]
    at.sidebar.text_input(key=f"vv_conv_title_{conversation_id}").set_value("Notater om samtykke")
    [b for b in at.sidebar.button if b.label == "Lagre navnet"][0].click().run()
    assert not at.exception, at.exception
    assert _conversations(at) == {conversation_id: "Notater om samtykke"}
    assert _conversations(_reload(None)) == {conversation_id: "Notater om samtykke"}

    assert at.sidebar.button(key="vv_conv_delete").disabled  # not without saying yes
    at.sidebar.checkbox(key=f"vv_conv_confirm_{conversation_id}").check().run()
    at.sidebar.button(key="vv_conv_delete").click().run()
    assert not at.exception, at.exception
    assert _conversations(at) == {} and PARAM not in at.query_params and not at.session_state["vv_chat"]
    assert sqlite3.connect(app_home / "conversations.sqlite").execute("SELECT COUNT(*) FROM turns").fetchone() == (0,)
    gone = _reload(conversation_id)  # a bookmark of the deleted conversation
    assert gone.info[0].value.startswith("Samtalen finnes ikke lenger") and not _questions(gone)


def test_an_answer_downloads_as_markdown_with_its_citations_and_docx_is_offered(app_home, media_files):
    at = start()
    _ask(at, QUESTION)
    citation = at.session_state["vv_chat"][0].answer.citations[0]
    buttons = {b.label: b for b in at.get("download_button")}
    assert set(buttons) == {"Markdown", "Word (DOCX)"}
    markdown = media_files[buttons["Markdown"].proto.url].decode("utf-8")
    assert markdown.startswith(f"# {QUESTION}")
    assert f"[1] {citation.source}" in markdown and " ".join(citation.quote.split()) in markdown
    assert any(c.value == markdown.rstrip("\n") or c.value == markdown for c in at.code)  # the copyable text


def test_personal_data_in_a_question_is_masked_before_it_is_stored(app_home):
    number = gen.norwegian(random.Random(4))
    at = start()
    _ask(at, f"Hva skal koordinatoren gjøre for bruker {number}?")
    raw = b"".join(p.read_bytes() for p in app_home.iterdir() if p.name.startswith("conversations.sqlite"))
    assert raw and number.encode() not in raw
    assert "FØDSELSNUMMER" in next(iter(_conversations(at).values()))  # the label, Markdown-escaped


def test_conversations_past_retention_are_deleted_when_the_app_starts(app_home, monkeypatch):
    now = datetime.now(UTC)
    old_store = ConversationStore(app_home / "conversations.sqlite", clock=lambda: now - timedelta(days=40))
    old = old_store.add_turn(LOCAL_USER, None, "t-old", Answer("Gammelt spørsmål?", "Svar.", False, (), "nb"))
    recent_store = ConversationStore(app_home / "conversations.sqlite", clock=lambda: now - timedelta(days=5))
    recent = recent_store.add_turn(LOCAL_USER, None, "t-new", Answer("Nyere spørsmål?", "Svar.", False, (), "nb"))
    monkeypatch.setenv("VEIVISER_CONVERSATION_RETENTION_DAYS", "30")
    at = start()
    assert list(_conversations(at)) == [recent]
    assert "30 dager" in " ".join(c.value for c in at.sidebar.caption)
    assert ConversationStore(app_home / "conversations.sqlite").get(LOCAL_USER, old) is None


def test_signed_in_users_see_only_their_own_conversations(app_home):
    kari = _reload(None, email="kari@example.test", sub="k-1")
    _ask(kari, QUESTION)
    karis = kari.query_params[PARAM]
    ola = _reload(None, email="ola@example.test", sub="o-1")
    assert _conversations(ola) == {}
    stranger = _reload(karis, email="ola@example.test", sub="o-1")  # Kari's link, opened by Ola
    assert not _questions(stranger) and stranger.info[0].value.startswith("Samtalen finnes ikke lenger")
    assert _questions(_reload(karis, email="kari@example.test", sub="k-1")) == [QUESTION]
