"""Progress reporting for long ingests, as a protocol so the core never draws a progress bar."""

from __future__ import annotations

from typing import Protocol


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
