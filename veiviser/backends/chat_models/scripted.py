"""A chat model that needs no server: scripted replies, every prompt recorded.

Selected with `answerer = "scripted"` to run the whole LLM path (prompting,
streaming, citation checks, fallbacks) offline: in the app's demo mode and in tests.
Without a script it answers with the first sentence of the first passage, cited [1].
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field, PrivateAttr

from veiviser.text.units import display_text, split_units

_PASSAGE = re.compile(r"<passage n=\"1\"[^>]*>\n(.*?)\n</passage>", re.DOTALL)
_PIECE = re.compile(r"\S+\s*|\s+")


class ScriptedChatModel(BaseChatModel):
    replies: list[str] = Field(default_factory=list)  # used in turn; the last one repeats
    delay_s: float = 0.0  # wait before answering (to exercise timeouts)
    fail_with: str = ""  # raise ConnectionError(fail_with) instead of answering
    received: list[list[BaseMessage]] = Field(default_factory=list)
    _turn: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "veiviser-scripted"

    def _reply(self, messages: list[BaseMessage]) -> str:
        self.received.append(list(messages))
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail_with:
            raise ConnectionError(self.fail_with)
        if self.replies:
            reply = self.replies[min(self._turn, len(self.replies) - 1)]
            self._turn += 1
            return reply
        return _first_sentence_reply(str(messages[-1].content))

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._reply(messages)))])

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        for piece in _PIECE.findall(self._reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))


def _first_sentence_reply(prompt: str) -> str:
    match = _PASSAGE.search(prompt)
    if not match:
        return "NOT_COVERED"
    text = html.unescape(match.group(1))
    units = [u for u in split_units(text) if u.kind != "heading"]
    if not units:
        return "NOT_COVERED"
    return f"{display_text(units[0].text(text))} [1]"
