"""Multi-part questions: answer the part the sources cover and name the part they leave open."""

from __future__ import annotations

from answer_fixtures import PROMPTS, make_chunks, make_retriever

from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.parts import question_parts, unanswered_parts
from veiviser.answer.phrases import load_phrases

PHRASES = load_phrases(PROMPTS)
NB = PHRASES.get("nb").question_words


def test_a_question_is_cut_where_a_new_clause_asks_something_never_inside_a_noun_phrase():
    assert question_parts("Hvem leder teamet, og hvor ofte møtes det?", NB) == [
        "Hvem leder teamet",
        "hvor ofte møtes det",
    ]
    assert question_parts("Hva er SIP? Hvem kaller inn til møtet?", NB) == ["Hva er SIP", "Hvem kaller inn til møtet"]
    assert question_parts("Hvor mange brukere har koordinator og ansvarsgruppe?", NB) == [
        "Hvor mange brukere har koordinator og ansvarsgruppe"
    ]
    en = PHRASES.get("en").question_words
    assert len(question_parts("Who leads the team and how often does it meet?", en)) == 2


def test_the_part_no_sentence_covers_is_named_and_a_one_part_question_never_is():
    sentences = ["Teamet ledes av en oppnevnt koordinator."]
    assert unanswered_parts("Hvem leder teamet, og hvor ofte møtes det?", "nb", NB, sentences) == [
        "hvor ofte møtes det"
    ]
    assert unanswered_parts("Hvem leder teamet?", "nb", NB, ["Noe helt annet."]) == []
    both = sentences + ["Teamet møtes hver måned."]
    assert unanswered_parts("Hvem leder teamet, og hvor ofte møtes det?", "nb", NB, both) == []


def test_an_asked_for_amount_missing_from_one_part_gives_a_partial_answer_not_an_abstention():
    answerer = ExtractiveAnswerer(make_retriever(make_chunks()), PHRASES, prompts_dir=PROMPTS)
    answer = answerer.answer("Hvem leder et oppfølgingsteam, og hvor mye koster teamet i kroner per år?")
    assert not answer.abstained
    assert any("koordinator" in c.quote for c in answer.citations)
    assert any("hvor mye koster teamet" in n for n in answer.notices)
    whole = answerer.answer("Hvor mye koster et oppfølgingsteam i kroner per år?")
    assert whole.abstained  # one part, and that part is not answered: abstain as before


def test_which_three_lifts_a_list_of_three_and_lowers_a_list_of_five():
    five = (
        "b.txt",
        "nb",
        1,
        "Tiltak",
        "Planen har disse tiltakene:\n\nKartlegging\nMøter\nEvaluering\nReferat\nOpplæring",
    )
    three = ("a.txt", "nb", 1, "Tiltak", "Planen har disse tiltakene:\n\nKartlegging\nMøter\nEvaluering")
    answerer = ExtractiveAnswerer(make_retriever(make_chunks([five, three])), PHRASES, prompts_dir=PROMPTS)

    def lead_of_three(question: str) -> float:
        retrieval = answerer.retrieve(question)
        candidates = answerer.candidates(retrieval)
        answerer.score(retrieval, candidates)
        by_source = {c.quote.hit.chunk.source: c.score for c in candidates if c.kind == "list"}
        return by_source["a.txt"] - by_source["b.txt"]

    gained = lead_of_three("Hvilke tre tiltak har planen?") - lead_of_three("Hvilke tiltak har planen?")
    assert gained > 0.25  # +COUNT_BONUS for the matching list, -COUNT_BONUS/2 for the other
