"""Lexical-only ingest time against file size: is the cost linear, and does 45 MB finish in 2 minutes?

    .venv/bin/python bench/ingest_scaling.py                 # 1, 8, 16 and 45 MB
    .venv/bin/python bench/ingest_scaling.py --sizes 1 4     # a quick look
    .venv/bin/python bench/ingest_scaling.py --profile 8     # where the time of an 8 MB ingest goes
    .venv/bin/python bench/ingest_scaling.py --workers 1     # all in one process (default: one per core)

Goals (issue #16): a 45 MB text file ingests lexical-only (VEIVISER_EMBEDDER=none) in <= 120 s, and
the time per MB stays flat from 1 to 45 MB (largest / smallest s/MB <= 1.5). The text is
generated: Norwegian-looking prose with numbered headings and a few OCR-damaged words, from a
fixed seed, so every run reads the same bytes. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import tempfile
import time
from pathlib import Path

from _common import save

from ingest.pipeline import Ingestor
from veiviser.backends.embedders import make_embedder
from veiviser.core.config import Settings

_SYLLABLES = (
    "ko or di ne ren de en het plan tje nes te sam ar beid opp føl ging bru ker hel se om sorg kom mu le ge vei led er"
)
_FUNCTION = "og i på for til med som skal kan ikke den det en et av har er ved når pa far".split()
_DAMAGED = ["tjenestetilbudet", "pargrende", "koordinerende", "opplaering", "brukermedvirkning", "sammensatte"]


def generate(megabytes: float, path: Path, seed: int = 7) -> None:
    """About `megabytes` of text with a realistic spread of word frequencies (a Zipf-like vocabulary)."""
    rnd = random.Random(seed)
    syllables = _SYLLABLES.split()
    vocabulary = ["".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 4))) for _ in range(20000)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    target, size, n = int(megabytes * 1024 * 1024), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            n += 1
            pool = rnd.choices(vocabulary, cum_weights=cumulative, k=90)
            if n % 15 == 1:
                line = f"\n{n // 15 + 1}. {' '.join(pool[:3]).capitalize()}\n\n"
            else:
                sentences, used = [], 0
                for _ in range(rnd.randint(2, 5)):
                    length = rnd.randint(6, 18)
                    words = [rnd.choice(_FUNCTION) if rnd.random() < 0.35 else w for w in pool[used : used + length]]
                    used += length
                    if words and rnd.random() < 0.05:
                        words[rnd.randrange(len(words))] = rnd.choice(_DAMAGED)
                    sentences.append(" ".join(words).capitalize() + ".")
                line = " ".join(sentences) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))


def ingest_once(megabytes: float, work: Path, workers: int = 0) -> float:
    folder = work / f"docs-{megabytes:g}"
    folder.mkdir()
    generate(megabytes, folder / "dokument.txt")
    settings = Settings(home=work / f"home-{megabytes:g}", embedder="none", ingest_workers=workers)
    started = time.perf_counter()
    report = Ingestor(settings, make_embedder(settings)).run([folder])
    seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit(f"ingest of {megabytes:g} MB failed: {report.failed[0].message}")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 8, 16, 45], help="file sizes in MB")
    ap.add_argument("--profile", type=float, default=None, help="profile one ingest of this size instead")
    ap.add_argument("--max-seconds-45", type=float, default=120.0)
    ap.add_argument("--max-ratio", type=float, default=1.5)
    ap.add_argument("--workers", type=int, default=0, help="ingest worker processes (0: one per core; 1: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="veiviser-scaling-") as tmp:
        work = Path(tmp)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(ingest_once, args.profile, work, args.workers)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return 0
        ingest_once(
            0.05, work, args.workers
        )  # warm-up: imports, lexicons and language models load once, outside the timings
        rows = []
        for mb in args.sizes:
            seconds = ingest_once(mb, work, args.workers)
            rows.append({"megabytes": mb, "seconds": round(seconds, 1), "seconds_per_mb": round(seconds / mb, 2)})
            print(f"{mb:>6g} MB  {seconds:7.1f} s  {seconds / mb:6.2f} s/MB", flush=True)
    per_mb = [r["seconds_per_mb"] for r in rows]
    ratio = max(per_mb) / min(per_mb) if len(rows) > 1 else 1.0
    big = next((r["seconds"] for r in rows if r["megabytes"] >= 45), None)
    result = {"rows": rows, "ratio_max_min_s_per_mb": round(ratio, 2), "seconds_45mb": big}
    save("ingest_scaling", result)
    print(
        f"s/MB largest/smallest: {ratio:.2f} (goal <= {args.max_ratio}); 45 MB: {big} s (goal <= {args.max_seconds_45})"
    )
    missed = ratio > args.max_ratio or (big is not None and big > args.max_seconds_45)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
