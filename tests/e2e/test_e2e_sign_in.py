"""Sign-in against a real OpenID Connect provider: oidc-provider-mock on loopback, `st.login` in the app.

The provider runs in this process (a werkzeug thread) and requires a registered client, so the
app has to present the client id and secret it was given. Staff see their own cases and no Logg
page; the unit leader named in VEIVISER_LEADERS sees every case and the Logg page.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = "ansatt@example.test"
OTHER_STAFF = "kollega@example.test"
LEADER = "Leder@Example.test"  # mixed case: the provider's e-mail and VEIVISER_LEADERS need not agree on case
CASE_REFERENCE = "KE-2026-910"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OIDC provider on 127.0.0.1 (free port), stopped after the module."""
    import oidc_provider_mock
    import werkzeug.serving

    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, oidc_provider_mock.app(require_client_registration=True, require_nonce=True), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _register_client(provider_url: str, redirect_uri: str) -> dict:
    request = urllib.request.Request(
        f"{provider_url}/oauth2/clients",
        method="POST",
        headers={"Content-Type": "application/json"},
        data=json.dumps({"redirect_uris": [redirect_uri]}).encode(),
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def signed_app(start_app, provider, tmp_path_factory) -> Iterator[dict]:
    """The app with [auth] pointing at the provider; the secrets file lives in a temp folder."""

    def auth_secrets(app_url: str) -> str:
        client = _register_client(provider, f"{app_url}/oauth2callback")
        return (
            "[auth]\n"
            f'redirect_uri = "{app_url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(24)}"\n'
            f'client_id = "{client["client_id"]}"\n'
            f'client_secret = "{client["client_secret"]}"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        )

    base = tmp_path_factory.mktemp("veiviser-e2e-auth")
    with start_app(base, extra_env={"VEIVISER_LEADERS": "leder@example.test"}, secrets=auth_secrets) as server:
        yield server


@pytest.fixture
def page(open_page, signed_app):
    with open_page(30_000, 1000) as pg:
        yield pg


def _wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


def _nav(page):
    return page.get_by_test_id("stSidebarNav")


def _sign_in(page, app_url: str, email: str, shots=None) -> None:
    page.goto(app_url)
    expect(page.get_by_text("Logg inn for å bruke Veiviser.")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)  # nothing of the app before signing in
    if shots:
        page.screenshot(path=str(shots / "sign-in-gate.png"))
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()  # the provider's own page
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app_url) + r"/?(\?.*)?$"))


def _expect_signed_in(page, user: str, role: str) -> None:
    caption = page.get_by_test_id("stSidebar").get_by_text(f"Innlogget som {user} ({role})", exact=True)
    expect(caption).to_be_visible()


def _sign_out(page, app_url: str) -> None:
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="End Session")).to_be_visible()  # the provider ends its session too
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_text("Logg inn for å bruke Veiviser.")).to_be_visible()


def test_staff_and_leader_sign_in_through_the_provider_and_see_what_their_role_allows(page, signed_app, shots):
    url = signed_app["url"]

    _sign_in(page, url, STAFF, shots)
    _expect_signed_in(page, STAFF, "saksbehandler")
    expect(_nav(page).get_by_text("Saksveileder")).to_be_visible()
    expect(_nav(page).get_by_text("Logg", exact=True)).to_have_count(0)
    _nav(page).get_by_text("Saksveileder").click()
    page.get_by_label("Saksreferanse (pseudonym)", exact=True).fill(CASE_REFERENCE)
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.get_by_role("tab", name="Sjekkliste")).to_be_visible()
    _wait_idle(page)
    case_link = page.url  # the open case is in the address (?case=<id>)
    assert "case=" in case_link
    page.goto(f"{url}/log")  # typing the address of a page the role lacks does not open it
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Page not found")
    dialog.get_by_role("button", name="Close").click()
    expect(page.get_by_role("heading", name="Spør Veiviser")).to_be_visible()
    expect(page.get_by_role("heading", name="Logg", exact=True)).to_have_count(0)
    _sign_out(page, url)

    _sign_in(page, url, OTHER_STAFF)
    _expect_signed_in(page, OTHER_STAFF, "saksbehandler")
    _nav(page).get_by_text("Saksveileder").click()
    expect(page.get_by_text("Ingen saker ennå.")).to_be_visible()  # another staff member's case stays hidden
    page.goto(case_link)  # nor does its address open it
    expect(page.get_by_text("Ingen saker ennå.")).to_be_visible()
    expect(page.get_by_role("tab", name="Sjekkliste")).to_have_count(0)
    _sign_out(page, url)

    _sign_in(page, url, LEADER)
    _expect_signed_in(page, LEADER.lower(), "enhetsleder")
    _nav(page).get_by_text("Saksveileder").click()
    expect(page.get_by_test_id("stDataFrame")).to_contain_text(CASE_REFERENCE)  # the leader sees staff's case
    page.goto(case_link)  # and may open it
    expect(page.get_by_role("tab", name="Sjekkliste")).to_be_visible()
    _nav(page).get_by_text("Logg", exact=True).click()
    expect(page.get_by_role("heading", name="Logg", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_contain_text(STAFF)  # who created it, from the provider
    _wait_idle(page)
    page.screenshot(path=str(shots / "leader-log.png"))
    print(f"screenshots in {shots}")
