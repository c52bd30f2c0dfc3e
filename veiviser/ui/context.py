"""What every page needs for one rerun: settings, translator, services and the stores.

The shell builds one UiContext per rerun and puts it in session state; page
scripts fetch it with `current()`. Everything expensive behind it is cached in
veiviser.ui.resources, so building the context is cheap.
"""

from __future__ import annotations

import logging
import os
import pwd
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from veiviser.app.preferences import Preferences
from veiviser.app.services import Services
from veiviser.cases import CaseStore, access
from veiviser.core.config import Settings
from veiviser.core.i18n import Translator
from veiviser.index.versions import IndexVersion
from veiviser.ui import resources

log = logging.getLogger(__name__)

CONTEXT_KEY = "vv_context"


@dataclass
class UiContext:
    base: Settings  # from the environment, before preferences
    settings: Settings  # what this session uses
    prefs: Preferences
    t: Translator
    services: Services
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.t.lang

    @property
    def key(self) -> str:
        return resources.settings_key(self.settings)

    @property
    def signed_in(self) -> bool:
        """True when OIDC sign-in is set up and this visitor has signed in."""
        try:
            return bool(getattr(st.user, "is_logged_in", False))
        except Exception:  # no auth configured
            return False

    @property
    def identity(self) -> str | None:
        """Who signed in, from the provider's claims (see access.signed_in_identity); None if nobody did."""
        if not self.signed_in:
            return None
        return access.signed_in_identity(st.user)

    @property
    def role(self) -> str:
        return access.role_for(self.identity, self.settings, signed_in=self.signed_in)

    @property
    def user(self) -> str:
        """Who the audit log names: the signed-in user when authentication is set up, else the OS account."""
        if self.signed_in:
            identity = self.identity
            if identity is None:  # sign_in_gate stops every page before this can be used
                raise RuntimeError("the identity provider sent neither an e-mail address nor a subject")
            return identity
        try:
            return pwd.getpwuid(os.getuid()).pw_name or "local"
        except (KeyError, OSError):
            return "local"

    # ---------------------------------------------------------------- index
    def version_name(self) -> str | None:
        return self.services.index_manager.current_name()

    def version(self) -> IndexVersion | None:
        """The live index version, or None when none is built yet (see `index_error`)."""
        if "version" in self._memo:
            return self._memo["version"]
        version = None
        name = self.version_name()
        if name:
            try:
                version = resources.index_version(self.key, name, self.services)
            except Exception as exc:
                log.warning("index %s could not be opened: %s", name, exc)
                self._memo["index_error"] = str(exc)
        self._memo["version"] = version
        return version

    def index_error(self) -> str | None:
        self.version()
        return self._memo.get("index_error")

    def retriever(self):
        version = self.version()
        if version is None:
            return None
        return resources.retriever(self.key, version.name, self.services, version)

    # ---------------------------------------------------------------- data
    def kb(self) -> resources.KbState:
        return resources.knowledge_base(self.settings.kb_dir)

    def cases(self) -> CaseStore:
        return resources.case_store(str(self.settings.cases_db))

    def feedback(self):
        return resources.feedback_store(str(self.settings.feedback_db))


def current() -> UiContext:
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:
        raise RuntimeError("The page was run without the app shell; start the app with `streamlit run app.py`.")
    return ctx
