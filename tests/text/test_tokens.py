from veiviser.text.tokens import analyse, fold, split_compound, tokenize


def test_tokenize_keeps_numbers_and_drops_single_letters():
    assert tokenize("Pilot 2018–2023: 93 koordinatorer, § 7-2 a") == [
        "pilot",
        "2018",
        "2023",
        "93",
        "koordinatorer",
        "paragraf",
        "7",
        "2",
    ]


def test_compounds_split_into_common_parts():
    assert split_compound("oppfølgingsteam", "nb") == ("oppfølging", "team")
    assert split_compound("rehabiliteringskoordinator", "sv") == ("rehabilitering", "koordinator")
    assert split_compound("koordinator", "nb") == ()  # not a compound of two known words
    assert split_compound("plan", "nb") == ()


def test_analyse_meets_inflections_compounds_and_keyboard_folding():
    doc = set(analyse("Oppfølgingsteamet består av fastlegen og koordinatoren.", "nb"))
    assert set(analyse("team", "nb")) <= doc
    assert set(analyse("koordinator", "nb")) <= doc
    assert set(analyse("oppfolging", "nb")) <= set(analyse("oppfølging", "nb")) | doc


def test_fold_maps_nordic_letters_together():
    assert fold("før") == fold("för") == "for"
    assert fold("nærstående") == fold("närstående")


def test_section_sign_is_searchable_as_the_word_paragraf():
    assert tokenize("jf. §7-1 og §§ 2-5") == ["jf", "paragraf", "7", "1", "og", "paragraf", "paragraf", "2", "5"]
    assert set(analyse("hvilken paragraf", "nb")) & set(analyse("etter § 7-2 i loven", "nb"))
    assert set(analyse("Vilka paragrafer gäller?", "sv")) & set(analyse("enligt 5 § lagen", "sv"))
