"""Checks eval/claims/claims.jsonl and prints its counts.

  python eval/claims/check_claims.py [--claims FILE] [--corpus DIR]

Checks: every line is a JSON object with the required fields and allowed values; ids are
unique; the label matches the kind; each group has one passage, one passage language and
one split; both splits hold every kind, every passage language and both labels; no claim
repeats its passage or another claim; no passage or claim shares 8 or more consecutive
words with a corpus document (when the corpus folder exists).
Exits 1 and lists every problem found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = {"nb", "nn", "sv", "da", "en"}
SUPPORTED = {"paraphrase", "entailed_subset"}
UNSUPPORTED = {"negation", "antonym", "number_swap", "role_swap", "modality_shift", "invented_entity", "unrelated"}
KINDS = SUPPORTED | UNSUPPORTED
REQUIRED = ("id", "group", "lang", "passage", "claim", "label", "kind", "split")
WORD = re.compile(r"\w+", re.UNICODE)
NGRAM = 8


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def table(title: str, counter: Counter, total: int) -> None:
    print(f"\n{title}")
    for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {str(key):<28}{value:>5}  {100 * value / total:5.1f} %")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=Path, default=HERE / "claims.jsonl")
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    args = ap.parse_args()

    problems: list[str] = []
    rows: list[dict] = []
    for lineno, line in enumerate(args.claims.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            problems.append(f"line {lineno}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            problems.append(f"line {lineno}: not an object")
            continue
        missing = [k for k in REQUIRED if not row.get(k)]
        if missing:
            problems.append(f"line {lineno}: missing {missing}")
            continue
        if row["lang"] not in LANGS:
            problems.append(f"{row['id']}: lang {row['lang']!r}")
        if row.get("claim_lang", row["lang"]) not in LANGS:
            problems.append(f"{row['id']}: claim_lang {row.get('claim_lang')!r}")
        if row["kind"] not in KINDS:
            problems.append(f"{row['id']}: kind {row['kind']!r}")
        if row["label"] not in {"supported", "unsupported"}:
            problems.append(f"{row['id']}: label {row['label']!r}")
        elif row["kind"] in KINDS and (row["label"] == "supported") != (row["kind"] in SUPPORTED):
            problems.append(f"{row['id']}: label {row['label']} does not fit kind {row['kind']}")
        if row["split"] not in {"train", "test"}:
            problems.append(f"{row['id']}: split {row['split']!r}")
        if not re.fullmatch(r"clm-\d{3,}", row["id"]):
            problems.append(f"{row['id']}: id format")
        if row["claim"].strip() == row["passage"].strip():
            problems.append(f"{row['id']}: claim repeats the passage")
        rows.append(row)

    ids = Counter(r["id"] for r in rows)
    problems += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    claims = Counter((r["group"], r["claim"]) for r in rows)
    problems += [f"duplicate claim in {g}: {c[:60]}" for (g, c), n in claims.items() if n > 1]

    by_group: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_group[r["group"]].append(r)
    for g, members in by_group.items():
        for field in ("split", "passage", "lang"):
            values = {m[field] for m in members}
            if len(values) > 1:
                problems.append(f"group {g}: {len(values)} different values of {field}")
        sentences = len(re.findall(r"[.!?](?=\s+[A-ZÆØÅÄÖÉ«]|\s*$)", members[0]["passage"]))
        if not 1 <= sentences <= 4:
            problems.append(f"group {g}: passage has {sentences} sentences")

    for split in ("train", "test"):
        part = [r for r in rows if r["split"] == split]
        for kind in sorted(KINDS - {r["kind"] for r in part}):
            problems.append(f"split {split}: no claim of kind {kind}")
        for lang in sorted(LANGS - {r["lang"] for r in part}):
            problems.append(f"split {split}: no passage in {lang}")
        if not any(r.get("claim_lang", r["lang"]) != r["lang"] for r in part):
            problems.append(f"split {split}: no cross-lingual claim")

    if args.corpus.is_dir():
        corpus = set()
        for path in sorted(args.corpus.glob("*.txt")):
            corpus |= ngrams(path.read_text(encoding="utf-8", errors="replace"))
        for g, members in by_group.items():
            if ngrams(members[0]["passage"]) & corpus:
                problems.append(f"group {g}: passage shares {NGRAM} consecutive words with the corpus")
        for r in rows:
            if ngrams(r["claim"]) & corpus:
                problems.append(f"{r['id']}: claim shares {NGRAM} consecutive words with the corpus")
    else:
        print(f"(corpus folder {args.corpus} not found: overlap check skipped)")

    total = len(rows)
    groups = len(by_group)
    print(f"{total} claims in {groups} groups ({total / max(groups, 1):.1f} claims per group)")
    table("label", Counter(r["label"] for r in rows), total)
    table("kind", Counter(r["kind"] for r in rows), total)
    table("passage lang (claims)", Counter(r["lang"] for r in rows), total)
    table("passage lang (groups)", Counter(m[0]["lang"] for m in by_group.values()), groups)
    table("claim_lang", Counter(r.get("claim_lang", r["lang"]) for r in rows), total)
    cross = [r for r in rows if r.get("claim_lang", r["lang"]) != r["lang"]]
    table("cross-lingual (passage->claim)", Counter(f"{r['lang']}->{r['claim_lang']}" for r in cross), len(cross) or 1)
    print(
        f"  cross-lingual total: {len(cross)} ({100 * len(cross) / total:.1f} %), "
        f"supported {sum(r['label'] == 'supported' for r in cross)}"
    )
    table("split (claims)", Counter(r["split"] for r in rows), total)
    table("split (groups)", Counter(m[0]["split"] for m in by_group.values()), groups)
    print("\nsplit x label / kind / lang")
    for split in ("train", "test"):
        part = [r for r in rows if r["split"] == split]
        print(f"  {split}: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r["label"] for r in part).items())))
        print("    " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r["kind"] for r in part).items())))
        print(
            "    "
            + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r["lang"] for r in part).items()))
            + f", cross-lingual={sum(r.get('claim_lang', r['lang']) != r['lang'] for r in part)}"
        )

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nOK: valid JSON, unique ids, labels fit kinds, every group in one split, no corpus overlap")
    return 0


if __name__ == "__main__":
    sys.exit(main())
