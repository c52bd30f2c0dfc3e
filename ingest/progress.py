"""Progress reporting for long ingests, as a protocol so the core never draws a progress bar."""

from __future__ import annotations

from typing import Protocol

from veiviser.index.lock_status import LockStatusWriter


class IngestProgress(Protocol):
    def start(self, total_files: int) -> None: ...

    def file_started(self, name: str) -> None: ...

    def file_loaded(self, name: str, pages: int | None, chunks: int) -> None: ...

    def chunks_embedded(self, n: int) -> None: ...

    def file_finished(self, name: str, status: str) -> None: ...

    def stage(self, message: str) -> None: ...


class NullProgress:
    def start(self, total_files: int) -> None:
        pass

    def file_started(self, name: str) -> None:
        pass

    def file_loaded(self, name: str, pages: int | None, chunks: int) -> None:
        pass

    def chunks_embedded(self, n: int) -> None:
        pass

    def file_finished(self, name: str, status: str) -> None:
        pass

    def stage(self, message: str) -> None:
        pass


class StatusReportingProgress:
    """Forwards progress to the user's reporter and, while an ingest holds the index lock, keeps
    the lock's status file current, so a second ingest that waits can say how far this one is."""

    def __init__(self, inner: IngestProgress) -> None:
        self.inner = inner
        self.writer: LockStatusWriter | None = None

    def _update(self, *, force: bool = False, **changes: object) -> None:
        if self.writer is not None:
            self.writer.update(force=force, **changes)

    def start(self, total_files: int) -> None:
        self._update(files_total=total_files, stage="starting")
        self.inner.start(total_files)

    def file_started(self, name: str) -> None:
        self._update(current=name, stage="loading")
        self.inner.file_started(name)

    def file_loaded(self, name: str, pages: int | None, chunks: int) -> None:
        self._update(stage=f"indexing {chunks} chunks")
        self.inner.file_loaded(name, pages, chunks)

    def chunks_embedded(self, n: int) -> None:
        if self.writer is not None:
            self._update(chunks_embedded=self.writer.status.chunks_embedded + n, stage="embedding")
        self.inner.chunks_embedded(n)

    def file_finished(self, name: str, status: str) -> None:
        if self.writer is not None:
            self._update(files_done=self.writer.status.files_done + 1, current="", stage=status, force=True)
        self.inner.file_finished(name, status)

    def stage(self, message: str) -> None:
        self._update(stage=message, force=True)
        self.inner.stage(message)
