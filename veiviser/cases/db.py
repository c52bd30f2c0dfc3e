"""SQLite connections and schema for the case store.

WAL lets the app read while one writer commits. synchronous=FULL syncs the
WAL at every commit: case records are the staff's documentation of a
person's services, writes are a few per minute per user, so losing the last
commits on power loss (the risk with NORMAL) is not worth the saved fsync.
Writers take the lock up front (BEGIN IMMEDIATE) and wait up to the busy
timeout, so concurrent read-modify-writes from several processes serialise
instead of failing half-way.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from veiviser.cases import trail as audit_log
from veiviser.core.errors import VeiviserError
from veiviser.core.private_files import private_file

SCHEMA_VERSION = 1

_SCHEMA_V1 = (
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        pathway_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        care_load TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(care_load))
    )""",
    "CREATE INDEX cases_by_owner ON cases (owner, status)",
    """CREATE TABLE answers (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        note TEXT NOT NULL DEFAULT '',
        answered_at TEXT NOT NULL,
        answered_by TEXT NOT NULL,
        PRIMARY KEY (case_id, item_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE actors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        service TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
    )""",
    "CREATE INDEX actors_by_case ON actors (case_id)",
    """CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT NOT NULL
    )""",
    "CREATE INDEX notes_by_case ON notes (case_id)",
    """CREATE TABLE spor_scores (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        round_no INTEGER NOT NULL CHECK (round_no >= 1),
        question_id TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 9),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (case_id, round_no, question_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE learning_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        logged_at TEXT NOT NULL,
        logged_by TEXT NOT NULL,
        incident TEXT NOT NULL,
        understanding TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL DEFAULT '',
        evaluation TEXT NOT NULL DEFAULT '',
        lesson TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX learning_log_by_case ON learning_log (case_id)",
)


class CaseDatabaseError(VeiviserError, RuntimeError):
    """The database file cannot be used as a case store (wrong version, no WAL)."""


def connect(path: Path, busy_timeout_s: float = 15.0) -> sqlite3.Connection:
    """A connection in autocommit mode; transactions are explicit (see `write_transaction`)."""
    # check_same_thread=False only so ThreadConnections.close_all can close from one thread;
    # each connection is still used by the thread that opened it.
    private_file(Path(path))  # 0600 before SQLite opens it; its -wal and -shm files take the same rights
    conn = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.close()
        raise CaseDatabaseError(
            f"{path}: SQLite could not switch to WAL mode (got {mode!r}); put the case database "
            "on a local disk, not a network share."
        )
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (including KeyboardInterrupt)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> None:
    """Create the schema on a new file; refuse a file written by a newer Veiviser."""
    with write_transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CaseDatabaseError(
                f"The case database has schema version {version}, newer than this Veiviser "
                f"({SCHEMA_VERSION}). Upgrade Veiviser before opening it."
            )
        if version == 0:
            for statement in _SCHEMA_V1:
                conn.execute(statement)
            audit_log.create_schema(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


class ThreadConnections:
    """One connection per thread and process: sqlite3 connections must not cross either."""

    def __init__(self, path: Path, busy_timeout_s: float) -> None:
        self.path = path
        self._busy_timeout_s = busy_timeout_s
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[tuple[int, sqlite3.Connection]] = []

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = connect(self.path, self._busy_timeout_s)
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._opened.append((os.getpid(), conn))
        return conn

    def close_all(self) -> None:
        """Close the connections this process opened; a forked child never closes its parent's."""
        with self._lock:
            mine = [c for pid, c in self._opened if pid == os.getpid()]
            self._opened = []
        for conn in mine:
            conn.close()
        self._local = threading.local()
