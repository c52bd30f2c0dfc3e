"""Find the files an ingest run should read, with one clear record for anything unusable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from veiviser.documents.files import SUPPORTED_SUFFIXES, source_name

HIDDEN = "hidden"  # a dot-file or dot-folder (editor, sync and system files)
OFFICE_LOCK = "office_lock"  # "~$name.docx", the lock file Word keeps beside an open document
UNSUPPORTED = "unsupported"  # a file type we do not read


@dataclass(frozen=True)
class NotRead:
    """A file (or folder) the run passed over on purpose, so the summary can say so."""

    path: Path
    reason: str  # HIDDEN, OFFICE_LOCK or UNSUPPORTED


@dataclass(frozen=True)
class Candidate:
    path: Path | None  # None when the given path does not exist
    source: str  # file name as ingested; the document id
    problem: str | None = None  # set when the file cannot be read at all


def discover(paths: list[Path], not_read: list[NotRead] | None = None) -> list[Candidate]:
    """Expand folders (recursively, hidden files skipped, links not followed out of the folder).

    Files passed over on purpose (hidden, Word lock files, unsupported types) are appended to
    `not_read` when given, so a user learns why a document they expected is missing.
    """
    found: dict[str, Candidate] = {}
    skipped: list[NotRead] = not_read if not_read is not None else []
    for given in paths:
        if not given.exists():
            found.setdefault(
                given.name or str(given),
                Candidate(None, given.name or str(given), f"{given}: no such file or folder; check the path"),
            )
            continue
        if given.is_file():  # named explicitly: read it, or say why not (never pass over it quietly)
            _add(found, given.resolve())
            continue
        if not given.is_dir():
            found[f"{given.name}#special:{given}"] = Candidate(None, source_name(given), _not_regular(given))
            continue
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            skipped.extend(NotRead(Path(dirpath) / d, HIDDEN) for d in sorted(dirnames) if d.startswith("."))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in dirnames:
                _refuse_outside_link(found, root, Path(dirpath) / name)  # never descended into
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or name.startswith("~$"):
                    skipped.append(NotRead(path, HIDDEN if name.startswith(".") else OFFICE_LOCK))
                    continue
                if _refuse_outside_link(found, root, path):
                    continue  # never read outside the sources folder
                if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    skipped.append(NotRead(path, UNSUPPORTED))
                    continue
                if not path.is_file():  # reading a named pipe would block the run (and its lock) for ever
                    found[f"{name}#special:{path}"] = Candidate(None, source_name(path), _not_regular(path))
                    continue
                _add(found, path)
    return list(found.values())


def _not_regular(path: Path) -> str:
    return f"{path}: not a regular file (a named pipe, socket or device); not read. Give a document file instead."


def _refuse_outside_link(found: dict[str, Candidate], root: Path, path: Path) -> bool:
    """Record a symbolic link that leads out of the sources folder (or nowhere) as a problem; True if so."""
    if not path.is_symlink():
        return False
    try:
        if root in path.resolve().parents:
            return False
        problem = f"a link to {os.readlink(path)}, outside the sources folder {root}; not read"
    except (OSError, RuntimeError):  # a loop of links
        problem = "a link that leads in a circle; not read"
    if not path.is_dir() and path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return True  # skipped like any other unsupported file
    found[f"{path.name}#link:{path}"] = Candidate(
        None, source_name(path), f"{path}: {problem}. Copy the document into the folder instead."
    )
    return True


def _add(found: dict[str, Candidate], path: Path) -> None:
    source = source_name(path)
    if source in found and found[source].path != path:
        found[f"{source}#dup:{path}"] = Candidate(
            path,
            source,
            f"{path}: another file named {source} is already in this run ({found[source].path}); "
            "file names identify documents, so rename one of them",
        )
        return
    found[source] = Candidate(path, source)
