"""The default, offline answerer: the sentences of the top passages that best answer the question.

Sentences (and whole short lists) are scored by the weighted share of the question's
terms they contain, the retrieval rank of their passage, and, when the index has an
embedder, their cosine to the question. Up to four are taken, at most three per passage,
each adding something the earlier ones did not cover (or standing right next to one
already taken: the sentence after the best one often carries the answer without
repeating the question's words) and none a near-duplicate of another. Each is quoted
verbatim (the repaired chunk text) and ends with its citation.

The selection also decides abstention beyond the evidence signals: when the question
asks for a number, a legal section, a phone number or a year (see `answer_types`) and
the selected sentences do not give it, or names a number (a year, a count) that the
passages they come from never mention, the sources touch the topic without answering,
so the answer says the knowledge base does not cover it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from veiviser.answer.answer_types import AnswerTypes, load_answer_types
from veiviser.answer.candidates import (
    Candidate,
    count_bound,
    list_items,
    merge_adjacent,
    near_duplicate,
    new_coverage,
    overlaps,
    quote_context,
    silent_from,
    without_numbers,
)
from veiviser.answer.compose import (
    AnswerStream,
    CitedSentence,
    Quote,
    abstention,
    build_answer,
    stream_of,
    title_of,
)
from veiviser.answer.decision import LearnedDecision, decision_features, lacks_what_was_asked
from veiviser.answer.evidence import AbstentionPolicy, EvidenceGatherer, Retrieval, language_family
from veiviser.answer.followup import HistoryItem, search_query
from veiviser.answer.kb_answers import RoleAnswers
from veiviser.answer.language import question_language
from veiviser.answer.parts import covers, question_parts, unanswered_parts
from veiviser.answer.phrases import PhraseBook
from veiviser.answer.sentence_scorer import sentence_features
from veiviser.core.protocols import Retriever
from veiviser.core.types import Answer, SearchFilters
from veiviser.kb.documents import field_as_prose
from veiviser.text.injection import looks_like_instructions
from veiviser.text.terms import TextTokens, passage_tokens
from veiviser.text.units import display_text, looks_like_heading, looks_like_metadata, split_units

log = logging.getLogger(__name__)

PASSAGES_FOR_SENTENCES = 5
MAX_SENTENCES = 4
MAX_PER_PASSAGE = (
    3  # train split sweep: 2 -> 3 with neighbours allowed, domain quote 0.54 -> 0.59, NorQuAD 0.77 -> 0.81
)
MIN_RELATIVE_SCORE = 0.7  # a further sentence must score at least this share of the best one
MIN_NEW_COVERAGE = 0.08  # ... and cover this much of the question that earlier ones did not
TYPED_RESCUE_SHARE = 0.6  # a sentence giving the asked-for number/section may join at this share of the best score
TYPED_RESCUE_RANK = 6  # ... or when it is among this many best candidates (a learned score's scale differs)
DENSE_CANDIDATES = 32  # only the best sentences by words and rank are embedded (embedding costs time)
MIN_UNIT_CHARS = 20
W_COVERAGE, W_RANK, W_DENSE = 0.55, 0.2, 0.25
MIN_DENSE_SPREAD = 0.05  # cosines closer together than this are treated as no preference
CONTEXT_SHARE = 0.3  # weight of the whole passage's coverage in a sentence's coverage
TYPE_BONUS = 0.1  # a sentence that gives what the question asks for (a number, a section...)
COUNT_BONUS = 0.2  # a list of exactly as many items as "which four ...?" asks for (another count: half of it off)
_QUESTION_NUMBER = re.compile(r"\b\d{2,}\b")


class ExtractiveAnswerer:
    name = "extractive"
    bind_counts = True  # the rules refuse a "how many X" answer whose numbers count something else

    def __init__(
        self,
        retriever: Retriever,
        phrases: PhraseBook,
        *,
        answer_types: AnswerTypes | None = None,
        policy: AbstentionPolicy | None = None,
        k: int = 8,
        filters: SearchFilters | None = None,
        default_lang: str = "nb",
        prompts_dir: Path | None = None,
        decision: LearnedDecision | None = None,
        with_features: bool = False,
        kb_answers: RoleAnswers | None = None,
        sentence_model: LearnedDecision | None = None,
    ) -> None:
        """`decision` (a trained model) decides whether to answer instead of the hand-set rules;
        `with_features` computes the decision's features for every question (training, evaluation)."""
        self.gatherer = EvidenceGatherer(retriever, policy=policy, k=k, filters=filters)
        self.phrases = phrases
        if answer_types is None:
            from veiviser.core.config import project_root

            answer_types = load_answer_types(prompts_dir or project_root() / "prompts")
        self.answer_types = answer_types
        self.default_lang = default_lang
        self.decision = decision
        self.with_features = with_features or decision is not None
        self.kb_answers = kb_answers
        self.sentence_model = sentence_model
        self.retriever = retriever

    # ----------------------------------------------------------------- public
    def answer(self, question: str, *, lang: str | None = None, history: Sequence[HistoryItem] = ()) -> Answer:
        return self.answer_from(self.retrieve(question, lang=lang, history=history))

    def stream(self, question: str, *, lang: str | None = None, history: Sequence[HistoryItem] = ()) -> AnswerStream:
        """The extractive answer is ready at once; the stream yields it line by line."""
        return stream_of(self.answer(question, lang=lang, history=history))

    def retrieve(self, question: str, *, lang: str | None = None, history: Sequence[HistoryItem] = ()) -> Retrieval:
        """Language, follow-up rewriting, search, sentence selection and the verdict (shared with the LLM answerer)."""
        default = self.default_lang
        if history and isinstance(history[-1], Answer) and history[-1].answer_lang:
            default = history[-1].answer_lang
        answer_lang = question_language(question, override=lang, default=default)
        query = search_query(question, history, answer_lang, self.phrases.get(answer_lang))
        if query != question:
            log.debug("follow-up question searched as %r", query)
        retrieval = self.gatherer.gather(question, query, answer_lang)
        # a question asking for a number, a name or a date is not answered by a card's duties or a definition
        # (a legal section is: the kb cites its references by law and section)
        if self.kb_answers is not None and set(self.answer_types.required(query, answer_lang)) <= {"legal_section"}:
            card = self.kb_answers.sentences(query, answer_lang, self.retriever)
            if card:  # the question asks for a field of a role card: the card answers it
                log.debug("answered from a role card: %r", question)
                return replace(retrieval, abstain=False, abstain_reason="", sentences=tuple(card))
        if self.with_features and retrieval.hits:
            return self._decide(retrieval)
        if retrieval.abstain:
            return retrieval
        sentences = self.select(retrieval)
        reason = self.unanswered(retrieval, sentences)
        if reason.startswith("lacks_"):
            partial = self._partial(retrieval, sentences)
            if partial is not None:
                return partial
        if reason:
            log.debug("abstaining (%s) on %r", reason, question)
            return replace(retrieval, abstain=True, abstain_reason=reason, sentences=tuple(sentences))
        return replace(retrieval, sentences=tuple(sentences))

    def _partial(self, retrieval: Retrieval, sentences: Sequence[CitedSentence]) -> Retrieval | None:
        """For a multi-part question whose asked-for number, amount, name... is missing from only some
        parts: the answer to the other parts, naming the parts it leaves open (None: abstain on all)."""
        words = self.phrases.get(retrieval.lang).question_words
        parts = question_parts(retrieval.question, words)
        if len(parts) < 2:
            return None
        quotes = [q for s in sentences for q in s.quotes]
        texts = [q.text for q in quotes]

        def gives(part: str) -> bool:
            wanted = self.answer_types.required(part, retrieval.lang)
            return all(
                any(
                    self.answer_types.satisfies(q.text, w, retrieval.lang, retrieval.question, title=title_of(q))
                    for q in quotes
                )
                for w in wanted
            )

        lacking = [p for p in parts if not gives(p)]
        answered = [p for p in parts if p not in lacking]
        if not lacking or not answered:
            return None
        if not all(covers(p, retrieval.lang, texts) for p in answered):
            return None  # the other parts are not answered either
        kept = [s for s in sentences if any(covers(p, retrieval.lang, [q.text for q in s.quotes]) for p in answered)]
        return replace(retrieval, sentences=tuple(kept or sentences), missing_parts=tuple(lacking))

    def _decide(self, retrieval: Retrieval) -> Retrieval:
        """Select sentences whatever the evidence, measure the attempt, then decide (learned or by the rules)."""
        sentences = self.select(retrieval)
        reason = self.unanswered(retrieval, sentences)
        features = decision_features(
            retrieval,
            sentences,
            reason=reason,
            sentence_dense=self._best_sentence_cosine(retrieval, sentences),
            count_bound=self.count_bound(retrieval, [q for s in sentences for q in s.quotes]),
        )
        if self.decision is not None:
            if not sentences:
                final_reason = "no_sentences"
            elif not self.decision.should_answer(features):
                final_reason = "learned_decision"
            elif lacks_what_was_asked(features):  # a contradiction vetoes, as in the rules
                partial = self._partial(retrieval, sentences)
                if partial is not None:
                    return replace(partial, features=features)
                final_reason = reason
            else:
                final_reason = ""
        else:  # the hand-set rules, unchanged: evidence signals first, then the selected sentences
            final_reason = retrieval.abstain_reason or reason
        return replace(
            retrieval,
            abstain=bool(final_reason),
            abstain_reason=final_reason,
            sentences=tuple(sentences),
            features=features,
        )

    def count_bound(self, retrieval: Retrieval, quotes: Sequence[Quote], answer_type: str = "") -> bool | None:
        return count_bound(self.answer_types, retrieval, quotes, answer_type)

    @staticmethod
    def _best_sentence_cosine(retrieval: Retrieval, sentences: Sequence[CitedSentence]) -> float | None:
        vector = retrieval.query_vector
        quotes = [q for s in sentences for q in s.quotes]
        if vector is None or not quotes:
            return None
        cosines = retrieval.dense.unit_similarities(vector, [(*q.key, q.text) for q in quotes])
        return float(np.max(cosines)) if cosines is not None and len(cosines) else None

    def answer_from(self, retrieval: Retrieval, *, notices: Sequence[str] = (), answerer: str | None = None) -> Answer:
        name = answerer or self.name
        phrases = self.phrases.get(retrieval.lang)
        if retrieval.hits and retrieval.hits[0].degraded:
            notices = [*notices, phrases.busy_words_only]
        sentences = list(retrieval.sentences)
        if retrieval.abstain or not sentences:
            return abstention(
                retrieval.question, retrieval.lang, phrases, retrieval.hits, notices=notices, answerer=name
            )
        other_language = any(
            q.hit.chunk.lang and language_family(q.hit.chunk.lang) != language_family(retrieval.lang)
            for s in sentences
            for q in s.quotes
        )
        intro = phrases.intro_other_language if other_language else phrases.intro
        used = list(dict.fromkeys(q.hit for s in sentences for q in s.quotes))
        if phrases.not_answered_part:  # say which part of a multi-part question the sources leave open
            texts = [q.text for s in sentences for q in s.quotes]
            missing = unanswered_parts(retrieval.question, retrieval.lang, phrases.question_words, texts)
            missing = list(dict.fromkeys([*retrieval.missing_parts, *missing]))
            notices = [*notices, *(phrases.not_answered_part.format(part=part) for part in missing)]
        return build_answer(
            retrieval.question, retrieval.lang, sentences, used, intro=intro, notices=notices, answerer=name
        )

    # -------------------------------------------------------------- selection
    def unanswered(self, retrieval: Retrieval, sentences: Sequence[CitedSentence]) -> str:
        """Why the selected sentences do not answer the question ("" when they do)."""
        if not sentences:
            return "no_sentences"
        asked_numbers = _QUESTION_NUMBER.findall(retrieval.question)
        quotes = [q for s in sentences for q in s.quotes]
        # the year or count the question itself names ("... i 2021?") is not the number it asks for
        texts = [without_numbers(q.text, asked_numbers) for q in quotes]
        # a year or count the question names must occur where the answer is taken from: in the
        # quoted sentence, near it, or in its heading, not just somewhere in a long passage
        contexts = [quote_context(q) for q in quotes]
        has_asked = {n: [bool(re.search(rf"(?<!\d){n}(?!\d)", c)) for c in contexts] for n in asked_numbers}
        if not all(any(found) for found in has_asked.values()):
            return "lacks_number_in_question"
        near_asked = [any(found[i] for found in has_asked.values()) for i in range(len(quotes))]
        for answer_type in self.answer_types.required(retrieval.question, retrieval.lang):
            giving = [
                self.answer_types.satisfies(t, answer_type, retrieval.lang, retrieval.question, title=title_of(q))
                for t, q in zip(texts, quotes)
            ]
            if not any(giving):
                return f"lacks_{answer_type}"
            if asked_numbers and not any(g and near for g, near in zip(giving, near_asked)):
                # "how many in 2021?": the count must stand where 2021 does, not in another year's text
                return f"lacks_{answer_type}_near_number_in_question"
            bound = self.count_bound(retrieval, quotes, answer_type)
            if self.bind_counts and bound is False:
                # "how many users ...?": a number that counts something else does not answer it
                return f"lacks_{answer_type}_bound"
        return ""

    def candidates(self, retrieval: Retrieval) -> list[Candidate]:
        out: list[Candidate] = []
        for index, hit in enumerate(retrieval.hits[:PASSAGES_FOR_SENTENCES]):
            silent = silent_from(hit.chunk)
            if silent == 0:
                continue  # "the sources do not say how ..." is not an answer to "how ...?"
            text = hit.chunk.text
            headings = {h.strip() for h in (*hit.chunk.heading_path, hit.chunk.section) if h}
            context = retrieval.terms.coverage(passage_tokens(hit.chunk))
            for unit in split_units(text):
                body = text[unit.start : unit.end]
                if unit.kind == "heading" or len(body) < MIN_UNIT_CHARS or body.rstrip().endswith("?"):
                    continue  # labels and questions (slide prompts, interview guides) are not answers
                if unit.kind != "list" and body.rstrip().endswith(":"):
                    continue  # an introduction whose list is not part of it says nothing by itself
                if body.strip() in headings or (unit.kind == "sentence" and looks_like_heading(body)):
                    continue
                if silent is not None and unit.start >= silent:
                    continue  # the same list, after the end of the section before it
                if looks_like_metadata(body):
                    continue  # label lists and symbol rows are not answers
                if looks_like_instructions(body):
                    continue  # text addressing an AI is data about the document, never an answer to quote
                tokens = TextTokens(body, hit.chunk.lang)
                # a sentence inherits part of its passage's topic ("Teamet ledes av ..." in a
                # passage about oppfølgingsteam answers a question about oppfølgingsteam)
                coverage = (1 - CONTEXT_SHARE) * retrieval.terms.coverage(tokens) + CONTEXT_SHARE * context
                out.append(Candidate(Quote(hit, unit.start, unit.end), index, tokens, coverage, kind=unit.kind))
        return out

    def score(self, retrieval: Retrieval, candidates: list[Candidate]) -> None:
        wanted = self.answer_types.required(retrieval.question, retrieval.lang)
        numbers = _QUESTION_NUMBER.findall(retrieval.question)
        asked_items = self.answer_types.asked_count(
            retrieval.question, retrieval.lang, self.phrases.get(retrieval.lang).question_words
        )
        if self.sentence_model is not None:
            self._score_learned(retrieval, candidates, asked_items)
            return
        for c in candidates:
            rank_prior = 1.0 / (1.0 + 0.5 * c.hit_index)
            c.score = W_COVERAGE * c.coverage + W_RANK * rank_prior
            text = c.quote.text
            title = title_of(c.quote)
            if wanted and all(
                self.answer_types.satisfies(text, t, retrieval.lang, retrieval.question, title=title) for t in wanted
            ):
                c.score += TYPE_BONUS
            if numbers and any(n in text for n in numbers):
                c.score += TYPE_BONUS
            if wanted and self.count_bound(retrieval, [c.quote]):  # "65 brukere" for "hvor mange brukere"
                c.score += TYPE_BONUS
            if asked_items and c.kind == "list":  # "which four ...": a list of four, not of six
                c.score += COUNT_BONUS if list_items(text) == asked_items else -COUNT_BONUS / 2
        vector = retrieval.query_vector
        if vector is None or not candidates:
            for c in candidates:
                c.score /= W_COVERAGE + W_RANK
            return
        best = sorted(candidates, key=lambda c: -c.score)[:DENSE_CANDIDATES]
        cosines = retrieval.dense.unit_similarities(vector, [(*c.quote.key, c.quote.text) for c in best])
        if cosines is None or len(cosines) == 0:
            return
        # relative to this question's candidates, so any embedder's cosine scale works
        low, high = float(np.min(cosines)), float(np.max(cosines))
        spread = max(high - low, MIN_DENSE_SPREAD)
        for c, cosine in zip(best, cosines):
            c.score += W_DENSE * (float(cosine) - low) / spread

    def candidate_features(
        self, retrieval: Retrieval, candidates: list[Candidate], asked_items: int | None = None
    ) -> list[dict[str, float]]:
        """The learned scorer's features of every candidate (their cosines from the index's sentence vectors)."""
        vector = retrieval.query_vector
        cosines = None
        if vector is not None and candidates:
            cosines = retrieval.dense.unit_similarities(vector, [(*c.quote.key, c.quote.text) for c in candidates])
        return sentence_features(retrieval, candidates, self.answer_types, asked_items=asked_items, cosines=cosines)

    def _score_learned(self, retrieval: Retrieval, candidates: list[Candidate], asked_items: int | None) -> None:
        assert self.sentence_model is not None
        for c, features in zip(candidates, self.candidate_features(retrieval, candidates, asked_items)):
            c.score = self.sentence_model.probability(features)

    def select(self, retrieval: Retrieval) -> list[CitedSentence]:
        candidates = self.candidates(retrieval)
        self.score(retrieval, candidates)
        candidates.sort(key=lambda c: (-c.score, c.hit_index, c.quote.start))
        chosen: list[Candidate] = []
        per_passage: dict[int, int] = {}
        covered: list[TextTokens] = []
        for c in candidates:
            if len(chosen) >= MAX_SENTENCES:
                break
            if chosen and c.score < MIN_RELATIVE_SCORE * chosen[0].score:
                break
            if per_passage.get(c.hit_index, 0) >= MAX_PER_PASSAGE:
                continue
            if any(overlaps(c.quote, o.quote) or near_duplicate(c.quote.text, o.quote.text) for o in chosen):
                continue
            if (
                chosen
                and new_coverage(retrieval, covered, c.tokens) < MIN_NEW_COVERAGE
                and not any(_adjacent(c, o) for o in chosen)
            ):
                continue
            chosen.append(c)
            covered.append(c.tokens)
            per_passage[c.hit_index] = per_passage.get(c.hit_index, 0) + 1
        rescued = self._typed_sentence(retrieval, candidates, chosen)
        if rescued is not None:
            chosen = chosen[: MAX_SENTENCES - 1] + [rescued]
        return [CitedSentence(_shown(c.quote), (c.quote,)) for c in merge_adjacent(chosen)]

    def _typed_sentence(
        self, retrieval: Retrieval, candidates: Sequence[Candidate], chosen: Sequence[Candidate]
    ) -> Candidate | None:
        """The best sentence giving what the question asks for (a number, a section...) when none chosen does.

        A question in several parts ("how many were interviewed, how, and by whom?") can fill
        the answer with sentences on the other parts; the one with the number may then score
        too little new coverage to be added, and the answer would be refused as lacking it.
        """
        wanted = self.answer_types.required(retrieval.question, retrieval.lang)
        if not wanted or not chosen:
            return None
        asked = _QUESTION_NUMBER.findall(retrieval.question)

        def gives(c: Candidate) -> bool:
            text = without_numbers(c.quote.text, asked)
            title = title_of(c.quote)
            return all(
                self.answer_types.satisfies(text, t, retrieval.lang, retrieval.question, title=title) for t in wanted
            )

        if any(gives(c) for c in chosen):
            return None
        bar = TYPED_RESCUE_SHARE * chosen[0].score
        # the number must come from a document the answer already quotes, not from one on another topic
        documents = {o.quote.hit.chunk.doc_id for o in chosen}
        for rank, c in enumerate(candidates):  # best first
            if c.score < bar and rank >= TYPED_RESCUE_RANK:
                return None
            if (
                gives(c)
                and c.quote.hit.chunk.doc_id in documents
                and not any(overlaps(c.quote, o.quote) for o in chosen)
            ):
                return c
        return None


def _shown(quote: Quote) -> str:
    """A quote as the answer shows it (the citation keeps the exact words): a kb field without its label."""
    text = display_text(quote.text)
    return field_as_prose(text) if quote.hit.chunk.doc_type == "kb" else text


def _adjacent(a: Candidate, b: Candidate) -> bool:
    """Do two candidates follow each other in one passage? The sentence after (or before) the best one
    often carries the answer without repeating the question's words, so it needs no new coverage."""
    if a.quote.hit.chunk.id != b.quote.hit.chunk.id:
        return False
    first, second = sorted((a.quote, b.quote), key=lambda q: q.start)
    return first.end <= second.start and not first.hit.chunk.text[first.end : second.start].strip()
