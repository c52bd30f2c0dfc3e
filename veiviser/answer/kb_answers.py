"""Answers the curated knowledge gives better than any passage: a role's duties, from its role card,
and what a term means, from the glossary.

"Hva er koordinatorens plikter?" is answered by the coordinator's card in kb/roles (each duty
with its legal basis), quoted from the card as it is indexed, instead of by whichever corpus
sentence repeats the word "plikt". The role is the one the question names (kb.cards.match_cards,
the same matching that shows the card beside an answer); the field asked for comes from cue
words per language in prompts/kb_questions.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from veiviser.answer.compose import CitedSentence, Quote
from veiviser.answer.kb_rights import entitlement, quoted
from veiviser.core.protocols import Retriever
from veiviser.core.types import Chunk, SearchHit
from veiviser.kb.cards import UI_JURISDICTION, phrase_span
from veiviser.kb.documents import ROLE_FIELD_HEADINGS
from veiviser.kb.glossary import Glossary, tokens
from veiviser.kb.loader import KnowledgeBase
from veiviser.kb.schema import Concept, RoleCard
from veiviser.text.units import display_text

CUES_FILE = "kb_questions.yaml"
MAX_SUFFIX = 4  # letters of inflection a cue word may carry
GAP_WORDS = 3  # words a "*" in a cue phrase stands for


@dataclass(frozen=True)
class AspectCues:
    by_aspect: dict[str, dict[str, tuple[str, ...]]]  # aspect -> lang -> cue prefixes
    who: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> words asking which role
    source: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> cues asking what a document says
    entitled: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> cues asking who holds a right

    def asks_source(self, question: str, lang: str) -> bool:
        """ "Vad säger SPoR om ...?", "according to the report": the documents answer, not the kb."""
        words = tokens(question)
        return any(_names(words, cue) for cue in self.source.get(lang, ()) + self.source.get("en", ()))

    def aspect(self, question: str, lang: str) -> str | None:
        words = tokens(question)
        if set(words) & set(self.who.get(lang, ()) + self.who.get("en", ())):
            return None  # "who is responsible for appointing a coordinator?" asks for a role, not its duties
        for aspect in ("duties", "tasks"):
            cues = self.by_aspect.get(aspect, {}).get(lang) or self.by_aspect.get(aspect, {}).get("en", ())
            if any(_names(words, cue) for cue in cues):
                return aspect
        return None


def _names(words: list[str], cue: str) -> bool:
    """The question uses `cue`: a single word with at most MAX_SUFFIX letters of inflection, or a phrase as is
    ("*" in a phrase: up to GAP_WORDS words, "skal * gjøre" in "skal koordinatoren gjøre")."""
    if "*" in cue:
        parts = [re.escape(part.strip()) for part in cue.split("*")]
        gap = rf"(?: \S+){{0,{GAP_WORDS}}} "
        return re.search(r"(?<!\S)" + gap.join(parts) + r"(?!\S)", " ".join(words)) is not None
    if " " in cue:
        return f" {cue} " in f" {' '.join(words)} "
    return any(w.startswith(cue) and len(w) - len(cue) <= MAX_SUFFIX for w in words)


def load_aspect_cues(prompts_dir: Path) -> AspectCues:
    return _load(str(Path(prompts_dir) / CUES_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> AspectCues:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return AspectCues(
        {
            aspect: {lang: tuple(str(c).lower() for c in cues) for lang, cues in by_lang.items()}
            for aspect, by_lang in (raw.get("aspects") or {}).items()
        },
        {lang: tuple(str(w).lower() for w in words) for lang, words in (raw.get("asks_who") or {}).items()},
        {lang: tuple(str(w).lower() for w in cues) for lang, cues in (raw.get("asks_source") or {}).items()},
        {lang: tuple(str(w).lower() for w in cues) for lang, cues in (raw.get("asks_entitled") or {}).items()},
    )


class RoleAnswers:
    """Quotes a role card's duties (and typical tasks) when the question asks for them."""

    def __init__(
        self, kb: KnowledgeBase, cues: AspectCues, definition_cues: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.kb = kb
        self.cues = cues
        self.sources = {f.rel for f in kb.files if f.kind == "roles"}
        self.glossary_sources = {f.rel for f in kb.files if f.kind == "glossary"}
        self.legal_sources = {f.rel for f in kb.files if f.kind == "legal"}
        self.definition_cues = definition_cues or {}
        self.glossary = Glossary(kb.glossary_concepts) if kb.glossary_concepts else None

    def role(self, question: str, lang: str) -> RoleCard | None:
        """The one role the question names (None when it names none, or several: then whose duties is unclear).

        A role is named by its name, any part of it ("Enhetsleder / virksomhetsleder", "Koordinerende
        enhet (KE)") or its English name; of roles with the same English name in several countries,
        the one of the question's country is taken.
        """
        words = tokens(question)
        spans = {r.id: _longest_span(words, r) for r in self.kb.roles.values()}
        named = [r for r in self.kb.roles.values() if spans[r.id] is not None]
        # "coordinating unit" is named, not also "coordinator" inside the same words
        named = [r for r in named if not any(_inside(spans[r.id], spans[o.id]) for o in named if o.id != r.id)]
        # a longer name that contains a shorter one named too ("Koordinator i spesialisthelsetjenesten")
        # is the one meant
        names = {r.name_en.casefold() for r in named}
        names = {n for n in names if not any(n != m and n in m for m in names)}
        if len(names) != 1:
            return None
        (name,) = names
        home = UI_JURISDICTION.get(lang, "no")
        choices = [r for r in named if r.name_en.casefold() == name]
        return next((r for r in choices if r.id.startswith(f"{home}-")), choices[0])

    def sentences(self, question: str, lang: str, retriever: Retriever) -> list[CitedSentence]:
        """The card's lines as cited sentences, or [] when the question is not about a role's duties."""
        if self.cues.asks_source(question, lang):
            return []
        aspect = self.cues.aspect(question, lang)
        role = self.role(question, lang) if aspect else None
        if role is None:
            cues = self.cues.entitled.get(lang, ()) + self.cues.entitled.get("en", ())
            rights = entitlement(question, lang, cues, self.kb.legal.values(), self.legal_sources, retriever)
            return rights or self.definition(question, lang, retriever)
        texts = [d.text for d in role.duties]
        if aspect == "tasks":
            texts += list(role.typical_tasks)
        chunks = [c for source in sorted(self.sources) for c in retriever.document_chunks(source)]
        out: list[CitedSentence] = []
        for text in texts:
            quote = _find(chunks, text, role.name)
            if quote is not None:
                out.append(CitedSentence(display_text(quote.text), (quote,)))
        return out

    def definition(self, question: str, lang: str, retriever: Retriever) -> list[CitedSentence]:
        """ "Kva er ein barnekoordinator?": the glossary's definition (else, for a role, its card's summary),
        when the question asks what one term means and nothing more ([] otherwise: "hva er forskjellen
        på ..." or "hva er X, og hvem ...")."""
        cues = self.definition_cues.get(lang, ()) + self.definition_cues.get("en", ())
        words = tokens(question)
        normal = f" {' '.join(words)} "
        cue = next((c for c in cues if f" {c} " in normal), None)
        if cue is None:
            return []
        asked = set(cue.split()) | _DEFINITION_FILLER
        matches = self.glossary.matches(question) if self.glossary is not None else []
        if len({m.concept.id for m in matches}) == 1:
            concept = _defined_by(self.kb.glossary_concepts, matches[0].term)
            spans = {i for m in matches for i in range(m.start, m.start + m.length)}
            if concept is not None and all(w in asked for i, w in enumerate(words) if i not in spans):
                text = concept.definition_en if lang == "en" else concept.definition_nb
                return quoted(text, retriever, self.glossary_sources)
        role = self.role(question, lang)
        if role is not None:
            named = {w for n in _names_of(role) for w in tokens(n)}
            if all(w in asked or w in named for w in words):
                return quoted(role.summary, retriever, self.sources)  # the summary is indexed as written
        return []


def _defined_by(concepts: Sequence[Concept], term: str) -> Concept | None:
    """The one concept that has `term` as a term of its own ("ansvarsgruppe" is the ansvarsgruppe
    entry, not a looser synonym of oppfølgingsteam), or None: no such concept, several, or the
    definition would be of another concept (the Norwegian individuell plan for the Swedish "SIP")."""
    key = term.casefold()
    named = [c for c in concepts if any(t.casefold() == key for t in c.terms.all())]
    own = [c for c in named if _defines(c, key)]
    return own[0] if len(own) == 1 else None


def _defines(concept: Concept, key: str) -> bool:
    """The definition (written for the Norwegian concept) is of `key`: a Norwegian or English term of it,
    or any term of a concept Norway has no word for (samordningsförbund, akutfunktion)."""
    terms = concept.terms.by_lang()
    if not terms.get("nb") and not terms.get("nn"):
        return True
    return any(t.casefold() == key for lang in ("nb", "nn", "en") for t in terms.get(lang, ()))


# words beside the definition cue and the term that still ask only what the term means
_DEFINITION_FILLER = frozenset(
    "en ein ei et eit ett a an the egentlig eigentleg egentligen mean means betyr betyder "
    "stand for begrepet omgrepet begreppet begrebet term i in norge noreg norway sverige sweden danmark denmark "
    "norsk norske svensk svenska dansk danske norwegian swedish danish".split()
)


def _under(chunk: Chunk, start: int) -> str | None:
    """The role card heading ("Koordinator: Plikter") the text at `start` stands under, if any."""
    lines = [*(h for h in chunk.heading_path if h), *(line.strip() for line in chunk.text[:start].splitlines())]
    for line in reversed(lines):
        name, sep, field = line.rpartition(": ")
        if sep and field in ROLE_FIELD_HEADINGS:
            return name
    return None


def _find(chunks: list[Chunk], text: str, role_name: str) -> Quote | None:
    """The span of `text` in the chunk that holds it under the role's own heading."""
    for chunk in chunks:
        start = chunk.text.find(text)
        while start >= 0:
            if _under(chunk, start) == role_name:
                end = chunk.text.find("\n", start + len(text))
                return Quote(SearchHit(chunk, 1.0, 1), start, end if end > 0 else len(chunk.text))
            start = chunk.text.find(text, start + 1)  # the same words under another role's heading
    return None


def _longest_span(words: list[str], role: RoleCard) -> tuple[int, int] | None:
    found = [span for n in _names_of(role) if (span := phrase_span(words, n)) is not None]
    return max(found, key=lambda s: s[1] - s[0], default=None)


def _inside(span: tuple[int, int] | None, other: tuple[int, int] | None) -> bool:
    """`span` lies within the longer `other`."""
    if span is None or other is None:
        return False
    return other[0] <= span[0] and span[1] <= other[1] and other[1] - other[0] > span[1] - span[0]


def _names_of(role: RoleCard) -> list[str]:
    """A role's name, its parts split at "/" and parentheses, its English name and its aliases."""
    parts = re.split(r"\s*/\s*|\s*[()]\s*", role.name)
    return [n for n in (role.name, *parts, role.name_en, *role.aliases) if n and len(n) >= 2]
