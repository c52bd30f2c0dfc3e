"""A rich progress bar implementing ingest.progress.IngestProgress for the terminal."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from veiviser.pii import mask_ids


class RichIngestProgress:
    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._files: TaskID | None = None
        self._chunks: TaskID | None = None
        self._pages = 0

    def __enter__(self) -> RichIngestProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self._progress.__exit__(exc_type, exc_val, exc_tb)

    def start(self, total_files: int) -> None:
        self._files = self._progress.add_task("files", total=total_files, detail="")
        self._chunks = self._progress.add_task("chunks embedded", total=0, detail="")

    def file_started(self, name: str) -> None:
        if self._files is not None:
            self._progress.update(self._files, detail=mask_ids(name))

    def file_loaded(self, name: str, pages: int | None, chunks: int) -> None:
        self._pages += pages or 0
        if self._chunks is not None:
            task = self._progress.tasks[self._chunks]
            self._progress.update(self._chunks, total=(task.total or 0) + chunks, detail=f"{self._pages} pages read")

    def chunks_embedded(self, n: int) -> None:
        if self._chunks is not None:
            self._progress.advance(self._chunks, n)

    def file_finished(self, name: str, status: str) -> None:
        if self._files is not None:
            self._progress.advance(self._files, 1)

    def stage(self, message: str) -> None:
        if self._files is not None:
            self._progress.update(self._files, detail=message)
