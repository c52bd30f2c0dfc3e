"""The ask path searches once: one BM25 query and one vector query per question (embedded and server store),
and embeds no candidate sentence (their vectors were stored at ingest)."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from ingest.pipeline import Ingestor
from veiviser.app.answerers import make_answerer
from veiviser.app.services import Services
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.backends.stores.chroma_store import ChromaStore
from veiviser.core.config import Settings
from veiviser.index.lexical import LexicalIndex

QUESTIONS = ("Hvem leder et oppfølgingsteam?", "Vad kräver en samordnad individuell plan?", "Hva er telefonnummeret?")


def _index(tmp_path, **settings_kwargs) -> Settings:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "team.txt").write_text(
        "Oppfølgingsteam\n\nEt oppfølgingsteam ledes av en oppnevnt koordinator. Fastlegen har det "
        "medisinskfaglige ansvaret for pasientene på listen.\n",
        encoding="utf-8",
    )
    (docs / "sip.txt").write_text(
        "SIP\n\nEn samordnad individuell plan kräver att den enskilde samtycker till planen.\n", encoding="utf-8"
    )
    settings = Settings(home=tmp_path / "home", embedder="fake", **settings_kwargs)
    assert Ingestor(settings, FakeEmbedder()).run([docs]).ok
    return settings


def _count_calls(monkeypatch) -> Counter:
    calls: Counter = Counter()

    def counting(name, original):
        def wrapper(self, *args, **kwargs):
            calls[name] += 1
            return original(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(LexicalIndex, "search", counting("bm25", LexicalIndex.search))
    monkeypatch.setattr(ChromaStore, "query", counting("vector", ChromaStore.query))
    monkeypatch.setattr(FakeEmbedder, "embed_query", counting("embed_query", FakeEmbedder.embed_query))
    monkeypatch.setattr(FakeEmbedder, "embed_documents", counting("embed_documents", FakeEmbedder.embed_documents))
    return calls


def _ask_each(settings: Settings, monkeypatch) -> list[Counter]:
    services = Services(settings)
    answerer = make_answerer(settings, services.retriever())
    per_question = []
    for question in QUESTIONS:
        calls = _count_calls(monkeypatch)
        answerer.answer(question)
        per_question.append(calls)
        monkeypatch.undo()
    return per_question


def test_each_question_costs_one_bm25_and_one_vector_query(tmp_path, monkeypatch):
    for calls in _ask_each(_index(tmp_path), monkeypatch):
        assert calls["bm25"] == 1 and calls["vector"] == 1
        assert calls["embed_query"] <= 1  # the question is embedded at most once (the vector cache may answer)
        assert calls["embed_documents"] == 0  # candidate sentences have vectors from the ingest


@pytest.mark.network
def test_the_same_holds_against_a_chroma_server(tmp_path, monkeypatch):
    url = os.environ.get("VEIVISER_TEST_CHROMA_URL")
    if not url:
        pytest.skip("no Chroma server: set VEIVISER_TEST_CHROMA_URL (.ci/run starts one)")
    for calls in _ask_each(_index(tmp_path, chroma_url=url), monkeypatch):
        assert calls["bm25"] == 1 and calls["vector"] == 1
