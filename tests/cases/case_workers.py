"""Process entry points for the case-store concurrency tests (spawned, so they live in a module)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from veiviser.cases import CaseStore, ConflictError


def add_items(db_path: str, case_id: int, prefix: str, count: int, start: Any) -> None:
    """Answer `count` distinct items without a version check: relies on BEGIN IMMEDIATE alone."""
    with CaseStore(Path(db_path)) as store:
        start.wait(60)  # a Barrier: the workers begin together
        for i in range(count):
            store.set_answer(case_id, f"{prefix}-{i}", i, "", f"worker-{prefix}")


def increment_counter(db_path: str, case_id: int, count: int, user: str, start: Any, conflicts: Any) -> None:
    """Read-modify-write a counter `count` times with optimistic concurrency, retrying on conflict."""
    with CaseStore(Path(db_path)) as store:
        start.wait(60)  # a Barrier: the workers begin together
        done = 0
        first = True
        while done < count:
            case = store.get_case(case_id, user)
            current = case.answers["counter"].value if "counter" in case.answers else 0
            if first:  # both have read the same version before either writes: one write must be refused
                start.wait(60)
                first = False
            time.sleep(0.002)  # think time: lets the other process write in between
            try:
                store.set_answer(case_id, "counter", current + 1, "", user, expected_version=case.version)
            except ConflictError:
                with conflicts.get_lock():
                    conflicts.value += 1
                continue
            done += 1


def write_until_killed(db_path: str, case_id: int) -> None:
    """Answer item 0, 1, 2, ... forever; the test kills this process with SIGKILL."""
    with CaseStore(Path(db_path)) as store:
        i = 0
        while True:
            store.set_answer(case_id, f"item-{i:06d}", {"n": i, "text": "x" * 200}, "", "writer")
            i += 1
