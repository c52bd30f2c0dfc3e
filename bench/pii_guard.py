"""How well and how fast the PII guard finds personal data (issue #16 part 4).

Generated, seeded material (tests/pii/pii_generators.py and pii_text_generators.py):
- valid NO/SE/DK ID numbers in every layout and obfuscation: share found with a right kind;
- the same numbers with a wrong check digit, and near-misses (right check digits, impossible
  date): share flagged as any ID;
- sentences with a name, birth date, address, phone number or e-mail address (nb/sv/da/en
  templates, split train/test once), and sentences without: recall and false alarms per split;
- every sentence of the corpus documents (veiviser.documents.loaders.load_file,
  veiviser.text.sentences): flagged sentences by kind. Those documents name real researchers
  and officials, so name hits there are counted apart: many are true names, to be judged by a
  person (--show-corpus prints them; the JSON holds masked values only).
- speed: scan() over a generated 5 MB text.

Targets: >= 99 % of valid IDs in every layout; <= 2 % of invalid ones flagged; names, birth
dates, addresses, phones, e-mails >= 90 % found with <= 5 % false alarms on corpus sentences.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from _common import ROOT, save

sys.path.insert(0, str(ROOT / "tests" / "pii"))

import pii_generators as gen
import pii_text_generators as tg

from veiviser.documents.loaders import load_file
from veiviser.pii import CONTEXT_KINDS, ID_KINDS, scan
from veiviser.pii.gazetteer import gazetteer
from veiviser.text.sentences import split_sentences

NO_KINDS = ("no_fnr", "no_dnr", "no_hnr", "no_fhnr")


def _valid_digits(rng: random.Random, scheme: str) -> tuple[str, set[str]]:
    """Digits of a valid number of `scheme` and the kinds a finding may rightly carry."""
    if scheme in NO_KINDS:
        return gen.norwegian(rng, scheme), {scheme}
    if scheme in ("se_pnr", "se_samnr"):
        d = gen._date(rng, 1925, 2024)
        ten = gen.swedish_digits(d, scheme == "se_samnr", rng)
        return ten, {scheme} | gen.short_id_kinds(ten)
    if scheme == "se_pnr_12":
        d = gen._date(rng, 1925, 2024)
        return f"{d.year // 100}{gen.swedish_digits(d, False, rng)}", {"se_pnr"}
    if scheme == "dk_cpr_mod11":
        ten = gen.danish_digits(rng, mod11=True, first_year=1925)
        return ten, {"dk_cpr"} | gen.short_id_kinds(ten)
    # Post-2007 numbers that fail modulus 11: cpr.dk issues them mostly with a 1 January birth date.
    while True:
        ten = gen.danish_digits(rng, mod11=False, first_year=1925)
        ten = "0101" + ten[4:]
        if gen.dk_date_valid(ten) and not gen.dk_mod11_valid(ten):
            return ten, {"dk_cpr"} | gen.short_id_kinds(ten)


SCHEMES = (*NO_KINDS, "se_pnr", "se_samnr", "se_pnr_12", "dk_cpr_mod11", "dk_cpr_1jan_no_mod11")


def _found(value: str, right: set[str], rng: random.Random, contexts: tuple[str, ...] = tg.ID_CONTEXTS) -> bool:
    text, start, end = tg.embed(rng, value, contexts)
    return any(f.kind in right and f.start <= start and f.end >= end - 1 for f in scan(text))


def _flagged(value: str, rng: random.Random) -> bool:
    text, _, _ = tg.embed(rng, value)
    return any(f.kind in ID_KINDS for f in scan(text))


def bench_ids(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    valid: dict[str, dict[str, float]] = {}
    invalid: dict[str, dict[str, float]] = {}
    for scheme in SCHEMES:
        hits: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        wrong_total: Counter[str] = Counter()
        for _ in range(n):
            digits, right = _valid_digits(rng, scheme)
            for name, value in tg.layouts(digits, rng).items():
                hits[name] += _found(value, right, rng)
            if scheme.startswith("dk"):
                continue  # no check digit to get wrong (mod 11 is not mandatory); see near-misses
            bad = tg.wrong_check_digit(digits, rng)
            if len(bad) == 10 and gen.dk_date_valid(bad):
                continue  # still a possible Danish CPR number: not invalid
            for name, value in tg.layouts(bad, rng).items():
                wrong_total[name] += 1
                wrong[name] += _flagged(value, rng)
        valid[scheme] = {k: v / n for k, v in hits.items()}
        if wrong_total:
            invalid[scheme] = {k: wrong[k] / wrong_total[k] for k in wrong_total}
    # Danish numbers failing mod 11 with any birth date: found only with a context word or the canonical hyphen.
    ctx = sum(
        _found(f"{t[:6]} {t[6:]}", {"dk_cpr"} | gen.short_id_kinds(t), rng, tg.DK_CONTEXTS)
        for t in (gen.danish_digits(rng, mod11=False, first_year=1925) for _ in range(n))
    )
    return {"valid": valid, "invalid": invalid, "dk_no_mod11_any_date_with_context_word": ctx / n}


def bench_near_misses(n: int, seed: int) -> dict:
    """Right check digits but an impossible date (day 30 February, month 13, ...), in every layout."""
    rng = random.Random(seed)
    flagged = total = 0
    for _ in range(n):
        valid = gen.norwegian(rng, "no_fnr", post_2032=False)
        numbers = [gen.no_with_check_digits(ddmm + valid[4:9]) for ddmm in ("3002", "3104", "0013", "1513", "3200")]
        ten = gen.swedish_digits(gen._date(rng, 1932, 1999), False, rng)
        for mmdd in ("0230", "0431", "1301", "0001"):
            nine = ten[:2] + mmdd + ten[6:9]
            numbers.append(nine + gen.luhn_digit(nine))
        for number in filter(None, numbers):
            if len(number) == 10 and (gen.se_valid(number) or gen.dk_date_valid(number)):
                continue
            for value in tg.layouts(number, rng).values():
                total += 1
                flagged += _flagged(value, rng)
    return {"flagged": flagged / total, "total": total}


def bench_sentences(n: int, seed: int, part: str) -> dict:
    rng = random.Random(seed)
    first_names = sorted(name for name, freq in gazetteer().nordic.items() if freq >= 3)
    out: dict[str, dict[str, float]] = {}
    for kind in tg.POSITIVE_TEMPLATES:
        exact = overlap = extra = 0
        for _ in range(n):
            s = tg.positive(rng, kind, first_names, part)
            found = scan(s.text)
            assert s.span is not None
            hit = [f for f in found if f.kind == s.kind and f.start < s.span[1] and f.end > s.span[0]]
            overlap += bool(hit)
            exact += any((f.start, f.end) == s.span for f in hit)
            extra += any(f not in hit and f.kind in CONTEXT_KINDS for f in found)
        out[kind] = {"found": overlap / n, "exact_span": exact / n, "other_context_findings": extra / n}
    alarms: Counter[str] = Counter()
    for _ in range(n):
        s = tg.negative(rng, part)
        for kind in {f.kind for f in scan(s.text)}:
            alarms[kind] += 1
        alarms["any"] += bool(scan(s.text))
    out["negatives_flagged"] = {k: v / n for k, v in alarms.items()} or {"any": 0.0}
    return out


def bench_corpus(corpus: Path, show: bool) -> dict:
    sentences: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        if path.name == "README.md":
            continue
        doc = load_file(path, max_bytes=50 * 2**20, ocr=False)
        for block in doc.blocks:
            if block.text:
                sentences += [block.text[s:e] for s, e in split_sentences(block.text)]
    by_kind: Counter[str] = Counter()
    flagged_any = flagged_not_name = 0
    examples: dict[str, list[str]] = {}
    for sentence in sentences:
        found = scan(sentence)
        kinds = {f.kind for f in found}
        flagged_any += bool(kinds)
        flagged_not_name += bool(kinds - {"name"})
        for kind in kinds:
            by_kind[kind] += 1
        for f in found:
            examples.setdefault(f.kind, []).append(f.masked)
            if show:
                print(f"  corpus {f.kind:10} {f.text!r:40} in: {sentence[:110]!r}")
    n = len(sentences)
    return {
        "sentences": n,
        "flagged_any": flagged_any / n,
        "flagged_other_than_name": flagged_not_name / n,
        "sentences_by_kind": dict(by_kind),
        "masked_examples": {k: v[:8] for k, v in examples.items()},
    }


def bench_speed(megabytes: float, corpus: Path, seed: int) -> dict:
    rng = random.Random(seed)
    first_names = sorted(gazetteer().nordic)
    pieces = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    parts: list[str] = []
    size = 0
    target = int(megabytes * 2**20)
    while size < target:
        if rng.random() < 0.5:
            piece = rng.choice(pieces)
        else:
            kind = rng.choice(list(tg.POSITIVE_TEMPLATES))
            piece = " ".join(tg.positive(rng, kind, first_names, "train").text for _ in range(50))
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    text = "\n\n".join(parts)
    scan(text[:1000])  # load the name list and compile the patterns first
    t0 = time.perf_counter()
    findings = scan(text)
    full = time.perf_counter() - t0
    t0 = time.perf_counter()
    scan(text, ID_KINDS)
    ids_only = time.perf_counter() - t0
    mb = len(text.encode("utf-8")) / 2**20
    return {"mb": round(mb, 2), "seconds_all_kinds": round(full, 2), "mb_per_s_all_kinds": round(mb / full, 2),
            "seconds_ids_only": round(ids_only, 2), "findings": len(findings)}  # fmt: skip


def _table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    cols = sorted({c for r in rows.values() for c in r})
    print(f"{'':22}" + "".join(f"{c[:11]:>12}" for c in cols))
    for name, row in rows.items():
        print(f"{name:22}" + "".join(f"{row[c]:12.3f}" if c in row else f"{'':>12}" for c in cols))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="numbers per scheme, sentences per kind")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--megabytes", type=float, default=5.0)
    ap.add_argument("--show-corpus", action="store_true", help="print every corpus finding with its sentence")
    args = ap.parse_args()

    ids = bench_ids(args.n, args.seed)
    _table("Valid IDs found (share, by layout)", ids["valid"])
    _table("Wrong check digit flagged (share, by layout)", ids["invalid"])
    print(f"\nDK failing mod 11, any date, with a context word: {ids['dk_no_mod11_any_date_with_context_word']:.3f}")
    near = bench_near_misses(args.n, args.seed + 1)
    print(f"Near-misses (impossible dates) flagged: {near['flagged']:.4f} of {near['total']}")
    sentences = {part: bench_sentences(args.n, args.seed + 2, part) for part in ("train", "test")}
    for part, rows in sentences.items():
        _table(f"Sentences, {part} templates", rows)
    corpus = bench_corpus(args.corpus, args.show_corpus)
    print(f"\nCorpus: {corpus['sentences']} sentences; flagged {corpus['flagged_any']:.3f} "
          f"(other than names {corpus['flagged_other_than_name']:.3f}); by kind {corpus['sentences_by_kind']}")  # fmt: skip
    speed = bench_speed(args.megabytes, args.corpus, args.seed)
    print(f"Speed: {speed}")
    path = save(
        "pii_guard", {"ids": ids, "near_misses": near, "sentences": sentences, "corpus": corpus, "speed": speed}
    )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
