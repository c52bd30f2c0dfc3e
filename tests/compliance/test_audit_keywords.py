"""Keywords match inflected, compound and nynorsk forms, and shared keywords weigh less."""

from __future__ import annotations

from veiviser.compliance.keywords import KeywordIndex, make_keyword, passage_words


def found(keyword: str, text: str, lang: str = "nb") -> bool:
    return make_keyword(keyword).found_in(passage_words(text, lang))


def test_inflected_forms_match():
    assert found("møte", "Koordinator kaller inn til møtene.")
    assert found("fastlege", "Fastlegane deltek ved behov.", "nn")
    assert found("oppnevne koordinator", "KE oppnevner en koordinator for brukeren.")


def test_compounds_match_by_their_parts():
    assert found("opplæring", "Koordinatoropplæringen holdes to ganger i året.")
    assert found("agenda", "Møteagendaen sendes ut på forhånd.")


def test_function_words_in_keywords_are_ignored_and_unrelated_words_do_not_match():
    assert found("så få som mulig", "Teamet skal være få, men mulig å utvide.")
    assert not found("møte", "Koordinator er imot dette.")
    assert not found("samtykke", "Koordinator leder teamet.")


def test_weights_fall_with_the_number_of_requirements_sharing_a_keyword():
    index = KeywordIndex({"R1": ["koordinator", "agenda"], "R2": ["koordinatoren", "opplæring"], "R3": ["plan"]})
    words = passage_words("Koordinator sender agenda og gir opplæring.", "nb")
    hits = {h.keyword: h.weight for h in index.hits("R1", words)}
    assert hits == {"koordinator": 0.5, "agenda": 1.0}
    assert index.score("R2", words) == 1.5
    assert index.score("R3", words) == 0.0
