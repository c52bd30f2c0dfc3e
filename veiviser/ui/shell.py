"""The Streamlit shell: settings, language, cached services, navigation and the sidebar.

`app.py` calls `run()` with a settings factory (the only place the environment is
read). Each page is a small script under veiviser/ui/pages that renders one page
module with the context built here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from veiviser.app import feedback, preferences
from veiviser.app.library import split_kb
from veiviser.cases import access
from veiviser.core.config import ConfigError, Settings
from veiviser.core.errors import VeiviserError
from veiviser.core.i18n import UI_LANGS, LocaleError, translator
from veiviser.ui import resources
from veiviser.ui.context import CONTEXT_KEY, UiContext

log = logging.getLogger(__name__)

PAGES_DIR = Path(__file__).resolve().parent / "pages"
LANG_KEY = "vv_ui_lang"
PAGES_KEY = "vv_pages"
PREFS_KEY = "vv_prefs"

# (script, url path, title key, icon)
PAGES = (
    ("ask.py", "ask", "nav.ask", ":material/forum:"),
    ("case.py", "case", "nav.case", ":material/checklist:"),
    ("knowledge.py", "knowledge", "nav.knowledge", ":material/library_books:"),
    ("audit.py", "audit", "nav.audit", ":material/fact_check:"),
    ("course.py", "course", "nav.course", ":material/school:"),
    ("log.py", "log", "nav.log", ":material/history:"),
    ("feedback.py", "feedback", "feedback_page.nav", ":material/reviews:"),
    ("settings.py", "settings", "nav.settings", ":material/settings:"),
)


def page_path(script: str, main_script: Path) -> str:
    """A page script relative to the main script, as st.Page and AppTest.switch_page expect."""
    try:
        return str((PAGES_DIR / script).relative_to(main_script.resolve().parent))
    except ValueError:
        return str(PAGES_DIR / script)


def page_for(url_path: str):
    """The st.Page registered under `url_path` in this run, for st.page_link and st.switch_page."""
    return st.session_state[PAGES_KEY][url_path]


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file: no authentication set up
        return False


def build_context(base: Settings) -> UiContext:
    if PREFS_KEY not in st.session_state:
        st.session_state[PREFS_KEY] = preferences.load(base.home)
    prefs: preferences.Preferences = st.session_state[PREFS_KEY]
    settings = preferences.apply(base, prefs)
    if st.session_state.get(LANG_KEY) not in UI_LANGS:
        st.session_state[LANG_KEY] = settings.ui_lang if settings.ui_lang in UI_LANGS else "nb"
    settings = settings.with_(ui_lang=st.session_state[LANG_KEY])
    t = translator(settings.locales_dir, settings.ui_lang)
    services = resources.services(resources.settings_key(settings), settings)
    return UiContext(base=base, settings=settings, prefs=prefs, t=t, services=services)


def save_preferences(ctx: UiContext, **changes: object) -> None:
    """Remember a settings-page choice for this session and future visits."""
    prefs = ctx.prefs.with_(**changes)
    st.session_state[PREFS_KEY] = prefs
    if "ui_lang" in changes:
        st.session_state[LANG_KEY] = changes["ui_lang"]
    try:
        preferences.save(ctx.base.home, prefs)
    except OSError as exc:
        log.warning("preferences not saved: %s", exc)
        st.toast(ctx.t("settings.prefs_not_saved", error=str(exc)))


def sidebar(ctx: UiContext) -> None:
    t = ctx.t
    with st.sidebar:
        version = ctx.version()
        if version is None:
            st.warning(t("shell.no_index"), icon=":material/info:")
        else:
            st.caption(
                t(
                    "shell.index_summary",
                    documents=len(split_kb(version.documents)[0]),  # as the Kunnskapsbase page counts them
                    chunks=int(version.manifest.get("chunks", 0)),
                )
            )
        if not _auth_configured():
            st.caption(t("shell.single_user"))
        elif ctx.signed_in:
            st.caption(t("shell.signed_in_as", user=ctx.user, role=t(f"shell.role_{ctx.role}")))
            st.button(t("shell.sign_out"), on_click=st.logout, key="vv_sign_out")


def visible_pages(role: str) -> list[tuple[str, str, str, str]]:
    """The pages this role may open: the audit log and the feedback review are for unit leaders only."""
    allowed = {"log": access.can_see_audit_log(role), "feedback": feedback.can_review(role)}
    return [page for page in PAGES if allowed.get(page[1], True)]


def sign_in_gate(ctx: UiContext) -> None:
    """With OIDC set up in .streamlit/secrets.toml ([auth]), nothing is shown before sign-in.

    Nor after a sign-in that does not say who the user is: cases and the log need a name.
    """
    if not _auth_configured():
        return
    if ctx.signed_in:
        if ctx.identity is not None:
            return
        st.title("Veiviser")
        st.error(ctx.t("shell.no_identity"))
        st.button(ctx.t("shell.sign_out"), on_click=st.logout, key="vv_sign_out")
        st.stop()
    st.title("Veiviser")
    st.info(ctx.t("shell.sign_in_needed"))
    st.button(ctx.t("shell.sign_in"), type="primary", on_click=st.login, key="vv_sign_in")
    st.stop()


def run(settings_factory: Callable[[], Settings], main_script: str | Path) -> None:
    st.set_page_config(page_title="Veiviser", page_icon=":material/explore:", layout="wide")
    try:
        base = settings_factory()
    except ConfigError as exc:
        st.error(f"Veiviser cannot start: {exc}")
        st.stop()
    try:
        ctx = build_context(base)
    except LocaleError as exc:
        st.error(f"Veiviser cannot start: {exc}")
        st.stop()
    st.session_state[CONTEXT_KEY] = ctx
    sign_in_gate(ctx)
    main = Path(main_script)
    shown = visible_pages(ctx.role)
    pages = [
        st.Page(page_path(script, main), title=ctx.t(title), icon=icon, url_path=url, default=(url == "ask"))
        for script, url, title, icon in shown
    ]
    st.session_state[PAGES_KEY] = {url: page for (_, url, _, _), page in zip(shown, pages)}
    nav = st.navigation(pages, position="sidebar")
    sidebar(ctx)
    try:
        nav.run()
    except VeiviserError as exc:  # the one catch-all for errors raised on purpose: show the message, keep the app
        log.warning("%s on page %s: %s", type(exc).__name__, nav.url_path, exc)
        st.error(str(exc))
