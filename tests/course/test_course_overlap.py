"""A course never lists the same key point twice: the kb says some things in several places.

Before: "koordinatorrollen" gave the glossary definition, the role summary and the first
duty, all "sørger for (nødvendig) oppfølging, samordning og framdrift i individuell plan",
and the Swedish course the team coordinator's summary and duty, one word apart.
"""

from __future__ import annotations

import difflib
import re

import pytest

from veiviser.course import CourseBuilder
from veiviser.course.overlap import covered, keep_new

TOPICS = [
    ("koordinatorrollen", "nye koordinatorer", "nb"),
    ("individuell plan", "ledere", "nb"),
    ("oppfølgingsteam", "ledere", "nb"),
    ("pårørende", "koordinatorer", "nb"),
    ("samordnad individuell plan", "nya samordnare", "sv"),
    ("koordinator", "nye medarbejdere", "da"),
    ("the coordinator role", "new coordinators", "en"),
]


def _clauses(text: str) -> list[str]:
    return [c.strip().lower() for c in re.split(r"(?<=[.!?;:])\s+", text) if len(c.split()) >= 4]


def repeated_points(points) -> list[str]:
    """Points every clause of which another single point says nearly word for word (difflib, not our own rule)."""
    out = []
    for a in points:
        mine = _clauses(a.text)
        for b in points:
            if b is a or not mine:
                continue
            theirs = _clauses(b.text)
            if all(any(difflib.SequenceMatcher(None, x, y).ratio() >= 0.7 for y in theirs) for x in mine):
                out.append(f"{a.kind}: {a.text[:60]} ~ {b.kind}: {b.text[:60]}")
                break
    return out


@pytest.mark.parametrize(("topic", "audience", "lang"), TOPICS)
def test_no_key_point_repeats_another(settings, kb, topic, audience, lang):
    course = CourseBuilder(settings, kb=kb).build(topic, audience, minutes=45, lang=lang)
    assert len(course.key_points) >= 5
    assert repeated_points(course.key_points) == []


def test_a_course_with_indexed_passages_has_no_repeats_either(indexed, kb):
    from veiviser.app.services import course_builder

    course = course_builder(indexed, kb=kb).build("koordinatorrollen", "nye koordinatorer", minutes=45)
    assert repeated_points(course.key_points) == []
    assert any(kp.kind == "passage" for kp in course.key_points)


def test_the_same_clause_in_other_words_is_covered_scattered_words_are_not():
    summary = "Ger dagligt stöd till teamprocessen och teammedlemmarna; i grundfinansieringen cirka 20 % av en tjänst."
    assert covered("Ge dagligt stöd för teamprocessen och teammedlemmarna.", summary, "sv")
    assert not covered(summary, "Ge dagligt stöd för teamprocessen och teammedlemmarna.", "sv")  # the fuller stays
    leader = (
        "Lederen for tjenesten der koordinatorer og teammedlemmer jobber. Lederen legger til rette for "
        "riktig kompetanse, tid, opplæring og veiledning."
    )
    assert not covered("Teammedlemmer har fått mindre opplæring enn koordinatorene.", leader, "nb")


def test_keep_new_drops_what_the_new_point_says_in_full_and_refuses_a_repeat():
    chosen = ["Ge dagligt stöd för teamprocessen och teammedlemmarna."]
    fuller = "Ger dagligt stöd till teamprocessen och teammedlemmarna; i grundfinansieringen cirka 20 % av en tjänst."
    assert keep_new(chosen, fuller, str, "sv") and chosen == [fuller]
    assert not keep_new(chosen, "Ge dagligt stöd till teamprocessen och teammedlemmarna.", str, "sv")
