"""The Ollama path over the wire: ChatOllama's own HTTP client against a loopback server speaking
Ollama's chat protocol (streamed NDJSON), so settings -> make_chat_model -> HTTP -> verified answer
is exercised without a model. A real model is tried in test_answer_ollama_live.py when one runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from answer_fixtures import PROMPTS, chunk_text, make_chunks, make_retriever
from ollama_stub import ollama_server

from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.llm import LLMAnswerer, make_chat_model
from veiviser.answer.phrases import load_phrases
from veiviser.answer.prompt import load_prompts
from veiviser.core.config import Settings

REPLY = (
    "Et oppfølgingsteam ledes av en oppnevnt koordinator [1]. "
    "Fastlegen har det medisinskfaglige ansvaret for pasientene på sin liste [1]."
)


@pytest.fixture
def ollama() -> Iterator[tuple[str, list[dict]]]:
    with ollama_server(REPLY) as served:
        yield served


def test_ollama_settings_reach_the_server_and_the_streamed_reply_is_verified(ollama):
    ollama_url, requests = ollama
    settings = Settings(answerer="ollama", llm_model="stub-model", llm_base_url=ollama_url, llm_timeout_s=30)
    extractive = ExtractiveAnswerer(make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS)
    answerer = LLMAnswerer(make_chat_model(settings), extractive, load_prompts(PROMPTS), timeout_s=30, name="ollama")

    answer = answerer.answer("Hvem leder et oppfølgingsteam, og hvem har det medisinskfaglige ansvaret?")

    (request,) = requests
    assert request["path"] == "/api/chat" and request["model"] == "stub-model" and request["stream"] is True
    system, user = request["messages"][0], request["messages"][-1]
    assert system["role"] == "system" and "<passage" in user["content"]  # passages travel as delimited data
    assert answer.answerer == "ollama" and not answer.abstained and not answer.notices
    assert "ledes av en oppnevnt koordinator" in answer.text
    for citation in answer.citations:
        assert citation.quote in chunk_text(answer, citation.chunk_id)
