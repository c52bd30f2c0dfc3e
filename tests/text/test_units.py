from veiviser.text.units import display_text, sentence_ends, split_units


def texts(text):
    return [u.text(text) for u in split_units(text)]


def test_numbers_dates_and_abbreviations_do_not_end_sentences():
    text = (
        "Flest var sykepleiere (23 %). Piloten startet 1. september 2018 i seks kommuner. "
        "Tiltak som f.eks. faste møter virker. Det gjelder bl.a. fastleger."
    )
    assert texts(text) == [
        "Flest var sykepleiere (23 %).",
        "Piloten startet 1. september 2018 i seks kommuner.",
        "Tiltak som f.eks. faste møter virker.",
        "Det gjelder bl.a. fastleger.",
    ]


def test_units_are_exact_spans_of_the_text():
    text = "Første setning.\n\nAndre setning, som fortsetter\npå neste linje. Tredje!"
    for unit in split_units(text):
        assert text[unit.start : unit.end] == unit.text(text)
        assert unit.text(text) == unit.text(text).strip()
    assert texts(text)[1] == "Andre setning, som fortsetter\npå neste linje."


def test_introduced_list_stays_one_unit_in_stored_chunk_form():
    text = "Modellen har tre deler:\n\nKartlegging av mål\nFelles plan\nFaste møter\n\nDeretter evalueres arbeidet."
    units = split_units(text)
    assert units[0].kind == "list"
    assert units[0].text(text) == "Modellen har tre deler:\n\nKartlegging av mål\nFelles plan\nFaste møter"
    assert units[1].text(text) == "Deretter evalueres arbeidet."


def test_bulleted_list_in_wrapped_ocr_text_keeps_items_and_continuations():
    text = (
        "Hovedtiltak i piloten er:\n"
        "e Etablering av strukturer for identifisering av brukere med behov for\n"
        "tverrfaglig oppfølging\n"
        "e Tydeliggjøring av koordinatorrollen\n"
        "- Mer bevisst brukermedvirkning."
    )
    (unit,) = split_units(text)
    assert unit.kind == "list" and unit.end == len(text)
    assert display_text(unit.text(text)) == (
        "Hovedtiltak i piloten er:\n"
        "- Etablering av strukturer for identifisering av brukere med behov for tverrfaglig oppfølging\n"
        "- Tydeliggjøring av koordinatorrollen\n"
        "- Mer bevisst brukermedvirkning."
    )


def test_ordered_items_keep_their_numbers_and_headings_are_marked():
    text = "Fremgangsmåte\n\nDette er gjort gjennom:\n\n1. Samle kunnskap\n2. Feltarbeid i tre kommuner"
    units = split_units(text)
    assert [u.kind for u in units] == ["heading", "list"]
    assert display_text(units[1].text(text)).splitlines() == [
        "Dette er gjort gjennom:",
        "1. Samle kunnskap",
        "2. Feltarbeid i tre kommuner",
    ]


def test_sentence_ends_include_citation_markers_written_after_the_stop():
    text = "Teamet ledes av en koordinator. [1][2] Fastlegen har ansvaret [3]. Slutt"
    ends = sentence_ends(text)
    assert [text[:e] for e in ends] == [
        "Teamet ledes av en koordinator. [1][2]",
        "Teamet ledes av en koordinator. [1][2] Fastlegen har ansvaret [3].",
    ]


def test_label_lists_and_symbol_rows_are_metadata_but_a_sentence_with_one_label_is_not():
    from veiviser.text.units import looks_like_metadata

    assert looks_like_metadata("nb: koordinator; nn: koordinator; sv: rehabkoordinator; en: coordinator")
    assert looks_like_metadata("Kilde: Helsedirektoratet: Veileder (2017) kap. 6; Helsedirektoratet: Rundskriv")
    assert looks_like_metadata("| 12 | 34 % | 2 107 000 |")
    assert looks_like_metadata("   ")
    assert not looks_like_metadata("Koordinerende enhet: opplæring, veiledning og beslutningsstøtte.")
    assert not looks_like_metadata("Sørge for oppfølging og framdrift. (Hjemmel: hol § 7-2; pbrl § 2-5 b)")
    assert not looks_like_metadata("I alt svarte 87 koordinatorer (31 %).")


def test_source_lines_table_rows_and_bare_links_are_metadata():
    from veiviser.text.units import looks_like_metadata

    assert looks_like_metadata("Kilde: SPoR – samhandling i psykiatri og rus i Vestfold (lysbilder).")
    assert looks_like_metadata("Källor: Slutrapport 2021, bilaga 3.")
    assert not looks_like_metadata("Fase 1 | Forberedelse | April-oktober 2021")  # a table row may be the answer
    assert looks_like_metadata("http://www.example.org/prosjekter/spor")
    assert not looks_like_metadata("Mer om prosjektet står på www.example.org, der rapporten ligger.")


def test_a_proper_name_is_a_capitalised_word_inside_a_sentence_that_the_question_does_not_use():
    from veiviser.answer.names_in_text import has_proper_name

    question = "Hva heter prosjektlederen i Göteborg-prosjektet?"
    assert has_proper_name("Prosjektet ledes av Kari Nordvik fra bydelen.", question)
    assert not has_proper_name("Flere prosjektledere ønsket mer tid.", question)
    assert not has_proper_name("Prosjektet i Göteborg varte i tre år.", question)  # the question's own name


def test_tables_of_contents_and_document_registers_are_metadata_but_table_rows_with_facts_are_not():
    from veiviser.text.units import looks_like_metadata

    assert looks_like_metadata("Innehållsförteckning\n\nSAMMANFATTNING | 2\n0.1 Syftet med dokumentet | 6")
    assert looks_like_metadata("1 Innledning ........ 3\n2 Metode ........ 5\n3 Funn ........ 9")
    assert looks_like_metadata("20190912 | Samordningsförbundet | Delrapport; team på vårdcentraler")
    assert not looks_like_metadata("Fase 1: Forberedelse | April-oktober 2021")
    assert not looks_like_metadata("Antall kommuner | 6")
    assert not looks_like_metadata("Innhold og struktur i planen avtales med brukeren.")


def test_a_legal_references_title_is_a_heading_but_a_sentence_citing_a_section_is_not():
    text = (
        "Psykisk helsevern.\n\n"
        "NAV-loven § 15 – Samarbeid med brukeren og individuell plan i NAV\n\n"
        "NAV-kontoret skal sørge for at det utarbeides individuell plan.\n\n"
        "pbrl § 2-5 b – Rett til koordinator\n\n"
        "HSL 16 kap. 4 § – SIP\n\n"
        "sundhedsloven § 84 – Genoptræningsplan (GOP)\n\n"
        "Kommunen skal etter § 7-2 oppnevne koordinator"
    )
    kinds = {u.text(text): u.kind for u in split_units(text)}
    assert kinds["NAV-loven § 15 – Samarbeid med brukeren og individuell plan i NAV"] == "heading"
    assert kinds["pbrl § 2-5 b – Rett til koordinator"] == "heading"
    assert kinds["HSL 16 kap. 4 § – SIP"] == "heading"
    assert kinds["sundhedsloven § 84 – Genoptræningsplan (GOP)"] == "heading"
    assert kinds["Kommunen skal etter § 7-2 oppnevne koordinator"] == "sentence"  # a bullet without its full stop
    assert kinds["NAV-kontoret skal sørge for at det utarbeides individuell plan."] == "sentence"


def test_a_documents_control_line_is_metadata_but_a_sentence_about_a_revision_is_not():
    from veiviser.text.units import looks_like_metadata

    assert looks_like_metadata(
        "Havnsø Kommune – Genoptræning Version 2.3 · Godkendt 10. januar 2024 · Ansvarlig: leder"
    )
    assert looks_like_metadata("Versjon 4, godkjent: 01.03.2024 av kommunalsjef")
    assert not looks_like_metadata("Rutinen ble godkjent i versjon 2 av kommunestyret.")
    assert not looks_like_metadata("Planen ble revidert 12. mars etter evalueringen, og versjon 3 sendes ut.")
