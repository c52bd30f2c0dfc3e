"""Find the files an ingest run should read, with one clear record for anything unusable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}


@dataclass(frozen=True)
class Candidate:
    path: Path | None  # None when the given path does not exist
    source: str  # file name as ingested; the document id
    problem: str | None = None  # set when the file cannot be read at all


def discover(paths: list[Path]) -> list[Candidate]:
    """Expand folders (recursively, hidden files skipped, links not followed out of the folder)."""
    found: dict[str, Candidate] = {}
    for given in paths:
        if not given.exists():
            found.setdefault(
                given.name or str(given),
                Candidate(None, given.name or str(given), f"{given}: no such file or folder; check the path"),
            )
            continue
        if given.is_file():
            _add(found, given.resolve())
            continue
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.startswith("~$"):
                    continue
                path = Path(dirpath) / name
                if path.is_symlink():
                    target = path.resolve()
                    if root not in target.parents:
                        continue  # never read outside the sources folder
                if path.suffix.lower() in SUPPORTED_SUFFIXES:
                    _add(found, path)
    return list(found.values())


def _add(found: dict[str, Candidate], path: Path) -> None:
    source = path.name
    if source in found and found[source].path != path:
        found[f"{source}#dup:{path}"] = Candidate(
            path,
            source,
            f"{path}: another file named {source} is already in this run ({found[source].path}); "
            "file names identify documents, so rename one of them",
        )
        return
    found[source] = Candidate(path, source)
