"""Who may see what: unit leaders see every case and the audit log, other staff only their own cases.

Without sign-in the app runs for one person on their own machine (127.0.0.1), who is
then both the case worker and the leader of their own records, so nothing is hidden.
With sign-in (OIDC), the role comes from `Settings.leader_users` (VEIVISER_LEADERS).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from veiviser.cases.models import Case, CaseNotFoundError
from veiviser.core.config import Settings

if TYPE_CHECKING:
    from veiviser.cases.store import CaseStore

LEADER = "leader"
STAFF = "staff"


def signed_in_identity(claims: Mapping[str, object]) -> str | None:
    """The name cases and the audit log are kept under for a user signed in through OIDC, or None.

    The e-mail, lowercased (providers differ in how they case it, and a case owned under
    `Kari@x.no` must stay hers as `kari@x.no`). An e-mail the provider marks unverified is
    not trusted, or anyone could claim a leader's address. Without a usable e-mail the
    provider's subject (`sub`, unique per user) is used, never the display name: two people
    with the same name would otherwise share each other's cases.
    """
    email = claims.get("email")
    verified = claims.get("email_verified", True)
    if isinstance(email, str) and email.strip() and verified not in (False, "false", "False"):
        return email.strip().lower()[:100]
    subject = claims.get("sub")
    if isinstance(subject, str) and subject.strip():
        return subject.strip()[:100]
    return None


def role_for(user: str | None, settings: Settings, *, signed_in: bool) -> str:
    """The role of `user`: everyone is leader when running single-user; else leaders by e-mail, case-insensitively."""
    if not signed_in:
        return LEADER
    leaders = {u.strip().lower() for u in settings.leader_users}
    return LEADER if user and user.strip().lower() in leaders else STAFF


def case_owner_filter(role: str, user: str) -> str | None:
    """The owner to pass to CaseStore.list_cases: None (all cases) for leaders, the user themselves otherwise."""
    return None if role == LEADER else user


def can_see_audit_log(role: str) -> bool:
    return role == LEADER


def can_administer(role: str) -> bool:
    """Whether Settings shows its administrator section (folders, environment settings, commands).

    There is no separate administrator role: unit leaders (VEIVISER_LEADERS) are the ones
    who answer for the installation, and the single local user runs it themselves (and is
    a leader, see role_for). Other staff get plain status instead of settings names.
    """
    return role == LEADER


def can_open_case(role: str, user: str, owner: str) -> bool:
    """Staff may open only cases they own; leaders may open any."""
    return role == LEADER or owner == user


def open_case(store: CaseStore, case_id: int, role: str, user: str) -> Case:
    """The case `user` asked for by id (a bookmark, a link), its view recorded.

    CaseNotFoundError, with nothing recorded, when there is no such case or `role`
    does not let `user` open it (staff asking for someone else's case).
    """
    if not can_open_case(role, user, store.case_owner(case_id)):
        raise CaseNotFoundError(f"sak {case_id}")
    return store.get_case(case_id, user)


def can_edit_case(case: Case) -> bool:
    """A closed case is read-only until it is reopened (the store refuses changes to it)."""
    return case.status != "closed"
