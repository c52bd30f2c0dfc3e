"""The checklist flow as a browser drives it: the phase stays where the user put it, notes stay on their item.

A browser's select box sends back the label it was last given, not the value: when a
phase's label carried its progress ("1. Identifisere tidlig (0/4)"), every answer made
the label the browser held stale, the page fell back to "the current phase" on every
other rerun, and once phase 1 was complete that was phase 2: the page jumped without a
word (in Chromium against the old code: on the rerun that saved the note after the last
answer), and the notes typed next landed on phase 2's items. AppTest re-sends fresh
labels, so the fixture `browser_selects` makes it send what a browser would.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from app_driver import start
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import InitialValue, Selectbox
from test_ui_case import KB, answer_key, create_case

from veiviser.kb.schema import AnswerType
from veiviser.ui.page_case import PHASE_KEY, TAB_KEY

PATHWAY = KB.pathway("no-oppfolging")


@pytest.fixture
def browser_selects(monkeypatch):
    """Select boxes send the label the page last set (or the user picked), as the browser does.

    Call the returned function after every run to take in the labels the page pushed.
    """
    held: dict[str, str] = {}
    fresh = Selectbox._widget_state.fget

    def as_a_browser(self):
        if not isinstance(self._value, InitialValue):  # the user picks: the browser holds that label now
            state = fresh(self)
            held[self.id] = state.string_value
            return state
        if self.id not in held:
            return fresh(self)
        state = WidgetState()
        state.id = self.id
        state.string_value = held[self.id]
        return state

    def take_in(at):
        for box in at.selectbox:
            if box.proto.set_value:
                held[box.id] = box.proto.raw_value
        return at

    monkeypatch.setattr(Selectbox, "_widget_state", property(as_a_browser))
    return take_in


def answer(at, item, take_in, value="yes"):
    key = answer_key(at, item.id)
    if item.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        at.segmented_control(key=key).set_value(value).run()
    elif item.answer_type is AnswerType.CHOICE:
        at.button_group(key=key).set_value(item.options[0].value).run()
    else:
        at.text_area(key=key).set_value("Fastlegen meldte behovet.").run()
    assert not at.exception, at.exception
    return take_in(at)


def note_key(at, item) -> str:
    return answer_key(at, item.id)[:-1] + "note"


def test_answering_a_phases_last_item_keeps_the_phase_and_the_next_note_on_that_item(app_home, browser_selects):
    first = PATHWAY.phases[0]
    at = browser_selects(create_case(start("case"), "KE-2026-201", PATHWAY.id))
    for item in first.items[:-1]:
        answer(at, item, browser_selects)
        assert at.selectbox(key=PHASE_KEY).value == first.id
    last = first.items[-1]
    position = [t.key for t in at.text_input].index(note_key(at, last))
    answer(at, last, browser_selects)

    assert at.selectbox(key=PHASE_KEY).value == first.id  # no jump: the user decides when to move on
    # the note field where the user was typing is still the one under the item just answered
    at.text_input[position].set_value("Avklart med fastlegen.").run()
    browser_selects(at)
    assert at.selectbox(key=PHASE_KEY).value == first.id  # nor one rerun later (where a browser jumped)
    case = at.session_state["vv_case"]
    assert case.answers[last.id].note == "Avklart med fastlegen."
    assert [i for i, a in case.answers.items() if a.note == "Avklart med fastlegen."] == [last.id]


def test_a_finished_phase_says_so_until_the_user_moves_on(app_home, browser_selects):
    first, second = PATHWAY.phases[0], PATHWAY.phases[1]
    at = browser_selects(create_case(start("case"), "KE-2026-202", PATHWAY.id))
    assert not at.get("button") or not [b for b in at.button if b.key == "vv_case_next_phase"]
    for item in first.items:
        answer(at, item, browser_selects)
    done = f"Fase 1 ({first.title}) er fullført"
    assert any(done in s.value for s in at.success)
    at.text_input(key=note_key(at, first.items[0])).set_value("Første punkt.").run()
    browser_selects(at)
    assert any(done in s.value for s in at.success)  # the notice stays, it is no one-off flash

    next_button = at.button(key="vv_case_next_phase")
    assert second.title in next_button.label
    next_button.click().run()
    browser_selects(at)
    assert at.selectbox(key=PHASE_KEY).value == second.id
    assert at.query_params["phase"] == second.id
    at.text_input(key=note_key(at, second.items[0])).set_value("Andre fase.").run()
    case = at.session_state["vv_case"]
    assert case.answers[first.items[0].id].note == "Første punkt."
    assert case.answers[second.items[0].id].note == "Andre fase."
    assert second.items[0].id not in {i for i, a in case.answers.items() if a.note == "Første punkt."}


def test_a_phase_stopped_by_a_rule_says_so_and_offers_no_next_phase(app_home, browser_selects):
    melde = PATHWAY.phases[1]
    blocking = next(i for i in melde.items if any(r.effect.value == "block" for r in i.rules))
    at = browser_selects(create_case(start("case"), "KE-2026-205", PATHWAY.id))
    at.selectbox(key=PHASE_KEY).set_value(melde.id).run()
    browser_selects(at)
    for item in melde.items:
        answer(at, item, browser_selects, "no" if item is blocking else "yes")
    assert at.selectbox(key=PHASE_KEY).value == melde.id
    assert any(
        f"Alle punktene i fase 2 ({melde.title}) er besvart, men en regel stopper fasen" in w.value for w in at.warning
    )
    assert not [b for b in at.button if b.key == "vv_case_next_phase"]


def test_a_phase_picked_by_hand_stays_while_items_are_answered(app_home, browser_selects):
    third = PATHWAY.phases[2]
    at = browser_selects(create_case(start("case"), "KE-2026-203", PATHWAY.id))
    at.selectbox(key=PHASE_KEY).set_value(third.id).run()
    browser_selects(at)
    for item in third.items[:2]:
        answer(at, item, browser_selects)
        assert at.selectbox(key=PHASE_KEY).value == third.id  # not pulled back to the current phase (1)


def test_notes_sit_on_their_items_in_the_one_page_export(app_home, browser_selects, media_files):
    first, second = PATHWAY.phases[0], PATHWAY.phases[1]
    at = browser_selects(create_case(start("case"), "KE-2026-204", PATHWAY.id))
    for item in first.items:
        answer(at, item, browser_selects)
    at.text_input(key=note_key(at, first.items[-1])).set_value("Siste punkt i fase 1.").run()
    at.button(key="vv_case_next_phase").click().run()
    browser_selects(at)
    answer(at, second.items[0], browser_selects)
    at.text_input(key=note_key(at, second.items[0])).set_value("Første punkt i fase 2.").run()

    at.session_state[TAB_KEY] = "Eksport"
    at.run()
    assert at.checkbox(key="vv_export_answered_only").label == "Bare besvarte punkter"
    at.checkbox(key="vv_export_answered_only").check().run()
    summary = {b.label: b for b in at.get("download_button")}["Markdown"]
    md = media_files[summary.proto.url].decode("utf-8")
    assert "ikke besvart" not in md
    assert f"| {first.items[-1].text} | " in md and "| Siste punkt i fase 1. |" in md

    at.radio(key="vv_export_kind").set_value("brief").run()
    assert not [c for c in at.checkbox if c.key == "vv_export_answered_only"]  # the brief is answered-only anyway
    buttons = {b.label: b for b in at.get("download_button")}
    md = media_files[buttons["Markdown"].proto.url].decode("utf-8")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in md.splitlines() if line.startswith("| ")}
    assert "Siste punkt i fase 1." in rows[first.items[-1].text]
    assert "Første punkt i fase 2." in rows[second.items[0].text]
    assert len(pypdf.PdfReader(io.BytesIO(media_files[buttons["PDF"].proto.url])).pages) == 1
