"""The numbers `veiviser eval` reports.

Ranking (ranx): R@1/5/10, MRR, nDCG@10 and Hit@5 over the relevant items of each
question. For our question sets the items are the question's evidence strings: a
retrieved chunk "retrieves" every evidence string it contains that no higher chunk
already did, so two overlapping chunks holding the same sentence count once and a
question whose evidence spans two passages needs both for full recall. The "@k" of
these metrics counts retrieved passages, not items: a passage at rank 5 holding two
evidence strings retrieves both within the top 5 (counted as items, the second fell to
"position 6" and out of R@5). For NorQuAD the item is the gold document (first chunk
of each document counts) and "@k" counts documents.

Answers: abstention precision/recall on unanswerable questions and the share of
answerable ones answered; citation validity (quote is an exact span of the cited
chunk and the chunk supports the sentence citing it); and whether the cited chunks
contain gold evidence.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from veiviser.answer.support import SUPPORT_THRESHOLD, support
from veiviser.answer.verify import split_claims
from veiviser.core.types import Answer, SearchHit
from veiviser.evaluation.dataset import EvalQuestion
from veiviser.evaluation.relevance import contains_evidence, quote_carries_evidence

# name: (ranx metric, the number of top passages it is computed over; None: all of them)
RANKING_METRICS = {
    "R@1": ("recall", 1),
    "R@5": ("recall", 5),
    "R@10": ("recall", 10),
    "MRR": ("mrr", None),
    "nDCG@10": ("ndcg", 10),
    "Hit@5": ("hit_rate", 5),
}
_NO_RESULT = "__no_result__"


@dataclass(frozen=True)
class Ranking:
    """One question's retrieved items (best first) and the items that are relevant."""

    qid: str
    items: tuple[str, ...]
    relevant: frozenset[str]
    # for each retrieved passage, how many items it and the passages above it gave; None when
    # every item is one retrieved unit (documents), so a cutoff of k units is k items
    passage_ends: tuple[int, ...] | None = None

    def cut(self, k: int) -> Ranking:
        """The items the top `k` passages (or units) retrieved."""
        if self.passage_ends is None:
            end = k
        else:
            end = self.passage_ends[k - 1] if k <= len(self.passage_ends) else len(self.items)
        return Ranking(self.qid, self.items[:end], self.relevant)


def evidence_ranking(question: EvalQuestion, hits: Sequence[SearchHit]) -> Ranking:
    found: set[int] = set()
    items: list[str] = []
    ends: list[int] = []
    for hit in hits:
        matched = [i for i, ev in enumerate(question.evidence) if i not in found and contains_evidence(hit.chunk, ev)]
        if matched:
            items.extend(f"evidence:{i}" for i in matched)
            found.update(matched)
        else:
            items.append(f"chunk:{hit.chunk.id}")
        ends.append(len(items))
    relevant = frozenset(f"evidence:{i}" for i in range(len(question.evidence)))
    return Ranking(question.id, tuple(items), relevant, tuple(ends))


def document_ranking(question: EvalQuestion, hits: Sequence[SearchHit]) -> Ranking:
    items = tuple(dict.fromkeys(f"doc:{h.chunk.doc_id}" for h in hits))
    return Ranking(question.id, items, frozenset({f"doc:{question.gold_doc}"}))


def ranking_scores(rankings: Sequence[Ranking]) -> dict[str, dict[str, float]]:
    """Per question: {metric name: value} for RANKING_METRICS."""
    rankings = [r for r in rankings if r.relevant]
    if not rankings:
        return {}
    from ranx import Qrels, evaluate

    qrels = Qrels({r.qid: {item: 1 for item in r.relevant} for r in rankings})
    out: dict[str, dict[str, float]] = {r.qid: {} for r in rankings}
    by_cutoff: dict[int | None, dict[str, str]] = {}
    for name, (metric, k) in RANKING_METRICS.items():
        by_cutoff.setdefault(k, {})[name] = metric
    for k, metrics in by_cutoff.items():  # one ranx run per cutoff (R@5 and Hit@5 share one)
        run = _run([r.cut(k) if k else r for r in rankings])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numba's type-safety chatter
            values = evaluate(qrels, run, list(metrics.values()), return_mean=False, make_comparable=True)
        if len(metrics) == 1:  # ranx returns the bare array for a single metric
            values = {next(iter(metrics.values())): values}
        for name, metric in metrics.items():
            for qid, value in zip(run.keys(), values[metric]):
                out[qid][name] = float(value)
    return {qid: {name: row[name] for name in RANKING_METRICS} for qid, row in out.items()}  # report order


def _run(rankings: Sequence[Ranking]):
    """A ranx Run: each question's items scored so that ranx keeps their order."""
    from ranx import Run

    run_dict: dict[str, dict[str, float]] = {}
    for r in rankings:
        items = r.items or (_NO_RESULT,)
        run_dict[r.qid] = {item: float(len(items) - i) for i, item in enumerate(items)}
    return Run(run_dict)


@dataclass(frozen=True)
class CitationCheck:
    n: int
    exact_span: bool
    supported: bool

    @property
    def valid(self) -> bool:
        return self.exact_span and self.supported


def check_citations(answer: Answer, threshold: float = SUPPORT_THRESHOLD) -> list[CitationCheck]:
    """Each citation: is its quote a span of the cited chunk, and does the chunk support its sentence?"""
    chunks = {h.chunk.id: h.chunk for h in answer.passages}
    claims = split_claims(answer.text)
    checks: list[CitationCheck] = []
    for citation in answer.citations:
        chunk = chunks.get(citation.chunk_id)
        if chunk is None:
            checks.append(CitationCheck(citation.n, False, False))
            continue
        exact = bool(citation.quote) and citation.quote in chunk.text
        sentences = [c.text for c in claims if citation.n in c.cited]
        supported = bool(sentences) and all(
            support(s, chunk.text, chunk.lang, answer.answer_lang).supported(threshold) for s in sentences
        )
        checks.append(CitationCheck(citation.n, exact, supported))
    return checks


def quotes_evidence(answer: Answer, question: EvalQuestion) -> bool:
    """Do the answer's quotes themselves hold a piece of the question's gold evidence? (stricter than citing)"""
    if answer.abstained:
        return False
    return quote_carries_evidence([c.quote for c in answer.citations], question.evidence)


def cites_evidence(answer: Answer, question: EvalQuestion) -> bool:
    """Does any chunk the answer cites contain a piece of the question's gold evidence?"""
    if answer.abstained:
        return False
    chunks = {h.chunk.id: h.chunk for h in answer.passages}
    cited = [chunks[c.chunk_id] for c in answer.citations if c.chunk_id in chunks]
    return any(contains_evidence(chunk, ev) for chunk in cited for ev in question.evidence)


@dataclass
class AnswerTally:
    """Counts for the answer metrics over a set of questions."""

    answerable: int = 0
    answered: int = 0
    unanswerable: int = 0
    abstained_unanswerable: int = 0
    abstained_total: int = 0
    citations: int = 0
    valid_citations: int = 0
    cites_evidence: int = 0
    quotes_evidence: int = 0
    notes: list[str] = field(default_factory=list)

    def add(
        self,
        question: EvalQuestion,
        answer: Answer,
        checks: Iterable[CitationCheck],
        evidence_cited: bool,
        evidence_quoted: bool = False,
    ) -> None:
        checks = list(checks)
        if answer.abstained:
            self.abstained_total += 1
        if question.answerable:
            self.answerable += 1
            self.answered += int(not answer.abstained)
            self.cites_evidence += int(evidence_cited)
            self.quotes_evidence += int(evidence_quoted)
        else:
            self.unanswerable += 1
            self.abstained_unanswerable += int(answer.abstained)
        self.citations += len(checks)
        self.valid_citations += sum(1 for c in checks if c.valid)

    def summary(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "answerable": self.answerable,
            "answered": self.answered,
            "answered_rate": ratio(self.answered, self.answerable),
            "unanswerable": self.unanswerable,
            "abstained_on_unanswerable": self.abstained_unanswerable,
            "abstention_recall": ratio(self.abstained_unanswerable, self.unanswerable),
            "abstention_precision": ratio(self.abstained_unanswerable, self.abstained_total),
            "citations": self.citations,
            "citation_validity": ratio(self.valid_citations, self.citations),
            "answer_contains_evidence": ratio(self.cites_evidence, self.answerable),
            "quote_contains_evidence": ratio(self.quotes_evidence, self.answerable),
        }


def mean_by(values: dict[str, dict[str, float]], groups: dict[str, str]) -> dict[str, dict[str, float]]:
    """Mean of each metric per group (groups maps question id -> group name)."""
    sums: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for qid, metrics in values.items():
        group = groups.get(qid, "-")
        counts[group] = counts.get(group, 0) + 1
        bucket = sums.setdefault(group, {})
        for name, value in metrics.items():
            bucket[name] = bucket.get(name, 0.0) + value
    return {
        g: {"n": counts[g], **{k: round(v / counts[g], 4) for k, v in metrics.items()}}
        for g, metrics in sorted(sums.items())
    }
