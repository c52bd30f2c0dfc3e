"""Invisible characters removed before scanning, with offsets mapped back to the original text.

A zero-width space, word joiner, BOM or soft hyphen inside "010190\u200b10046"
or "Ola\u00adNordmann" hides personal data from every pattern while the text
looks the same to a reader. The scanner therefore reads a view of the text
without them and reports spans in the original text, so masking covers the
hidden characters too. Most texts hold none, and then the view is the text
itself at no cost.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Zero-width space/non-joiner/joiner, word joiner, invisible operators, BOM, soft hyphen, Mongolian vowel separator.
INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e]+")


@dataclass(frozen=True)
class TextView:
    """`clean` is the text without invisible characters; `removed_at` lists, in order, the clean
    offset before which each removed run stood and the run's cumulative removed length."""

    clean: str
    removed_at: tuple[int, ...] = ()
    removed_total: tuple[int, ...] = ()

    def _shift(self, clean_pos: int, *, inclusive: bool) -> int:
        if not self.removed_at:
            return 0
        i = (
            bisect.bisect_right(self.removed_at, clean_pos)
            if inclusive
            else bisect.bisect_left(self.removed_at, clean_pos)
        )
        return self.removed_total[i - 1] if i else 0

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of clean span [start, end): hidden characters inside it are included,
        those just before or after it are not."""
        if not self.removed_at:
            return start, end
        return start + self._shift(start, inclusive=True), end + self._shift(end, inclusive=False)


def view(text: str) -> TextView:
    """`text` without invisible characters, and how to map offsets back."""
    if INVISIBLE_RE.search(text) is None:
        return TextView(text)
    parts: list[str] = []
    removed_at: list[int] = []
    removed_total: list[int] = []
    pos = clean_len = total = 0
    for m in INVISIBLE_RE.finditer(text):
        parts.append(text[pos : m.start()])
        clean_len += m.start() - pos
        total += m.end() - m.start()
        removed_at.append(clean_len)
        removed_total.append(total)
        pos = m.end()
    parts.append(text[pos:])
    return TextView("".join(parts), tuple(removed_at), tuple(removed_total))
