"""Check the hostile corpus against its manifest and report what the injection detector sees.

Run from the project folder:  .venv/bin/python eval/hostile/check_hostile.py [--json OUT]

1. Manifest checks (exit 1 on any problem): every file exists and every .txt/.md file is listed;
   every injection (30-200 chars) and every genuine answer snippet occurs verbatim in its file;
   no snippet overlaps an injection; controls have no injections; one snippet per question.
2. Loader check (informational): does each injection and snippet survive `load_file`
   (compared with whitespace collapsed)?
3. Detector report (informational, never fails): `looks_like_instructions` is run on
   - each injection string itself, and on the sentence(s) of the loaded document that hold the injected
     passage (from the manifest string to the end of its paragraph or table cell)
     (blocks from `load_file`, split with `split_sentences`);
   - every sentence of the control documents;
   - every other sentence of the hostile documents (false positives outside the injections);
   - the sentence holding each genuine answer snippet (a flagged one would be withheld from answers).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from veiviser.documents.loaders import load_file
from veiviser.text.injection import looks_like_instructions
from veiviser.text.sentences import split_sentences

HERE = Path(__file__).resolve().parent
MIN_INJ, MAX_INJ = 30, 200


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def loaded_sentences(path: Path) -> list[str]:
    """Sentences of the document as the index sees it: loader blocks, each split into sentences."""
    doc = load_file(path, max_bytes=50 * 1024 * 1024, ocr=False)
    out: list[str] = []
    for block in doc.blocks:
        text = norm(block.text or "")
        if not text:
            continue
        out.extend(text[a:b] for a, b in split_sentences(text))
    return out


def passage_of(raw: str, injection: str) -> str:
    """The whole injected passage: from the manifest string to the end of its paragraph, or of its table cell."""
    start = raw.find(injection)
    line_start = raw.rfind("\n", 0, start) + 1
    line_end = raw.find("\n", start)
    if raw[line_start : line_end if line_end >= 0 else None].lstrip().startswith("|") and "|" not in injection:
        return raw[start : raw.find("|", start)]
    end = raw.find("\n\n", start + len(injection))
    return raw[start : end if end >= 0 else len(raw)]


def search_keys(passage: str) -> list[str]:
    """How the passage may read after loading: whole (Markdown heading and quote marks dropped), then line by line."""
    plain = re.sub(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*)", "", passage)
    keys = [norm(plain)]
    keys.extend(norm(line) for line in plain.split("\n") if len(norm(line)) >= 8)
    return keys


def sentences_holding(sentences: list[str], text: str) -> list[int]:
    """Indexes of sentences that contain `text`, or that `text` spans (several sentences in a row)."""
    hits = [i for i, s in enumerate(sentences) if text in s]
    if hits:
        return hits
    joined, starts = "", []
    for s in sentences:
        starts.append(len(joined))
        joined += s + " "
    at = joined.find(text)
    if at < 0:
        return []
    end = at + len(text)
    return [i for i, st in enumerate(starts) if st < end and st + len(sentences[i]) > at]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path, help="write the detector report here as JSON")
    args = parser.parse_args()

    rows = [
        json.loads(line) for line in (HERE / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    problems: list[str] = []
    listed = {r["file"] for r in rows}
    on_disk = {p.name for p in HERE.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"}
    for name in sorted(on_disk - listed):
        problems.append(f"{name}: not in manifest")
    for name in sorted(listed - on_disk):
        problems.append(f"{name}: in manifest but missing")

    report = {"injections": [], "control_flags": [], "hostile_other_flags": [], "snippet_flags": [], "loader_lost": []}
    n_inj = n_ctrl_sent = n_other_sent = 0
    for r in rows:
        path = HERE / r["file"]
        if not path.exists():
            continue
        raw = path.read_text(encoding="utf-8")
        if r["control"] and r["injections"]:
            problems.append(f"{r['file']}: control with injections")
        if not r["control"] and not r["injections"]:
            problems.append(f"{r['file']}: hostile document without injections")
        if len(r["questions"]) != len(r["genuine_answer_snippets"]) or not 1 <= len(r["questions"]) <= 2:
            problems.append(f"{r['file']}: questions and snippets do not pair up (1-2 each)")
        spans = []
        for inj in r["injections"]:
            if not MIN_INJ <= len(inj) <= MAX_INJ:
                problems.append(f"{r['file']}: injection length {len(inj)} outside {MIN_INJ}-{MAX_INJ}: {inj[:50]!r}")
            at = raw.find(inj)
            if at < 0:
                problems.append(f"{r['file']}: injection not verbatim in file: {inj[:60]!r}")
            else:
                spans.append((at, at + len(passage_of(raw, inj))))
        for snip in r["genuine_answer_snippets"]:
            at = raw.find(snip)
            if at < 0:
                problems.append(f"{r['file']}: snippet not verbatim in file: {snip[:60]!r}")
            elif any(a < at + len(snip) and at < b for a, b in spans):
                problems.append(f"{r['file']}: snippet overlaps an injection: {snip[:60]!r}")

        sentences = loaded_sentences(path)
        loaded_text = " ".join(sentences)
        inj_sentences: set[int] = set()
        for inj in r["injections"]:
            n_inj += 1
            if inj not in raw:
                continue
            passage = passage_of(raw, inj)
            keys = search_keys(passage)
            idx = sentences_holding(sentences, keys[0])
            if not idx:
                idx = sorted({i for key in keys[1:] for i in sentences_holding(sentences, key)})
            if keys[0] not in loaded_text:
                report["loader_lost"].append({"file": r["file"], "text": passage, "kind": "injected passage (whole)"})
            inj_sentences.update(idx)
            held = [{"sentence": sentences[i], "flagged": looks_like_instructions(sentences[i])} for i in idx]
            flagged = [h["flagged"] for h in held]
            status = (
                "dropped by loader"
                if not held
                else "caught"
                if all(flagged)
                else "partial"
                if any(flagged)
                else "missed"
            )
            entry = {
                "file": r["file"],
                "lang": r["lang"],
                "injection": inj,
                "passage": passage,
                "string_flagged": looks_like_instructions(inj),
                "passage_flagged": looks_like_instructions(norm(passage)),
                "sentences": held,
                "status": status,
            }
            report["injections"].append(entry)
        for snip in r["genuine_answer_snippets"]:
            if norm(snip) not in loaded_text:
                report["loader_lost"].append({"file": r["file"], "text": snip, "kind": "snippet"})
            for i in sentences_holding(sentences, norm(snip)):
                if looks_like_instructions(sentences[i]):
                    report["snippet_flags"].append({"file": r["file"], "sentence": sentences[i]})
        for i, s in enumerate(sentences):
            if i in inj_sentences:
                continue
            if r["control"]:
                n_ctrl_sent += 1
                if looks_like_instructions(s):
                    report["control_flags"].append({"file": r["file"], "sentence": s})
            else:
                n_other_sent += 1
                if looks_like_instructions(s):
                    report["hostile_other_flags"].append({"file": r["file"], "sentence": s})

    n_docs = len(rows)
    n_ctrl = sum(r["control"] for r in rows)
    langs: dict[str, int] = {}
    for r in rows:
        langs[r["lang"]] = langs.get(r["lang"], 0) + 1
    print(f"documents: {n_docs} ({n_docs - n_ctrl} hostile, {n_ctrl} control); by lang: {langs}")
    print(f"injections: {n_inj}; questions: {sum(len(r['questions']) for r in rows)}")
    by_status: dict[str, list[dict]] = {}
    for e in report["injections"]:
        by_status.setdefault(e["status"], []).append(e)
    print(
        "detector on the sentences (as loaded) of each injected passage: "
        + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_status.items()))
    )
    print(
        f"detector on the manifest injection strings themselves: "
        f"{sum(e['string_flagged'] for e in report['injections'])}/{n_inj} flagged"
    )
    for status in ("missed", "partial", "dropped by loader"):
        for e in by_status.get(status, []):
            print(f"  {status.upper()} {e['file']}: {norm(e['injection'])[:100]!r}")
            if status == "partial":
                for h in e["sentences"]:
                    if not h["flagged"]:
                        print(f"      unflagged sentence: {h['sentence'][:120]!r}")
    print(f"control sentences: {n_ctrl_sent}, flagged {len(report['control_flags'])}")
    for c in report["control_flags"]:
        print(f"  FLAGGED {c['file']}: {c['sentence'][:140]!r}")
    print(f"other sentences in hostile documents: {n_other_sent}, flagged {len(report['hostile_other_flags'])}")
    for c in report["hostile_other_flags"]:
        print(f"  FLAGGED {c['file']}: {c['sentence'][:140]!r}")
    print(f"genuine answer sentences flagged: {len(report['snippet_flags'])}")
    for c in report["snippet_flags"]:
        print(f"  FLAGGED {c['file']}: {c['sentence'][:140]!r}")
    if report["loader_lost"]:
        print(f"not found verbatim (whitespace collapsed) in loader output: {len(report['loader_lost'])}")
        for c in report["loader_lost"]:
            print(f"  {c['kind']} {c['file']}: {norm(c['text'])[:100]!r}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if problems:
        print(f"\n{len(problems)} manifest problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nmanifest: all injections and snippets occur verbatim in their files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
