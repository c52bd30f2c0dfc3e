"""Subprocess body for the SIGKILL durability tests: ingest with a fault point, then die.

Usage: python _kill_worker.py HOME SOURCES MODE
MODE: "loading" (killed while reading the 3rd file), "embedding" (while embedding),
"switch" (after the new manifest is written, before CURRENT changes), "none" (clean run).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest.pipeline import Ingestor
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.core.config import Settings


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    home, sources, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    settings = Settings(home=home, embedder="fake", chunk_target_chars=300, chunk_overlap_chars=50, repair=False)
    embedder = FakeEmbedder()
    loader = None
    if mode == "loading":
        from veiviser.documents.loaders import load_file

        seen = []

        def loader(path, **kw):  # type: ignore[no-redef]
            seen.append(path)
            if len(seen) == 3:
                die()
            return load_file(path, **kw)

    if mode == "embedding":
        original = embedder.embed_batch

        def embed_batch(texts, *, is_query):
            if embedder.calls >= 2:
                die()
            return original(texts, is_query=is_query)

        embedder.embed_batch = embed_batch  # type: ignore[method-assign]
    if mode == "switch":
        import veiviser.index.versions as index_module

        real_write = index_module.write_atomic

        def write_atomic(path, data):
            if path.name == "CURRENT":
                die()
            real_write(path, data)

        index_module.write_atomic = write_atomic
    Ingestor(settings, embedder, loader=loader).run([sources])


if __name__ == "__main__":
    main()
