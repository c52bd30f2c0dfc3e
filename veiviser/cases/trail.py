"""Append-only record of who created, viewed, changed or exported which case, and when.

The table lives in the case database so a change and its event commit in the
same transaction: either both are there or neither is. SQLite triggers abort
any UPDATE or DELETE on it, so history cannot be rewritten through the
application or a stray SQL statement.

Details hold ids, field names and versions, never free text: the log cannot
be edited, so nothing that might later have to be erased goes into it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from veiviser.pii import guard

EVENTS = frozenset(
    {
        "case_created",
        "case_viewed",
        "case_exported",
        "answer_set",
        "actor_added",
        "actor_removed",
        "status_changed",
        "note_added",
        "spor_recorded",
        "learning_log_added",
        "care_load_set",
    }
)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS audit_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        case_id INTEGER,
        user TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
    )""",
    "CREATE INDEX IF NOT EXISTS audit_events_by_case ON audit_events (case_id, id)",
    """CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
)

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=UTC)


def check_user(user: str) -> str:
    """A user name for the log: 1-100 printable characters."""
    if not isinstance(user, str) or not user.strip() or len(user) > 100 or not user.isprintable():
        raise ValueError("Brukernavn mangler eller er ugyldig (1–100 tegn, ingen linjeskift).")
    return user


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    event: str
    case_id: int | None
    user: str
    detail: dict[str, Any] = field(default_factory=dict)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def create_schema(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


class AuditLog:
    """Reads and appends events through `connection()`, the caller's connection for this thread.

    Called inside an open transaction, `record` joins it; otherwise the insert
    commits on its own.
    """

    def __init__(self, connection: Callable[[], sqlite3.Connection], clock: Callable[[], datetime] = utc_now) -> None:
        self._connection = connection
        self._clock = clock

    def record(
        self,
        event: str,
        case_id: int | None,
        user: str,
        detail: Mapping[str, Any] | None = None,
        *,
        at: datetime | None = None,
    ) -> AuditEvent:
        if event not in EVENTS:
            raise ValueError(f"Unknown audit event {event!r}; known: {', '.join(sorted(EVENTS))}")
        check_user(user)
        detail = dict(detail or {})
        for text in _strings(detail):  # details are ids and field names by design; make sure
            guard(text, field="audit detail")
        detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True)
        moment = at or self._clock()
        cursor = self._connection().execute(
            "INSERT INTO audit_events (at, event, case_id, user, detail) VALUES (?, ?, ?, ?, ?)",
            (format_time(moment), event, case_id, user, detail_json),
        )
        return AuditEvent(
            int(cursor.lastrowid or 0), parse_time(format_time(moment)), event, case_id, user, json.loads(detail_json)
        )

    def list_events(
        self,
        case_id: int | None = None,
        *,
        user: str | None = None,
        event: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditEvent]:
        """Events oldest first, filtered by any of case, user, event name and start time."""
        where, params = [], []
        for column, value in (("case_id", case_id), ("user", user), ("event", event)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("at >= ?")
            params.append(format_time(since))
        sql = "SELECT id, at, event, case_id, user, detail FROM audit_events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self._connection().execute(sql, params).fetchall()
        return [AuditEvent(r[0], parse_time(r[1]), r[2], r[3], r[4], json.loads(r[5])) for r in rows]
