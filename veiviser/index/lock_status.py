"""What the ingest holding the index lock is doing, so one that waits can say how far it is.

The holder writes a small JSON file beside the lock (atomically, at most once a second);
a second ingest that finds the lock taken reads it and reports "file 3 of 10 (rapport.pdf),
embedding, started 12:01" instead of a bare "locked". The file is advisory: a missing or
stale one only makes the message vaguer.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

STATUS_FILE = "ingest.status.json"
WRITE_INTERVAL_S = 1.0


@dataclass
class LockStatus:
    pid: int = field(default_factory=os.getpid)
    started: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    files_total: int = 0
    files_done: int = 0
    current: str = ""  # the file being ingested (its name only)
    stage: str = ""  # loading, embedding, writing ...
    chunks_embedded: int = 0

    def describe(self, now: float | None = None) -> str:
        """One line for a waiting user: how far the holder is and how fresh that news is."""
        now = time.time() if now is None else now
        parts = [f"started {time.strftime('%H:%M:%S', time.localtime(self.started))}"]
        if self.files_total:
            parts.append(f"file {min(self.files_done + 1, self.files_total)} of {self.files_total}")
        if self.current:
            parts.append(self.current)
        if self.stage:
            parts.append(self.stage)
        if self.chunks_embedded:
            parts.append(f"{self.chunks_embedded} chunks embedded")
        parts.append(f"last news {max(0, round(now - self.updated))} s ago")
        return ", ".join(parts)


class LockStatusWriter:
    """Keeps the status file of the lock holder up to date (throttled), and removes it at the end."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / STATUS_FILE
        self.status = LockStatus()
        self._written = 0.0

    def update(self, *, force: bool = False, **changes: object) -> None:
        for key, value in changes.items():
            setattr(self.status, key, value)
        now = time.time()
        if not force and now - self._written < WRITE_INTERVAL_S:
            return
        self.status.updated = now
        tmp = self.path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(asdict(self.status)), encoding="utf-8")
            os.replace(tmp, self.path)
            self._written = now
        except OSError as exc:  # advisory only: never stop an ingest for it
            log.debug("could not write the ingest status file: %s", exc)

    def close(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("could not remove the ingest status file: %s", exc)


def read_status(root: Path) -> LockStatus | None:
    """The holder's last status, or None (no file, or not readable)."""
    try:
        data = json.loads((Path(root) / STATUS_FILE).read_text(encoding="utf-8"))
        return LockStatus(**{k: v for k, v in data.items() if k in LockStatus.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None
