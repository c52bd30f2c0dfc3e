"""With a language model, key points are reworded only where their source supports the new wording."""

from __future__ import annotations

from veiviser.backends.chat_models.scripted import ScriptedChatModel
from veiviser.course import CourseBuilder

TOPIC, AUDIENCE = "koordinatorrollen", "nye koordinatorer"
FAITHFUL = (
    "Koordinatoren er tjenesteyteren som leder oppfølgingsteamet og sørger for oppfølging, "
    "samordning og framdrift i individuell plan."
)
INVENTED = "Koordinatoren må ha minst 20 års erfaring og være utdannet lege."


def build(settings, kb, model):
    return CourseBuilder(settings, kb=kb, chat_model=model).build(TOPIC, AUDIENCE)


def test_a_supported_rewording_is_used_and_an_invented_one_is_dropped(settings, kb):
    plain = CourseBuilder(settings, kb=kb).build(TOPIC, AUDIENCE)
    model = ScriptedChatModel(replies=[FAITHFUL, INVENTED])
    course = build(settings, kb, model)
    first, rest = course.key_points[0], course.key_points[1:]
    # the role summary; the glossary's shorter definition saying the same is left out as a repeat
    assert plain.key_points[0].text.startswith("En tjenesteyter som sørger for nødvendig oppfølging")
    assert first.text == FAITHFUL and first.original == plain.key_points[0].text
    assert first.citations == plain.key_points[0].citations  # the citation still points at the kb wording
    assert [kp.text for kp in rest] == [kp.text for kp in plain.key_points[1:]]
    assert all(INVENTED not in kp.text for kp in course.key_points)
    assert any("forkastet" in n for n in course.notices)
    assert len(model.received) == len(course.key_points)
    prompt = model.received[0][-1].content
    assert plain.key_points[0].citations[0].quote in prompt  # the model sees the source it must stay within


def test_an_unreachable_model_leaves_the_kb_wording(settings, kb):
    course = build(settings, kb, ScriptedChatModel(fail_with="connection refused"))
    plain = CourseBuilder(settings, kb=kb).build(TOPIC, AUDIENCE)
    assert [kp.text for kp in course.key_points] == [kp.text for kp in plain.key_points]
    assert any("svarte ikke" in n for n in course.notices)


def test_the_scripted_answerer_setting_selects_the_llm_path(settings, kb):
    course = CourseBuilder(settings.with_(answerer="scripted"), kb=kb).build(TOPIC, AUDIENCE)
    # the default scripted model answers from the prompt's first passage, which this prompt does not have
    assert course.key_points and all(kp.citations for kp in course.key_points)
