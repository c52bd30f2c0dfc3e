"""Deterministic hashing embedder for tests: no model, same text -> same vector.

Hashes word unigrams and character trigrams into a fixed number of buckets
(as haystack's mock embedder seeds by hash), so texts that share words are
close, which is enough to exercise dense retrieval and fusion in tests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from veiviser.backends.embedders.base import BatchEmbedder

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder(BatchEmbedder):
    name = "fake:hashing-64"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"fake:hashing-{dim}"
        self.calls = 0

    def embed_batch(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _features(text):
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, bucket] += sign
        return out


def _features(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    grams = [w[i : i + 3] for w in words if len(w) > 3 for i in range(len(w) - 2)]
    return words + grams
