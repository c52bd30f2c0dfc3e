"""Signed-in users through AppTest: who they are comes from the provider's claims, as a real sign-in gives them.

tests/e2e/test_e2e_sign_in.py runs the same through a real OIDC provider; these cover claims
that provider does not send (no e-mail, an unverified e-mail).
"""

from __future__ import annotations

from app_driver import APP, PAGES
from streamlit.testing.v1 import AppTest

from veiviser.cases import CaseStore

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-only-cookie-secret",
    "client_id": "veiviser",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _signed_in(claims: dict, page: str = "ask") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, **claims}
    at.run()
    assert not at.exception, at.exception
    if page != "ask":
        at.switch_page(PAGES[page]).run()
        assert not at.exception, at.exception
    return at


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_the_e_mail_is_the_user_in_lower_case_so_cases_stay_theirs(app_home, monkeypatch):
    monkeypatch.setenv("VEIVISER_LEADERS", "leder@example.test")
    at = _signed_in({"email": "Ansatt@Example.TEST", "sub": "a-1", "name": "Test Ansatt"}, "case")
    assert "Innlogget som ansatt@example.test (saksbehandler)" in _captions(at)
    at.text_input(key="vv_new_reference").set_value("KE-2026-920")
    [b for b in at.button if b.label == "Opprett sak"][0].click().run()
    assert not at.exception, at.exception
    assert [c.owner for c in CaseStore(app_home / "cases.sqlite").list_cases()] == ["ansatt@example.test"]

    again = _signed_in({"email": "ansatt@example.test", "sub": "a-1"}, "case")
    assert again.selectbox(key="vv_open_choice").options == ["KE-2026-920"]  # same person, other casing


def test_an_unverified_e_mail_does_not_make_a_leader(app_home, monkeypatch):
    monkeypatch.setenv("VEIVISER_LEADERS", "leder@example.test")
    at = _signed_in({"email": "leder@example.test", "email_verified": False, "sub": "ukjent-7"})
    assert "Innlogget som ukjent-7 (saksbehandler)" in _captions(at)
    assert at.chat_input  # the app itself is open, as staff


def test_without_e_mail_the_subject_names_the_user_never_the_display_name(app_home):
    at = _signed_in({"sub": "9f1c-subject", "name": "Kari Nordmann"})
    assert "Innlogget som 9f1c-subject (saksbehandler)" in _captions(at)


def test_a_sign_in_that_names_nobody_opens_nothing_and_offers_sign_out(app_home):
    at = _signed_in({"name": "Uten Id"})
    assert "verken e-postadresse eller bruker-ID" in at.error[0].value
    assert [b.label for b in at.button] == ["Logg ut"]
    assert not at.chat_input and not at.sidebar.caption
