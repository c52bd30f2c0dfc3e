"""Logg through AppTest: without sign-in the single user is leader and sees every event, filterable."""

from __future__ import annotations

from app_driver import start

from veiviser.cases import CaseStore
from veiviser.cases.access import LEADER, STAFF
from veiviser.ui.shell import visible_pages


def _create_case(reference: str) -> None:
    """Through the case page, as staff would, in a fresh session."""
    at = start("case")
    at.text_input(key="vv_new_reference").set_value(reference)
    at.selectbox(key="vv_new_pathway").set_value("no-oppfolging")
    [b for b in at.button if b.label == "Opprett sak"][0].click().run()
    assert not at.exception, at.exception


def test_the_log_lists_case_events_with_user_and_time_and_filters_them(app_home):
    _create_case("KE-2026-301")
    _create_case("KE-2026-302")
    log = start("log")
    assert log.title[0].value == "Logg"
    assert "Kjører lokalt" in " ".join(c.value for c in log.sidebar.caption)
    rows = log.dataframe[0].value.to_dict("records")
    assert [r["Sak"] for r in rows if r["Hendelse"] == "Sak opprettet"] == ["KE-2026-302", "KE-2026-301"]
    assert all(r["Bruker"] and r["Tidspunkt"] for r in rows)

    first = next(c.id for c in CaseStore(app_home / "cases.sqlite").list_cases() if c.reference == "KE-2026-301")
    log.selectbox(key="vv_log_case").set_value(first).run()
    rows = log.dataframe[0].value.to_dict("records")
    assert rows and {r["Sak"] for r in rows} == {"KE-2026-301"}
    log.selectbox(key="vv_log_event").set_value("case_exported").run()
    assert log.info[0].value == "Ingen hendelser ennå."


def test_only_leaders_get_the_log_page():
    assert "log" in [url for _, url, _, _ in visible_pages(LEADER)]
    assert "log" not in [url for _, url, _, _ in visible_pages(STAFF)]
    assert [url for _, url, _, _ in visible_pages(STAFF)] == ["ask", "case", "knowledge", "audit", "course", "settings"]


def test_with_sign_in_configured_nothing_is_shown_before_signing_in(app_home):
    from app_driver import APP
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only",
        "client_id": "veiviser",
        "client_secret": "test-only",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception, at.exception
    assert at.info[0].value == "Logg inn for å bruke Veiviser."
    assert [b.label for b in at.button] == ["Logg inn"]
    assert not at.chat_input and not at.sidebar.caption  # no page and no sidebar before sign-in


def test_an_error_raised_on_purpose_shows_its_message_and_keeps_the_app(app_home, monkeypatch):
    from veiviser.core.errors import VeiviserError
    from veiviser.ui import page_log

    def broken(ctx):
        raise VeiviserError("Loggen kan ikke leses nå; prøv igjen om litt.")

    monkeypatch.setattr(page_log, "render", broken)
    at = start("log")
    assert not at.exception
    assert "Loggen kan ikke leses nå; prøv igjen om litt." in [e.value for e in at.error]
    assert at.sidebar.caption  # the sidebar still renders
