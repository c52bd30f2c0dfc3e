"""Search latency p50/p95 with the model loaded, at 1k, 10k and 100k chunks.

The synthetic corpus varies the real one: each synthetic chunk is a real chunk with its
sentences rotated and a few words swapped from another chunk, and its vector is the real
vector plus small noise, so the index has realistic text statistics and vector geometry
without spending hours embedding 100k passages. Queries are the dev questions, embedded
live with the real model on every search (no cache).
Goals (issue #2): p95 <= 15 ms at 10k, <= 50 ms at 100k.
With --reranker-model, every search also re-scores its best --rerank-depth passages with that
CrossEncoder (the optional second stage of #3), so its cost is measured the same way.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT, percentile, save

from ingest.pipeline import Ingestor
from veiviser.app.services import build_services
from veiviser.backends.embedders import make_embedder
from veiviser.core.config import Settings
from veiviser.core.types import Chunk
from veiviser.index.lexical import LexicalIndex
from veiviser.index.versions import IndexManager


def synthetic(chunks: list[Chunk], vectors: np.ndarray, n: int, rng: random.Random, windows=None):
    """`n` chunks varied from the real ones; with `windows` (real chunk i -> its window vectors)
    each also gets its source's windows plus the same kind of noise."""
    out_chunks, out_vecs, out_windows = [], [], {}
    nprng = np.random.default_rng(rng.randrange(1 << 30))
    for i in range(n):
        j = i % len(chunks)
        base = chunks[j]
        sentences = base.text.split(". ")
        r = rng.randrange(len(sentences)) if sentences else 0
        words = (". ".join(sentences[r:] + sentences[:r])).split()
        donor = chunks[rng.randrange(len(chunks))].text.split()
        for _ in range(min(3, len(words))):
            if donor:
                words[rng.randrange(len(words))] = donor[rng.randrange(len(donor))]
        text = " ".join(words) + f" (syntetisk {i})"
        out_chunks.append(
            Chunk(
                id=f"syn{i:07d}",
                doc_id=f"syn-{i // 50:05d}.txt",
                text=text,
                source=f"syn-{i // 50:05d}.txt",
                title=base.title,
                doc_type="txt",
                lang=base.lang,
                position=i % 50,
                page=base.page,
                section=base.section,
                heading_path=base.heading_path,
                doc_lang=base.doc_lang,
            )
        )
        vec = vectors[j] + nprng.normal(0, 0.02, size=vectors.shape[1]).astype(np.float32)
        out_vecs.append(vec / np.linalg.norm(vec))
        if windows is not None:
            block = windows[j] + nprng.normal(0, 0.02, size=windows[j].shape).astype(np.float32)
            out_windows[out_chunks[-1].id] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out_chunks, np.vstack(out_vecs), out_windows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "questions_dev.jsonl")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--repeats", type=int, default=4, help="passes over the question set per size")
    ap.add_argument("--reranker-model", default="", help="local CrossEncoder folder: measure searches with reranking")
    ap.add_argument("--rerank-depth", type=int, default=20, help="passages the reranker re-scores per search")
    args = ap.parse_args()
    rerank = {"reranker": "cross-encoder", "reranker_model": args.reranker_model} if args.reranker_model else {}
    questions = [
        json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rng = random.Random(7)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base_settings = Settings(home=Path(tmp) / "base")
        embedder = make_embedder(base_settings)
        Ingestor(base_settings, embedder).run([args.corpus])
        base = IndexManager(base_settings).open_current()
        pairs = list(base.store.iter_chunks(with_embeddings=True))
        real_chunks = [c for c, _ in pairs]
        real_vecs = np.asarray([v for _, v in pairs], dtype=np.float32)
        real_windows = None
        if base.window_vectors is not None:  # passage windows on (the default): scale them too
            real_windows = [base.window_vectors.of_row(base.lexical.by_id[c.id]) for c in real_chunks]
        for size in args.sizes:
            settings = Settings(home=Path(tmp) / f"n{size}", rerank_depth=args.rerank_depth, **rerank)
            manager = IndexManager(settings)
            lock = manager.acquire()
            builder = manager.begin(embedder.name, embedder.dim)
            chunks, vecs, windows = synthetic(real_chunks, real_vecs, size, rng, real_windows)
            t0 = time.perf_counter()
            builder.store.add(chunks, vecs)
            builder.windows.update(windows)
            lexical = LexicalIndex.build(chunks)
            manager.publish(builder, lexical, {"documents": {}, "settings": {"embedder": embedder.name}})
            lock.release()
            build_s = time.perf_counter() - t0
            services = build_services(settings)
            services.__dict__["embedder"] = embedder  # model already loaded, as in a running app
            retriever = services.retriever()
            for q in questions[:5]:
                retriever.search(q, k=10)  # warm-up
            timings = []
            for _ in range(args.repeats):
                for q in questions:
                    embedder.__dict__.pop("_query_cache", None)  # measure the model call every time
                    t0 = time.perf_counter()
                    retriever.search(q, k=10)
                    timings.append((time.perf_counter() - t0) * 1000)
            t_embed = []
            for q in questions:
                embedder.__dict__.pop("_query_cache", None)
                t0 = time.perf_counter()
                embedder.embed_query(q)
                t_embed.append((time.perf_counter() - t0) * 1000)
            row = {
                "chunks": size,
                "reranker": f"{services.reranker.name} @ {args.rerank_depth}" if services.reranker else "none",
                "windows": int(manager.read_manifest().get("windows", 0)),
                "build_s": round(build_s, 1),
                "searches": len(timings),
                "p50_ms": round(percentile(timings, 50), 2),
                "p95_ms": round(percentile(timings, 95), 2),
                "p99_ms": round(percentile(timings, 99), 2),
                "query_embed_p50_ms": round(percentile(t_embed, 50), 2),
            }
            results.append(row)
            print(row, flush=True)
    print("saved", save("search_latency", {"embedder": embedder.name, "results": results}))


if __name__ == "__main__":
    main()
