"""Roles: single-user sees everything; with sign-in only listed leaders do, others only their own cases."""

from __future__ import annotations

import pytest

from veiviser.cases import CaseNotFoundError, CaseStore
from veiviser.cases.access import (
    LEADER,
    STAFF,
    can_administer,
    can_open_case,
    can_see_audit_log,
    case_owner_filter,
    open_case,
    role_for,
    signed_in_identity,
)
from veiviser.core.config import Settings


def test_without_sign_in_the_single_user_is_leader():
    settings = Settings(embedder="fake")
    assert role_for("kari", settings, signed_in=False) == LEADER
    assert can_see_audit_log(role_for(None, settings, signed_in=False))


def test_with_sign_in_only_listed_leaders_are_leaders_case_insensitively():
    settings = Settings(embedder="fake", leader_users=("leder@eksempel.no",))
    assert role_for("Leder@Eksempel.no ", settings, signed_in=True) == LEADER
    assert role_for("koordinator@eksempel.no", settings, signed_in=True) == STAFF
    assert role_for(None, settings, signed_in=True) == STAFF
    assert not can_see_audit_log(STAFF)


def test_leaders_from_the_environment_are_split_on_commas_and_lowercased():
    settings = Settings.from_env({"VEIVISER_EMBEDDER": "fake", "VEIVISER_LEADERS": " A@x.no, b@y.no ,,"})
    assert settings.leader_users == ("a@x.no", "b@y.no")
    assert Settings.from_env({"VEIVISER_EMBEDDER": "fake"}).leader_users == ()


def test_staff_list_only_their_own_cases_and_leaders_all(tmp_path):
    store = CaseStore(tmp_path / "cases.sqlite")
    store.create_case("KE-2026-201", "no-oppfolging", "anna@eksempel.no")
    store.create_case("KE-2026-202", "no-oppfolging", "bo@eksempel.no")
    own = store.list_cases(owner=case_owner_filter(STAFF, "anna@eksempel.no"))
    assert [c.reference for c in own] == ["KE-2026-201"]
    assert len(store.list_cases(owner=case_owner_filter(LEADER, "leder@eksempel.no"))) == 2
    assert can_open_case(STAFF, "anna@eksempel.no", "anna@eksempel.no")
    assert not can_open_case(STAFF, "anna@eksempel.no", "bo@eksempel.no")
    assert can_open_case(LEADER, "leder@eksempel.no", "bo@eksempel.no")


def test_the_signed_in_identity_is_the_verified_e_mail_lowercased_else_the_subject():
    assert signed_in_identity({"email": " Kari@Eksempel.NO ", "sub": "s1", "name": "Kari"}) == "kari@eksempel.no"
    assert signed_in_identity({"email": "kari@eksempel.no", "email_verified": True}) == "kari@eksempel.no"
    assert signed_in_identity({"email": "leder@eksempel.no", "email_verified": False, "sub": "s2"}) == "s2"
    assert signed_in_identity({"email": "leder@eksempel.no", "email_verified": "false", "sub": "s2"}) == "s2"
    assert signed_in_identity({"email": "", "sub": "s3", "name": "Kari"}) == "s3"
    assert signed_in_identity({"name": "Kari Nordmann"}) is None  # a display name is not unique
    assert signed_in_identity({}) is None


def test_opening_someone_elses_case_by_id_is_refused_and_leaves_no_view(tmp_path):
    store = CaseStore(tmp_path / "cases.sqlite")
    case = store.create_case("KE-2026-301", "no-oppfolging", "anna@eksempel.no")
    with pytest.raises(CaseNotFoundError):
        open_case(store, case.id, STAFF, "bjorn@eksempel.no")
    with pytest.raises(CaseNotFoundError):
        open_case(store, case.id + 99, LEADER, "leder@eksempel.no")
    assert [e.event for e in store.history(case.id)] == ["case_created"]
    assert open_case(store, case.id, STAFF, "anna@eksempel.no").reference == "KE-2026-301"
    assert open_case(store, case.id, LEADER, "leder@eksempel.no").id == case.id
    assert [e.event for e in store.history(case.id)] == ["case_created", "case_viewed", "case_viewed"]


def test_the_administrator_section_is_for_leaders_and_the_single_local_user():
    settings = Settings(leader_users=("leder@example.test",))
    assert can_administer(role_for(None, settings, signed_in=False))
    assert can_administer(role_for("leder@example.test", settings, signed_in=True))
    assert not can_administer(role_for("ansatt@example.test", settings, signed_in=True))
