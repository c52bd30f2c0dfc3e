"""Query expansion over the glossary: across languages, loosely inflected, on word boundaries."""

from __future__ import annotations

import pytest
from kb_builder import write_kb

from veiviser.kb.glossary import Glossary
from veiviser.kb.loader import KbError
from veiviser.kb.schema import Concept


def _concept(cid: str, **terms) -> Concept:
    return Concept.model_validate(
        {"id": cid, "terms": terms, "definition_nb": "d", "definition_en": "d", "sources": [{"source": "s-s"}]}
    )


@pytest.fixture
def glossary() -> Glossary:
    return Glossary(
        [
            _concept("individuell-plan", nb=["individuell plan", "IP"], sv=["samordnad individuell plan", "SIP"]),
            _concept("koordinator", nb=["koordinator"], sv=["rehabkoordinator"], da=["forløbskoordinator"]),
            _concept("plan", nb=["plan"], en=["plan document"]),
            _concept("fastlege", nb=["fastlege"], sv=["husläkare"], da=["praktiserende læge"]),
        ]
    )


def test_expands_to_other_languages(glossary):
    assert glossary.expand("Hva gjør en koordinator?") == {"rehabkoordinator", "forløbskoordinator"}


def test_inflected_forms_match_by_prefix(glossary):
    assert "rehabkoordinator" in glossary.expand("Hvem oppnevner koordinatoren?")
    assert "husläkare" in glossary.expand("fastlegens rolle")


def test_multiword_terms_allow_inflection_and_win_over_shorter_terms(glossary):
    matches = glossary.matches("Når skal individuelle planer revideres?")
    assert [m.concept.id for m in matches] == ["individuell-plan"]
    assert {"SIP", "samordnad individuell plan"} <= glossary.expand("individuelle planer")


def test_short_terms_need_an_exact_word(glossary):
    assert glossary.expand("IPA og ip-adresser") == set()
    assert "SIP" in glossary.expand("Har brukeren IP?")


def test_terms_already_in_the_query_are_not_returned(glossary):
    out = glossary.expand("koordinator og rehabkoordinator")
    assert "rehabkoordinator" not in out and "koordinator" not in out
    assert out == {"forløbskoordinator"}


def test_case_insensitive_and_language_filter(glossary):
    assert glossary.expand("KOORDINATOR", langs=["da"]) == {"forløbskoordinator"}


def test_no_match_gives_empty_set(glossary):
    assert glossary.expand("Hvordan er været i Bergen?") == set()


def test_load_from_kb_folder_includes_related_terms(tmp_path):
    kb_dir, _, _ = write_kb(tmp_path)
    g = Glossary.load(kb_dir)
    assert "samordnare" in g.expand("koordinator")
    assert "samordnare" not in g.expand("koordinator", include_related=False)
    assert g.tooltip("koordinatorene", lang="nb").startswith("Den som samordner.")


def test_load_without_glossary_says_where_it_looked(tmp_path):
    with pytest.raises(KbError, match="glossary not found"):
        Glossary.load(tmp_path)
