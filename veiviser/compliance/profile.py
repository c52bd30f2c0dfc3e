"""What each requirement looks like to the matcher: its texts, their vectors and its evidence items.

A requirement is represented by everything the kb says about it – title, description,
evidence items and example phrasings – so a routine sentence is compared with many
ways of saying the same thing. Each example phrasing is attached to the evidence
item it is closest to, which gives every item a few phrasings of its own.

Item scores are read against a background: an item's similarity to the texts of all
*other* requirements (in-domain, off-topic) gives its mean and spread, and a routine
sentence must stand out from that background to count as evidence for the item.
That keeps one threshold meaningful across short and long, generic and specific items.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veiviser.kb.schema import Requirement, RequirementSet

log = logging.getLogger(__name__)

MIN_SPREAD = 0.01  # floor for an item's background spread, so a z-score never divides by ~0


@dataclass(frozen=True)
class ItemProfile:
    text: str
    vectors: np.ndarray  # (k, dim): the item and the phrasings attached to it
    phrasings: tuple[str, ...]
    background_mean: float
    background_spread: float

    def z(self, passage_vectors: np.ndarray) -> np.ndarray:
        """How far each passage stands out from the background, in spreads."""
        if self.vectors.shape[1] == 0:
            return np.zeros(len(passage_vectors), dtype=np.float32)
        best = (passage_vectors @ self.vectors.T).max(axis=1)
        return (best - self.background_mean) / self.background_spread


@dataclass(frozen=True)
class RequirementProfile:
    requirement: Requirement
    vectors: np.ndarray  # (n, dim): every text of the requirement
    items: tuple[ItemProfile, ...]

    @property
    def id(self) -> str:
        return self.requirement.id


def requirement_texts(req: Requirement) -> list[str]:
    return [req.title, req.description, *req.evidence_required, *req.example_phrasings]


Embed = Callable[[Sequence[str]], np.ndarray]


def build_profiles(requirement_set: RequirementSet, embed: Embed) -> tuple[RequirementProfile, ...]:
    """Profiles for every requirement, with all texts embedded in one call."""
    reqs = requirement_set.requirements
    texts: list[str] = []
    owners: list[int] = []
    for number, req in enumerate(reqs):
        for text in requirement_texts(req):
            texts.append(text)
            owners.append(number)
    matrix = np.asarray(embed(texts), dtype=np.float32)
    owner = np.asarray(owners)
    profiles: list[RequirementProfile] = []
    for number, req in enumerate(reqs):
        own = matrix[owner == number]
        background = matrix[owner != number]
        n_items = len(req.evidence_required)
        item_vecs = own[2 : 2 + n_items]
        phrase_vecs = own[2 + n_items :]
        if item_vecs.shape[1] and len(phrase_vecs):
            nearest = (phrase_vecs @ item_vecs.T).argmax(axis=1)
        else:
            nearest = np.zeros(len(phrase_vecs), dtype=int)
        items: list[ItemProfile] = []
        for i, text in enumerate(req.evidence_required):
            attached = [k for k in range(len(phrase_vecs)) if nearest[k] == i]
            vecs = np.vstack([item_vecs[i : i + 1], *(phrase_vecs[k : k + 1] for k in attached)])
            if vecs.shape[1] and len(background):
                sims = (background @ vecs.T).max(axis=1)
                mean, spread = float(sims.mean()), max(MIN_SPREAD, float(sims.std()))
            else:
                mean, spread = 0.0, 1.0
            items.append(
                ItemProfile(
                    text=text,
                    vectors=vecs,
                    phrasings=tuple(req.example_phrasings[k] for k in attached),
                    background_mean=mean,
                    background_spread=spread,
                )
            )
        profiles.append(RequirementProfile(requirement=req, vectors=own, items=tuple(items)))
    return tuple(profiles)


class CachedEmbed:
    """Embeds passages through `embedder`, keeping the vectors of requirement texts on disk.

    The requirement texts change only when the kb does, and embedding them costs tens of
    seconds on a small machine, so their vectors are stored under `cache_dir` keyed by the
    embedder name and the texts. A cache that cannot be written is skipped, not fatal.
    """

    def __init__(self, embedder, cache_dir: Path | None) -> None:
        self.embedder = embedder
        self.cache_dir = cache_dir

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        key = hashlib.sha256("\x00".join([getattr(self.embedder, "name", "?"), *texts]).encode("utf-8")).hexdigest()[
            :32
        ]
        path = self.cache_dir / f"requirements-{key}.npy" if self.cache_dir else None
        if path is not None and path.is_file():
            try:
                cached = np.load(path)
                if cached.shape[0] == len(texts):
                    return cached
            except (OSError, ValueError) as exc:
                log.debug("ignoring unreadable embedding cache %s: %s", path, exc)
        vectors = np.asarray(self.embedder.embed_passages(texts), dtype=np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp.npy")
                np.save(tmp, vectors)
                tmp.replace(path)
            except OSError as exc:
                log.debug("embedding cache not written to %s: %s", path, exc)
        return vectors
