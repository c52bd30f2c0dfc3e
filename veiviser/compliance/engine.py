"""`Auditor`: audit routine files against a requirement set from the kb.

    auditor = Auditor(settings)                       # loads the kb and the embedder
    report = auditor.audit_file(Path("rutine.docx"), progress=lambda done, total: ...)
    report.as_dict()                                  # the JSON of `veiviser audit --json`

Without a `requirement_set`, each routine is audited against the set of its language:
the kb's requirement set written in that language, else one of the jurisdiction whose
language it is (`kb.schema.JURISDICTION_LANGS`: nb/nn -> no, sv -> se, da -> dk); the
report says which set was picked and why.

One Auditor can audit many routines: the requirement profiles are embedded once per set
(and cached on disk under the Veiviser home), only the routine's passages are embedded
per audit. The status of each requirement comes from the learned decision
(`decision.AuditDecision`, prompts/audit_decision.json) over the matcher's signals, or
from the matcher's hand-set rules when asked for or when no model has been trained.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from veiviser.compliance.decision import AuditDecision, chosen_decision, load_audit_decision
from veiviser.compliance.evidence import decided_matches
from veiviser.compliance.features import requirement_features
from veiviser.compliance.keywords import KeywordIndex
from veiviser.compliance.matching import MatchThresholds, RequirementMatch, match_requirements, undecided_flags
from veiviser.compliance.passages import RoutineText, load_routine
from veiviser.compliance.profile import CachedEmbed, RequirementProfile, build_profiles
from veiviser.compliance.report import AuditReport, build_report
from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.kb.loader import KnowledgeBase, load_kb
from veiviser.kb.schema import JURISDICTION_LANGS, RequirementSet

log = logging.getLogger(__name__)

DEFAULT_REQUIREMENT_SET = "no-oppfolging"
PASSAGE_BATCH = 8  # small batches so progress moves steadily
Progress = Callable[[int, int], None]


class AuditError(VeiviserError):
    """The audit cannot run; the message says what to change."""

    exit_code = 2


@dataclass(frozen=True)
class SetMatcher:
    """A requirement set with what the matcher needs of it."""

    requirement_set: RequirementSet
    profiles: tuple[RequirementProfile, ...]
    keywords: KeywordIndex


@dataclass
class Analysis:
    """What the audit computed for one routine, before the report: the evaluation and training read it."""

    routine: RoutineText
    requirement_set: RequirementSet
    rule_matches: list[RequirementMatch]
    matches: list[RequirementMatch]  # with the decided statuses and their evidence
    features: list[dict[str, float]]
    decided_by: str  # "rules" | "learned"
    set_note: str = ""


def set_for_language(kb: KnowledgeBase, lang: str) -> tuple[RequirementSet | None, str]:
    """The requirement set for a routine in `lang`, and a sentence saying why it was picked."""
    sets = kb.requirement_sets
    same_lang = [rs for rs in sets if rs.lang == lang]
    jurisdictions = [j for j, langs in JURISDICTION_LANGS.items() if lang in langs]
    same_place = [rs for rs in sets if rs.jurisdiction in jurisdictions]
    candidates = same_lang or same_place
    if not candidates:
        return None, f"no requirement set in the kb for language {lang!r}"
    chosen = candidates[0]
    return chosen, f"requirement set {chosen.id} picked for the routine's language ({lang})"


class Auditor:
    def __init__(
        self,
        settings: Settings,
        *,
        requirement_set: str | None = None,
        kb: KnowledgeBase | None = None,
        embedder=None,
        thresholds: MatchThresholds | None = None,
        decision: str | None = None,
        model: AuditDecision | None = None,
    ) -> None:
        self.settings = settings
        self.kb = kb if kb is not None else load_kb(settings.kb_dir)
        self.fixed_set = self._set(requirement_set) if requirement_set else None
        if embedder is None:
            from veiviser.backends.embedders import make_embedder

            embedder = make_embedder(settings)
        self.embedder = embedder
        self.thresholds = thresholds or MatchThresholds()
        self.decision = chosen_decision(decision)
        self.model = model
        if self.model is None and self.decision == "learned":
            self.model = load_audit_decision(settings.prompts_dir)
        self._matchers: dict[str, SetMatcher] = {}

    @property
    def requirement_set(self) -> RequirementSet:
        """The fixed set, else the default one (the set of a routine is `set_of`)."""
        return self.fixed_set or self._set(DEFAULT_REQUIREMENT_SET)

    def _set(self, set_id: str) -> RequirementSet:
        try:
            return self.kb.requirement_set(set_id)
        except KeyError as exc:
            known = ", ".join(r.id for r in self.kb.requirement_sets) or "none"
            raise AuditError(f"No requirement set {set_id!r} in {self.settings.kb_dir}; known sets: {known}.") from exc

    def set_of(self, routine: RoutineText) -> tuple[RequirementSet, str]:
        """The set to audit `routine` against and a note on how it was chosen ("" when fixed)."""
        if self.fixed_set is not None:
            return self.fixed_set, ""
        chosen, note = set_for_language(self.kb, routine.lang)
        if chosen is None:
            fallback = self._set(DEFAULT_REQUIREMENT_SET)
            return fallback, f"{note}; using {fallback.id} (choose another with --requirements)"
        return chosen, note

    def matcher(self, requirement_set: RequirementSet) -> SetMatcher:
        found = self._matchers.get(requirement_set.id)
        if found is None:
            cache_dir = self.settings.home / "cache" / "audit"
            profiles = build_profiles(requirement_set, CachedEmbed(self.embedder, cache_dir))
            keywords = KeywordIndex({r.id: r.keywords for r in requirement_set.requirements}, lang=requirement_set.lang)
            found = self._matchers[requirement_set.id] = SetMatcher(requirement_set, profiles, keywords)
        return found

    @property
    def profiles(self) -> tuple[RequirementProfile, ...]:
        return self.matcher(self.requirement_set).profiles

    @property
    def keywords(self) -> KeywordIndex:
        return self.matcher(self.requirement_set).keywords

    @property
    def dense(self) -> bool:
        return int(getattr(self.embedder, "dim", 0) or 0) > 0

    @property
    def decided_by(self) -> str:
        """ "learned" when asked for, trained, and the embedder gives vectors (the model weighs them); else "rules"."""
        return "learned" if self.decision == "learned" and self.model is not None and self.dense else "rules"

    def load(self, path) -> RoutineText:
        """Read a routine file (PDF, DOCX, text); raises veiviser.documents.errors.LoadError for unreadable files."""
        from pathlib import Path

        return load_routine(
            Path(path),
            max_bytes=self.settings.ingest.max_bytes,
            ocr=self.settings.ingest.ocr,
            ocr_langs=self.settings.ingest.ocr_langs,
            repair=self.settings.ingest.repair,
        )

    def audit_file(self, path, *, progress: Progress | None = None) -> AuditReport:
        return self.audit_routine(self.load(path), progress=progress)

    def embed(self, routine: RoutineText, progress: Progress | None = None) -> np.ndarray:
        if not routine.passages:
            raise AuditError(
                f"{routine.file} holds no text we can read. If it is a scanned PDF, turn on OCR "
                "(VEIVISER_OCR=1) or export the routine as DOCX or text."
            )
        texts = [p.text for p in routine.passages]
        unique = list(dict.fromkeys(texts))  # a repeated line (a running header, a table cell) is embedded once
        vectors = self._embed(unique, progress)
        if len(unique) == len(texts):
            return vectors
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[t] for t in texts]]

    def analyse(
        self, routine: RoutineText, *, vectors: np.ndarray | None = None, progress: Progress | None = None
    ) -> Analysis:
        """Match, featurise and decide every requirement of the routine's set."""
        requirement_set, note = self.set_of(routine)
        matcher = self.matcher(requirement_set)
        if vectors is None:
            vectors = self.embed(routine, progress)
        rule_matches = match_requirements(routine, matcher.profiles, matcher.keywords, vectors, self.thresholds)
        undecided = undecided_flags(routine.passages)
        features = requirement_features(routine, matcher.profiles, matcher.keywords, vectors, rule_matches, undecided)
        decided_by = self.decided_by
        if decided_by == "learned" and self.model is not None:
            statuses = [self.model.status(f) for f in features]
            matches = decided_matches(
                routine, matcher.profiles, matcher.keywords, vectors, rule_matches, statuses, undecided
            )
        else:
            matches = list(rule_matches)
        return Analysis(routine, requirement_set, rule_matches, matches, features, decided_by, note)

    def audit_routine(self, routine: RoutineText, *, progress: Progress | None = None) -> AuditReport:
        analysis = self.analyse(routine, progress=progress)
        return self.report(analysis)

    def report(self, analysis: Analysis) -> AuditReport:
        warnings = list(analysis.routine.warnings)
        if not self.dense:
            warnings.append(
                "Revisjonen er gjort uten språkmodell (embedder «none»): bare nøkkelord er brukt, "
                "så omskrevne formuleringer kan bli oversett."
            )
        log.debug("audited %s: %d passages", analysis.routine.file, len(analysis.routine.passages))
        return build_report(
            analysis.routine,
            analysis.requirement_set,
            analysis.matches,
            self.kb,
            embedder=getattr(self.embedder, "name", ""),
            warnings=warnings,
            set_note=analysis.set_note,
            decided_by=analysis.decided_by,
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
