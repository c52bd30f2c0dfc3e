"""`Auditor`: audit routine files against a requirement set from the kb.

    auditor = Auditor(settings)                       # loads the kb and the embedder
    report = auditor.audit_file(Path("rutine.docx"), progress=lambda done, total: ...)
    report.as_dict()                                  # the JSON of `veiviser audit --json`

One Auditor can audit many routines: the requirement profiles are embedded once (and
cached on disk under the Veiviser home), only the routine's passages are embedded per
audit. Embedding is the slow part (a fraction of a second per passage on two cores),
hence the progress callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np

from veiviser.compliance.keywords import KeywordIndex
from veiviser.compliance.matching import MatchThresholds, match_requirements
from veiviser.compliance.passages import RoutineText, load_routine
from veiviser.compliance.profile import CachedEmbed, RequirementProfile, build_profiles
from veiviser.compliance.report import AuditReport, build_report
from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.kb.loader import KnowledgeBase, load_kb

log = logging.getLogger(__name__)

DEFAULT_REQUIREMENT_SET = "no-oppfolging"
PASSAGE_BATCH = 8  # small batches so progress moves steadily
Progress = Callable[[int, int], None]


class AuditError(VeiviserError):
    """The audit cannot run; the message says what to change."""

    exit_code = 2


class Auditor:
    def __init__(
        self,
        settings: Settings,
        *,
        requirement_set: str = DEFAULT_REQUIREMENT_SET,
        kb: KnowledgeBase | None = None,
        embedder=None,
        thresholds: MatchThresholds | None = None,
    ) -> None:
        self.settings = settings
        self.kb = kb if kb is not None else load_kb(settings.kb_dir)
        try:
            self.requirement_set = self.kb.requirement_set(requirement_set)
        except KeyError as exc:
            known = ", ".join(r.id for r in self.kb.requirement_sets) or "none"
            raise AuditError(
                f"No requirement set {requirement_set!r} in {settings.kb_dir}; known sets: {known}."
            ) from exc
        if embedder is None:
            from veiviser.backends.embedders import make_embedder

            embedder = make_embedder(settings)
        self.embedder = embedder
        self.thresholds = thresholds or MatchThresholds()
        self.keywords = KeywordIndex(
            {r.id: r.keywords for r in self.requirement_set.requirements}, lang=self.requirement_set.lang
        )
        self._profiles: tuple[RequirementProfile, ...] | None = None

    @property
    def profiles(self) -> tuple[RequirementProfile, ...]:
        if self._profiles is None:
            cache_dir = self.settings.home / "cache" / "audit"
            self._profiles = build_profiles(self.requirement_set, CachedEmbed(self.embedder, cache_dir))
        return self._profiles

    @property
    def dense(self) -> bool:
        return int(getattr(self.embedder, "dim", 0) or 0) > 0

    def load(self, path: Path) -> RoutineText:
        """Read a routine file (PDF, DOCX, text); raises veiviser.documents.errors.LoadError for unreadable files."""
        return load_routine(
            Path(path),
            max_bytes=self.settings.ingest.max_bytes,
            ocr=self.settings.ingest.ocr,
            ocr_langs=self.settings.ingest.ocr_langs,
            repair=self.settings.ingest.repair,
        )

    def audit_file(self, path: Path, *, progress: Progress | None = None) -> AuditReport:
        return self.audit_routine(self.load(path), progress=progress)

    def audit_routine(self, routine: RoutineText, *, progress: Progress | None = None) -> AuditReport:
        if not routine.passages:
            raise AuditError(
                f"{routine.file} holds no text we can read. If it is a scanned PDF, turn on OCR "
                "(VEIVISER_OCR=1) or export the routine as DOCX or text."
            )
        profiles = self.profiles
        vectors = self._embed([p.text for p in routine.passages], progress)
        matches = match_requirements(routine, profiles, self.keywords, vectors, self.thresholds)
        warnings = list(routine.warnings)
        if not self.dense:
            warnings.append(
                "Revisjonen er gjort uten språkmodell (embedder «none»): bare nøkkelord er brukt, "
                "så omskrevne formuleringer kan bli oversett."
            )
        log.debug("audited %s: %d passages", routine.file, len(routine.passages))
        return build_report(
            routine,
            self.requirement_set,
            matches,
            self.kb,
            embedder=getattr(self.embedder, "name", ""),
            warnings=warnings,
        )

    def _embed(self, texts: list[str], progress: Progress | None) -> np.ndarray:
        if not self.dense:
            if progress:
                progress(len(texts), len(texts))
            return np.zeros((len(texts), 0), dtype=np.float32)
        parts: list[np.ndarray] = []
        for start in range(0, len(texts), PASSAGE_BATCH):
            parts.append(np.asarray(self.embedder.embed_passages(texts[start : start + PASSAGE_BATCH])))
            if progress:
                progress(min(start + PASSAGE_BATCH, len(texts)), len(texts))
        return np.vstack(parts).astype(np.float32)
