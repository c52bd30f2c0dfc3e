"""A role's duties are answered from its role card, quoted as indexed, not from a sentence that repeats 'plikt'."""

from __future__ import annotations

import pytest

from ingest.pipeline import Ingestor
from veiviser.answer.compose import Quote
from veiviser.answer.kb_answers import _find
from veiviser.app.answerers import make_answerer
from veiviser.app.services import Services
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.core.config import Settings, project_root
from veiviser.core.types import Chunk
from veiviser.kb.documents import kb_documents
from veiviser.kb.loader import load_kb

KB = load_kb(project_root() / "kb")


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    home = tmp_path_factory.mktemp("kb-answers")
    docs = home / "docs"
    docs.mkdir()
    (docs / "rutine.txt").write_text(
        "Rutine\n\nKommunen har en samordningsplikt for velferdstjenester. Plikten gjelder fra 2022.\n",
        encoding="utf-8",
    )
    settings = Settings(home=home / "home", embedder="fake")
    assert Ingestor(settings, FakeEmbedder()).run([docs], extra_documents=kb_documents(KB)).ok
    return make_answerer(settings, Services(settings).retriever())


def _coordinator():
    role = next(r for r in KB.roles.values() if r.id.startswith("no-") and r.name == "Koordinator")
    return role


@pytest.mark.parametrize("question", ["Hva er koordinatorens plikter?", "What are the duties of the coordinator?"])
def test_a_question_for_a_roles_duties_is_answered_by_its_card(answerer, question):
    answer = answerer.answer(question)
    assert not answer.abstained
    duties = [d.text for d in _coordinator().duties]
    assert {c.source for c in answer.citations} == {"kb/roles/no.yaml"}
    assert [c.quote.split(" (")[0] for c in answer.citations] == [d.split(" (")[0] for d in duties]
    for citation in answer.citations:  # quoted exactly as the card is indexed
        chunk = next(h.chunk for h in answer.passages if h.chunk.id == citation.chunk_id)
        assert citation.quote in chunk.text


def test_a_question_that_names_no_role_field_goes_to_the_passages(answerer):
    answer = answerer.answer("Fra hvilket år gjelder samordningsplikten?")
    assert all(c.source != "kb/roles/no.yaml" for c in answer.citations)


def test_the_same_words_under_another_roles_heading_are_not_quoted_for_this_role():
    text = "Barnekoordinator: Plikter\nHolde oversikt.\n\nKoordinator: Plikter\nHolde oversikt.\n"
    chunk = Chunk(
        id="c",
        doc_id="kb/roles/no.yaml",
        text=text,
        source="kb/roles/no.yaml",
        title="",
        doc_type="kb",
        lang="nb",
        position=0,
    )
    quote = _find([chunk], "Holde oversikt.", "Koordinator")
    assert isinstance(quote, Quote) and quote.start == text.rindex("Holde oversikt.")
    assert _find([chunk], "Holde oversikt.", "Enhetsleder") is None


def test_cue_words_allow_inflection_but_not_compounds_and_two_named_roles_are_not_guessed_between():
    from veiviser.answer.kb_answers import RoleAnswers, load_aspect_cues

    cues = load_aspect_cues(project_root() / "prompts")
    assert cues.aspect("Hva er pliktene til koordinatoren?", "nb") == "duties"
    assert cues.aspect("What tasks does a coordinator have?", "en") == "tasks"
    assert cues.aspect("Hvor mange brukere har koordinator og ansvarsgruppe?", "nb") is None
    assert cues.aspect("Hva gjør koordinatoren?", "nb") is None  # verbs are too common to count
    roles = RoleAnswers(KB, cues)
    assert roles.role("Hva er koordinatorens plikter?", "nb") is not None
    assert roles.role("Hva må enhetslederen gjøre for koordinatorene, og hva er deres plikter?", "nb") is None


@pytest.mark.parametrize(
    "question, lang",
    [
        ("Hvem har ansvaret for å oppnevne koordinator?", "nb"),
        ("Who is responsible for appointing a coordinator?", "en"),
        ("Vem ansvarar för att kalla till SIP-möte med koordinatorn?", "sv"),
    ],
)
def test_asking_who_is_responsible_is_not_asking_for_the_named_roles_duties(answerer, question, lang):
    from veiviser.answer.kb_answers import load_aspect_cues

    cues = load_aspect_cues(project_root() / "prompts")
    assert cues.aspect(question, lang) is None  # the coordinator is what is appointed, not whose duties
    answer = answerer.answer(question)
    assert all(c.source != "kb/roles/no.yaml" or "Koordinator" not in c.section for c in answer.citations)


def test_what_a_role_must_do_and_its_aliases_ask_for_its_card():
    from veiviser.answer.kb_answers import RoleAnswers, load_aspect_cues

    cues = load_aspect_cues(project_root() / "prompts")
    assert cues.aspect("What does a coordinator in Norway have to do?", "en") == "duties"
    assert cues.aspect("Vad ska en rehabkoordinator göra?", "sv") == "duties"  # "*" spans the role's name
    assert cues.aspect("Hva er koordinatorens rolle?", "nb") == "tasks"
    # the word "role" alone does not ask what the role is
    assert cues.aspect("Why is it so hard to get staff to take on the coordinator role?", "en") is None
    roles = RoleAnswers(KB, cues)
    gp = roles.role("What does the GP do in the follow-up team?", "en")
    assert gp is not None and gp.name == "Fastlege"
    # "coordinating unit" names the unit; the "coordinat..." inside it does not also name the coordinator
    unit = roles.role("What is the Norwegian coordinating unit responsible for?", "en")
    assert unit is not None and unit.name == "Koordinerende enhet (KE)"


@pytest.mark.parametrize(
    "question, lang",
    [("Hva sier rutinen om koordinatorens plikter?", "nb"), ("Vad säger SPoR om NAV:s roll?", "sv")],
)
def test_a_question_about_what_a_document_says_is_left_to_the_documents(question, lang):
    from veiviser.answer.kb_answers import RoleAnswers, load_aspect_cues

    cues = load_aspect_cues(project_root() / "prompts")
    assert cues.asks_source(question, lang)
    assert not cues.asks_source(
        question.replace("Hva sier rutinen om", "Hva er").replace("Vad säger SPoR om", "Vad är"), lang
    )

    class NoChunks:
        def document_chunks(self, source):
            raise AssertionError("the card is not looked up")

    assert RoleAnswers(KB, cues).sentences(question, lang, NoChunks()) == []


@pytest.mark.parametrize(
    "question, concept_id, lang",
    [
        ("Kva er ein barnekoordinator?", "barnekoordinator", "nn"),
        ("What is a coordinating unit?", "koordinerende-enhet", "en"),
        ("Hva betyr ansvarsgruppe?", "ansvarsgruppe", "nb"),
        ("What is a follow-up team in Norway?", "oppfolgingsteam", "en"),  # a country says which one
    ],
)
def test_what_a_term_means_is_answered_by_its_glossary_definition(answerer, question, concept_id, lang):
    concept = next(c for c in KB.glossary_concepts if c.id == concept_id)
    answer = answerer.answer(question, lang=lang)
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == [concept.definition_en if lang == "en" else concept.definition_nb]
    assert {c.source for c in answer.citations} == {"kb/glossary.yaml"}


@pytest.mark.parametrize(
    "question",
    [
        "Hva er forskjellen på en koordinator og koordinerende enhet?",  # two terms
        "Hva er individuell plan, og hvem har rett til det?",  # the term and more
        "Vad är SIP?",  # the Norwegian individuell plan's definition would not define the Swedish SIP
    ],
)
def test_a_definition_is_not_given_for_more_than_one_term_or_another_concept(question):
    from veiviser.answer.answer_types import load_answer_types
    from veiviser.answer.kb_answers import RoleAnswers, load_aspect_cues

    prompts = project_root() / "prompts"
    roles = RoleAnswers(KB, load_aspect_cues(prompts), dict(load_answer_types(prompts).definition_cues))

    class NoChunks:
        def document_chunks(self, source):
            raise AssertionError("no definition should be looked up")

    lang = "sv" if question.startswith("Vad") else "nb"
    assert roles.definition(question, lang, NoChunks()) == []


def test_a_card_quote_is_cited_by_its_own_field_heading_not_the_passages_first():
    from veiviser.answer.compose import section_at

    text = (
        "Individkoordinator / case manager: Kontakt\n\nSamordnaren.\n\n"
        "Rehabkoordinator (rehabiliteringskoordinator): Skyldigheter\n\nErbjuda koordineringsinsatser.\n"
    )
    chunk = Chunk(
        id="c",
        doc_id="kb/roles/se.yaml",
        text=text,
        source="kb/roles/se.yaml",
        title="",
        doc_type="kb",
        lang="sv",
        position=0,
        section="Individkoordinator / case manager: Kontakt",
    )
    assert section_at(chunk, text.index("Erbjuda")) == "Rehabkoordinator (rehabiliteringskoordinator): Skyldigheter"
    assert section_at(chunk, text.index("Samordnaren")) == "Individkoordinator / case manager: Kontakt"


def test_a_question_for_a_number_is_not_answered_by_a_card(answerer, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(answerer.kb_answers, "sentences", lambda q, *a: asked.append(q) or [])
    answerer.answer("Hvor mange timer i uken har koordinatoren til sine plikter?")
    assert asked == []  # a count is asked for: the card is not consulted
    answerer.answer("Hva er koordinatorens plikter?")
    assert asked == ["Hva er koordinatorens plikter?"]


def test_what_a_role_is_is_answered_by_its_cards_summary_when_the_glossary_has_no_entry(answerer):
    role = next(r for r in KB.roles.values() if r.name == "Forløbskoordinator")
    answer = answerer.answer("Hvad er en forløbskoordinator?", lang="da")
    assert [c.quote for c in answer.citations] == [role.summary]
    assert {c.source for c in answer.citations} == {"kb/roles/dk.yaml"}


@pytest.mark.parametrize(
    "question, lang, ref_id",
    [
        ("Kven kan få individuell plan?", "nn", "no-pbrl-2-5"),
        ("Who is entitled to a coordinator?", "en", "no-pbrl-2-5b"),
        ("Hvem har rett til barnekoordinator?", "nb", "no-pbrl-2-5c"),
        ("Hvilken paragraf gir rett til koordinator?", "nb", "no-pbrl-2-5b"),  # the kb cites law and section
    ],
)
def test_who_holds_a_right_is_answered_by_the_legal_reference_that_grants_it(answerer, question, lang, ref_id):
    ref = KB.legal[ref_id]
    answer = answerer.answer(question, lang=lang)
    assert not answer.abstained
    (citation,) = answer.citations
    assert citation.source == "kb/legal/no.yaml"
    assert citation.quote in ref.requirement and "rett" in citation.quote
    assert ref.title in citation.section


def test_a_right_no_reference_grants_is_left_to_the_passages():
    from veiviser.answer.kb_rights import entitlement

    class NoChunks:
        def document_chunks(self, source):
            raise AssertionError("nothing should be looked up")

    cues = ("hvem har rett til",)
    assert entitlement("Hvem har rett til gratis parkering?", "nb", cues, KB.legal.values(), set(), NoChunks()) == []
    assert entitlement("Hva er individuell plan?", "nb", cues, KB.legal.values(), set(), NoChunks()) == []
