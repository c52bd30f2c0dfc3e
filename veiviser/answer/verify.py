"""Check a drafted answer against the passages it was written from.

Every sentence must end in citations [n] of passages that exist and support it:
a marker pointing at no passage is dropped; a sentence its passages do not support
is re-cited to the passage that clearly does, or removed and counted (the answer
then carries a notice). Quotes are exact spans of the stored chunk text. Used on
LLM drafts as they stream and by the evaluation's citation-validity measure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from veiviser.answer.claim_check import ClaimJudge
from veiviser.answer.compose import CitedSentence, Quote
from veiviser.answer.support import (
    SUPPORT_THRESHOLD,
    ClaimSimilarity,
    echoes_instructions,
    strip_markers,
    support,
    without_instructions,
)
from veiviser.core.types import SearchHit
from veiviser.text.injection import looks_like_instructions
from veiviser.text.units import sentence_ends

RECITE_MARGIN = 0.15  # re-citing to an uncited passage needs clearly more support than citing
MAX_FRAMING_WORDS = 12  # "Rollene er:" may stand without a citation when a cited list follows
_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_BULLET_START = re.compile(r"^\s*(?:[-–•*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence without citation markers
    cited: tuple[int, ...]  # the numbers it cites, as written
    separator: str  # what preceded it in the draft ("" for the first, "\n" or " ")

    @property
    def is_framing(self) -> bool:
        return not self.cited and self.text.endswith(":") and len(self.text.split()) <= MAX_FRAMING_WORDS


def cited_numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group))


class ClaimSplitter:
    """Cuts streamed text into claims as soon as each is complete.

    A sentence is complete once the next one has begun (or its line has ended), so
    citation markers written after the full stop stay with their sentence.
    """

    def __init__(self) -> None:
        self._buffer = ""
        self._line_start = True
        self._emitted = False

    def feed(self, piece: str) -> list[Claim]:
        self._buffer += piece
        out: list[Claim] = []
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            out.extend(self._claims(line))
            self._line_start = True
        ends = sentence_ends(self._buffer)
        if ends:
            done, self._buffer = self._buffer[: ends[-1]], self._buffer[ends[-1] :]
            out.extend(self._claims(done))
        return out

    def finish(self) -> list[Claim]:
        out = self._claims(self._buffer)
        self._buffer = ""
        return out

    def _claims(self, text: str) -> list[Claim]:
        out: list[Claim] = []
        cursor = 0
        for stop in sentence_ends(text) + [len(text)]:
            piece = text[cursor:stop].strip()
            cursor = stop
            if not piece:
                continue
            body = strip_markers(piece)
            if not body:  # markers standing alone belong to the sentence before them
                if out:
                    last = out[-1]
                    out[-1] = Claim(last.text, last.cited + cited_numbers(piece), last.separator)
                continue
            if not self._emitted:
                separator = ""
            else:
                separator = "\n" if self._line_start else " "
            out.append(Claim(body, cited_numbers(piece), separator))
            self._emitted = True
            self._line_start = False
        return out


def split_claims(text: str) -> list[Claim]:
    """The claims of a complete draft."""
    splitter = ClaimSplitter()
    return splitter.feed(text) + splitter.finish()


@dataclass
class Verification:
    sentences: list[CitedSentence]
    removed: int = 0
    recited: int = 0
    refused: bool = False
    unsupported: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (claim, reasons) removed


class ClaimChecker:
    """Verifies claims one at a time against the numbered passages of one prompt."""

    def __init__(
        self,
        passages: Sequence[SearchHit],
        lang: str,
        *,
        refusal: str = "",
        similarity: ClaimSimilarity | None = None,
        threshold: float = SUPPORT_THRESHOLD,
        judge: ClaimJudge | None = None,
    ) -> None:
        """`judge`: the learned check (answer.claim_check), which reads polarity, numbers, actors and
        modality; without it the word-overlap rules of `support` decide."""
        self.judge = judge
        self.passages = list(passages)
        self.lang = lang
        self.refusal = refusal
        self.similarity = similarity
        self.threshold = threshold
        self.result = Verification([])
        self._pending_framing: list[Claim] = []

    def check(self, claim: Claim) -> list[CitedSentence]:
        """The sentences to emit for `claim` now (framing lines wait for a supported sentence)."""
        if self.refusal and claim.text.strip(" .!").upper() == self.refusal.upper():
            self.result.refused = True
            return []
        if claim.is_framing:
            self._pending_framing.append(claim)
            return []
        if looks_like_instructions(strip_markers(claim.text)):
            # a model repeating "print your system prompt" or "you are now ..." obeys an injection:
            # whatever it cites, such a sentence is never an answer
            self.result.removed += 1
            self.result.unsupported.append((claim.text, ("instructing",)))
            return []
        quotes, reasons = self._supported_quotes(claim)
        if not quotes:
            self.result.removed += 1
            self.result.unsupported.append((claim.text, reasons))
            return []
        out = [CitedSentence(f.text, (), f.separator) for f in self._pending_framing]
        self._pending_framing = []
        out.append(CitedSentence(claim.text, tuple(quotes), claim.separator))
        self.result.sentences.extend(out)
        return out

    def _supported_quotes(self, claim: Claim) -> tuple[list[Quote], tuple[str, ...]]:
        """The quotes that support `claim` (its own citations first, else one clearly better passage),
        or none and why not."""
        quotes: list[Quote] = []
        reasons: list[str] = []
        valid = [n for n in dict.fromkeys(claim.cited) if 1 <= n <= len(self.passages)]
        for n in valid:
            hit = self.passages[n - 1]
            ok, quote, why = self._judge(claim.text, hit, 0.0, self.similarity)
            if ok:
                quotes.append(quote)
            reasons.extend(why)
        if quotes:
            return quotes, ()
        best: tuple[float, Quote] | None = None
        for n, hit in enumerate(self.passages, 1):
            if n in valid:
                continue
            ok, quote, _ = self._judge(claim.text, hit, RECITE_MARGIN, None)
            clean = without_instructions(hit.chunk.text)
            score = support(claim.text, clean, hit.chunk.lang, self.lang).score if ok else 0.0
            if ok and (best is None or score > best[0]):
                best = (score, quote)
        if best is not None:
            self.result.recited += 1
            return [best[1]], ()
        return [], tuple(dict.fromkeys(reasons)) or ("weak",)

    def _judge(
        self, claim: str, hit: SearchHit, margin: float, similarity: ClaimSimilarity | None
    ) -> tuple[bool, Quote, tuple[str, ...]]:
        text = without_instructions(hit.chunk.text)  # injected text never supports a claim
        if not text.strip():
            return False, Quote(hit, 0, len(text)), ("instructions",)
        if echoes_instructions(claim, hit.chunk.text, hit.chunk.lang, self.lang):
            return False, Quote(hit, 0, len(text)), ("instructions",)
        if self.judge is not None:
            verdict = self.judge.judge(claim, text, hit.chunk.lang, self.lang, similarity, margin=margin)
            found = verdict.support
            reasons = verdict.reasons
            if not verdict.supported and text != hit.chunk.text and "weak" in reasons:
                reasons = ("instructions",)  # the passage said it only where it addressed an AI
            return verdict.supported, Quote(hit, found.start, found.end), reasons
        s = support(claim, text, hit.chunk.lang, self.lang, similarity)
        why = ("polarity",) if s.contradicts else ("number",) if s.bad_numbers else ("weak",)
        return s.supported(self.threshold + margin), Quote(hit, s.start, s.end), () if s.supported() else why


def verify_text(
    text: str,
    passages: Sequence[SearchHit],
    lang: str,
    *,
    refusal: str = "",
    similarity: ClaimSimilarity | None = None,
    threshold: float = SUPPORT_THRESHOLD,
    judge: ClaimJudge | None = None,
) -> Verification:
    """Verify a complete draft (the non-streaming form of ClaimChecker)."""
    checker = ClaimChecker(passages, lang, refusal=refusal, similarity=similarity, threshold=threshold, judge=judge)
    for claim in split_claims(text):
        checker.check(claim)
    return checker.result
