"""Spør conversations that outlast a page reload: one SQLite file, each conversation its owner's alone.

A coordinator comes back to yesterday's answer, or reloads the page, and expects the chat to
still be there. Every finished turn is written at once (question, answer text, citations,
notices, what the claim check removed), so a reload or a crash loses nothing already shown.

Personal data never reaches the file: every free text is passed through `veiviser.pii.mask`
before it is written (questions, answers, quotes, titles), as for feedback. The file is 0600
in a 0700 folder and in WAL mode, like the case store, so several app processes on one host
share it. Conversations belong to the user who asked (the signed-in identity or the local
account); every read and change is filtered by owner, so a conversation id in the URL
opens nothing for anyone else. Conversations untouched for the retention period are
deleted by `purge` (the app calls it when it starts and once per session).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from veiviser.core.errors import VeiviserError
from veiviser.core.i18n import Translator
from veiviser.core.private_files import private_file
from veiviser.core.types import Answer, Citation, UnsupportedClaim
from veiviser.pii import mask
from veiviser.reports.exports import Bullets, Heading, Paragraph, Report

log = logging.getLogger(__name__)

DB_NAME = "conversations.sqlite"
SCHEMA_VERSION = 1
TITLE_CHARS = 60
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order

_SCHEMA_V1 = (
    """CREATE TABLE conversations (
        id          TEXT PRIMARY KEY,
        owner       TEXT NOT NULL,
        title       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    )""",
    "CREATE INDEX conversations_by_owner ON conversations (owner, updated_at)",
    "CREATE INDEX conversations_by_age ON conversations (updated_at)",
    """CREATE TABLE turns (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        turn_id     TEXT NOT NULL,
        asked_at    TEXT NOT NULL,
        persona     TEXT NOT NULL,
        question    TEXT NOT NULL,
        answer      TEXT NOT NULL,
        abstained   INTEGER NOT NULL,
        answer_lang TEXT NOT NULL,
        answerer    TEXT NOT NULL,
        citations   TEXT NOT NULL CHECK (json_valid(citations)),
        notices     TEXT NOT NULL CHECK (json_valid(notices)),
        unsupported TEXT NOT NULL CHECK (json_valid(unsupported)),
        PRIMARY KEY (conversation_id, position)
    ) WITHOUT ROWID""",
)


class ConversationStoreError(VeiviserError, RuntimeError):
    """The conversation file cannot be used (written by a newer Veiviser, or no WAL on this disk)."""


def conversations_db(home: Path) -> Path:
    """Where the conversations live: beside the case and feedback databases in VEIVISER_HOME."""
    return Path(home) / DB_NAME


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    title: str
    created_at: str
    updated_at: str
    turns: int


@dataclass(frozen=True)
class StoredTurn:
    turn_id: str
    asked_at: str
    persona: str
    answer: Answer  # question and text masked; no passages (they are looked up in the index again)


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created_at: str
    updated_at: str
    turns: tuple[StoredTurn, ...]


def title_from(question: str) -> str:
    """A list label from the first question: masked, one line, at most TITLE_CHARS characters."""
    text = " ".join(mask(question).split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _masked_citation(c: Citation) -> dict:
    return {**c.as_dict(), "source": mask(c.source), "section": mask(c.section), "quote": mask(c.quote)}


def _citation(d: dict) -> Citation:
    return Citation(int(d["n"]), d["source"], d.get("page"), d.get("section", ""), d["quote"], d["chunk_id"])


class ConversationStore:
    def __init__(self, db_path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.db_path = Path(db_path)
        self._clock = clock or (lambda: datetime.now(UTC))
        with self._connect() as con:
            self._migrate(con)

    # ------------------------------------------------------------ plumbing
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        private_file(self.db_path)  # 0600 before SQLite opens it; its -wal and -shm files take the same rights
        con = sqlite3.connect(self.db_path, timeout=15, isolation_level=None)
        try:
            con.execute("PRAGMA busy_timeout = 15000")
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ConversationStoreError(
                    f"{self.db_path}: SQLite could not switch to WAL mode (got {mode!r}); keep VEIVISER_HOME "
                    "on a local disk, not a network share."
                )
            con.execute("PRAGMA foreign_keys = ON")
            yield con
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction with the lock taken up front, so two processes adding turns serialise."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _migrate(self, con: sqlite3.Connection) -> None:
        con.execute("BEGIN IMMEDIATE")
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ConversationStoreError(
                    f"{self.db_path} has schema version {version}, newer than this Veiviser ({SCHEMA_VERSION}). "
                    "Upgrade Veiviser before opening it."
                )
            if version == 0:
                for statement in _SCHEMA_V1:
                    con.execute(statement)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _now(self) -> str:
        return self._clock().astimezone(UTC).strftime(_STAMP)

    # ------------------------------------------------------------ writes
    def add_turn(self, owner: str, conversation_id: str | None, turn_id: str, answer: Answer, persona: str = "") -> str:
        """Append one answered question; returns the conversation's id.

        Without an id (the first question), or when the id is not one of `owner`'s (deleted in
        another tab, or expired), a new conversation is started, titled from the question.
        """
        now = self._now()
        question = mask(answer.question)
        with self._write() as con:
            row = None
            if conversation_id:
                row = con.execute(
                    "SELECT id FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner)
                ).fetchone()
            if row is None:
                conversation_id = uuid.uuid4().hex
                con.execute(
                    "INSERT INTO conversations (id, owner, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (conversation_id, owner, title_from(question), now, now),
                )
            else:
                con.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))
            position = con.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM turns WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            con.execute(
                """INSERT INTO turns (conversation_id, position, turn_id, asked_at, persona, question, answer,
                                      abstained, answer_lang, answerer, citations, notices, unsupported)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    conversation_id,
                    position,
                    turn_id,
                    now,
                    persona,
                    question,
                    mask(answer.text),
                    int(answer.abstained),
                    answer.answer_lang,
                    answer.answerer,
                    json.dumps([_masked_citation(c) for c in answer.citations], ensure_ascii=False),
                    json.dumps([mask(n) for n in answer.notices], ensure_ascii=False),
                    json.dumps(
                        [
                            {**u.as_dict(), "text": mask(u.text), "explained": mask(u.explained)}
                            for u in answer.unsupported
                        ],
                        ensure_ascii=False,
                    ),
                ),
            )
        assert conversation_id is not None
        return conversation_id

    def rename(self, owner: str, conversation_id: str, title: str) -> bool:
        """Give the conversation a title of the user's own (masked); False if it is not theirs or the title is empty."""
        title = " ".join(mask(title).split())[:200]
        if not title:
            return False
        with self._write() as con:
            cur = con.execute(
                "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ? AND owner = ?",
                (title, self._now(), conversation_id, owner),
            )
        return cur.rowcount == 1

    def delete(self, owner: str, conversation_id: str) -> bool:
        """Remove the conversation and its turns; False if it is not `owner`'s."""
        with self._write() as con:
            cur = con.execute("DELETE FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner))
        return cur.rowcount == 1

    def purge(self, retention_days: int) -> int:
        """Delete every conversation untouched for more than `retention_days` (0 keeps all); returns how many."""
        if retention_days <= 0:
            return 0
        cutoff = (self._clock() - timedelta(days=retention_days)).astimezone(UTC).strftime(_STAMP)
        with self._write() as con:
            cur = con.execute("DELETE FROM conversations WHERE updated_at < ?", (cutoff,))
        if cur.rowcount:
            log.info("deleted %d conversation(s) older than %d days", cur.rowcount, retention_days)
        return cur.rowcount

    # ------------------------------------------------------------ reads
    def recent(self, owner: str, limit: int = 200) -> list[ConversationSummary]:
        """`owner`'s conversations, the most recently used first."""
        with self._connect() as con:
            rows = con.execute(
                """SELECT c.id, c.title, c.created_at, c.updated_at,
                          (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id)
                   FROM conversations c WHERE c.owner = ?
                   ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ?""",
                (owner, limit),
            ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def get(self, owner: str, conversation_id: str) -> Conversation | None:
        """The conversation with its turns in order, or None when there is none of `owner`'s by that id."""
        with self._connect() as con:
            head = con.execute(
                "SELECT id, title, created_at, updated_at FROM conversations WHERE id = ? AND owner = ?",
                (conversation_id, owner),
            ).fetchone()
            if head is None:
                return None
            rows = con.execute(
                """SELECT turn_id, asked_at, persona, question, answer, abstained, answer_lang, answerer,
                          citations, notices, unsupported
                   FROM turns WHERE conversation_id = ? ORDER BY position""",
                (conversation_id,),
            ).fetchall()
        turns = tuple(
            StoredTurn(
                turn_id=r[0],
                asked_at=r[1],
                persona=r[2],
                answer=Answer(
                    question=r[3],
                    text=r[4],
                    abstained=bool(r[5]),
                    citations=tuple(_citation(c) for c in json.loads(r[8])),
                    answer_lang=r[6],
                    notices=tuple(json.loads(r[9])),
                    answerer=r[7],
                    unsupported=tuple(
                        UnsupportedClaim(u["text"], tuple(u.get("reasons", ())), u.get("explained", ""))
                        for u in json.loads(r[10])
                    ),
                ),
            )
            for r in rows
        )
        return Conversation(id=head[0], title=head[1], created_at=head[2], updated_at=head[3], turns=turns)


def answer_report(answer: Answer, t: Translator, asked_at: str = "") -> Report:
    """One answer with its citations, for the Markdown and DOCX downloads (labels in the UI language)."""
    meta = [(t("conversations.export_date"), asked_at)] if asked_at else []
    name = f"settings.answerer_{answer.answerer.partition(':')[0]}"  # as the chat names it
    meta.append((t("conversations.export_answerer"), t(name) if t.has(name) else answer.answerer))
    blocks: list = [Paragraph(answer.text)]
    if answer.notices:
        blocks.append(Paragraph(" ".join(answer.notices), emphasis=True))
    if answer.citations:
        blocks.append(Heading(t("conversations.export_sources")))
        items = []
        for c in answer.citations:
            where = ", ".join(
                p for p in (c.source, t("ask.page", page=c.page) if c.page is not None else "", c.section) if p
            )
            items.append(f"[{c.n}] {where}: «{' '.join(c.quote.split())}»")
        blocks.append(Bullets(tuple(items)))
    return Report(title=answer.question, meta=tuple(meta), blocks=tuple(blocks), lang=t.lang)
