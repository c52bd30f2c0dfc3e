"""Run an evaluation: build (or reuse) the index, search, answer, score.

The corpus is ingested with the normal pipeline into a temporary index, or into
`index_dir` when given; re-running on an unchanged corpus re-uses that index (the
ingest skips files whose content hash is unchanged). README files in the corpus
folder describe the data set and are not indexed.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veiviser.backends.rerankers import ScoringReranker
from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.core.types import Answer, LoadedDocument, SearchHit
from veiviser.evaluation.dataset import EvalQuestion
from veiviser.evaluation.metrics import (
    AnswerTally,
    CitationCheck,
    Ranking,
    check_citations,
    cites_evidence,
    document_ranking,
    evidence_ranking,
    mean_by,
    quotes_evidence,
    ranking_scores,
)
from veiviser.evaluation.norquad_answers import MODES, AnswerOutcome, ask, outcome_row, summarise

log = logging.getLogger(__name__)

GROUP_KEYS = ("lang", "kind", "persona")


class EvalError(VeiviserError, RuntimeError):
    """The evaluation cannot run as asked; the message says what to change."""

    exit_code = 2


@dataclass
class QuestionResult:
    question: EvalQuestion
    hits: list[SearchHit]
    ranking: Ranking | None
    answer: Answer | None = None
    citation_checks: list[CitationCheck] = field(default_factory=list)
    evidence_cited: bool = False
    evidence_quoted: bool = False
    seconds: float = 0.0
    outcome: AnswerOutcome | None = None  # NorQuAD --answers / --abstention

    def first_relevant_rank(self) -> int | None:
        if self.ranking is None:
            return None
        for i, item in enumerate(self.ranking.items, 1):
            if item in self.ranking.relevant:
                return i
        return None


@dataclass
class EvalRun:
    dataset: str
    k: int
    results: list[QuestionResult]
    index: dict[str, Any] = field(default_factory=dict)
    answerer: str = ""
    reranker: str = ""  # the second search stage, when one was on
    answer_mode: str = ""  # NorQuAD: "answers" or "abstention" (see norquad_answers)
    contexts: dict[str, int] = field(default_factory=dict)  # NorQuAD contexts: in the file, indexed

    @property
    def outcomes(self) -> list[AnswerOutcome]:
        return [r.outcome for r in self.results if r.outcome is not None]

    def summary(self) -> dict[str, Any]:
        scores = ranking_scores([r.ranking for r in self.results if r.ranking is not None])
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "questions": len(self.results),
            "k": self.k,
            "answerer": self.answerer,
            "reranker": self.reranker,
            "index": self.index,
            "retrieval": {"overall": _means(scores), "questions": len(scores)},
        }
        for key in GROUP_KEYS:
            groups = {r.question.id: r.question.group(key) for r in self.results}
            out["retrieval"][f"by_{key}"] = mean_by(scores, groups)
        answered = [r for r in self.results if r.answer is not None]
        if answered:
            out["answers"] = {"overall": _tally(answered).summary()}
            for key in GROUP_KEYS:
                buckets: dict[str, list[QuestionResult]] = {}
                for r in answered:
                    buckets.setdefault(r.question.group(key), []).append(r)
                out["answers"][f"by_{key}"] = {g: _tally(rs).summary() for g, rs in sorted(buckets.items())}
        if self.answer_mode:
            out["norquad_answers"] = summarise(self.outcomes, self.answer_mode, self.contexts)
        out["per_question"] = [_row(r, scores.get(r.question.id)) for r in self.results]
        return out


def _means(scores: dict[str, dict[str, float]]) -> dict[str, float]:
    if not scores:
        return {}
    names = next(iter(scores.values())).keys()
    return {n: round(sum(s[n] for s in scores.values()) / len(scores), 4) for n in names}


def _tally(results: Sequence[QuestionResult]) -> AnswerTally:
    tally = AnswerTally()
    for r in results:
        assert r.answer is not None
        tally.add(r.question, r.answer, r.citation_checks, r.evidence_cited, r.evidence_quoted)
    return tally


def _row(result: QuestionResult, scores: dict[str, float] | None) -> dict[str, Any]:
    q = result.question
    row: dict[str, Any] = {
        "id": q.id,
        "lang": q.lang,
        "kind": q.kind,
        "persona": q.persona,
        "answerable": q.answerable,
        "first_relevant_rank": result.first_relevant_rank(),
        "seconds": round(result.seconds, 2),
    }
    if scores:
        row.update({k: round(v, 4) for k, v in scores.items()})
    if result.answer is not None:
        row["abstained"] = result.answer.abstained
        row["citations"] = len(result.answer.citations)
        row["valid_citations"] = sum(1 for c in result.citation_checks if c.valid)
        row["cites_evidence"] = result.evidence_cited
        row["quotes_evidence"] = result.evidence_quoted
        row["notices"] = list(result.answer.notices)
    if result.outcome is not None:
        row.update(outcome_row(result.outcome))
    return row


def corpus_files(corpus: Path) -> list[Path]:
    """The documents of a corpus folder, without its README (which describes the set)."""
    from veiviser.documents.files import SUPPORTED_SUFFIXES

    if not corpus.is_dir():
        raise EvalError(f"{corpus}: not a folder; give --corpus the folder holding the documents")
    files = sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".")
        and not p.stem.upper().startswith("README")
    )
    if not files:
        raise EvalError(f"{corpus}: no documents to index ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return files


@contextmanager
def prepared_index(
    settings: Settings,
    files: Sequence[Path],
    documents: Sequence[LoadedDocument] = (),
    index_dir: Path | None = None,
) -> Iterator[tuple[Settings, dict[str, Any]]]:
    """Settings pointing at an index holding exactly `files` + `documents` (built or re-used)."""
    from ingest.pipeline import Ingestor
    from veiviser.backends.embedders import make_embedder
    from veiviser.index.versions import IndexManager

    wanted = {p.name for p in files} | {d.source for d in documents}
    with tempfile.TemporaryDirectory(prefix="veiviser-eval-") as tmp:
        target = index_dir or Path(tmp) / "index"
        run_settings = settings.with_(index_dir=target)
        manifest = IndexManager(run_settings).read_manifest()
        if manifest is not None:
            others = sorted(set(manifest.get("documents", {})) - wanted)
            if others:
                raise EvalError(
                    f"The index at {target} also holds {len(others)} other document(s) "
                    f"(e.g. {others[0]}); give --index an empty folder or one used only for this evaluation."
                )
        started = time.perf_counter()
        report = Ingestor(run_settings, make_embedder(run_settings)).run(
            list(files), prune=True, extra_documents=list(documents)
        )
        if report.failed:
            problems = "; ".join(f"{o.source}: {o.message}" for o in report.failed[:3])
            raise EvalError(f"{len(report.failed)} document(s) could not be indexed: {problems}")
        info = {
            "path": str(target) if index_dir else "(temporary)",
            "reused": report.version is None,
            "chunks": report.chunks_total,
            "documents": len(wanted),
            "ingest_seconds": round(time.perf_counter() - started, 1),
        }
        yield run_settings, info


def evaluate(
    settings: Settings,
    questions: Sequence[EvalQuestion],
    *,
    k: int = 10,
    with_answers: bool = True,
    by_document: bool = False,
    progress: Callable[[int, int], None] | None = None,
    reranker: ScoringReranker | None = None,
) -> EvalRun:
    """Search (and answer) every question against the index named by `settings`.

    `reranker`: the one the settings name, already loaded by the caller (a shell checks it
    loads before spending minutes on indexing); None builds it from the settings.
    """
    from veiviser.app.answerers import make_answerer
    from veiviser.app.services import build_services

    services = build_services(settings)
    if reranker is not None:
        services.reranker = reranker
    retriever = services.retriever()
    answerer = make_answerer(settings, retriever) if with_answers else None
    results: list[QuestionResult] = []
    for i, question in enumerate(questions, 1):
        started = time.perf_counter()
        hits = retriever.search(question.question, k=k)
        ranking: Ranking | None = None
        if by_document and question.gold_doc:
            ranking = document_ranking(question, hits)
        elif question.answerable and question.evidence:
            ranking = evidence_ranking(question, hits)
        result = QuestionResult(question, hits, ranking)
        if answerer is not None:
            answer = answerer.answer(question.question)
            result.answer = answer
            result.citation_checks = [] if answer.abstained else check_citations(answer)
            result.evidence_cited = question.answerable and cites_evidence(answer, question)
            result.evidence_quoted = question.answerable and quotes_evidence(answer, question)
        result.seconds = time.perf_counter() - started
        results.append(result)
        if progress is not None:
            progress(i, len(questions))
    return EvalRun(
        dataset="norquad" if by_document else "questions",
        k=k,
        results=results,
        answerer=getattr(answerer, "name", "") if answerer is not None else "",
        reranker=getattr(services.reranker, "name", "") if services.reranker is not None else "",
    )


def evaluate_norquad_answers(
    settings: Settings,
    questions: Sequence[EvalQuestion],
    *,
    mode: str,
    k: int = 10,
    contexts: dict[str, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    reranker: ScoringReranker | None = None,
) -> EvalRun:
    """NorQuAD `--answers` / `--abstention`: document retrieval metrics, and each question answered.

    The answer, its confidence and the answer it would give at any threshold come from one
    `ExtractiveAnswerer.retrieve` per question (see `norquad_answers`); the retrieval metrics
    take the top `k` of a plain search, which re-uses the question's cached vector.
    Questions whose context is not indexed get no ranking (there is nothing to find).
    """
    from veiviser.answer.extractive import ExtractiveAnswerer
    from veiviser.app.answerers import make_answerer
    from veiviser.app.services import build_services

    if mode not in MODES:
        raise EvalError(f"unknown NorQuAD answer evaluation {mode!r}; choose one of: {', '.join(MODES)}")
    services = build_services(settings)
    if reranker is not None:
        services.reranker = reranker
    retriever = services.retriever()
    answerer = make_answerer(settings, retriever)
    if not isinstance(answerer, ExtractiveAnswerer):
        raise EvalError("--answers and --abstention measure the extractive answerer; leave out --llm.")
    results: list[QuestionResult] = []
    for i, question in enumerate(questions, 1):
        started = time.perf_counter()
        outcome = ask(answerer, question)
        hits = retriever.search(question.question, k=k)
        ranking = document_ranking(question, hits) if question.answerable and question.gold_doc else None
        seconds = time.perf_counter() - started
        results.append(
            QuestionResult(question, hits, ranking, seconds=seconds, outcome=replace(outcome, seconds=seconds))
        )
        if progress is not None:
            progress(i, len(questions))
    off = sum(1 for r in results if r.outcome is not None and r.outcome.answered != r.outcome.answers_at(0.0))
    if off:  # the confidence no longer agrees with the decision
        log.warning("%d question(s) answered differently at t = 0 than by the answerer", off)
    return EvalRun(
        dataset="norquad",
        k=k,
        results=results,
        answerer=answerer.name,
        reranker=getattr(services.reranker, "name", "") if services.reranker is not None else "",
        answer_mode=mode,
        contexts=dict(contexts or {}),
    )
