"""Follow-up questions in a conversation: carry the topic of the previous question into the search.

"Hva med barn?" after "Hvem kan få en koordinator?" should search for coordinators and
children. A question is elliptical when it starts with a follow-up cue of its language
("hva med", "och", "hvad med", "what about", listed in prompts/answer_phrases.yaml) or
has at most one content word in at most three words; then the previous question's
content words (itself rewritten, so chains of follow-ups keep the topic) go first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from veiviser.answer.phrases import Phrases
from veiviser.core.types import Answer
from veiviser.text.terms import content_words
from veiviser.text.tokens import tokenize

MAX_SHORT_WORDS = 3
MAX_SHORT_CONTENT = 1
_PUNCT = re.compile(r"[^\w\s]+")

HistoryItem = Answer | str


def _question_of(item: HistoryItem) -> str:
    return item.question if isinstance(item, Answer) else str(item)


def is_elliptical(question: str, lang: str, phrases: Phrases) -> bool:
    normal = " ".join(_PUNCT.sub(" ", question.lower()).split())
    if any(normal == cue or normal.startswith(cue + " ") for cue in phrases.followup_cues):
        return True
    words = tokenize(question)
    return len(words) <= MAX_SHORT_WORDS and len(content_words(question, lang)) <= MAX_SHORT_CONTENT


def search_query(question: str, history: Sequence[HistoryItem], lang: str, phrases: Phrases) -> str:
    """The text to search for: the question, with the previous topic prepended when it is elliptical."""
    question = question.strip()
    if not history or not is_elliptical(question, lang, phrases):
        return question
    previous = search_query(_question_of(history[-1]), history[:-1], lang, phrases)
    carried = [w for w in dict.fromkeys(content_words(previous, lang)) if w not in set(tokenize(question))]
    if not carried:
        return question
    return f"{' '.join(carried)} {question}"
