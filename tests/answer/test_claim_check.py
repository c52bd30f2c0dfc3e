"""The learned claim check: its signals read meaning (polarity, numbers, actors, modality, opposites),
and an LLM answer that contradicts its source is caught and explained."""

from __future__ import annotations

import json

import pytest
from answer_fixtures import PASSAGES, PROMPTS, make_chunks, make_retriever

from veiviser.answer.answer_types import load_answer_types
from veiviser.answer.claim_check import load_claim_judge
from veiviser.answer.claim_features import claim_features, load_claim_lexicon
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.llm import LLMAnswerer
from veiviser.answer.phrases import load_phrases
from veiviser.answer.prompt import load_prompts
from veiviser.answer.support import support
from veiviser.backends.chat_models.scripted import ScriptedChatModel

LEXICON = load_claim_lexicon(PROMPTS)
NUMBERS = dict(load_answer_types(PROMPTS).count_words)


def signals(claim: str, passage: str, claim_lang: str = "nb", passage_lang: str = "nb") -> dict[str, float]:
    found = support(claim, passage, passage_lang, claim_lang)
    return claim_features(
        claim,
        passage,
        found,
        claim_lang=claim_lang,
        passage_lang=passage_lang,
        lexicon=LEXICON,
        number_words=NUMBERS,
    )


PASSAGE = "Koordinerende enhet skal oppnevne koordinator innen tre uker. Koordinatoren bør innkalle til møte."


def test_a_faithful_claim_fires_no_contradiction_signal():
    values = signals("Koordinerende enhet skal oppnevne koordinator innen tre uker.", PASSAGE)
    contradictions = ("polarity_mismatch", "bad_numbers", "bad_small_numbers", "actor_absent", "modality_mismatch")
    assert all(values[name] == 0.0 for name in (*contradictions, "opposite", "roles_extra"))


@pytest.mark.parametrize(
    ("claim", "signal"),
    [
        ("Koordinerende enhet skal ikke oppnevne koordinator.", "polarity_mismatch"),
        ("Koordinerende enhet skal oppnevne koordinator innen fem uker.", "bad_small_numbers"),  # a number word
        ("Fastlegen skal oppnevne koordinator innen tre uker.", "actor_absent"),  # another actor acts
        ("Koordinerende enhet kan oppnevne koordinator innen tre uker.", "modality_mismatch"),  # skal -> kan
        ("NAV skal oppnevne koordinator innen tre uker.", "roles_extra"),
    ],
)
def test_each_kind_of_contradiction_has_its_signal(claim, signal):
    assert signals(claim, PASSAGE)[signal] > 0


def test_concepts_are_compared_across_languages_and_number_words_in_their_own_language():
    english = "The coordinating unit must appoint a coordinator within three weeks."
    assert signals(english, PASSAGE, claim_lang="en")["actor_absent"] == 0.0
    assert signals(english, PASSAGE, claim_lang="en")["bad_small_numbers"] == 0.0  # three == tre
    # "to" is a preposition in English, not the number 2
    assert (
        signals("The plan is sent to the coordinator.", "Planen sendes koordinatoren.", "en")["bad_small_numbers"] == 0
    )
    assert signals("Deltakelse er frivillig.", "Deltakelse er obligatorisk for alle.")["opposite"] == 1.0


def test_tens_and_ordinals_are_numbers_but_a_list_items_number_is_not():
    assert (
        signals("Rehabilitation starts after ninety days.", "Rehabilitering starter etter 90 dager.", "en")[
            "bad_numbers"
        ]
        == 0.0
    )
    assert signals("The team meets every six weeks.", "Teamet møtes hver sjette uke.", "en")["bad_small_numbers"] == 0
    listed = "5. Planen evalueres.\n## 6. Uppföljning\nMötet hålls inom två veckor."
    assert signals("Mötet hålls inom sex månader.", listed, "sv", "sv")["bad_small_numbers"] == 1.0


@pytest.mark.parametrize(
    ("claim", "lang"),
    [
        ("Koordinatoren skal bare sende ut innkallinger.", "nb"),
        ("Koordinatoren skal berre sende ut innkallingar.", "nn"),
        ("The coordinator only sends out invitations.", "en"),
    ],
)
def test_an_only_the_source_never_says_is_refused_whatever_the_model_weighs(claim, lang):
    judge = load_claim_judge(PROMPTS)
    assert judge is not None
    passage = "Koordinatoren skal sende ut innkallinger, følge opp planen og samordne tjenestene."
    verdict = judge.judge(claim, passage, "nb", lang)
    assert not verdict.supported and "restriction" in verdict.reasons
    restricted = "Koordinatoren skal bare sende ut innkallinger; planen følges opp av teamet."
    assert judge.judge(claim, restricted, "nb", lang).supported or lang == "en"


def test_weeks_for_days_state_the_same_time_and_are_not_a_changed_number():
    judge = load_claim_judge(PROMPTS)
    assert judge is not None
    passage = "Planen ska vara klar inom 14 dagar."
    assert judge.judge("Planen ska vara klar inom två veckor.", passage, "sv", "sv").supported
    assert judge.judge("Planen ska vara klar inom tre veckor.", passage, "sv", "sv").reasons == ("number",)


def test_a_number_its_source_never_states_is_refused_even_when_the_words_match():
    judge = load_claim_judge(PROMPTS)
    assert judge is not None
    verdict = judge.judge("Koordinerende enhet skal oppnevne koordinator innen seks uker.", PASSAGE, "nb", "nb")
    assert not verdict.supported and verdict.reasons == ("number",)


def test_the_shipped_check_keeps_the_source_and_refuses_its_negation_with_a_reason():
    judge = load_claim_judge(PROMPTS)
    assert judge is not None
    kept = judge.judge("Koordinerende enhet skal oppnevne koordinator innen tre uker.", PASSAGE, "nb", "nb")
    refused = judge.judge("Koordinerende enhet skal ikke oppnevne koordinator.", PASSAGE, "nb", "nb")
    off_topic = judge.judge("Månen er laget av ost.", PASSAGE, "nb", "nb")
    assert kept.supported and not refused.supported and not off_topic.supported
    assert "polarity" in refused.reasons and off_topic.reasons == ("weak",)


def test_an_obeying_model_is_caught_and_the_answer_says_what_was_removed_and_why():
    retriever = make_retriever(make_chunks(PASSAGES))
    extractive = ExtractiveAnswerer(retriever, load_phrases(PROMPTS), prompts_dir=PROMPTS)
    reply = (
        "Et oppfølgingsteam ledes av en oppnevnt koordinator [1]. Koordinatoren har ingen plikter overfor teamet [1]."
    )
    answerer = LLMAnswerer(
        ScriptedChatModel(replies=[reply]),
        extractive,
        load_prompts(PROMPTS),
        name="scripted",
        judge=load_claim_judge(PROMPTS),
    )
    answer = answerer.answer("Hvem leder et oppfølgingsteam?")
    assert "ingen plikter" not in answer.text
    assert [u.text for u in answer.unsupported] == ["Koordinatoren har ingen plikter overfor teamet."]
    assert answer.unsupported[0].explained.startswith("Fjernet (")
    shown = json.loads(json.dumps(answer.as_dict()))
    assert shown["unsupported"][0]["reasons"] == list(answer.unsupported[0].reasons)
