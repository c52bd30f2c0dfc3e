"""Spread a pure text function over the machine's cores, for the long documents only.

Repairing OCR damage and looking for injected instructions are plain Python over text, so a
45 MB file keeps one core busy for minutes while the other idles. `map_texts` runs such a
function in forked worker processes: a fork shares the loaded lexicons and detectors with the
workers for free, and only the texts and the results cross between processes. Short inputs,
one worker, or a platform without fork run in this process, in the same order, with the same
results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

log = logging.getLogger(__name__)

R = TypeVar("R")

MIN_PARALLEL_CHARS = 500_000  # below this a worker pool (about 0.1 s to fork and gather) costs more than it saves
BATCHES_PER_WORKER = 8  # small batches keep the workers evenly busy

_TASK: Callable[[str], Any] | None = None  # set in the parent just before the fork, read in the workers


def available_workers(setting: int = 0) -> int:
    """`setting` when positive, else the cores this process may use (at most 4: the rest is I/O)."""
    if setting > 0:
        return setting
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _run_batch(batch: Sequence[str]) -> list[Any]:
    assert _TASK is not None
    return [_TASK(text) for text in batch]


def worth_forking(texts: Sequence[str], workers: int, min_chars: int | None = None) -> bool:
    """Will `map_texts` fork for these texts (long enough, several workers, and fork available)?"""
    limit = MIN_PARALLEL_CHARS if min_chars is None else min_chars
    return (
        workers > 1
        and len(texts) > 1
        and sum(len(t) for t in texts) >= limit
        and "fork" in multiprocessing.get_all_start_methods()
    )


def map_texts(
    function: Callable[[str], R],
    texts: Sequence[str],
    *,
    workers: int = 1,
    min_chars: int | None = None,
) -> list[R]:
    """`[function(t) for t in texts]`, in forked workers when the texts are long enough to gain from it
    (`min_chars` characters in all; MIN_PARALLEL_CHARS when None)."""
    if not worth_forking(texts, workers, min_chars):
        return [function(t) for t in texts]
    global _TASK
    size = max(1, len(texts) // (workers * BATCHES_PER_WORKER))
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    _TASK = function
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_batch, batches, chunksize=1)
    except (OSError, RuntimeError) as exc:  # no processes left, or a worker died: do it here instead
        log.warning("parallel work failed (%s); continuing in one process", exc)
        return [function(t) for t in texts]
    finally:
        _TASK = None
    return [r for batch in results for r in batch]
