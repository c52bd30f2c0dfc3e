"""Small helpers for the audit tests (a module of its own: conftest modules cannot be imported by name)."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
