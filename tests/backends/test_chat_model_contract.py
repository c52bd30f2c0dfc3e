"""One contract, every chat model the registry builds: the scripted fake and Ollama's client over the wire.

A chat model is langchain's BaseChatModel: `invoke` gives one message, `stream` gives pieces that add
up to the same text. The Ollama client talks to a loopback server speaking Ollama's chat protocol.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from ollama_stub import ollama_server

from veiviser.backends.registry import make_chat_model
from veiviser.core.config import Settings

REPLY = "Et oppfølgingsteam ledes av en oppnevnt koordinator [1]."
MESSAGES = [
    SystemMessage("Svar bare fra kildene."),
    HumanMessage(
        '<passage n="1" source="a.txt">\nEt oppfølgingsteam ledes av en oppnevnt koordinator.\n</passage>\nHvem leder teamet?'
    ),
]


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
        with ollama_server(REPLY) as (url, _):
            self.url = url
            yield

    def make(self) -> BaseChatModel:
        return make_chat_model(Settings(answerer="ollama", llm_model="stub", llm_base_url=self.url, llm_timeout_s=10))

    def test_reply_is_the_servers(self, server):
        assert self.make().invoke(MESSAGES).content == REPLY
