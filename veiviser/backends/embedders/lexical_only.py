"""The `none` embedder: lexical search only, for machines where no model may run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from veiviser.backends.embedders.base import BatchEmbedder


class LexicalOnlyEmbedder(BatchEmbedder):
    """Produces no vectors. The retriever sees dim == 0 and skips the dense side."""

    name = "none"
    dim = 0

    def embed_batch(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        return np.zeros((len(texts), 0), dtype=np.float32)
