"""One contract, every answerer (the `Answerer` protocol): extractive, and the LLM answerer over a scripted model.

Whatever produced it, an answer cites only passages it was given, quotes exact spans of them,
streams the same text it returns, and abstains when the sources do not speak to the question.
"""

from __future__ import annotations

import pytest
from answer_fixtures import PROMPTS, chunk_text, make_chunks, make_retriever

from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.llm import LLMAnswerer
from veiviser.answer.phrases import load_phrases
from veiviser.answer.prompt import load_prompts
from veiviser.backends.chat_models.scripted import ScriptedChatModel
from veiviser.core.protocols import Answerer

ANSWERABLE = "Hvem leder et oppfølgingsteam?"
UNRELATED = "Hvor mange timer sol fikk Bergen i juli?"


class AnswererContract:
    def make(self) -> Answerer:  # pragma: no cover - overridden
        raise AssertionError("subclass must implement make()")

    @pytest.fixture
    def answerer(self) -> Answerer:
        return self.make()

    def test_implements_the_protocol(self, answerer):
        assert isinstance(answerer, Answerer)

    def test_answers_with_exact_quotes_from_the_passages_it_used(self, answerer):
        answer = answerer.answer(ANSWERABLE)
        assert not answer.abstained and answer.citations
        used = {hit.chunk.id for hit in answer.passages}
        for citation in answer.citations:
            assert citation.chunk_id in used
            assert citation.quote in chunk_text(answer, citation.chunk_id)
        assert "koordinator" in " ".join(c.quote for c in answer.citations).lower()

    def test_abstains_when_the_sources_do_not_speak_to_the_question(self, answerer):
        answer = answerer.answer(UNRELATED)
        assert answer.abstained and not answer.citations

    def test_the_stream_carries_the_returned_text(self, answerer):
        stream = answerer.stream(ANSWERABLE)
        text = "".join(stream)
        assert stream.answer.text.strip() == text.strip()

    def test_answers_in_the_language_asked_for(self, answerer):
        assert answerer.answer(ANSWERABLE, lang="nb").answer_lang == "nb"


def _extractive() -> ExtractiveAnswerer:
    return ExtractiveAnswerer(make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS)


class TestExtractiveAnswerer(AnswererContract):
    def make(self) -> Answerer:
        return _extractive()


class TestScriptedLLMAnswerer(AnswererContract):
    def make(self) -> Answerer:
        model = ScriptedChatModel(replies=["Et oppfølgingsteam ledes av en oppnevnt koordinator [1]."])
        return LLMAnswerer(model, _extractive(), load_prompts(PROMPTS), timeout_s=10, name="scripted")
