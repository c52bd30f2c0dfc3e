"""Databases and exports that may hold personal data are readable by their owner only."""

from __future__ import annotations

import os
import stat

from veiviser.app.feedback import FeedbackStore
from veiviser.cases import CaseStore
from veiviser.core.private_files import private_file, write_private


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_case_and_feedback_databases_and_their_wal_files_are_0600_in_a_0700_folder(tmp_path):
    old = os.umask(0o022)  # the usual umask would give 0644 / 0755
    try:
        home = tmp_path / "home"
        store = CaseStore(home / "cases.sqlite")
        store.create_case("KE-2026-401", "no-oppfolging", "kari")
        FeedbackStore(home / "feedback.sqlite")
    finally:
        os.umask(old)
    assert mode(home) == 0o700
    written = [p for p in home.iterdir() if p.name.startswith(("cases.sqlite", "feedback.sqlite"))]
    assert any(p.name == "cases.sqlite-wal" for p in written)
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_a_database_made_readable_by_others_is_narrowed_when_opened(tmp_path):
    db = tmp_path / "cases.sqlite"
    db.touch()
    os.chmod(db, 0o644)
    CaseStore(db)
    assert mode(db) == 0o600


def test_exports_are_written_for_the_owner_only(tmp_path):
    out = tmp_path / "rapport.docx"
    write_private(out, b"PK...")
    assert out.read_bytes() == b"PK..." and mode(out) == 0o600
    assert private_file(tmp_path / "new" / "x.sqlite").exists() and mode(tmp_path / "new") == 0o700
