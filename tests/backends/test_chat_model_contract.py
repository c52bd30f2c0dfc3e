"""One contract, every chat model the registry builds: the scripted fake and Ollama's client over the wire.

A chat model is langchain's BaseChatModel: `invoke` gives one message, `stream` gives pieces that add
up to the same text. The Ollama client talks to a loopback server speaking Ollama's chat protocol.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from veiviser.backends.registry import make_chat_model
from veiviser.core.config import Settings

REPLY = "Et oppfølgingsteam ledes av en oppnevnt koordinator [1]."
MESSAGES = [
    SystemMessage("Svar bare fra kildene."),
    HumanMessage(
        '<passage n="1" source="a.txt">\nEt oppfølgingsteam ledes av en oppnevnt koordinator.\n</passage>\nHvem leder teamet?'
    ),
]


class _OllamaStub(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        words = REPLY.split(" ")
        for i, word in enumerate(words):
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


class ChatModelContract:
    def make(self) -> BaseChatModel:  # pragma: no cover - overridden
        raise AssertionError("subclass must implement make()")

    @pytest.fixture
    def model(self) -> BaseChatModel:
        return self.make()

    def test_is_a_langchain_chat_model(self, model):
        assert isinstance(model, BaseChatModel)

    def test_invoke_returns_text(self, model):
        reply = model.invoke(MESSAGES)
        assert isinstance(reply.content, str) and reply.content.strip()

    def test_stream_pieces_add_up_to_the_reply(self, model):
        pieces = [chunk.content for chunk in model.stream(MESSAGES)]
        assert len(pieces) > 1  # it streams, not one block at the end
        assert "".join(str(p) for p in pieces).strip() == str(model.invoke(MESSAGES).content).strip()


class TestScriptedChatModel(ChatModelContract):
    def make(self) -> BaseChatModel:
        return make_chat_model(Settings(answerer="scripted"))


class TestOllamaChatModel(ChatModelContract):
    @pytest.fixture(autouse=True)
    def server(self) -> Iterator[None]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _OllamaStub)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()

    def make(self) -> BaseChatModel:
        return make_chat_model(Settings(answerer="ollama", llm_model="stub", llm_base_url=self.url, llm_timeout_s=10))

    def test_reply_is_the_servers(self, server):
        assert self.make().invoke(MESSAGES).content == REPLY
