"""Thumbs up/down (and an optional comment) on answers, kept locally for later evaluation.

One row per answered question (`turn_id`): a second click or a comment updates it
instead of adding a vote. Questions are stored with personal data masked; a comment
with personal data is refused (PiiError) so staff can rephrase it, as in case records.
Unit leaders read it back (`review`, `to_csv`) to see where the knowledge base falls short.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from veiviser.cases import access
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


def can_review(role: str) -> bool:
    """Reading everyone's feedback is for unit leaders (and the single user of a local install), as is the audit log."""
    return role == access.LEADER


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _utc(moment: datetime) -> str:
    """`moment` in the stored form (UTC, to the second), so text comparison is time comparison."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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

    def review(
        self, rating: int | None = None, since: datetime | None = None, until: datetime | None = None
    ) -> list[FeedbackRecord]:
        """Feedback for a unit leader, newest first: one rating or both, given from `since` up to (not
        including) `until`. Bounds are aware datetimes (a local day's midnight); stored times are UTC."""
        where: list[str] = []
        params: list[object] = []
        if rating is not None:
            where.append("rating = ?")
            params.append(rating)
        if since is not None:
            where.append("created_at >= ?")
            params.append(_utc(since))
        if until is not None:
            where.append("created_at < ?")
            params.append(_utc(until))
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self._select(f"{clause} ORDER BY created_at DESC, turn_id", tuple(params))

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


CSV_COLUMNS = ("created_at", "rating", "comment", "question", "answer", "citations", "answerer", "persona", "ui_lang")


def citation_text(citation: dict, page_format: str = "p. {page}") -> str:
    """One stored citation as a reader sees it: "[1] file, p. 3, section: «quote»" (`page_format` in the UI language)."""
    page = citation.get("page")
    parts = (citation.get("source"), None if page is None else page_format.format(page=page), citation.get("section"))
    where = ", ".join(str(p) for p in parts if p not in (None, ""))
    return f"[{citation.get('n')}] {where}: «{' '.join(str(citation.get('quote', '')).split())}»"


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) kept as text: a question is user input."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(
    records: Sequence[FeedbackRecord], header: Sequence[str] = CSV_COLUMNS, page_format: str = "p. {page}"
) -> bytes:
    """The records as CSV (UTF-8 with BOM, so spreadsheets read æøå), columns as CSV_COLUMNS; `header`
    relabels them in the UI language. Ratings are 1 (useful) and -1 (not useful); citations one per line."""
    if len(header) != len(CSV_COLUMNS):
        raise ValueError(f"the CSV header needs {len(CSV_COLUMNS)} labels")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for r in records:
        writer.writerow(
            (
                r.created_at,
                r.rating,
                _cell(r.comment),
                _cell(r.question),
                _cell(r.answer),
                "\n".join(_cell(citation_text(c, page_format)) for c in r.citations),
                r.answerer,
                r.persona,
                r.ui_lang,
            )
        )
    return buf.getvalue().encode("utf-8-sig")
