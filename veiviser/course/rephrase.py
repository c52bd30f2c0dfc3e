"""Let a language model reword key points for the audience, and keep only what the source supports.

Each key point is sent with the text it cites; the reply is checked with the answer
module's support test (`veiviser.answer.support.support`: near-verbatim or most of the
weighted vocabulary, and no number the source does not state). A reply that fails,
or a model that cannot be reached, leaves the kb's own wording in place. Text is
masked for personal data before it leaves the machine.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from veiviser.answer.support import support
from veiviser.course.model import KeyPoint
from veiviser.pii import mask

log = logging.getLogger(__name__)

INSTRUCTIONS = {
    "nb": (
        "Du skriver kursmateriell for {audience}. Skriv punktet om til én klar setning på norsk bokmål. "
        "Bruk bare det som står i kilden. Ikke legg til fakta, tall eller eksempler. Svar bare med setningen."
    ),
    "nn": (
        "Du skriv kursmateriell for {audience}. Skriv punktet om til éi klar setning på nynorsk. "
        "Bruk berre det som står i kjelda. Ikkje legg til fakta, tal eller døme. Svar berre med setninga."
    ),
    "sv": (
        "Du skriver kursmaterial för {audience}. Skriv om punkten till en tydlig mening på svenska. "
        "Använd bara det som står i källan. Lägg inte till fakta, siffror eller exempel. Svara bara med meningen."
    ),
    "da": (
        "Du skriver undervisningsmateriale for {audience}. Omskriv punktet til én klar sætning på dansk. "
        "Brug kun det, der står i kilden. Tilføj ikke fakta, tal eller eksempler. Svar kun med sætningen."
    ),
    "en": (
        "You write training material for {audience}. Rewrite the point as one clear sentence in English. "
        "Use only what the source says. Add no facts, numbers or examples. Reply with the sentence only."
    ),
}
MAX_REPLY_CHARS = 600


@dataclass
class RephraseOutcome:
    points: list[KeyPoint]
    accepted: int = 0
    rejected: int = 0
    error: str = ""


def rephrase_points(
    points: Sequence[KeyPoint],
    cited_texts: Sequence[str],
    chat_model,
    *,
    lang: str,
    audience: str,
    source_lang: str = "nb",
) -> RephraseOutcome:
    """Reworded points where the cited text supports the new wording; the originals elsewhere."""
    from langchain_core.messages import HumanMessage, SystemMessage

    system = INSTRUCTIONS.get(lang, INSTRUCTIONS["nb"]).format(audience=audience)
    outcome = RephraseOutcome(points=list(points))
    for i, (point, cited) in enumerate(zip(points, cited_texts)):
        messages = [
            SystemMessage(content=system),
            HumanMessage(content=f"Kilde:\n{mask(cited)}\n\nPunkt:\n{mask(point.text)}"),
        ]
        try:
            reply = chat_model.invoke(messages)
        except Exception as exc:  # unreachable server, timeout, bad credentials: keep the kb wording
            outcome.error = f"{type(exc).__name__}: {exc}"[:200]
            log.warning("course: language model unavailable, keeping kb wording (%s)", type(exc).__name__)
            break
        text = " ".join(str(getattr(reply, "content", reply)).split())
        if not text or len(text) > MAX_REPLY_CHARS or text == point.text:
            continue
        verdict = support(text, cited, source_lang, lang)
        if verdict.supported():
            outcome.points[i] = replace(point, text=text, original=point.text)
            outcome.accepted += 1
        else:
            outcome.rejected += 1
            log.debug("course: rephrasing %d not supported by its source (score %.2f)", i, verdict.score)
    return outcome
