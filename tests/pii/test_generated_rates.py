"""Detection and false-alarm rates on generated sentences (train templates) and on the corpus.

The test templates are kept for bench/pii_guard.py, which reports them.
"""

from __future__ import annotations

import random

import pii_text_generators as tg
import pytest

from veiviser.documents.loaders import load_file
from veiviser.pii import scan
from veiviser.pii.gazetteer import gazetteer
from veiviser.text.sentences import split_sentences

N = 300


@pytest.fixture(scope="module")
def first_names() -> list[str]:
    return sorted(name for name, freq in gazetteer().nordic.items() if freq >= 3)


def test_the_template_split_is_fixed_and_both_parts_are_used():
    for templates in tg.POSITIVE_TEMPLATES.values():
        parts = [tg.split(t) for t in templates]
        assert "train" in parts and "test" in parts
    assert {tg.split(t) for t in tg.NEGATIVE_TEMPLATES} == {"train", "test"}


@pytest.mark.parametrize("kind", sorted(tg.POSITIVE_TEMPLATES))
def test_planted_personal_data_is_found(kind, first_names):
    rng = random.Random(sorted(tg.POSITIVE_TEMPLATES).index(kind))
    found = 0
    for _ in range(N):
        s = tg.positive(rng, kind, first_names, "train")
        assert s.span is not None
        found += any(f.kind == s.kind and f.start < s.span[1] and f.end > s.span[0] for f in scan(s.text))
    assert found / N >= 0.9


def test_sentences_without_personal_data_are_not_flagged():
    rng = random.Random(8)
    flagged = [s.text for s in (tg.negative(rng, "train") for _ in range(N)) if scan(s.text)]
    assert flagged == []


def test_corpus_sentences_rarely_raise_an_alarm(corpus_dir):
    sentences = []
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = load_file(path, max_bytes=50 * 2**20, ocr=False)
        sentences += [b.text[s:e] for b in doc.blocks if b.text for s, e in split_sentences(b.text)]
    assert len(sentences) > 500
    kinds = [{f.kind for f in scan(s)} for s in sentences]
    other_than_names = sum(bool(k - {"name"}) for k in kinds)
    # Names there are real researchers and officials (true names); other kinds would be false alarms
    # except the one contact e-mail address the documents print.
    assert other_than_names / len(sentences) <= 0.01
    assert sum(bool(k) for k in kinds) / len(sentences) <= 0.05
