"""Citations name the entry a quote stands under, and legal answers keep the section they rest on."""

from answer_fixtures import PROMPTS

from veiviser.answer.answer_types import load_answer_types
from veiviser.answer.compose import Quote, section_at, title_of
from veiviser.core.types import Chunk, SearchHit

GLOSSARY = (
    "barnekoordinator\n\nnb: barnekoordinator; en: child coordinator\n\n"
    "Koordinator for familier med barn under 18 år med alvorlig sykdom.\n\n"
    "koordinerende enhet\n\nnb: koordinerende enhet, KE; en: coordinating unit\n\n"
    "Enheten i kommunen med overordnet ansvar for individuell plan og for koordinatorer."
)


def _chunk(text: str, doc_type: str, section: str) -> Chunk:
    return Chunk(
        id="c1", doc_id="d", text=text, source="kb/glossary.yaml", title="Ordliste", doc_type=doc_type,
        lang="nb", position=0, section=section,
    )  # fmt: skip


def test_a_quote_from_a_later_kb_entry_is_cited_by_that_entrys_title():
    chunk = _chunk(GLOSSARY, "kb", "barnekoordinator")
    start = GLOSSARY.index("Enheten i kommunen")
    assert section_at(chunk, start) == "koordinerende enhet"
    assert section_at(chunk, GLOSSARY.index("Koordinator for familier")) == "barnekoordinator"
    # a document's passage keeps the section its loader gave it
    assert section_at(_chunk(GLOSSARY, "txt", "Ordliste"), start) == "Ordliste"


def test_a_legal_entrys_title_gives_the_section_a_question_asks_for():
    text = (
        "pbrl § 2-5 – Rett til individuell plan\n\n"
        "Den som trenger langvarige og koordinerte helse- og omsorgstjenester, har rett til å få utarbeidet "
        "en individuell plan."
    )
    chunk = _chunk(text, "kb", "pbrl § 2-5 – Rett til individuell plan")
    quote = Quote(SearchHit(chunk=chunk, score=1.0, rank=1), text.index("Den som"), len(text))
    types = load_answer_types(PROMPTS)
    question = "Hvem har rett til individuell plan, og etter hvilken paragraf?"
    assert "legal_section" in types.required(question, "nb")
    assert not types.satisfies(quote.text, "legal_section", "nb", question)
    assert types.satisfies(quote.text, "legal_section", "nb", question, title=title_of(quote))
