"""The audit log: append-only in SQLite itself, complete for every case operation."""

from __future__ import annotations

import sqlite3

import pytest

from veiviser.cases import CaseStore
from veiviser.pii import PiiError


@pytest.fixture
def store(tmp_path):
    with CaseStore(tmp_path / "cases.sqlite") as s:
        yield s


def test_every_operation_is_recorded_with_user_and_time(store):
    case = store.create_case("KE-LOG", "no-ip", "kari")
    store.get_case(case.id, "ola")
    store.set_answer(case.id, "ip.samtykke", True, "", "kari")
    store.add_actor(case.id, "Fastlege", "", "", "kari")
    store.set_status(case.id, "closed", "ola")
    store.record_export(case.id, "ola", "pdf")
    events = store.history(case.id)
    assert [(e.event, e.user) for e in events] == [
        ("case_created", "kari"),
        ("case_viewed", "ola"),
        ("answer_set", "kari"),
        ("actor_added", "kari"),
        ("status_changed", "ola"),
        ("case_exported", "ola"),
    ]
    assert events[2].detail == {"item_id": "ip.samtykke", "version": 2}
    assert events[4].detail == {"from": "open", "to": "closed", "version": 4}
    assert events[5].detail == {"format": "pdf", "version": 4}
    assert all(a.at <= b.at for a, b in zip(events, events[1:]))
    assert store.get_case(case.id, "kari").version == 4  # views and exports do not change the case


def test_list_events_filters(store):
    a = store.create_case("KE-A", "no-ip", "kari")
    b = store.create_case("KE-B", "no-ip", "ola")
    store.get_case(a.id, "ola")
    assert [e.case_id for e in store.audit.list_events(user="ola")] == [b.id, a.id]
    assert [e.event for e in store.audit.list_events(event="case_created")] == ["case_created"] * 2
    assert len(store.audit.list_events(limit=2)) == 2
    first = store.audit.list_events()[0]
    assert store.audit.list_events(since=first.at)[0].id == first.id


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET user = 'mallory'", "DELETE FROM audit_events", "DELETE FROM audit_events WHERE id = 1"],
)
def test_database_rejects_rewriting_history(store, statement, tmp_path):
    store.create_case("KE-AUD", "no-ip", "kari")
    conn = sqlite3.connect(tmp_path / "cases.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
        assert conn.execute("SELECT user FROM audit_events").fetchall() == [("kari",)]
    finally:
        conn.close()


def test_audit_log_refuses_unknown_events_and_pii_details(store):
    with pytest.raises(ValueError, match="Unknown audit event"):
        store.audit.record("case_deleted", None, "kari")
    with pytest.raises(PiiError):
        store.audit.record("case_exported", None, "kari", {"format": "pdf", "to": "kari@example.org"})
    assert store.audit.list_events() == []
