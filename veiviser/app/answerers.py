"""Build the answerer the settings ask for."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from veiviser.answer.answer_types import load_answer_types
from veiviser.answer.claim_check import CHECKER_FILE, ClaimJudge, load_claim_judge
from veiviser.answer.decision import DECISION_FILE, LearnedDecision, load_decision
from veiviser.answer.evidence import AbstentionPolicy
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.kb_answers import RoleAnswers, load_aspect_cues
from veiviser.answer.phrases import load_phrases
from veiviser.answer.sentence_scorer import SCORER_FILE, load_sentence_scorer
from veiviser.core.config import ANSWERERS, AnswerSettings, ConfigError, Settings
from veiviser.core.protocols import Retriever
from veiviser.core.types import SearchFilters

log = logging.getLogger(__name__)
T = TypeVar("T")


def parse_llm_choice(choice: str, settings: Settings) -> Settings:
    """Apply `--llm NAME` ("extractive", "ollama", "openai:gpt-4o-mini", "ollama:llama3.1") to settings."""
    kind, _, model = choice.partition(":")
    if kind not in ANSWERERS:
        raise ConfigError(f"Unknown answerer {kind!r}; choose one of: {', '.join(ANSWERERS)} (optionally NAME:MODEL)")
    return settings.with_(answerer=kind, llm_model=model or settings.llm_model)


def make_answerer(
    settings: Settings,
    retriever: Retriever,
    *,
    policy: AbstentionPolicy | None = None,
    filters: SearchFilters | None = None,
    k: int = 8,
):
    """An ExtractiveAnswerer, or an LLMAnswerer (which keeps an extractive one as its fallback)."""
    answer_settings = settings.answer
    phrases = load_phrases(answer_settings.prompts_dir)
    extractive = ExtractiveAnswerer(
        retriever,
        phrases,
        answer_types=load_answer_types(answer_settings.prompts_dir),
        policy=policy,
        k=k,
        filters=filters,
        default_lang=answer_settings.ui_lang,
        decision=_for_index(_decision(answer_settings), retriever, "answer-or-abstain model", "rules"),
        kb_answers=_role_answers(settings),
        sentence_model=_for_index(_sentence_model(answer_settings), retriever, "sentence scorer", "hand-set weights"),
    )
    if answer_settings.answerer == "extractive":
        return extractive
    from veiviser.answer.llm import LLMAnswerer, make_chat_model
    from veiviser.answer.prompt import load_prompts

    return LLMAnswerer(
        make_chat_model(settings),
        extractive,
        load_prompts(answer_settings.prompts_dir),
        timeout_s=answer_settings.llm_timeout_s,
        name=answer_settings.answerer,
        judge=_claim_judge(answer_settings),
    )


def _learned(
    chosen: str, load: Callable[[Path], T | None], setting: str, path: Path, trainer: str, other: str
) -> T | None:
    """A trained model the settings ask for ("learned"), or None for the hand-set alternative;
    a missing model file is a configuration error that says how to train it."""
    if chosen != "learned":
        return None
    model = load(path.parent)
    if model is None:
        raise ConfigError(f"{setting}=learned needs {path}; train it with {trainer} or use {other} ({setting}=rules).")
    return model


def _for_index(model: LearnedDecision | None, retriever: Retriever, what: str, instead: str) -> LearnedDecision | None:
    """The model, when the index was built with the embedder it was trained on (or its file does not say).

    Its cosine features lie on that embedder's scale; with another one (a sentence-transformers
    model, the test fake) the weights mean nothing, and the hand-set alternative decides.
    """
    trained = str(model.meta.get("embedder", "")) if model is not None else ""
    version = getattr(retriever, "version", None)
    built = str(getattr(version, "embedder_name", "") or "")
    if model is None or not trained or not built or trained == built:
        return model
    log.info("%s trained with %s, index built with %s: using the %s", what, trained, built, instead)
    return None


def _claim_judge(settings: AnswerSettings) -> ClaimJudge | None:
    """The learned claim check, or None: the word-overlap rules."""
    path = settings.prompts_dir / CHECKER_FILE
    return _learned(
        settings.claim_check,
        load_claim_judge,
        "VEIVISER_CLAIM_CHECK",
        path,
        "eval/train_claims.py",
        "the word-overlap rules",
    )


def _decision(settings: AnswerSettings) -> LearnedDecision | None:
    """The trained answer-or-abstain model, or None: the hand-set rules."""
    path = settings.prompts_dir / DECISION_FILE
    return _learned(settings.decision, load_decision, "VEIVISER_DECISION", path, "eval/train_decisions.py", "the rules")


def _role_answers(settings: Settings) -> RoleAnswers | None:
    """Role-card answers when the curated kb loads (a broken or missing kb only turns them off)."""
    from veiviser.kb.loader import KbError, load_kb

    if not settings.kb_dir.is_dir():
        return None
    try:
        kb = load_kb(settings.kb_dir)
    except KbError as exc:
        log.warning("role-card answers are off: %s", exc)
        return None
    definitions = load_answer_types(settings.prompts_dir).definition_cues
    return RoleAnswers(kb, load_aspect_cues(settings.prompts_dir), dict(definitions))


def _sentence_model(settings: AnswerSettings) -> LearnedDecision | None:
    """The trained sentence scorer, or None: the hand-set weights."""
    path = settings.prompts_dir / SCORER_FILE
    return _learned(
        settings.sentences,
        load_sentence_scorer,
        "VEIVISER_SENTENCES",
        path,
        "eval/train_decisions.py",
        "the hand-set weights",
    )
