"""Spør, through Streamlit's AppTest against a real index: cited answers, chips, cards, abstention, feedback."""

from __future__ import annotations

import html
import sqlite3

from app_driver import start

from veiviser.core.types import Answer, Chunk, SearchHit

QUESTION = "Hva skal koordinatoren sørge for?"


def _assistant(at):
    return [m for m in at.chat_message if m.name == "assistant"]


def _chips(at):
    return [g for g in at.button_group if g.key and g.key.startswith("vv_cite_")]


def test_a_question_gets_a_cited_answer_and_a_chip_opens_the_highlighted_passage(app_home):
    at = start()
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception
    [answer] = _assistant(at)
    text = answer.markdown[0].value
    assert "[1]" in text
    [chips] = _chips(at)
    assert chips.options and chips.options[0].startswith("[1] ")
    chips.set_value(1).run()
    assert not at.exception
    citation = at.session_state["vv_chat"][0].answer.citations[0]
    htmls = [h.proto.body for h in at.get("html")]
    marked = [h for h in htmls if "<mark" in h]
    assert marked, "the cited span is highlighted"
    span = marked[0].split('<mark class="vv-cited"', 1)[1].split(">", 1)[1].split("</mark>", 1)[0]
    assert html.unescape(span).split() == citation.quote.split()
    captions = " ".join(c.value for c in at.caption)
    assert citation.source in captions and "språk:" in captions
    assert "Vis resten av siden / teksten rundt" in [e.label for e in at.expander]


def test_structured_cards_are_shown_beside_the_answer(app_home):
    at = start()
    at.chat_input[0].set_value("Hva sier pbrl § 2-5 om individuell plan?").run()
    markdown = [m.value for m in _assistant(at)[0].markdown]
    assert any(m.startswith("**Lovhenvisning · pbrl § 2-5**") for m in markdown)


def test_persona_changes_starter_questions_and_what_is_offered_first(app_home):
    at = start()
    labels = [b.label for b in at.button if b.key and b.key.startswith("vv_starter_")]
    assert labels[0] == "Hva er koordinatorens oppgaver?"
    assert any("Rollekort" in m.value for m in at.markdown)
    at.segmented_control(key="vv_persona").set_value("leader").run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("vv_starter_")]
    assert labels[0].startswith("Hva sier loven")
    assert any("Kravsjekker" in m.value for m in at.markdown)
    at.button(key="vv_starter_leader_0").click().run()  # a starter question is asked at once
    assert len(_assistant(at)) == 1 and not at.exception


def test_an_abstention_is_shown_honestly_with_the_closest_passages(app_home):
    from veiviser.ui.page_ask import CHAT_KEY, Turn

    chunk = Chunk(
        id="c1",
        doc_id="sip-rutin.md",
        text="En samordnad individuell plan upprättas ...",
        source="sip-rutin.md",
        title="Rutin för SIP",
        doc_type="md",
        lang="sv",
        position=0,
    )
    answer = Answer(
        "Hvor mange bor i Tromsø?",
        "Kunnskapsbasen dekker ikke dette.",
        True,
        (),
        "nb",
        passages=(SearchHit(chunk, 0.1, 1),),
    )
    at = start()
    at.session_state[CHAT_KEY] = [Turn("t1", answer.question, answer, "coordinator")]
    at.run()
    assert at.info[0].value.startswith("Kildene svarer ikke sikkert på dette")
    assert "Nærmeste tekster" in " ".join(m.value for m in at.markdown)
    assert [e.label for e in at.expander if e.label.startswith("Rutin")] == ["Rutin för SIP"]


def test_thumbs_and_comment_are_stored_locally_and_pii_comments_refused(app_home):
    at = start()
    at.chat_input[0].set_value(QUESTION).run()
    at.feedback[0].set_value(1).run()  # thumbs up
    rows = sqlite3.connect(app_home / "feedback.sqlite").execute("SELECT question, rating FROM feedback").fetchall()
    assert rows == [(QUESTION, 1)]
    comment = at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("vv_fb_comment_")))
    comment.set_value("Ring meg på 22 33 44 55")
    [b for b in at.button if b.label == "Lagre kommentar"][0].click().run()  # form: value and submit together
    assert any("telefonnummer" in e.value for e in at.error)
    stored = sqlite3.connect(app_home / "feedback.sqlite").execute("SELECT comment FROM feedback").fetchone()
    assert stored == ("",)
    comment = at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("vv_fb_comment_")))
    comment.set_value("Svaret manglet regelen for barn.")
    [b for b in at.button if b.label == "Lagre kommentar"][0].click().run()
    stored = sqlite3.connect(app_home / "feedback.sqlite").execute("SELECT comment, rating FROM feedback").fetchone()
    assert stored == ("Svaret manglet regelen for barn.", 1)


def test_role_card_texts_written_in_norwegian_are_marked_in_the_english_ui():
    from streamlit.testing.v1 import AppTest

    def card():
        from pathlib import Path

        from veiviser.core.i18n import translator
        from veiviser.kb.loader import load_kb
        from veiviser.ui.cards import role_card

        kb = load_kb(Path("kb"))
        role = next(r for f in kb.role_files if f.lang == "nb" for r in f.roles if r.duties)
        role_card(translator(Path("locales"), "en"), kb, role, "en")
        role_card(translator(Path("locales"), "nb"), kb, role, "nb")

    at = AppTest.from_function(card).run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    english_duties = next(t for t in texts if t.startswith("*Duties*"))
    assert "(in Norwegian)" in english_duties
    norwegian = [t for t in texts if t.startswith("*Plikter*")]
    assert norwegian and "(" not in norwegian[0]
