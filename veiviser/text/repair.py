"""Repair OCR and encoding damage in Nordic text, line by line.

Scanned Norwegian, Danish and Swedish documents lose their national letters:
ø comes out as g, e, a, @ or ¢, å as a, 8, 3 or &, æ as ae, ee or z, and a
sentence-initial "I" as `|`. Search and citations suffer, because a damaged
word no longer matches what a user types. This module puts the letters back:

1. mojibake is undone by ftfy (quotes, dashes and line breaks left alone);
2. each word is checked against a frequency lexicon and, if damaged, replaced
   by its most likely reading under systematic confusion rules, compounds
   included (`veiviser.text.word_repair`);
3. words whose damaged form is itself a word ("a", "pa", "far", "sa") are
   decided by grammar rules on their neighbours (`veiviser.text.repair_context`).

A valid word is only replaced when the text around it shows OCR damage
(`Repairer.assess`), so a clean document passes through untouched. Every
line keeps its place: the output has exactly as many lines as the input.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from veiviser.core.parallel import map_texts, worth_forking
from veiviser.text.lexicon import Lexicon, normalize_lang
from veiviser.text.repair_context import NorwegianContext, WordToken, repair_pipes
from veiviser.text.word_repair import WordRepairer

log = logging.getLogger(__name__)

# A document is damaged when at least this share of its words (and at least
# one) are unmistakable OCR damage; only then may valid words be replaced.
DAMAGED_DOCUMENT_RATE = 0.003
_TOKEN_CACHE_LIMIT = 200_000
ASSESS_MAX_LINES = 20_000  # a longer document is judged on an even sample of about this many lines

# Characters that appear when UTF-8 is read as Latin-1/cp1252 ("Ã¸" for "ø", "â€™" for "’"): a line
# without any of them has no mojibake to undo.
_MOJIBAKE_SIGNS = re.compile("[ÃÂâÐÑ\u0080-\u009f€‚ƒ„†‡ˆ‰Š‹ŒŽ˜™š›œžŸ¤¥¦¨©ª¬®¯±²³´µ¶¸¹º¿\ufffd]")
_TOKEN = re.compile(r"^(.*?)([\w@¢&|](?:.*[\w@¢&|])?)(\W*)$", re.DOTALL)
_PIECE_SEPARATORS = re.compile(r"([/\-–.'’])")
_NORWEGIAN_TRIGGERS = frozenset({"|", "a", "8", "3", "&", "@", "far", "sa", "vare"})
_PIPE_TRIGGERS = frozenset({"|"})


# ------------------------------------------------------------------- encoding


@lru_cache(maxsize=1)
def _ftfy_config():
    from ftfy import TextFixerConfig

    # Only undo mojibake: quotes, ligatures, widths, HTML and line breaks stay as printed.
    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization="NFC",
        explain=False,
    )


def fix_encoding(line: str) -> str:
    """The line with mojibake undone by ftfy ("pÃ¥" -> "på"); never adds or removes a line break."""
    if line.isascii() or not _MOJIBAKE_SIGNS.search(line):
        return line  # plain Nordic letters only: nothing for ftfy to undo (it costs a regex pass per line)
    import ftfy

    fixed = ftfy.fix_text(line, _ftfy_config())
    if len(fixed.splitlines()) != len(line.splitlines()) or fixed.count("\n") != line.count("\n"):
        return line
    return fixed


# ------------------------------------------------------------------- repairer


@dataclass
class _Line:
    original: str
    fixed: str
    parts: list[str | WordToken] = field(default_factory=list)  # whitespace runs and tokens

    @property
    def tokens(self) -> list[WordToken]:
        """All tokens, punctuation-only ones included (they mark sentence ends)."""
        return [p for p in self.parts if isinstance(p, WordToken)]

    @property
    def words(self) -> list[WordToken]:
        return [t for t in self.tokens if t.core]


def _case_like(printed: str, word: str) -> str:
    """`word` with the capitalisation of the printed word (lower, Title or UPPER)."""
    letters = [c for c in printed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if printed[:1].isupper() and not (printed[:1] == "I" and word[:1] == "l"):  # "Igpende" -> "løpende"
        return word[:1].upper() + word[1:]
    return word


class Repairer:
    """Repairs OCR damage in one language. Reuse an instance: lexicon and caches live in it.

    `extra_words` are words the caller trusts (a corpus' own clean spellings).
    `document_damaged` pins whether valid words may be replaced by more
    frequent readings; left None, each `repair` call judges its own text, or
    call `assess` once with the whole document before repairing its parts.
    """

    def __init__(
        self,
        lang: str = "nb",
        extra_words: Iterable[str] | None = None,
        *,
        document_damaged: bool | None = None,
    ) -> None:
        self.lang = normalize_lang(lang)
        self.lexicon = Lexicon(self.lang, extra_words)
        self.words = WordRepairer(self.lexicon)
        self.document_damaged = document_damaged
        norwegian = self.lang in ("nb", "nn")
        self._context = NorwegianContext(self.words) if norwegian else None
        self._triggers = _NORWEGIAN_TRIGGERS if norwegian else _PIPE_TRIGGERS
        self._token_cache: dict[str, tuple[str | None, bool, bool]] = {}

    # ------------------------------------------------------------ public API

    def repair(self, text: str) -> str:
        """Repair `text`; split on "\\n", every line keeps its place."""
        lines = [self._analyse(line) for line in text.split("\n")]
        damaged = self.document_damaged if self.document_damaged is not None else self._judge(lines)
        return "\n".join(self._render(line, damaged) for line in lines)

    def repair_line(self, line: str, *, document_damaged: bool | None = None) -> str:
        """Repair one line, judged by `document_damaged`, the instance setting, or the line itself."""
        if "\n" in line:
            return self.repair(line)
        analysed = self._analyse(line)
        damaged = document_damaged if document_damaged is not None else self.document_damaged
        if damaged is None:
            damaged = self._judge([analysed])
        return self._render(analysed, damaged)

    def warm(self, texts: Sequence[str], *, workers: int = 1) -> None:
        """Work out the repair of every distinct word of a long document in `workers` processes first.

        The per-word proposals are most of repair's cost, and a document repeats its words: the
        lines can then be analysed (in workers forked after this) from a filled cache, so no word
        is worked out twice, once per worker.
        """
        if not worth_forking(texts, workers):
            return  # one process: the cache fills as the lines are read, with no pass of its own
        found = map_texts(_word_cores, list(texts), workers=workers)
        cores = sorted(set().union(*found) - self._token_cache.keys())[: _TOKEN_CACHE_LIMIT - len(self._token_cache)]
        self._token_cache.update(zip(cores, map_texts(self._proposal_for, cores, workers=workers, min_chars=0)))

    def assess(self, texts: Iterable[str], *, workers: int = 1) -> bool:
        """Judge from a whole document whether it shows OCR damage, and keep the verdict.

        Repairing a document block by block, call this first with all blocks so
        a short block is judged by its document, not by itself alone. A long
        document's lines are read in `workers` processes.
        """
        all_lines = [line for text in texts for line in text.split("\n")]
        # a damage rate is a share: an even sample of a long document judges it as well as every
        # line would, and keeps ingest time linear in size (each line is analysed again on repair)
        step = max(1, len(all_lines) // ASSESS_MAX_LINES)
        counts = map_texts(self._evidence, all_lines[::step], workers=workers)
        words = sum(n for n, _ in counts)
        evidence = sum(e for _, e in counts)
        self.document_damaged = evidence >= max(1.0, DAMAGED_DOCUMENT_RATE * words)
        return self.document_damaged

    def _evidence(self, line: str) -> tuple[int, int]:
        """(words, words that are unmistakable damage) in one line, as `_judge` counts them."""
        analysed = self._analyse(line)
        words = analysed.words
        evidence = sum(1 for w in words if w.evidence)
        if self._context is not None:
            evidence += self._context.count_markers(analysed.tokens)
        return len(words), evidence

    def has_damage_patterns(self, line: str) -> bool:
        """Whether `line` holds anything repair might change; a line without is never changed."""
        return self._has_damage(self._analyse(line))

    # ------------------------------------------------------------ line level

    def _analyse(self, line: str) -> _Line:
        try:
            fixed = fix_encoding(line)
            analysed = _Line(original=line, fixed=fixed)
            for chunk in re.split(r"(\s+)", fixed):
                if not chunk:
                    continue
                if chunk.isspace():
                    analysed.parts.append(chunk)
                    continue
                token = _token(chunk)
                self._propose(token)
                analysed.parts.append(token)
            return analysed
        except Exception:  # a repair bug must never stop ingestion: leave the line as it is
            log.exception("OCR repair could not analyse a line; leaving it unchanged")
            return _Line(original=line, fixed=line)

    def _propose(self, token: WordToken) -> None:
        """Repair each piece of a token ("bruker/pargrende" -> "bruker/pårørende")."""
        core = token.core
        if not _repairable(core):
            return
        known = self._token_cache.get(core)
        if known is None:
            known = self._proposal_for(core)
            if len(self._token_cache) > _TOKEN_CACHE_LIMIT:  # a long ingest must not grow memory without bound
                self._token_cache.clear()
            self._token_cache[core] = known
        new_core, gated, evidence = known
        if new_core is not None:
            token.new_core = new_core
            token.gated = token.gated or gated
            token.evidence = token.evidence or evidence

    def _proposal_for(self, core: str) -> tuple[str | None, bool, bool]:
        """(the repaired core or None, gated, evidence) for one token core; cached by `_propose`,
        since a document repeats its words far more often than it has different ones."""
        gated = evidence = False
        pieces = _PIECE_SEPARATORS.split(core)
        changed = False
        for i in range(0, len(pieces), 2):
            proposal = self.words.propose(pieces[i]) if pieces[i] else None
            if proposal is None:
                continue
            pieces[i] = _case_like(pieces[i], proposal.replacement)
            changed = True
            gated = gated or proposal.gated
            evidence = evidence or proposal.evidence
        return ("".join(pieces) if changed else None), gated, evidence

    def _has_damage(self, line: _Line) -> bool:
        if line.fixed != line.original:
            return True
        return any(w.new_core is not None or w.core.lower() in self._triggers for w in line.words)

    def _judge(self, lines: Sequence[_Line]) -> bool:
        """Damaged when enough words are unmistakable damage (an unknown word with a sure repair,
        "pa" for "på", "a" before an infinitive)."""
        words = [w for line in lines for w in line.words]
        evidence = sum(1 for w in words if w.evidence)
        if self._context is not None:
            evidence += sum(self._context.count_markers(line.tokens) for line in lines)
        return evidence >= max(1.0, DAMAGED_DOCUMENT_RATE * len(words))

    def _render(self, line: _Line, damaged: bool) -> str:
        try:
            if not self._has_damage(line):
                return line.original
            tokens = line.tokens
            for token in tokens:
                if token.gated and not damaged:
                    token.new_core = None
            repair_pipes(tokens)
            if self._context is not None:
                self._context.apply(tokens, damaged)
            out = "".join(p if isinstance(p, str) else p.text for p in line.parts)
            return line.original if "\n" in out else out
        except Exception:
            log.exception("OCR repair failed on a line; leaving it unchanged")
            return line.original


# ------------------------------------------------------------------ module API


def _token(chunk: str) -> WordToken:
    """One whitespace-free piece of a line as lead punctuation, word core and trailing punctuation."""
    match = _TOKEN.match(chunk)
    return (
        WordToken(lead=match[1], core=match[2], trail=match[3]) if match else WordToken(lead=chunk, core="", trail="")
    )


def _repairable(core: str) -> bool:
    return len(core) >= 2 and not core.isdigit()


def _word_cores(text: str) -> frozenset[str]:
    """The token cores `Repairer._analyse` would look up for `text` (those `_propose` works on)."""
    cores = (_token(chunk).core for line in text.split("\n") for chunk in fix_encoding(line).split())
    return frozenset(core for core in cores if _repairable(core))


@lru_cache(maxsize=8)
def _shared_repairer(lang: str) -> Repairer:
    """One repairer per language and process, so the lexicon is loaded once."""
    return Repairer(lang)


def repair_text(text: str, lang: str = "nb", extra_lexicon: Iterable[str] | None = None) -> str:
    """Repair OCR/encoding damage in `text` (nb, nn, sv or da); the line count never changes.

    `extra_lexicon`: words the caller knows are spelled right, e.g. the
    corpus' own words written with æ/ø/å.
    """
    code = normalize_lang(lang)
    extra = [w for w in extra_lexicon if isinstance(w, str)] if extra_lexicon is not None else []
    repairer = Repairer(code, extra) if extra else _shared_repairer(code)
    return repairer.repair(text)


def has_damage_patterns(line: str, lang: str = "nb") -> bool:
    """Whether `line` holds anything repair might change (mojibake, damaged or ambiguous words, `|`)."""
    return _shared_repairer(normalize_lang(lang)).has_damage_patterns(line)


def repair_stream(data: str, lang: str = "nb") -> str:
    """Repair text read from a stream: one output line per input line, each ending in a newline."""
    if not data:
        return ""
    body = data[:-1] if data.endswith("\n") else data
    return repair_text(body, lang) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m veiviser.text.repair [LANG]`: stdin to stdout, line for line (the CLI is `veiviser repair`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    sys.stdout.buffer.write(repair_stream(data, args[0] if args else "nb").encode("utf-8", errors="surrogatepass"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
