"""Hand-written passages and a small in-memory index over them, for answerer tests (no loaders, no model)."""

from __future__ import annotations

from pathlib import Path

from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.backends.stores.memory_store import InMemoryStore
from veiviser.core.config import project_root
from veiviser.core.types import Chunk
from veiviser.index.lexical import LexicalIndex
from veiviser.index.versions import IndexVersion
from veiviser.retrieval.search import HybridRetriever

PROMPTS = project_root() / "prompts"

# Our own wording of domain facts; no text from the shared corpus.
PASSAGES = [
    (
        "veileder.txt",
        "nb",
        3,
        "Oppfølgingsteam",
        "Et oppfølgingsteam ledes av en oppnevnt koordinator. Fastlegen har det medisinskfaglige ansvaret for "
        "pasientene på sin liste. Teamet settes sammen etter hva brukeren trenger.",
    ),
    (
        "veileder.txt",
        "nb",
        4,
        "Koordinator",
        "Kommunen skal tilby koordinator til pasienter og brukere med behov for langvarige og koordinerte tjenester. "
        "Tilbudet gjelder også om brukeren ikke ønsker individuell plan.",
    ),
    (
        "veileder.txt",
        "nb",
        5,
        "Barnekoordinator",
        "Familier som venter eller har barn med alvorlig sykdom, skade eller nedsatt funksjonsevne, har rett til "
        "barnekoordinator. Barnet må ha behov for langvarige og sammensatte tjenester.",
    ),
    (
        "evaluering.txt",
        "nb",
        12,
        "Spørreundersøkelse",
        "I alt svarte 87 koordinatorer på spørreundersøkelsen. De fleste var sykepleiere (31 %), fulgt av "
        "vernepleiere (17 %) og sosionomer (9 %).",
    ),
    (
        "evaluering.txt",
        "nb",
        13,
        "Hovedelementer",
        "Modellen har fire faste elementer:\n\nKartlegging av brukerens mål\nEn felles plan for samarbeidet\n"
        "Faste teammøter med referat\nEvaluering hver tredje måned",
    ),
    (
        "samverkan.txt",
        "sv",
        2,
        "SIP",
        "En samordnad individuell plan ska upprättas när den enskilde behöver insatser från både socialtjänsten "
        "och hälso- och sjukvården. Planen kräver att den enskilde samtycker.",
    ),
    (
        "indsats.txt",
        "da",
        7,
        "Akutfunktion",
        "Kommunens akutfunktion skal kunne rådgive almen praksis og sygehuset døgnet rundt. Borgeren skal opleve "
        "en sammenhængende indsats.",
    ),
    (
        "modell.txt",
        "nb",
        9,
        "Møtehyppighet",
        "Teammøtene holdes vanligvis hver sjette uke, og brukeren deltar i alle møtene.",
    ),
]


def make_chunks(passages=PASSAGES) -> list[Chunk]:
    chunks = []
    for i, (source, lang, page, section, text) in enumerate(passages):
        chunks.append(
            Chunk(
                id=f"chunk{i:02d}",
                doc_id=source,
                text=text,
                source=source,
                title=source,
                doc_type="txt",
                lang=lang,
                position=i,
                page=page,
                section=section,
                doc_lang=lang,
            )
        )
    return chunks


def make_retriever(chunks: list[Chunk], *, dense: bool = True) -> HybridRetriever:
    embedder = FakeEmbedder(64) if dense else None
    store = InMemoryStore(64 if dense else 0)
    store.add(chunks, embedder.embed_documents([c.text for c in chunks]) if embedder else None)
    manifest = {"dim": 64 if dense else 0, "embedder": embedder.name if embedder else "none"}
    version = IndexVersion("v-test", Path("."), manifest, store, LexicalIndex.build(chunks))  # type: ignore[arg-type]
    return HybridRetriever(version, embedder)


def chunk_text(answer, chunk_id: str) -> str:
    return next(h.chunk.text for h in answer.passages if h.chunk.id == chunk_id)
