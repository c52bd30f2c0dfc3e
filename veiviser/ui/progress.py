"""An st.progress bar implementing ingest.progress.IngestProgress."""

from __future__ import annotations

import streamlit as st

from veiviser.core.i18n import Translator


class StreamlitIngestProgress:
    """Files read, chunks embedded: one bar that moves with both, and a line naming the current step."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self._bar = st.progress(0.0, text=t("knowledge.progress_start"))
        self._total = 0
        self._finished = 0
        self._chunks_total = 0
        self._chunks_done = 0
        self._current = ""

    def _update(self, text: str) -> None:
        if self._total <= 0:
            fraction = 0.0
        else:
            within = self._chunks_done / self._chunks_total if self._chunks_total else 0.0
            fraction = min(1.0, (self._finished + 0.9 * within * (1 if self._current else 0)) / self._total)
        self._bar.progress(fraction, text=text)

    def start(self, total_files: int) -> None:
        self._total = total_files
        self._update(self.t("knowledge.progress_files", done=0, total=total_files))

    def file_started(self, name: str) -> None:
        self._current = name
        self._chunks_total = self._chunks_done = 0
        self._update(self.t("knowledge.progress_reading", name=name, done=self._finished, total=self._total))

    def file_loaded(self, name: str, pages: int | None, chunks: int) -> None:
        self._chunks_total = chunks
        self._update(self.t("knowledge.progress_embedding", name=name, chunks=chunks))

    def chunks_embedded(self, n: int) -> None:
        self._chunks_done += n
        self._update(self.t("knowledge.progress_embedding", name=self._current, chunks=self._chunks_total))

    def file_finished(self, name: str, status: str) -> None:
        self._finished += 1
        self._current = ""
        self._update(self.t("knowledge.progress_files", done=self._finished, total=self._total))

    def stage(self, message: str) -> None:
        self._update(self.t("knowledge.progress_stage"))

    def done(self) -> None:
        self._bar.progress(1.0, text=self.t("knowledge.progress_done"))
