import builtins

import pytest
from answer_fixtures import PROMPTS

from veiviser.answer.answer_types import load_answer_types
from veiviser.answer.language import heuristic_language, question_language

TYPES = load_answer_types(PROMPTS)


@pytest.mark.parametrize(
    "question, lang",
    [
        ("Hvem har ansvaret for å oppnevne en koordinator i kommunen?", "nb"),
        ("Vem ansvarar för att en samordnad individuell plan upprättas?", "sv"),
        ("Hvem har ansvaret for at borgeren får en sammenhængende indsats?", "da"),
        ("Who is responsible for appointing a coordinator in the municipality?", "en"),
        # Nordic names and terms inside an English question do not make it Nordic
        ("What is the yearly budget of the Fremtidsteam project in Bærum?", "en"),
        ("Which tasks does the koordinerende enhet have when a person asks for a plan?", "en"),
        ("Is the samordnad individuell plan signed by the Försäkringskassan?", "en"),
        # ... and one English word inside a Nordic question does not make it English
        ("Hva skjedde på workshop om koordinerende enhet i kommunen?", "nb"),
        # Danish spellings of words Norwegian spells otherwise
        ("Hvornår blev projektet evalueret?", "da"),
        # too short for the detector: "ud-"/"-bejd-"/"træn" are Danish, "ut-"/"-ei-" Norwegian
        ("Hvem udarbejder genoptræningsplanen?", "da"),
        ("Hvem utarbeider planen?", "nb"),
        ("Kven har ansvaret?", "nn"),
    ],
)
def test_question_language_is_detected(question, lang):
    assert question_language(question) == lang


def test_override_and_short_questions():
    assert question_language("Hvem leder teamet?", override="sv") == "sv"
    with pytest.raises(ValueError, match="nb, nn, sv, da, en"):
        question_language("Hei", override="de")
    assert question_language("SIP?", default="sv") == "sv"  # nothing to go on: the conversation's language


def test_heuristic_is_used_when_langdetect_is_not_installed(monkeypatch):
    real_import = builtins.__import__

    def no_langdetect(name, *args, **kwargs):
        if name == "veiviser.text.langdetect":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_langdetect)
    assert question_language("Hur ofta träffas teamen och vad gör de?") == "sv"
    assert question_language("What does the coordinator do?") == "en"
    assert heuristic_language("1234") is None


@pytest.mark.parametrize(
    "question, lang, wanted",
    [
        ("Hvor mange brukere har individuell plan?", "nb", ("quantity",)),
        ("Hur många individer fick stöd?", "sv", ("quantity",)),
        ("How much funding did each municipality get?", "en", ("quantity", "money")),
        ("Hvor mye tilskudd fikk kommunene?", "nb", ("quantity", "money")),
        ("Hur många kronor kostar ett team?", "sv", ("quantity", "money")),
        ("Hvor mange kroner får kommunerne i tilskud?", "da", ("quantity", "money")),
        ("How many municipalities received grants?", "en", ("quantity",)),
        ("Hvor mange kommuner fikk tilskudd?", "nb", ("quantity",)),
        ("Hvilken paragraf gir rett til koordinator?", "nb", ("legal_section",)),
        ("Hva er telefonnummeret til koordinerende enhet?", "nb", ("phone",)),
        ("Hvem leder teamet?", "nb", ()),
        ("Hvorfor er koordinatoren viktig for teamet?", "nb", ()),
    ],
)
def test_answer_types_asked_for(question, lang, wanted):
    assert TYPES.required(question, lang) == wanted


def test_sentences_that_give_what_was_asked_for():
    assert TYPES.satisfies("I alt svarte 87 koordinatorer.", "quantity", "nb")
    assert TYPES.satisfies("De fleste brukerne har individuell plan.", "quantity", "nb")
    assert TYPES.satisfies("Hälften av deltagarna svarade.", "quantity", "sv")
    assert not TYPES.satisfies("Kommunen gir et tilskudd til koordinator.", "quantity", "nb")
    assert TYPES.satisfies("Retten følger av pasient- og brukerrettighetsloven § 2-5 b.", "legal_section", "nb")
    assert not TYPES.satisfies("Retten følger av pasient- og brukerrettighetsloven.", "legal_section", "nb")
    assert TYPES.satisfies("Tilskuddet er 500 000 kroner per år.", "money", "nb")
    assert TYPES.satisfies("Piloten fikk 2,5 mill. i 2020.", "money", "nb")
    assert TYPES.satisfies("Budget: kr 300.000 om året.", "money", "da")
    assert TYPES.satisfies("Kostnaden är 1 200 000 SEK.", "money", "sv")
    assert not TYPES.satisfies("I alt fikk 5 kommuner tilskudd.", "money", "nb")
    assert not TYPES.satisfies("Det gikk 40 % av tiden til møter i 2021.", "money", "nb")
    assert not TYPES.satisfies("Krav 3: kronisk syke skal ha plan.", "money", "nb")
    assert TYPES.satisfies("Ring 12 34 56 78 på dagtid.", "phone", "nb")
    assert not TYPES.satisfies("Ring koordinerende enhet på dagtid.", "phone", "nb")


def test_how_often_when_and_which_hospital_ask_for_a_frequency_a_time_and_a_name():
    from veiviser.answer.answer_types import load_answer_types
    from veiviser.core.config import project_root

    types = load_answer_types(project_root() / "prompts")
    assert types.required("Hvor ofte møtes teamet?", "nb") == ("frequency",)
    assert types.satisfies("Teamet møtes hver måned.", "frequency", "nb")
    assert not types.satisfies("Teamet møtes i rådhuset.", "frequency", "nb")
    assert "when" in types.required("When did the act come into force?", "en")
    assert types.satisfies("Loven trådte i kraft 1. juli 2019.", "when", "nb")
    assert not types.satisfies("Loven gjelder alle kommuner.", "when", "nb")
    assert "when" not in types.required("När ska en samordnad individuell plan upprättas?", "sv")  # a condition
    question = "Hvilket sykehus samarbeidet kommunene med?"
    assert "name" in types.required(question, "nb")
    assert types.satisfies("Kommunene samarbeidet med Sykehuset Innlandet.", "name", "nb", question)


def test_a_count_must_count_what_the_question_counts():
    question = "Hvor mange brukere ble rekruttert i prosjektet, og hvem ledet det?"
    assert TYPES.counted_words(question, "quantity", "nb")[:2] == ("brukere", "rekruttert")
    assert TYPES.bound("Et utvalg på 65 brukere deltok.", "quantity", "nb", question) is True
    # a word of its clause binds too
    assert TYPES.bound("Totalt ble 22 deltakere rekruttert.", "quantity", "nb", question) is True
    assert TYPES.bound("Prosjektet holdt en workshop med 5 kommuner.", "quantity", "nb", question) is False
    # a year beside the noun counts nothing
    days = "Hvor mange dager har kommunen på seg til å oppnevne koordinator?"
    assert TYPES.bound("Barnekoordinator innføres i løpet av 2022.", "quantity", "nb", days) is False
    assert TYPES.bound("Kommunen oppnevner koordinator innen 14 dager.", "quantity", "nb", days) is True
    # Danish spelling of the same noun, over Norwegian text
    assert TYPES.bound("65 brukere", "quantity", "da", "Hvor mange brugere deltog?") is True
    # nothing is counted: "hvor mange var de?" names no noun, "how long" asks for a duration
    assert TYPES.counted_words("Hvor mange var de, og hva gjorde de?", "quantity", "nb") == ()
    assert TYPES.bound("Piloten varte i tre år.", "quantity", "en", "How long did the pilot last?") is None


def test_an_english_count_is_bound_through_the_nordic_words_for_its_noun():
    question = "How many users were interviewed in the project?"
    assert TYPES.bound_across("Totalt ble 22 brukere intervjuet.", "quantity", question) is True
    assert TYPES.bound_across("Prosjektet holdt en workshop med 5 kommuner.", "quantity", question) is False
    # a noun without Nordic word starts, or no counted noun, binds nothing
    assert TYPES.bound_across("Det var 5 kommuner.", "quantity", "How many zebras were there?") is None
    assert TYPES.bound_across("Piloten varte i tre år.", "quantity", "How long did the pilot last?") is None


def test_a_question_for_what_a_plan_holds_is_answered_by_what_it_holds_or_a_list():
    question = "Vad ska stå i en SIP?"
    assert TYPES.required(question, "sv") == ("contents",)
    assert TYPES.satisfies("Planen ska visa vilka insatser som behövs och vem som gör vad.", "contents", "sv")
    assert TYPES.satisfies("Planen:\n- mål\n- tiltak\n- ansvar", "contents", "nb")
    assert not TYPES.satisfies("SIP upprättas aldrig mot personens vilja.", "contents", "sv")
    assert TYPES.required("What must the minutes of the meeting contain?", "en") == ("contents",)
    assert TYPES.satisfies("Teamet består av koordinator, fastlege og NAV.", "contents", "nb")


def test_a_frequency_is_said_by_frequency_words_not_by_any_digit_or_duration():
    question = "Hur ofta ska SIP följas upp?"
    assert TYPES.required(question, "sv") == ("frequency",)
    assert TYPES.satisfies("Planen följs upp varje halvår.", "frequency", "sv", question)
    assert TYPES.satisfies("Teamet møtes 4 ganger i året.", "frequency", "nb", "Hvor ofte møtes teamet?")
    assert not TYPES.satisfies("Hänvisningen till 2 kap. 7 § kan vara inaktuell.", "frequency", "sv", question)
    assert not TYPES.satisfies("Videre arbeid i ca ett år.", "frequency", "nb", "Hvor ofte møtes teamet?")


def test_a_question_for_who_acts_is_answered_by_a_sentence_naming_an_actor():
    question = "Vem har ansvaret för att en SIP upprättas?"
    assert TYPES.required(question, "sv") == ("actor",)
    assert TYPES.satisfies("Kommunen och regionen upprättar planen tillsammans.", "actor", "sv", question)
    assert TYPES.satisfies("Handläggaren kallar till mötet.", "actor", "sv", question)
    # a genitive names whose will it is, not who acts; "legemidler" is not "lege"
    assert not TYPES.satisfies("SIP upprättas aldrig mot personens vilja.", "actor", "sv", question)
    assert not TYPES.satisfies("legemidlene gis daglig.", "actor", "nb", "Hvem har ansvaret for legemidlene?")


def test_a_name_must_stand_by_the_noun_it_names():
    question = "Hvilket konsulentbyrå ble knyttet til det danske prosjektet?"
    assert TYPES.bound("Der tilknyttes konsulentbureauet Rambøll til opgaven.", "name", "nb", question) is True
    # the consultancy is mentioned without its name; the names in the next sentence name something else
    assert TYPES.bound("Der tilknyttes et eksternt konsulentbureau til opgaven.", "name", "nb", question) is False
    assert TYPES.bound("Projektet ledes af KL og DSR i fællesskab.", "name", "nb", question) is False
    # the name stands in the same sentence as the noun
    assert TYPES.bound("Rambøll er valgt. Konsulentbureauet starter i maj.", "name", "nb", question) is False
    # "hva heter sjefen ...?" binds nothing: "festivalsjef Kari Nordmann" names the post in a compound
    assert TYPES.bound("Festivalsjef Kari Nordmann.", "person", "nb", "Hva heter sjefen for festivalen?") is None
    # a list of names answers "which municipality ...?" though no line says "kommune"
    listed = "22 deltakere\n- Nøtterøy 4 Tønsberg 4\n- Stokke 3\n- Larvik 6"
    assert TYPES.bound(listed, "name", "nb", "Hvilken kommune bidro med flest deltakere?") is True
    # "who led ...?" asks for a name
    assert "name" in TYPES.required("Hvem ledet styringsgruppen?", "nb")


def test_a_count_word_between_cue_words_and_definition_questions():
    assert "name" in TYPES.required("Vilka fem kommuner deltog i workshopen?", "sv")
    assert TYPES.required("Hva kostet prosjektet totalt?", "nb") == ("money",)
    assert TYPES.asks_definition("Hva betyr vårdtyngd?", "nb")
    assert not TYPES.asks_definition("Who sat in the reference group?", "en")


def test_a_persons_name_is_asked_for_only_by_a_person_noun_and_given_only_by_a_name():
    question = "Hva heter prosjektlederen i Vestby kommune?"
    assert TYPES.required(question, "nb") == ("person", "name")
    assert "person" in TYPES.required("What is the name of the researcher on the team?", "en")
    assert "person" in TYPES.required("Vad heter utvecklingsledaren?", "sv")
    assert "person" not in TYPES.required("Hva heter kommunen som leder arbeidet?", "nb")
    # a town or an organisation is a name, not a person's name
    assert TYPES.satisfies("Prosjektet ledes fra Vestby og Ås, med NAV.", "name", "nb", question)
    assert not TYPES.satisfies("Prosjektet ledes fra Vestby og Ås, med NAV.", "person", "nb", question)
    assert TYPES.satisfies("Prosjektleder er Kari Nordmann fra Vestby.", "person", "nb", question)


def test_a_number_the_question_names_is_not_the_count_it_asks_for():
    question = "Hvor mange deltakere var med på samlingen med de 5 kommunene?"
    assert TYPES.bound("Det var en samling med 5 kommuner.", "quantity", "nb", question) is False
    assert TYPES.bound("Det var en samling med fem kommuner.", "quantity", "nb", question.replace("5", "fem")) is False
    assert TYPES.bound("Samlingen hadde 40 deltakere fra 5 kommuner.", "quantity", "nb", question) is True


def test_counts_are_bound_across_the_scandinavian_languages_and_from_english_through_its_nouns():
    from types import SimpleNamespace

    from veiviser.answer.candidates import count_bound

    def quote(text: str, lang: str) -> SimpleNamespace:
        return SimpleNamespace(text=text, hit=SimpleNamespace(chunk=SimpleNamespace(lang=lang)))

    danish = SimpleNamespace(lang="da", question="Hvor mange brugere deltog i projektet?")
    assert count_bound(TYPES, danish, [quote("Prosjektet hadde en workshop med 5 kommuner.", "nb")]) is False
    assert count_bound(TYPES, danish, [quote("I alt 65 brukere deltok.", "nb")]) is True
    english = SimpleNamespace(lang="en", question="How many users took part in the project?")
    assert count_bound(TYPES, english, [quote("Prosjektet hadde en workshop med 5 kommuner.", "nb")]) is False
    assert count_bound(TYPES, english, [quote("I alt 65 brukere deltok.", "nb")]) is True
    # a Nordic question's words are not compared with English text
    assert count_bound(TYPES, danish, [quote("The project had 5 municipalities.", "en")]) is None


def test_number_words_count_in_the_quotes_language_but_everyday_words_do_not():
    question = "How many informants say they benefit a lot?"
    assert TYPES.satisfies("Tre av fire informanter sier de har stort utbytte.", "quantity", "en", question)
    # "to" and "fire" are Norwegian numbers, but in an English quote they are everyday words
    assert not TYPES.satisfies("The coordinator talks to the team about fire safety.", "quantity", "en", question)
    assert TYPES.satisfies("To av tre informanter sier det.", "quantity", "nb", "Hvor mange informanter sier det?")


def test_a_deadline_question_is_answered_by_a_time_limit_not_by_a_date_printed_nearby():
    assert TYPES.required("How soon must the SIP meeting be held?", "en") == ("deadline",)
    assert TYPES.required("Hvornår skal genoptræningen starte efter udskrivning?", "da") == ("deadline",)
    assert "deadline" not in TYPES.required("Hvornår blev loven vedtaget?", "da")  # a past event: a date
    assert TYPES.required("Hvornår blev loven vedtaget?", "da") == ("when",)
    for limit in (
        "Hold the meeting within 14 calendar days of sending the invitation.",
        "Genoptræningen skal kunne påbegyndes senest syv kalenderdage efter udskrivning.",
        "Koordinerende enhet svarer innen ti virkedager.",
        "Planen ska påbörjas utan dröjsmål.",
    ):
        assert TYPES.satisfies(limit, "deadline", "en"), limit
    assert not TYPES.satisfies("Version 2.3 · Godkendt 10. januar 2024", "deadline", "da")
    assert not TYPES.satisfies("Inform the person about SIP and ask for consent.", "deadline", "en")
