"""An LLM answer reaches the page sentence by sentence while the model is still writing.

The Ask page hands `veiviser.ui.answering.stream` to `st.write_stream`; that generator
iterates the answerer's AnswerStream, which for an LLM answerer reads langchain's
`model.stream` token by token, cuts the text into sentences and yields each one as soon
as it has passed its citation check. Here the scripted chat model streams its reply word
by word and then holds, mid-way through the second sentence, until the page has the first
one: if anything on the way buffered the whole reply, the first piece would only come
after the model finished and the test would fail.
"""

from __future__ import annotations

import html
import re
import threading

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from pydantic import PrivateAttr

from veiviser.answer.llm import LLMAnswerer
from veiviser.answer.prompt import load_prompts
from veiviser.app.answerers import make_answerer
from veiviser.app.services import Services
from veiviser.backends.chat_models.scripted import ScriptedChatModel
from veiviser.core.config import Settings
from veiviser.ui import answering

FIRST = (
    "Koordinatoren skal sørge for nødvendig oppfølging, samordning av tjenestetilbudet og framdrift i arbeidet "
    "med individuell plan"
)
SECOND = "Koordinatoren er kontaktpunktet for personen og de pårørende"
_PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)


class HeldModel(ScriptedChatModel):
    """Streams its reply a word at a time and stops after the first word of the second sentence until released."""

    _release: threading.Event = PrivateAttr(default_factory=threading.Event)
    _finished: threading.Event = PrivateAttr(default_factory=threading.Event)
    _released_in_time: list[bool] = PrivateAttr(default_factory=list)

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        prompt = str(messages[-1].content)
        n = next(n for n, text in _PASSAGE.findall(prompt) if FIRST in html.unescape(text))
        self.received.append(list(messages))
        words = re.findall(r"\S+\s*", f"{FIRST} [{n}]. {SECOND} [{n}].")
        hold = len(re.findall(r"\S+\s*", f"{FIRST} [{n}]. ")) + 1  # after the first word of sentence two
        for i, word in enumerate(words):
            if i == hold:
                self._released_in_time.append(self._release.wait(timeout=15))
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))
        self._finished.set()


def test_the_first_verified_sentence_reaches_the_page_before_the_model_has_finished(app_home):
    settings = Settings.from_env()
    retriever = Services(settings).retriever()
    extractive = make_answerer(settings.with_(answerer="extractive"), retriever)
    model = HeldModel()
    answerer = LLMAnswerer(model, extractive, load_prompts(settings.answer.prompts_dir), timeout_s=30, name="scripted")

    holder: dict = {}
    pieces = answering.stream(answerer, "Hva skal koordinatoren sørge for?", [], holder)
    first = next(pieces)  # what st.write_stream shows first
    assert first.startswith(FIRST) and SECOND not in first
    assert not model._finished.is_set()  # the model is still writing sentence two
    model._release.set()
    rest = list(pieces)
    assert model._released_in_time == [True] and model._finished.is_set()

    answer = holder["answer"]
    assert answer.answerer == "scripted" and not answer.abstained and answer.notices == ()
    assert "".join([first, *rest]) == answer.text and SECOND in answer.text
    assert len(answer.citations) == 2  # each sentence verified and cited when the stream ended
    passages = {p.chunk.id: p.chunk.text for p in answer.passages}
    assert all(c.quote in passages[c.chunk_id] for c in answer.citations)
