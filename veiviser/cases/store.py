"""Resumable case records in SQLite, with optimistic concurrency and an audit trail.

Every change runs as one BEGIN IMMEDIATE transaction that checks the case
version, applies the change, bumps the version and appends the audit event,
so two processes editing the same case never lose an update and the history
always matches the data. Input is validated (and free text PII-guarded)
before the transaction starts, so a refused input writes nothing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from veiviser.cases import validation
from veiviser.cases.db import ThreadConnections, migrate, write_transaction
from veiviser.cases.models import (
    CASE_STATUSES,
    Actor,
    Case,
    CaseClosedError,
    CaseNote,
    CaseNotFoundError,
    CaseSummary,
    CaseValidationError,
    ConflictError,
    ItemAnswer,
    LearningLogEntry,
    SporRound,
)
from veiviser.cases.trail import AuditEvent, AuditLog, check_user, format_time, parse_time, utc_now
from veiviser.core.private_files import private_file

log = logging.getLogger(__name__)

_Apply = Callable[[sqlite3.Connection, str], Mapping[str, Any] | None]


def _user(user: str) -> str:
    try:
        return check_user(user)
    except ValueError as exc:
        raise CaseValidationError(str(exc)) from exc


class CaseStore:
    """Case records in one SQLite file (Settings.cases_db); safe across threads and processes."""

    def __init__(self, db_path: Path, *, clock: Callable[[], datetime] = utc_now, busy_timeout_s: float = 15.0) -> None:
        db_path = private_file(Path(db_path))  # 0600 in a 0700 folder: case notes are personal data
        self.db_path = db_path
        self._clock = clock
        self._connections = ThreadConnections(db_path, busy_timeout_s)
        self.audit = AuditLog(self._connections.get, clock)
        migrate(self._connections.get())

    def close(self) -> None:
        self._connections.close_all()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ cases

    def create_case(self, reference: str, pathway_id: str, owner: str) -> Case:
        validation.reference(reference)
        validation.identifier(pathway_id, "forløps-id")
        _user(owner)
        conn, now = self._connections.get(), format_time(self._clock())
        with write_transaction(conn):
            if conn.execute("SELECT 1 FROM cases WHERE reference = ?", (reference,)).fetchone():
                raise CaseValidationError(
                    f"Referansen «{reference}» er allerede i bruk. Åpne den saken, eller velg en annen referanse."
                )
            cursor = conn.execute(
                "INSERT INTO cases (reference, pathway_id, status, owner, created_at, updated_at, version)"
                " VALUES (?, ?, 'open', ?, ?, ?, 1)",
                (reference, pathway_id, owner, now, now),
            )
            case_id = int(cursor.lastrowid or 0)
            self.audit.record(
                "case_created", case_id, owner, {"pathway_id": pathway_id, "version": 1}, at=parse_time(now)
            )
            return self._load(conn, case_id)

    def get_case(self, case_id: int, user: str) -> Case:
        """The case as it is now; the view is recorded in the audit log."""
        _user(user)
        conn = self._connections.get()
        with write_transaction(conn):
            case = self._load(conn, case_id)
            self.audit.record("case_viewed", case_id, user, {"version": case.version})
        return case

    def case_owner(self, case_id: int) -> str:
        """Who owns the case, without recording a view (so access can be checked before opening it)."""
        row = self._connections.get().execute("SELECT owner FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFoundError(f"sak {case_id}")
        return str(row[0])

    def find_case(self, reference: str, user: str) -> Case:
        """Resume a case by its pseudonymous reference (records a view)."""
        row = self._connections.get().execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()
        if row is None:
            raise CaseNotFoundError(f"en sak med referansen «{reference}»")
        return self.get_case(int(row[0]), user)

    def list_cases(self, owner: str | None = None, status: str | None = None) -> list[CaseSummary]:
        """Cases, most recently changed first; listing is not recorded as viewing."""
        if status is not None and status not in CASE_STATUSES:
            raise CaseValidationError(f"Ukjent status {status!r}; bruk {' eller '.join(CASE_STATUSES)}.")
        where, params = [], []
        if owner is not None:
            where.append("c.owner = ?")
            params.append(owner)
        if status is not None:
            where.append("c.status = ?")
            params.append(status)
        sql = (
            "SELECT c.id, c.reference, c.pathway_id, c.status, c.owner, c.created_at, c.updated_at, c.version,"
            " (SELECT COUNT(*) FROM answers a WHERE a.case_id = c.id) FROM cases c"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.updated_at DESC, c.id DESC"
        return [
            CaseSummary(r[0], r[1], r[2], r[3], r[4], parse_time(r[5]), parse_time(r[6]), r[7], r[8])
            for r in self._connections.get().execute(sql, params)
        ]

    def set_status(self, case_id: int, status: str, user: str, expected_version: int | None = None) -> Case:
        if status not in CASE_STATUSES:
            raise CaseValidationError(f"Ukjent status {status!r}; bruk {' eller '.join(CASE_STATUSES)}.")

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            old = conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
            conn.execute("UPDATE cases SET status = ? WHERE id = ?", (status, case_id))
            return {"from": old, "to": status}

        return self._change(case_id, user, expected_version, "status_changed", apply, allow_closed=True)

    # ---------------------------------------------------------------- content

    def set_answer(
        self,
        case_id: int,
        item_id: str,
        value: Any,
        note: str,
        user: str,
        expected_version: int | None = None,
    ) -> Case:
        """Answer (or re-answer) one checklist item; `note` is free text and PII-guarded."""
        validation.identifier(item_id, "sjekkpunkt-id")
        value_json = json.dumps(validation.json_value(value, "svar"), ensure_ascii=False)
        validation.free_text(note, "notat")

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            conn.execute(
                "INSERT INTO answers (case_id, item_id, value, note, answered_at, answered_by)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, item_id) DO UPDATE SET"
                " value = excluded.value, note = excluded.note,"
                " answered_at = excluded.answered_at, answered_by = excluded.answered_by",
                (case_id, item_id, value_json, note, now, user),
            )
            return {"item_id": item_id}

        return self._change(case_id, user, expected_version, "answer_set", apply)

    def add_actor(
        self,
        case_id: int,
        label: str,
        role: str,
        service: str,
        user: str,
        expected_version: int | None = None,
    ) -> Case:
        """Add a participant to the actor map, named by role or service ("Fastlege", "NAV-veileder")."""
        validation.free_text(label, "aktør", validation.MAX_LABEL, required=True)
        validation.free_text(role, "rolle", validation.MAX_LABEL)
        validation.free_text(service, "tjeneste", validation.MAX_LABEL)

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            cursor = conn.execute(
                "INSERT INTO actors (case_id, label, role, service, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, label, role, service, now, user),
            )
            return {"actor_id": cursor.lastrowid}

        return self._change(case_id, user, expected_version, "actor_added", apply)

    def remove_actor(self, case_id: int, actor_id: int, user: str, expected_version: int | None = None) -> Case:
        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            deleted = conn.execute("DELETE FROM actors WHERE id = ? AND case_id = ?", (actor_id, case_id)).rowcount
            if not deleted:
                raise CaseNotFoundError(f"aktør {actor_id} i sak {case_id}")
            return {"actor_id": actor_id}

        return self._change(case_id, user, expected_version, "actor_removed", apply)

    def add_note(self, case_id: int, text: str, user: str, expected_version: int | None = None) -> Case:
        validation.free_text(text, "notat", required=True)

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            cursor = conn.execute(
                "INSERT INTO notes (case_id, text, created_at, author) VALUES (?, ?, ?, ?)",
                (case_id, text, now, user),
            )
            return {"note_id": cursor.lastrowid}

        return self._change(case_id, user, expected_version, "note_added", apply)

    def record_spor_scores(
        self, case_id: int, scores: Mapping[str, int], user: str, expected_version: int | None = None
    ) -> Case:
        """Record one SPoR interview round (question id -> score 1-9)."""
        checked = dict(validation.spor_score(q, s) for q, s in scores.items())
        if not checked:
            raise CaseValidationError("En SPoR-runde må ha minst én skår.")

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            last = conn.execute("SELECT MAX(round_no) FROM spor_scores WHERE case_id = ?", (case_id,)).fetchone()[0]
            round_no = (last or 0) + 1
            conn.executemany(
                "INSERT INTO spor_scores (case_id, round_no, question_id, score, recorded_at, recorded_by)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(case_id, round_no, q, s, now, user) for q, s in checked.items()],
            )
            return {"round_no": round_no, "questions": sorted(checked)}

        return self._change(case_id, user, expected_version, "spor_recorded", apply)

    def add_learning_log_entry(
        self,
        case_id: int,
        user: str,
        *,
        incident: str,
        understanding: str = "",
        decision: str = "",
        evaluation: str = "",
        lesson: str = "",
        expected_version: int | None = None,
    ) -> Case:
        fields = {
            "incident": validation.free_text(incident, "hendelse", required=True),
            "understanding": validation.free_text(understanding, "felles forståelse"),
            "decision": validation.free_text(decision, "beslutning"),
            "evaluation": validation.free_text(evaluation, "evaluering"),
            "lesson": validation.free_text(lesson, "læring"),
        }

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            cursor = conn.execute(
                "INSERT INTO learning_log (case_id, logged_at, logged_by, incident, understanding, decision,"
                " evaluation, lesson) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, now, user, *fields.values()),
            )
            return {"entry_id": cursor.lastrowid}

        return self._change(case_id, user, expected_version, "learning_log_added", apply)

    def set_care_load_inputs(
        self, case_id: int, inputs: Mapping[str, Any], user: str, expected_version: int | None = None
    ) -> Case:
        """Replace the care-load calculator inputs (a flat mapping of ids to numbers, flags or short text)."""
        checked = {}
        for key, value in inputs.items():
            validation.identifier(key, "felt-id")
            if isinstance(value, list | tuple | Mapping):
                raise CaseValidationError(f"Belastningsfeltet {key!r} må være tall, ja/nei eller kort tekst.")
            checked[key] = validation.json_value(value, "belastning")
        inputs_json = json.dumps(checked, ensure_ascii=False, sort_keys=True)

        def apply(conn: sqlite3.Connection, now: str) -> Mapping[str, Any]:
            conn.execute("UPDATE cases SET care_load = ? WHERE id = ?", (inputs_json, case_id))
            return {"keys": sorted(checked)}

        return self._change(case_id, user, expected_version, "care_load_set", apply)

    # ---------------------------------------------------------------- history

    def record_export(self, case_id: int, user: str, fmt: str) -> None:
        """Note that the case left the system (PDF, DOCX, ...); exporting does not change the version."""
        _user(user)
        validation.identifier(fmt, "eksportformat")
        conn = self._connections.get()
        with write_transaction(conn):
            version = self._version(conn, case_id)
            self.audit.record("case_exported", case_id, user, {"format": fmt, "version": version})

    def history(self, case_id: int) -> list[AuditEvent]:
        """Every recorded event for the case, oldest first."""
        return self.audit.list_events(case_id)

    # --------------------------------------------------------------- internals

    def _change(
        self,
        case_id: int,
        user: str,
        expected_version: int | None,
        event: str,
        apply: _Apply,
        *,
        allow_closed: bool = False,
    ) -> Case:
        """Check version and status, apply, bump the version and audit it: all in one transaction."""
        _user(user)
        conn = self._connections.get()
        with write_transaction(conn):
            row = conn.execute("SELECT version, status FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise CaseNotFoundError(f"sak {case_id}")
            version, status = row
            if expected_version is not None and expected_version != version:
                raise ConflictError(case_id, expected_version, version)
            if status == "closed" and not allow_closed:
                raise CaseClosedError(case_id)
            moment = self._clock()
            now = format_time(moment)
            detail = dict(apply(conn, now) or {})
            conn.execute("UPDATE cases SET version = ?, updated_at = ? WHERE id = ?", (version + 1, now, case_id))
            self.audit.record(event, case_id, user, {**detail, "version": version + 1}, at=moment)
            case = self._load(conn, case_id)
        log.debug("case %s: %s, now version %s", case_id, event, case.version)
        return case

    @staticmethod
    def _version(conn: sqlite3.Connection, case_id: int) -> int:
        row = conn.execute("SELECT version FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFoundError(f"sak {case_id}")
        return int(row[0])

    @staticmethod
    def _load(conn: sqlite3.Connection, case_id: int) -> Case:
        row = conn.execute(
            "SELECT id, reference, pathway_id, status, owner, created_at, updated_at, version, care_load"
            " FROM cases WHERE id = ?",
            (case_id,),
        ).fetchone()
        if row is None:
            raise CaseNotFoundError(f"sak {case_id}")
        answers = {
            r[0]: ItemAnswer(r[0], json.loads(r[1]), r[2], parse_time(r[3]), r[4])
            for r in conn.execute(
                "SELECT item_id, value, note, answered_at, answered_by FROM answers WHERE case_id = ? ORDER BY item_id",
                (case_id,),
            )
        }
        actors = tuple(
            Actor(r[0], r[1], r[2], r[3], parse_time(r[4]), r[5])
            for r in conn.execute(
                "SELECT id, label, role, service, added_at, added_by FROM actors WHERE case_id = ? ORDER BY id",
                (case_id,),
            )
        )
        notes = tuple(
            CaseNote(r[0], r[1], parse_time(r[2]), r[3])
            for r in conn.execute(
                "SELECT id, text, created_at, author FROM notes WHERE case_id = ? ORDER BY id", (case_id,)
            )
        )
        rounds: dict[int, SporRound] = {}
        for r in conn.execute(
            "SELECT round_no, question_id, score, recorded_at, recorded_by FROM spor_scores"
            " WHERE case_id = ? ORDER BY round_no, question_id",
            (case_id,),
        ):
            rounds.setdefault(r[0], SporRound(r[0], parse_time(r[3]), r[4], {})).scores[r[1]] = r[2]
        entries = tuple(
            LearningLogEntry(r[0], parse_time(r[1]), r[2], r[3], r[4], r[5], r[6], r[7])
            for r in conn.execute(
                "SELECT id, logged_at, logged_by, incident, understanding, decision, evaluation, lesson"
                " FROM learning_log WHERE case_id = ? ORDER BY id",
                (case_id,),
            )
        )
        return Case(
            id=row[0],
            reference=row[1],
            pathway_id=row[2],
            status=row[3],
            owner=row[4],
            created_at=parse_time(row[5]),
            updated_at=parse_time(row[6]),
            version=row[7],
            answers=answers,
            actors=actors,
            notes=notes,
            spor_rounds=tuple(rounds.values()),
            learning_log=entries,
            care_load=json.loads(row[8]),
        )
