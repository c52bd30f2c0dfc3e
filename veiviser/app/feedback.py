"""Thumbs up/down (and an optional comment) on answers, kept locally for later evaluation.

One row per answered question (`turn_id`): a second click or a comment updates it
instead of adding a vote. Questions are stored with personal data masked; a comment
with personal data is refused (PiiError) so staff can rephrase it, as in case records.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from veiviser.core.private_files import private_file
from veiviser.core.types import Answer
from veiviser.pii import guard, mask

UP, DOWN = 1, -1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    turn_id     TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    abstained   INTEGER NOT NULL,
    answerer    TEXT NOT NULL,
    answer_lang TEXT NOT NULL,
    ui_lang     TEXT NOT NULL,
    persona     TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment     TEXT NOT NULL DEFAULT '',
    citations   TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    turn_id: str
    created_at: str
    updated_at: str
    question: str
    answer: str
    abstained: bool
    answerer: str
    answer_lang: str
    ui_lang: str
    persona: str
    rating: int
    comment: str
    citations: list[dict]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class FeedbackStore:
    def __init__(self, db_path: Path) -> None:
        self.db_path = private_file(Path(db_path))  # 0600 in a 0700 folder: feedback quotes questions
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.db_path, timeout=10)
        try:
            with con:
                yield con
        finally:
            con.close()

    def record(
        self,
        turn_id: str,
        answer: Answer,
        rating: int,
        *,
        comment: str = "",
        ui_lang: str = "",
        persona: str = "",
    ) -> None:
        """Store or update the vote on one answer. Raises PiiError if the comment holds personal data."""
        if rating not in (UP, DOWN):
            raise ValueError("rating must be 1 (thumbs up) or -1 (thumbs down)")
        comment = comment.strip()
        guard(comment, field="comment")
        now = _now()
        with self._connect() as con:
            con.execute(
                """
                INSERT INTO feedback (turn_id, created_at, updated_at, question, answer, abstained, answerer,
                                      answer_lang, ui_lang, persona, rating, comment, citations)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(turn_id) DO UPDATE SET
                    updated_at = excluded.updated_at,
                    rating = excluded.rating,
                    comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END
                """,
                (
                    turn_id,
                    now,
                    now,
                    mask(answer.question),
                    mask(answer.text),
                    int(answer.abstained),
                    answer.answerer,
                    answer.answer_lang,
                    ui_lang,
                    persona,
                    rating,
                    comment,
                    json.dumps([c.as_dict() for c in answer.citations], ensure_ascii=False),
                ),
            )

    def get(self, turn_id: str) -> FeedbackRecord | None:
        rows = self._select("WHERE turn_id = ?", (turn_id,))
        return rows[0] if rows else None

    def all(self) -> list[FeedbackRecord]:
        return self._select("ORDER BY created_at, turn_id", ())

    def counts(self) -> dict[str, int]:
        with self._connect() as con:
            up, down = con.execute(
                "SELECT COALESCE(SUM(rating = 1), 0), COALESCE(SUM(rating = -1), 0) FROM feedback"
            ).fetchone()
        return {"up": int(up), "down": int(down)}

    def _select(self, where: str, params: tuple) -> list[FeedbackRecord]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT turn_id, created_at, updated_at, question, answer, abstained, answerer, answer_lang,"
                f" ui_lang, persona, rating, comment, citations FROM feedback {where}",
                params,
            ).fetchall()
        return [
            FeedbackRecord(
                turn_id=r[0],
                created_at=r[1],
                updated_at=r[2],
                question=r[3],
                answer=r[4],
                abstained=bool(r[5]),
                answerer=r[6],
                answer_lang=r[7],
                ui_lang=r[8],
                persona=r[9],
                rating=int(r[10]),
                comment=r[11],
                citations=json.loads(r[12]),
            )
            for r in rows
        ]
