"""The Ollama path over the wire: ChatOllama's own HTTP client against a loopback server speaking
Ollama's chat protocol (streamed NDJSON), so settings -> make_chat_model -> HTTP -> verified answer
is exercised without a model. A real model is tried in test_answer_ollama_live.py when one runs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from answer_fixtures import PROMPTS, chunk_text, make_chunks, make_retriever

from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.llm import LLMAnswerer, make_chat_model
from veiviser.answer.phrases import load_phrases
from veiviser.answer.prompt import load_prompts
from veiviser.core.config import Settings

REPLY = (
    "Et oppfølgingsteam ledes av en oppnevnt koordinator [1]. "
    "Fastlegen har det medisinskfaglige ansvaret for pasientene på sin liste [1]."
)


class OllamaChat(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        OllamaChat.requests.append({"path": self.path, **body})
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        for i, word in enumerate(REPLY.split(" ")):
            piece = {
                "model": body.get("model"),
                "created_at": "2026-01-01T00:00:00Z",
                "done": False,
                "message": {"role": "assistant", "content": word if i == 0 else f" {word}"},
            }
            self.wfile.write((json.dumps(piece) + "\n").encode())
        done = {
            "model": body.get("model"),
            "created_at": "2026-01-01T00:00:00Z",
            "done": True,
            "done_reason": "stop",
            "message": {"role": "assistant", "content": ""},
        }
        self.wfile.write((json.dumps(done) + "\n").encode())


@pytest.fixture
def ollama_url() -> Iterator[str]:
    OllamaChat.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), OllamaChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_ollama_settings_reach_the_server_and_the_streamed_reply_is_verified(ollama_url):
    settings = Settings(answerer="ollama", llm_model="stub-model", llm_base_url=ollama_url, llm_timeout_s=30)
    extractive = ExtractiveAnswerer(make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS)
    answerer = LLMAnswerer(make_chat_model(settings), extractive, load_prompts(PROMPTS), timeout_s=30, name="ollama")

    answer = answerer.answer("Hvem leder et oppfølgingsteam, og hvem har det medisinskfaglige ansvaret?")

    (request,) = OllamaChat.requests
    assert request["path"] == "/api/chat" and request["model"] == "stub-model" and request["stream"] is True
    system, user = request["messages"][0], request["messages"][-1]
    assert system["role"] == "system" and "<passage" in user["content"]  # passages travel as delimited data
    assert answer.answerer == "ollama" and not answer.abstained and not answer.notices
    assert "ledes av en oppnevnt koordinator" in answer.text
    for citation in answer.citations:
        assert citation.quote in chunk_text(answer, citation.chunk_id)
