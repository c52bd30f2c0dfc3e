"""Check the domain evaluation set (eval/domain/questions.jsonl) against its sources.

Run from the repo root:  .venv/bin/python eval/domain/check_evidence.py [--corpus DIR] [--questions FILE]

Loads every corpus document with `veiviser.documents.loaders.load_file` and the kb with
`kb_documents(load_kb(Path("kb")))`, then checks that

- every evidence string occurs in the text of its `doc` (whitespace collapsed on both
  sides, so evidence may cross a line break); for corpus files it must also occur in the
  raw file, so the string is verbatim source text and not an artefact of the loader;
- ids are unique and every field has a valid value;
- answerable questions have 1-3 evidence strings of 4-15 words and an answer, and
  unanswerable (near-miss) ones have neither;
- no question or answer copies a run of 8+ words from its document;
- no (doc, section) has questions in both train and test, and the test split has
  answerable, near-miss and cross-lingual questions from every document (the kb counts
  as one);
- the required mix is met (counts below).

Prints counts per lang / kind / persona / doc / split and exits 1 listing every failure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from veiviser.documents.loaders import load_file  # noqa: E402
from veiviser.kb.documents import kb_documents  # noqa: E402
from veiviser.kb.loader import load_kb  # noqa: E402

LANGS = {"nb", "nn", "sv", "da", "en"}
PERSONAS = {"coordinator", "leader", "trainer", "frontline"}
KINDS = {"lookup", "paraphrase", "numeric", "list", "crosslingual", "near_miss"}
ANSWER_TYPES = {
    "count",
    "name",
    "date",
    "place",
    "amount",
    "contact",
    "list",
    "yes_no",
    "procedure",
    "definition",
    "role",
    "other",
}
SPLITS = {"train", "test"}
FIELDS = (
    "id",
    "question",
    "lang",
    "persona",
    "doc",
    "section",
    "evidence",
    "answer",
    "answerable",
    "kind",
    "answer_type",
    "multi_passage",
    "split",
)
MIN = {  # the required mix
    "total": 220,
    "answerable": 130,
    "near_miss": 65,
    "crosslingual": 45,
    "kb": 30,
    "lang_nn": 10,
    "lang_en": 25,
}
COPY_WORDS = 8  # a question/answer sharing this many consecutive words with its doc is copied
MAX_BYTES = 200 * 1024 * 1024


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def doc_lang(doc: str) -> str:
    """The language a document is written in ("nb" for Norwegian ones and the glossary)."""
    name = doc.rsplit("/", 1)[-1]
    if doc.startswith("kb/") and name.startswith(("se", "sv")) or name.startswith("sv-"):
        return "sv"
    if doc.startswith("kb/") and name.startswith("dk") or name.startswith("da-"):
        return "da"
    return "nb"


def is_crosslingual(lang: str, doc: str) -> bool:
    """English questions always count; otherwise the question's language differs from the doc's (nb/nn alike)."""
    if lang == "en":
        return True
    q = "nb" if lang in ("nb", "nn") else lang
    return q != doc_lang(doc)


def group_of(doc: str) -> str:
    return "kb" if doc.startswith("kb/") else doc


def load_texts(corpus: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Loaded text per source name, and the raw file text per corpus file (both whitespace-collapsed)."""
    loaded: dict[str, str] = {}
    raw: dict[str, str] = {}
    for path in sorted(corpus.glob("*.txt")):
        doc = load_file(path, max_bytes=MAX_BYTES)
        loaded[path.name] = collapse("\n".join(b.text for b in doc.blocks))
        raw[path.name] = collapse(path.read_text(encoding="utf-8"))
    for doc in kb_documents(load_kb(ROOT / "kb")):
        loaded[doc.source] = collapse("\n".join(b.text for b in doc.blocks))
    return loaded, raw


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def copied_run(text: str, source_words: set[tuple[str, ...]]) -> str | None:
    w = words(text)
    for i in range(len(w) - COPY_WORDS + 1):
        if tuple(w[i : i + COPY_WORDS]) in source_words:
            return " ".join(w[i : i + COPY_WORDS])
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--questions", type=Path, default=Path(__file__).with_name("questions.jsonl"))
    args = ap.parse_args()

    loaded, raw = load_texts(args.corpus)
    ngrams = {
        src: {tuple(w[i : i + COPY_WORDS]) for i in range(len(w) - COPY_WORDS + 1)}
        for src, text in loaded.items()
        for w in [words(text)]
    }
    failures: list[str] = []
    rows: list[dict] = []
    for n, line in enumerate(args.questions.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            failures.append(f"line {n}: not JSON ({exc})")

    seen_ids: set[str] = set()
    seen_q: set[str] = set()
    splits_by_section: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        rid = r.get("id", "?")
        fail = lambda msg, rid=rid: failures.append(f"{rid}: {msg}")  # noqa: E731
        missing = [f for f in FIELDS if f not in r]
        extra = [f for f in r if f not in FIELDS]
        if missing:
            fail(f"missing fields {missing}")
            continue
        if extra:
            fail(f"unknown fields {extra}")
        if not re.fullmatch(r"dom-\d{3}", str(rid)):
            fail("id must look like dom-001")
        if rid in seen_ids:
            fail("duplicate id")
        seen_ids.add(rid)
        q = r["question"]
        if not isinstance(q, str) or not q.strip():
            fail("empty question")
        elif q.strip().lower() in seen_q:
            fail("duplicate question")
        else:
            seen_q.add(q.strip().lower())
        for field, allowed in (
            ("lang", LANGS),
            ("persona", PERSONAS),
            ("kind", KINDS),
            ("answer_type", ANSWER_TYPES),
            ("split", SPLITS),
        ):
            if r[field] not in allowed:
                fail(f"{field}={r[field]!r} not in {sorted(allowed)}")
        for field in ("answerable", "multi_passage"):
            if not isinstance(r[field], bool):
                fail(f"{field} must be a bool")
        doc = r["doc"]
        if doc not in loaded:
            fail(f"unknown doc {doc!r}")
            continue
        if not isinstance(r["section"], str) or not r["section"].strip():
            fail("empty section")
        ev = r["evidence"]
        if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
            fail("evidence must be a list of strings")
            continue
        ans = r["answer"]
        if r["answerable"]:
            if not 1 <= len(ev) <= 3:
                fail(f"answerable needs 1-3 evidence strings, has {len(ev)}")
            if not isinstance(ans, str) or not ans.strip():
                fail("answerable needs an answer")
            if r["kind"] == "near_miss":
                fail("kind near_miss on an answerable question")
        else:
            if ev:
                fail("unanswerable must have empty evidence")
            if ans:
                fail("unanswerable must have an empty answer")
            if r["kind"] != "near_miss":
                fail("unanswerable questions must have kind near_miss")
            if r["multi_passage"]:
                fail("unanswerable cannot be multi_passage")
        if r["kind"] == "crosslingual" and not is_crosslingual(r["lang"], doc):
            fail(f"kind crosslingual but lang {r['lang']} matches the doc language")
        for e in ev:
            n_words = len(e.split())
            if not 4 <= n_words <= 15:
                fail(f"evidence has {n_words} words (want 4-15): {e!r}")
            ce = collapse(e)
            if ce not in loaded[doc]:
                fail(f"evidence not in loaded text of {doc}: {e!r}")
            elif doc in raw and ce not in raw[doc]:
                fail(f"evidence not in raw file {doc}: {e!r}")
        for label, text in (("question", q), ("answer", ans)):
            run = copied_run(text or "", ngrams[doc])
            if run:
                fail(f"{label} copies {COPY_WORDS}+ words from {doc}: {run!r}")
        splits_by_section[(doc, r["section"])].add(r["split"])

    for (doc, section), splits in sorted(splits_by_section.items()):
        if len(splits) > 1:
            failures.append(f"section in both train and test: {doc} / {section}")

    # required mix and stratification
    valid = [r for r in rows if all(f in r for f in FIELDS) and r["doc"] in loaded]
    answerable = [r for r in valid if r["answerable"]]
    near = [r for r in valid if not r["answerable"]]
    xl = [r for r in valid if is_crosslingual(r["lang"], r["doc"])]
    xl_answerable = [r for r in answerable if is_crosslingual(r["lang"], r["doc"])]
    kb = [r for r in valid if r["doc"].startswith("kb/")]
    got = {
        "total": len(valid),
        "answerable": len(answerable),
        "near_miss": len(near),
        "crosslingual": len(xl),
        "kb": len(kb),
        "lang_nn": sum(r["lang"] == "nn" for r in valid),
        "lang_en": sum(r["lang"] == "en" for r in valid),
    }
    for key, minimum in MIN.items():
        if got[key] < minimum:
            failures.append(f"mix: {key} = {got[key]}, need >= {minimum}")
    for p in sorted(PERSONAS - {r["persona"] for r in valid}):
        failures.append(f"mix: no question with persona {p}")
    for lang in sorted(LANGS - {r["lang"] for r in valid}):
        failures.append(f"mix: no question in {lang}")
    groups = sorted({group_of(d) for d in loaded})
    for g in groups:
        in_g = [r for r in valid if group_of(r["doc"]) == g]
        if not in_g:
            failures.append(f"mix: no questions for {g}")
            continue
        test = [r for r in in_g if r["split"] == "test"]
        if not any(r["answerable"] for r in test):
            failures.append(f"split: test has no answerable question for {g}")
        if not any(not r["answerable"] for r in test):
            failures.append(f"split: test has no near-miss question for {g}")
        if not any(is_crosslingual(r["lang"], r["doc"]) for r in test):
            failures.append(f"split: test has no cross-lingual question for {g}")
    for kb_part in ("kb/roles/", "kb/legal/", "kb/pathways/", "kb/glossary"):
        if not any(r["doc"].startswith(kb_part) for r in valid):
            failures.append(f"mix: no questions on {kb_part}")

    # report
    def table(title: str, counter: Counter) -> None:
        print(f"\n{title}")
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {str(key):<60} {n:>4}")

    print(
        f"questions: {len(valid)}  answerable: {len(answerable)}  near-miss: {len(near)}  "
        f"cross-lingual: {len(xl)} (answerable {len(xl_answerable)})  kb: {len(kb)}  "
        f"multi-passage: {sum(r['multi_passage'] for r in valid)}"
    )
    table("lang", Counter(r["lang"] for r in valid))
    table("kind", Counter(r["kind"] for r in valid))
    table("answer_type", Counter(r["answer_type"] for r in valid))
    table("persona", Counter(r["persona"] for r in valid))
    table("doc", Counter(r["doc"] for r in valid))
    table("split", Counter(r["split"] for r in valid))
    print("\nsplit by document group (train/test; test: answerable / near-miss / cross-lingual)")
    for g in groups:
        in_g = [r for r in valid if group_of(r["doc"]) == g]
        te = [r for r in in_g if r["split"] == "test"]
        print(
            f"  {g:<60} {len(in_g) - len(te):>3}/{len(te):<3} "
            f"test: {sum(r['answerable'] for r in te)} / {sum(not r['answerable'] for r in te)} / "
            f"{sum(is_crosslingual(r['lang'], r['doc']) for r in te)}"
        )
    n_sections = len(splits_by_section)
    n_test_sections = sum(splits == {"test"} for splits in splits_by_section.values())
    print(f"  sections: {n_sections} ({n_test_sections} in test)")

    if failures:
        print(f"\nFAILED: {len(failures)} problem(s)")
        for f in failures:
            print(f"  - {f}")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
