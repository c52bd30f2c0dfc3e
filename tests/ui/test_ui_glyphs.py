"""What the UI shows renders without an emoji font: no characters from the emoji planes in pages or UI strings."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pages_and_ui_strings_use_no_emoji_that_needs_an_emoji_font():
    files = [*sorted((ROOT / "veiviser" / "ui").rglob("*.py")), *sorted((ROOT / "locales").glob("*.yaml"))]
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:60]}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(ord(ch) >= 0x1F000 for ch in line)
    ]
    assert not found, "shows as a missing-glyph box without an emoji font:\n" + "\n".join(found)
