"""The LLM answerer: a langchain chat model writes, the passages decide what stays.

Flow: the shared retrieval step (language, follow-up rewriting, search, abstention
verdict) -> prompt with escaped, numbered passages -> the model's reply, streamed and
cut into sentences -> each sentence checked against the passages it cites (see
`verify`) -> only supported sentences are shown, with citations renumbered to exact
quotes. When the model cannot be reached, is slower than `timeout_s`, or writes
nothing the sources support, the extractive answer is given instead, with a notice
in the question's language.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from veiviser.answer.claim_check import ClaimJudge
from veiviser.answer.compose import AnswerStream, CitedSentence, Numbering, abstention, build_answer
from veiviser.answer.evidence import Retrieval
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.followup import HistoryItem
from veiviser.answer.phrases import Phrases
from veiviser.answer.prompt import REFUSAL, PromptBook
from veiviser.answer.support import ClaimSimilarity
from veiviser.answer.verify import ClaimChecker, ClaimSplitter
from veiviser.backends.registry import make_chat_model  # noqa: F401  (re-exported: callers build chat models by name)
from veiviser.core.errors import VeiviserError
from veiviser.core.types import Answer, UnsupportedClaim
from veiviser.pii import mask_ids

log = logging.getLogger(__name__)

PROMPT_PASSAGES = 6


class LLMTimeout(VeiviserError, TimeoutError):
    """The model gave no complete answer in time."""


def bounded_stream(model: BaseChatModel, messages: list[BaseMessage], timeout_s: float) -> Iterator[str]:
    """The model's text pieces; LLMTimeout when the whole reply takes longer than `timeout_s`.

    The model runs in a daemon thread, so a hung connection cannot hold the caller
    past the deadline (the client's own timeout ends the thread later).
    """
    pieces: queue.Queue[tuple[str, object]] = queue.Queue()

    def produce() -> None:
        try:
            for chunk in model.stream(messages):
                content = (
                    chunk.content
                    if isinstance(chunk.content, str)
                    else "".join(
                        part.get("text", "") if isinstance(part, dict) else str(part) for part in chunk.content
                    )
                )
                pieces.put(("text", content))
            pieces.put(("done", None))
        except BaseException as exc:  # handed to the consumer, which decides
            pieces.put(("error", exc))

    threading.Thread(target=produce, name="veiviser-llm", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LLMTimeout(f"no complete answer within {timeout_s:g} s")
        try:
            kind, value = pieces.get(timeout=remaining)
        except queue.Empty:
            raise LLMTimeout(f"no complete answer within {timeout_s:g} s") from None
        if kind == "text":
            yield str(value)
        elif kind == "done":
            return
        else:
            raise value  # type: ignore[misc]


def unsupported_claims(
    removed: Sequence[tuple[str, tuple[str, ...]]], phrases: Phrases
) -> tuple[UnsupportedClaim, ...]:
    """The removed sentences with their reasons in the answer's language (ID numbers masked)."""
    out = []
    for text, reasons in removed:
        words = ", ".join(phrases.reason(r) for r in reasons)
        shown = mask_ids(text)
        out.append(UnsupportedClaim(shown, reasons, phrases.unsupported_reason.format(reason=words, text=shown)))
    return tuple(out)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__


class LLMAnswerer:
    def __init__(
        self,
        model: BaseChatModel,
        extractive: ExtractiveAnswerer,
        prompts: PromptBook,
        *,
        timeout_s: float = 60.0,
        name: str = "llm",
        passages: int = PROMPT_PASSAGES,
        judge: ClaimJudge | None = None,
    ) -> None:
        self.judge = judge
        self.model = model
        self.extractive = extractive
        self.prompts = prompts
        self.timeout_s = timeout_s
        self.name = name
        self.passages = passages

    def answer(self, question: str, *, lang: str | None = None, history: Sequence[HistoryItem] = ()) -> Answer:
        return self.stream(question, lang=lang, history=history).answer

    def stream(self, question: str, *, lang: str | None = None, history: Sequence[HistoryItem] = ()) -> AnswerStream:
        """Verified text pieces as the model writes; `.answer` is the final Answer (see AnswerStream)."""
        return AnswerStream(self._pieces(question, lang, history))

    @staticmethod
    def _similarity(retrieval: Retrieval) -> ClaimSimilarity | None:
        dense = retrieval.dense
        if not dense.calibrated:  # the support cosine threshold is on e5's scale
            return None

        def similarity(claim: str, texts: Sequence[str]) -> Sequence[float]:
            vector = dense.query_vector(claim)
            sims = dense.similarities(vector, texts) if vector is not None else None
            return [] if sims is None else [float(x) for x in sims]

        return similarity

    def _fallback(self, retrieval: Retrieval, notice: str) -> Generator[str, None, Answer]:
        """The extractive answer from the same retrieval, with a notice saying why."""
        answer = self.extractive.answer_from(retrieval, notices=(notice,))
        yield answer.text
        return answer

    def _pieces(self, question: str, lang: str | None, history: Sequence[HistoryItem]) -> Generator[str, None, Answer]:
        retrieval = self.extractive.retrieve(question, lang=lang, history=history)
        phrases = self.extractive.phrases.get(retrieval.lang)
        if retrieval.abstain:
            answer = self.extractive.answer_from(retrieval, answerer=self.name)
            yield answer.text
            return answer
        passages = list(retrieval.hits[: self.passages])
        messages = self.prompts.get(retrieval.lang).messages(question, passages, history)
        checker = ClaimChecker(
            passages, retrieval.lang, refusal=REFUSAL, similarity=self._similarity(retrieval), judge=self.judge
        )
        splitter = ClaimSplitter()
        numbering = Numbering()
        shown: list[CitedSentence] = []
        notices: list[str] = []
        if passages and passages[0].degraded:
            notices.append(phrases.busy_words_only)

        def emit(claims) -> Iterator[str]:
            for claim in claims:
                for sentence in checker.check(claim):
                    if not shown:
                        sentence = CitedSentence(sentence.text, sentence.quotes, "")
                    shown.append(sentence)
                    yield sentence.separator + numbering.render(sentence)

        try:
            for piece in bounded_stream(self.model, messages, self.timeout_s):
                yield from emit(splitter.feed(piece))
            yield from emit(splitter.finish())
        except LLMTimeout as exc:
            log.warning("LLM answer timed out: %s", exc)
            if not shown:
                return (yield from self._fallback(retrieval, phrases.llm_timeout))
            notices.append(phrases.llm_interrupted)
        except Exception as exc:
            log.warning("LLM not usable, falling back to the extractive answer: %s", _reason(exc))
            if not shown:
                return (yield from self._fallback(retrieval, phrases.llm_unreachable.format(reason=_reason(exc))))
            notices.append(phrases.llm_interrupted)

        result = checker.result
        if not shown:
            if result.refused:  # the model read the passages and found no answer in them
                answer = abstention(question, retrieval.lang, phrases, retrieval.hits, answerer=self.name)
                yield answer.text
                return answer
            fallback = yield from self._fallback(retrieval, phrases.llm_no_supported_text)
            return replace(fallback, unsupported=unsupported_claims(result.unsupported, phrases))
        if result.removed:
            notices.append(phrases.removed_unsupported.format(n=result.removed))
        used = list(dict.fromkeys(q.hit for s in shown for q in s.quotes))
        answer = build_answer(question, retrieval.lang, shown, used, notices=notices, answerer=self.name)
        return replace(answer, unsupported=unsupported_claims(result.unsupported, phrases))
