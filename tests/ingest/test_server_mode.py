"""End-to-end ingest + search against a real Chroma server (started on loopback by .ci/run)."""

from __future__ import annotations

import os

import pytest

from ingest.pipeline import Ingestor
from veiviser.app.services import Services
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.backends.stores.chroma_store import StoreError, http_client
from veiviser.core.config import Settings
from veiviser.index.versions import IndexManager

pytestmark = pytest.mark.network


@pytest.fixture
def chroma_url() -> str:
    url = os.environ.get("VEIVISER_TEST_CHROMA_URL")
    if not url:
        pytest.skip("no Chroma server: set VEIVISER_TEST_CHROMA_URL (.ci/run starts one)")
    return url


def test_ingest_and_search_against_chroma_server(tmp_path, chroma_url):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(
        "Koordinerende enhet tar imot meldinger om behov for individuell plan.", encoding="utf-8"
    )
    (src / "b.txt").write_text("Samordningsförbundet finansieras av Försäkringskassan och regionen.", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake", chroma_url=chroma_url)
    first = Ingestor(settings, FakeEmbedder()).run([src])
    assert first.ok and first.version
    hits = Services(settings).retriever().search("koordinerende enhet melding", k=1)
    assert hits[0].chunk.source == "a.txt"

    (src / "a.txt").write_text("Koordinerende enhet har ansvar for opplæring av koordinatorer.", encoding="utf-8")
    second = Ingestor(settings, FakeEmbedder()).run([src])
    assert second.version != first.version
    version = IndexManager(settings).open_current()
    assert version.store.count() == len(version.lexical.chunks) == 2
    assert Services(settings).retriever().search("opplæring koordinatorer", k=1)[0].chunk.source == "a.txt"

    third = Ingestor(settings, FakeEmbedder()).run([src], prune=True)
    assert third.version is None  # unchanged
    names = {c.name for c in http_client(chroma_url).list_collections()}
    manager = IndexManager(settings)
    ours = {n for n in names if n.startswith(f"vv-{manager._index_id()}-")}
    assert len(ours) <= 2  # old versions' collections are dropped


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="Cannot reach the Chroma server"):
        http_client("http://127.0.0.1:9")
