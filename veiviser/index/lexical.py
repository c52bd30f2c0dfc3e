"""Lexical side of hybrid search: BM25 (bm25s) over per-language stemmed tokens.

Each chunk is stemmed with its own language's Snowball stemmer; a query is
stemmed with every language it may match, so a Swedish chunk and a Norwegian
query meet where their stems agree, and glossary expansions (#3) fill the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import bm25s.stopwords as _stop
import numpy as np

from veiviser.core.types import Chunk, SearchFilters
from veiviser.text.tokens import INDEX_LANGS, analyse, fold, stem_tokens, tokenize

log = logging.getLogger(__name__)

CHUNKS_FILE = "chunks.jsonl"
# function words of the index languages (bm25s's copies of the Snowball/NLTK lists)
QUERY_STOPWORDS = frozenset(
    w.lower()
    for words in (_stop.STOPWORDS_NORWEGIAN, _stop.STOPWORDS_SWEDISH, _stop.STOPWORDS_DANISH, _stop.STOPWORDS_EN)
    for w in words
)


def _chunk_to_json(chunk: Chunk) -> str:
    return json.dumps({"id": chunk.id, "text": chunk.text, "md": chunk.metadata()}, ensure_ascii=False)


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], bm25: bm25s.BM25 | None) -> None:
        self.chunks = list(chunks)
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}
        self._bm25 = bm25
        self._vocab: dict[str, int] = dict(getattr(bm25, "vocab_dict", {}) or {}) if bm25 else {}
        self._langs = np.array([c.lang for c in self.chunks], dtype=object)
        self._doc_langs = np.array([c.doc_lang or c.lang for c in self.chunks], dtype=object)
        self._doc_ids = np.array([c.doc_id for c in self.chunks], dtype=object)
        self._doc_types = np.array([c.doc_type for c in self.chunks], dtype=object)

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        chunks = list(chunks)
        if not chunks:
            return cls([], None)
        corpus_tokens = [analyse(f"{c.section}\n{c.text}", c.lang or "nb") or ["\u2400"] for c in chunks]
        bm25 = bm25s.BM25()
        bm25.index(corpus_tokens, show_progress=False)
        return cls(chunks, bm25)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / CHUNKS_FILE, "w", encoding="utf-8") as fh:
            for chunk in self.chunks:
                fh.write(_chunk_to_json(chunk) + "\n")
        if self._bm25 is not None:
            self._bm25.save(str(directory / "bm25"), show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        chunks: list[Chunk] = []
        with open(directory / CHUNKS_FILE, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                chunks.append(Chunk.from_metadata(row["id"], row["text"], row["md"]))
        bm25 = None
        if (directory / "bm25").is_dir() and chunks:
            bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
        return cls(chunks, bm25)

    def __len__(self) -> int:
        return len(self.chunks)

    def query_tokens(self, query: str, langs: Sequence[str] = INDEX_LANGS) -> list[str]:
        """The query's content words, stemmed in every language and folded as the index's tokens are.

        Function words ("hvilket", "vi", "som", "the") are left out: several of them matched in
        a passage outscored the one rare word a question is about ("I hvilket land finner vi
        Semmering?"); NorQuAD R@5 0.989 -> 0.992, dev MRR 0.805 -> 0.825. A question of function
        words alone keeps them. Without the folding a question's "oppfølgingsteam" never met the
        indexed "oppfolgingsteam" (dev R@5 +0.012). Compounds are not split on this side: the
        index holds both the whole word and its parts, and adding the parts to the question
        over-weighted them (dev MRR -0.02).
        """
        words = tokenize(query)
        raw = [w for w in words if w not in QUERY_STOPWORDS] or words
        seen: dict[str, None] = {}
        for lang in langs:
            for tok in stem_tokens(raw, lang):
                seen.setdefault(fold(tok), None)
        return [t for t in seen if t in self._vocab]

    def scores(self, weighted_terms: Sequence[tuple[str, float]], langs: Sequence[str] = INDEX_LANGS) -> np.ndarray:
        """BM25 score of every chunk for the weighted query terms (text, weight)."""
        total = np.zeros(len(self.chunks), dtype=np.float32)
        if self._bm25 is None:
            return total
        # one BM25 pass per distinct weight (the query, then all its synonyms), not one per term
        by_weight: dict[float, dict[str, None]] = {}
        for text, weight in weighted_terms:
            if weight:
                bucket = by_weight.setdefault(weight, {})
                for tok in self.query_tokens(text, langs):
                    bucket.setdefault(tok, None)
        for weight, toks in by_weight.items():
            if toks:
                total += weight * self._bm25.get_scores(list(toks))
        return total

    def mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters is None:
            return None
        keep = np.ones(len(self.chunks), dtype=bool)
        if filters.langs:
            langs = list(filters.langs)
            keep &= np.isin(self._langs, langs) | np.isin(self._doc_langs, langs)
        if filters.doc_ids:
            keep &= np.isin(self._doc_ids, list(filters.doc_ids))
        if filters.doc_types:
            keep &= np.isin(self._doc_types, list(filters.doc_types))
        return keep

    def top(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        k: int,
        filters: SearchFilters | None = None,
        langs: Sequence[str] = INDEX_LANGS,
    ) -> list[tuple[Chunk, float]]:
        return self.search(weighted_terms, k, filters, langs)[0]

    def search(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        k: int,
        filters: SearchFilters | None = None,
        langs: Sequence[str] = INDEX_LANGS,
    ) -> tuple[list[tuple[Chunk, float]], np.ndarray]:
        """The k best chunks with a positive score, and the score of every chunk (0 where filtered out)."""
        scores = self.scores(weighted_terms, langs)
        keep = self.mask(filters)
        if keep is not None:
            scores = np.where(keep, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return [], scores
        if positive.size > k:
            part = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        else:
            part = positive
        order = part[np.lexsort((part, -scores[part]))]
        return [(self.chunks[i], float(scores[i])) for i in order[:k]], scores
