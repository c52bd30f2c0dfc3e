"""Answering questions from retrieved passages, with verified citations.

    answerer = make_answerer(settings, retriever)   # veiviser.app.answerers
    answer = answerer.answer("Hvem leder oppfølgingsteamet?", history=previous_answers)
    stream = answerer.stream(question)       # AnswerStream: iterate for text pieces,
    for piece in stream: ...                  # then stream.answer is the verified Answer

`ExtractiveAnswerer` quotes the best sentences (offline, the default); `LLMAnswerer`
asks a chat model (Ollama or any OpenAI-compatible server) and falls back to the
extractive answer when the model is unreachable, slow, or unsupported by the sources.
"""

from __future__ import annotations

from veiviser.answer.compose import AnswerStream
from veiviser.answer.evidence import AbstentionPolicy, EvidenceSignals, Retrieval
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.language import question_language
from veiviser.answer.phrases import PhraseBook, Phrases, load_phrases

__all__ = [
    "AbstentionPolicy",
    "AnswerStream",
    "EvidenceSignals",
    "ExtractiveAnswerer",
    "PhraseBook",
    "Phrases",
    "Retrieval",
    "load_phrases",
    "question_language",
]
