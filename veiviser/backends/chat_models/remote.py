"""Chat models on a server: Ollama, or any OpenAI-compatible endpoint (langchain clients)."""

from __future__ import annotations

from typing import Any

from veiviser.core.config import AnswerSettings, ConfigError

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"


def _model_name(settings: AnswerSettings) -> str:
    if not settings.llm_model:
        raise ConfigError(
            f"The {settings.answerer} answerer needs a model name: set VEIVISER_LLM_MODEL "
            f"or use --llm {settings.answerer}:MODEL."
        )
    return settings.llm_model


def ollama_chat_model(settings: AnswerSettings) -> Any:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=_model_name(settings),
        base_url=settings.llm_base_url or DEFAULT_OLLAMA_URL,
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def openai_chat_model(settings: AnswerSettings) -> Any:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    model = _model_name(settings)
    if not settings.llm_api_key and not settings.llm_base_url:
        raise ConfigError(
            "The openai answerer needs VEIVISER_LLM_API_KEY, or VEIVISER_LLM_BASE_URL "
            "pointing at an OpenAI-compatible server."
        )
    return ChatOpenAI(
        model=model,
        base_url=settings.llm_base_url or None,
        api_key=SecretStr(settings.llm_api_key or "not-needed-for-local-servers"),
        temperature=0,
        timeout=settings.llm_timeout_s,
        max_retries=0,
    )
