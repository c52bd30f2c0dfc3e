"""Which language a kb text is shown in: the UI language's variant when the kb has one, else as written."""

from __future__ import annotations

from types import SimpleNamespace

from veiviser.core.config import Settings
from veiviser.kb import load_kb
from veiviser.kb.language import KbText, kb_text, legal_lang, role_lang, written_in


def test_english_variant_is_used_in_english_and_the_text_as_written_elsewhere():
    phase = SimpleNamespace(title="Identifisere tidlig", title_en="Identify early", description="Tidlig …")
    assert kb_text(phase, "title", "en", "nb") == KbText("Identify early", "en")
    assert kb_text(phase, "title", "sv", "nb") == KbText("Identifisere tidlig", "nb")
    assert kb_text(phase, "description", "en", "nb") == KbText("Tidlig …", "nb")  # no description_en


def test_an_empty_variant_counts_as_missing_and_the_own_language_needs_none():
    rule = SimpleNamespace(do_instead="Gjør dette", do_instead_en="")
    assert kb_text(rule, "do_instead", "en", "nb").lang == "nb"
    swedish = SimpleNamespace(title="Samordnad plan", title_en="Coordinated plan")
    assert kb_text(swedish, "title", "sv", "sv") == KbText("Samordnad plan", "sv")


def test_a_fallback_names_the_language_it_is_written_in_and_nynorsk_reads_as_norwegian():
    assert KbText("x", "nb").foreign_to("en") == "nb"
    assert KbText("x", "nn").foreign_to("sv") == "nb"
    assert KbText("x", "nn").foreign_to("nb") is None
    assert KbText("x", "da").foreign_to("da") is None
    assert KbText("x", "sv").foreign_to("da") == "sv"


def test_the_language_of_a_jurisdiction_and_of_a_legal_reference():
    assert [written_in(j) for j in ("no", "se", "dk")] == ["nb", "sv", "da"]
    assert (
        legal_lang("se-sol-2-7") == "sv" and legal_lang("dk-sundhedsloven") == "da" and legal_lang("no-hol-7-1") == "nb"
    )


def test_a_role_cards_duties_are_in_the_language_of_its_roles_file_and_have_no_english_variant():
    kb = load_kb(Settings().kb_dir)
    role_file = next(f for f in kb.role_files if f.jurisdiction == "se")
    role = role_file.roles[0]
    assert role_lang(kb, role.id) == "sv"
    duty = role.duties[0]
    assert kb_text(duty, "text", "en", role_lang(kb, role.id)) == KbText(duty.text, "sv")  # marked as Swedish
    assert kb_text(role, "name", "en", "sv").lang == "en"
