"""Language detection on our own short sentences and on the real (partly OCR-damaged) corpus."""

from __future__ import annotations

import pytest

from veiviser.core.types import BlockKind
from veiviser.documents.loaders import load_file
from veiviser.text.langdetect import detect_document_language, detect_language

CORPUS_LANGUAGE = {
    "da-fremfaerd-komplekse-borgere-projektbeskrivelse.txt": "da",
    "no-lkt-rammeverket-kortversjon.txt": "nb",
    "no-sintef-pilot-oppfolgingsteam-statusrapport.txt": "nb",
    "no-spor-vestfold-lysbilder.txt": "nb",
    "sv-finsam-goteborg-myndighetsgemensamma-team-slutrapport.txt": "sv",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Koordinatoren skal sørge for at tjenestene henger sammen og at brukeren får en individuell plan.", "nb"),
        ("Koordinatoren skal sikre at tenestene heng saman, og at brukaren får ein individuell plan.", "nn"),
        ("Koordinatorn ska se till att insatserna hänger ihop och att individen får en samordnad plan.", "sv"),
        ("Koordinatoren skal sikre, at indsatsen hænger sammen, og at borgeren får en samlet plan.", "da"),
        ("The coordinator makes sure that the services are joined up around the person.", "en"),
    ],
)
def test_short_sentences(text, expected):
    assert detect_language(text, default="nb") == expected


def test_ocr_damaged_bokmal_stays_bokmal():
    damaged = (
        "Oppfglgingsteamet skal sgrge for at brukeren far ngdvendig hjelp, og at tjenestene blir "
        "koordinert etter brukerens gnsker og behov. Det er viktig a fa pa plass rutiner."
    )
    assert detect_language(damaged, default="nb") == "nb"
    assert detect_language(damaged, default="sv") == "nb"


@pytest.mark.parametrize("text", ["", "   ", "NAV", "Side 3", "1-9", "Ja, takk."])
def test_short_or_empty_text_returns_the_default(text):
    assert detect_language(text, default="sv") == "sv"
    assert detect_language(text, default="da") == "da"


def test_unknown_default_falls_back_to_bokmal():
    assert detect_language("", default="xx") == "nb"


def test_document_language_of_each_corpus_file(corpus_dir):
    for name, expected in CORPUS_LANGUAGE.items():
        doc = load_file(corpus_dir / name, max_bytes=10_000_000)
        assert detect_document_language(doc.blocks) == expected, name


def test_ocr_damaged_corpus_paragraphs_are_norwegian_not_danish(corpus_dir):
    doc = load_file(corpus_dir / "no-sintef-pilot-oppfolgingsteam-statusrapport.txt", max_bytes=10_000_000)
    paragraphs = [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH and len(b.text) >= 200]
    assert len(paragraphs) >= 30
    # with a neutral default, so that ties do not decide the outcome
    detected = [detect_language(p, default="en") for p in paragraphs]
    assert detected.count("nb") >= 0.95 * len(detected)
    assert "da" not in detected


def test_danish_and_swedish_corpus_paragraphs(corpus_dir):
    for name, expected in (
        ("da-fremfaerd-komplekse-borgere-projektbeskrivelse.txt", "da"),
        ("sv-finsam-goteborg-myndighetsgemensamma-team-slutrapport.txt", "sv"),
    ):
        doc = load_file(corpus_dir / name, max_bytes=10_000_000)
        paragraphs = [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH and len(b.text) >= 150]
        detected = [detect_language(p, default="nb") for p in paragraphs]
        assert detected.count(expected) >= 0.9 * len(detected), name
