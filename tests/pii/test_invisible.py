"""Offsets across removed invisible characters (veiviser.pii.invisible)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from veiviser.pii import mask, scan
from veiviser.pii.invisible import view

_ALPHABET = st.sampled_from(list("ab 01\u200b\u00ad\ufeff\u2060"))


def test_spans_include_hidden_characters_inside_but_not_around():
    v = view("x\u200bab\u200bc\u200b")
    assert v.clean == "xabc"
    assert v.original_span(1, 4) == (2, 6)  # "ab\u200bc": the one inside kept, the ones around left out
    assert v.original_span(0, 1) == (0, 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_mapped_spans_slice_the_clean_text_back(text):
    v = view(text)
    for start in range(len(v.clean) + 1):
        for end in range(start, len(v.clean) + 1):
            s, e = v.original_span(start, end)
            assert "".join(ch for ch in text[s:e] if ch not in "\u200b\u00ad\ufeff\u2060") == v.clean[start:end]


def test_masking_removes_the_hidden_characters_of_a_finding():
    text = "Ring kari@\u200bexample.org nå"
    [found] = scan(text)
    assert found.kind == "email" and found.text == "kari@\u200bexample.org"
    assert mask(text) == "Ring [E-POSTADRESSE] nå"
