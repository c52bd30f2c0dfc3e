"""Question sets: our JSONL format and NorQuAD (SQuAD-style JSON)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from veiviser.core.errors import VeiviserError
from veiviser.core.types import Block, BlockKind, LoadedDocument


class DatasetError(VeiviserError, ValueError):
    """A question file cannot be read; the message gives the file, line and what is wrong."""

    exit_code = 2


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    lang: str = ""
    persona: str = ""
    kind: str = ""
    evidence: tuple[str, ...] = ()
    answerable: bool = True
    docs: tuple[str, ...] = ()
    reference_answer: str = ""
    gold_doc: str | None = None  # NorQuAD: the document that is its own context
    split: str = ""  # "train" or "test" where the set is split (the domain set); "" otherwise

    def group(self, key: str) -> str:
        return str(getattr(self, key, "") or "-")


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSONL file of {id, question, lang, persona, kind, evidence, answerable, doc, answer}."""
    if not path.is_file():
        raise DatasetError(f"{path}: no such question file")
    out: list[EvalQuestion] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("question"), str):
                raise DatasetError(f'{path}:{lineno}: each line needs a "question" string')
            evidence = row.get("evidence") or []
            if isinstance(evidence, str):
                evidence = [evidence]
            doc = row.get("doc")
            docs = tuple(doc) if isinstance(doc, list) else ((doc,) if doc else ())
            answerable = bool(row.get("answerable", True))
            if answerable and not evidence:
                raise DatasetError(f'{path}:{lineno}: an answerable question needs "evidence" strings')
            out.append(
                EvalQuestion(
                    id=str(row.get("id", lineno)),
                    question=row["question"],
                    lang=str(row.get("lang") or ""),
                    persona=str(row.get("persona") or ""),
                    kind=str(row.get("kind") or ""),
                    evidence=tuple(str(e) for e in evidence),
                    answerable=answerable,
                    docs=tuple(str(d) for d in docs),
                    reference_answer=str(row.get("answer") or ""),
                    split=str(row.get("split") or ""),
                )
            )
    if not out:
        raise DatasetError(f"{path}: no questions")
    return out


def load_norquad(path: Path, limit: int | None = None) -> tuple[list[LoadedDocument], list[EvalQuestion]]:
    """NorQuAD as retrieval data: one document per unique context, one query per question.

    A context becomes a text document (first line as title, one paragraph block per
    line); each question's gold document is its own context.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: not a readable NorQuAD JSON file ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
        raise DatasetError(f'{path}: expected a SQuAD-style object with a "data" list')
    documents: dict[str, LoadedDocument] = {}
    questions: list[EvalQuestion] = []
    seen: set[tuple[str, str]] = set()
    used_ids: set[str] = set()
    for article in raw["data"]:
        for paragraph in article.get("paragraphs", []):
            context = paragraph.get("context") or ""
            if not context.strip():
                continue
            digest = hashlib.sha256(context.encode("utf-8")).hexdigest()
            source = f"norquad-{digest[:12]}.txt"
            if source not in documents:
                documents[source] = _context_document(source, context, digest)
            for qa in paragraph.get("qas", []):
                key = (str(qa.get("id")), source)
                if qa.get("is_impossible") or key in seen:
                    continue  # the same paragraph filed under two articles repeats its questions
                seen.add(key)
                qid = key[0] if key[0] not in used_ids else f"{key[0]}#{source}"
                used_ids.add(qid)
                answers = tuple(a.get("text", "") for a in qa.get("answers", []) if a.get("text"))
                questions.append(
                    EvalQuestion(
                        id=qid,
                        question=str(qa.get("question", "")),
                        lang="nb",
                        kind="norquad",
                        evidence=answers,
                        gold_doc=source,
                    )
                )
    if limit is not None:
        questions = questions[:limit]  # every context stays indexed: the others are distractors
    return list(documents.values()), questions


def in_indexed_half(document: LoadedDocument) -> bool:
    """Whether a NorQuAD context is in the half indexed for the abstention evaluation.

    The parity of the SHA-256 of the context text (the document's content hash): fixed for
    a context whatever file, order or `--limit` it comes with, and never random.
    """
    return int(document.content_hash[-1], 16) % 2 == 0


def split_for_abstention(
    documents: Sequence[LoadedDocument], questions: Sequence[EvalQuestion]
) -> tuple[list[LoadedDocument], list[EvalQuestion]]:
    """The contexts to index (a fixed half) and the questions, answerable exactly when theirs is indexed."""
    indexed = [d for d in documents if in_indexed_half(d)]
    sources = {d.source for d in indexed}
    return indexed, [replace(q, answerable=q.gold_doc in sources) for q in questions]


def _context_document(source: str, context: str, digest: str) -> LoadedDocument:
    lines = [line.strip() for line in context.split("\n") if line.strip()]
    blocks = [Block(lines[0], BlockKind.HEADING, level=1)] + [Block(line) for line in lines[1:]]
    return LoadedDocument(
        source=source,
        path=f"norquad:{source}",
        doc_type="txt",
        title=lines[0][:120],
        blocks=tuple(blocks),
        content_hash=digest,
    )
