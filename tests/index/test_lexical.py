from veiviser.core.types import Chunk, SearchFilters
from veiviser.index.lexical import LexicalIndex


def chunk(i, text, lang="nb", doc="a.txt", dtype="txt"):
    return Chunk(
        id=f"c{i}", doc_id=doc, text=text, source=doc, title="", doc_type=dtype, lang=lang, position=i, doc_lang=lang
    )


CHUNKS = [
    chunk(0, "Koordinatoren leder oppfølgingsteamet og sikrer framdrift."),
    chunk(1, "Fastlegen har det medisinskfaglige ansvaret."),
    chunk(2, "Samordnad individuell plan kräver samtycke.", "sv", "b.txt"),
    chunk(3, "Akutfunktionen deltager i koordinationsmødet.", "da", "c.docx", "docx"),
]


def test_bm25_ranks_matching_chunk_first_and_ignores_unknown_words():
    index = LexicalIndex.build(CHUNKS)
    top = index.top([("hvem har medisinskfaglig ansvar", 1.0)], k=2)
    assert top[0][0].id == "c1"
    assert index.top([("xyzzy qwerty", 1.0)], k=3) == []


def test_compound_query_finds_its_parts():
    index = LexicalIndex.build(CHUNKS)
    assert index.top([("team", 1.0)], k=1)[0][0].id == "c0"


def test_filters_and_weights():
    index = LexicalIndex.build(CHUNKS)
    hits = index.top([("plan samtycke", 1.0), ("koordinator", 0.1)], k=4, filters=SearchFilters(langs=("sv",)))
    assert [c.id for c, _ in hits] == ["c2"]
    hits = index.top([("akutfunktion", 1.0)], k=4, filters=SearchFilters(doc_types=("txt",)))
    assert hits == []


def test_save_and_load_roundtrip(tmp_path):
    index = LexicalIndex.build(CHUNKS)
    index.save(tmp_path / "lex")
    again = LexicalIndex.load(tmp_path / "lex")
    assert [c.id for c in again.chunks] == [c.id for c in CHUNKS]
    assert again.top([("fastlegen", 1.0)], 1)[0][0].id == "c1"


def test_empty_index():
    index = LexicalIndex.build([])
    assert index.top([("plan", 1.0)], 3) == []


def test_a_question_with_nordic_letters_meets_the_folded_index_tokens():
    index = LexicalIndex.build(CHUNKS)
    assert "oppfolgingsteam" in index.query_tokens("oppfølgingsteamet")
    assert index.top([("Hvem leder oppfølgingsteamet?", 1.0)], k=1)[0][0].id == "c0"
    assert index.top([("koordinationsmødet", 1.0)], k=1)[0][0].id == "c3"
    # typed without the letters, the same words are found
    assert index.top([("oppfolgingsteamet", 1.0)], k=1)[0][0].id == "c0"


def test_function_words_of_a_question_do_not_outscore_its_rare_word():
    chunks = [
        chunk(0, "Vi finner ofte at det er lett å finne fram når vi vet hvilket kontor som har ansvaret."),
        chunk(1, "Hun ble skadet i Semmering like før nyttår og var borte resten av sesongen."),
        chunk(2, "Vi har et kontor i hver by, og vi finner nye kolleger i hvert team."),
    ]
    index = LexicalIndex.build(chunks)
    assert "semmering" in index.query_tokens("I hvilket land finner vi Semmering?")
    assert "vi" not in index.query_tokens("I hvilket land finner vi Semmering?")
    assert index.top([("I hvilket land finner vi Semmering?", 1.0)], k=1)[0][0].id == "c1"
    # a question of function words only still searches with them
    assert index.query_tokens("hvem er vi?")
