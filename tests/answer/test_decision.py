"""The learned answer-or-abstain decision: features of an answer attempt, the model file, and its training."""

from __future__ import annotations

import json
import random

import pytest
from answer_fixtures import PROMPTS, make_chunks, make_retriever

from veiviser.answer.decision import FEATURES, DecisionModelError, LearnedDecision, load_decision
from veiviser.answer.extractive import ExtractiveAnswerer
from veiviser.answer.phrases import load_phrases
from veiviser.evaluation.training import Row, choose_threshold, train


def _answerer(**kwargs) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS, **kwargs)


def test_features_are_general_finite_and_tell_an_answer_from_an_off_topic_question():
    answerer = _answerer(with_features=True)
    on = answerer.retrieve("Hvem leder et oppfølgingsteam?")
    off = answerer.retrieve("Hvor mange timer sol fikk Bergen i juli?")
    assert set(on.features) == set(FEATURES) == set(off.features)
    assert all(isinstance(v, float) and v == v for v in on.features.values())
    assert on.features["sentence_coverage"] > off.features["sentence_coverage"]
    assert on.features["heaviest_term_found"] > off.features["heaviest_term_found"]


def test_computing_features_leaves_the_rule_based_decision_as_it_was():
    plain, measured = _answerer(), _answerer(with_features=True)
    for question in (
        "Hvem leder et oppfølgingsteam?",
        "Hva er telefonnummeret til legevakten?",
        "Hvor mange timer sol?",
    ):
        a, b = plain.answer(question), measured.answer(question)
        assert (a.abstained, a.text) == (b.abstained, b.text)


def _model(threshold: float, coef_on: str = "sentence_coverage") -> LearnedDecision:
    import numpy as np

    coef = np.array([4.0 if name == coef_on else 0.0 for name in FEATURES])
    zeros, ones = np.zeros(len(FEATURES)), np.ones(len(FEATURES))
    return LearnedDecision(FEATURES, zeros, ones, coef, -1.0, threshold, {})


def test_a_learned_decision_decides_and_survives_a_round_trip(tmp_path):
    on, off = "Hvem leder et oppfølgingsteam?", "Hvor mange timer sol fikk Bergen i juli?"
    model = _model(0.5)
    answerer = _answerer(decision=model)
    assert not answerer.answer(on).abstained
    assert answerer.answer(off).abstained
    model.save(tmp_path / "answer_decision.json")
    loaded = load_decision(tmp_path)
    assert loaded is not None and loaded.as_dict() == model.as_dict()
    assert load_decision(tmp_path / "nowhere") is None


def test_a_broken_model_file_says_what_to_do(tmp_path):
    (tmp_path / "answer_decision.json").write_text(json.dumps({"features": ["nonsense"]}), encoding="utf-8")
    with pytest.raises(DecisionModelError, match="retrain"):
        load_decision(tmp_path)


def _rows(n: int, seed: int) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answerable = i % 3 != 0
        signal = rng.gauss(0.7 if answerable else 0.3, 0.15)
        features = dict.fromkeys(FEATURES, 0.0) | {"sentence_coverage": signal, "coverage": rng.random()}
        rows.append(
            Row(
                f"q{i}",
                "domain",
                "test" if i % 4 == 0 else "train",
                f"g{i // 3}",
                "lookup",
                "nb",
                features | {"n_sentences": 1.0},
                answerable,
                answerable,
                True,
            )
        )
    return rows


def test_training_finds_the_informative_signal_and_scores_only_test_rows():
    decision, report = train(_rows(300, seed=1))
    weights = dict(zip(decision.features, decision.coef))
    assert weights["sentence_coverage"] > 3 * abs(weights["coverage"])
    figures = report.test["domain"]["learned"]
    assert figures["answerable"] + figures["unanswerable"] == 75  # the test rows only
    assert figures["answered_rate"] >= 0.8 and figures["abstained_rate"] >= 0.7
    assert report.cv and all(0.5 < v["auc"] <= 1.0 for v in report.cv.values())


def test_the_threshold_keeps_the_asked_share_of_answerable_questions():
    import numpy as np

    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
    y = np.ones(10, dtype=int)
    t = choose_threshold(p, y, 0.9)
    assert (p >= t).mean() >= 0.9


def test_the_learned_decision_is_chosen_by_settings_and_a_missing_model_says_how_to_train_it(tmp_path):
    import shutil

    from veiviser.app.answerers import make_answerer
    from veiviser.core.config import ConfigError, Settings

    prompts = tmp_path / "prompts"
    shutil.copytree(PROMPTS, prompts)
    (prompts / "answer_decision.json").unlink(missing_ok=True)
    retriever = make_retriever(make_chunks())
    assert make_answerer(Settings(prompts_dir=prompts, decision="rules"), retriever).decision is None
    with pytest.raises(ConfigError, match="train_decisions.py"):
        make_answerer(Settings(prompts_dir=prompts), retriever)  # learned by default
    _model(0.5).save(prompts / "answer_decision.json")
    answerer = make_answerer(Settings(prompts_dir=prompts, decision="learned"), retriever)
    assert answerer.decision is not None and answerer.answer("Hvem leder et oppfølgingsteam?").citations
    with pytest.raises(ConfigError, match="Unknown decision"):
        Settings(decision="coin-flip")


def test_a_learned_sentence_scorer_orders_candidates_by_its_own_features(tmp_path):
    import shutil

    import numpy as np

    from veiviser.answer.sentence_scorer import SENTENCE_FEATURES, load_sentence_scorer
    from veiviser.app.answerers import make_answerer
    from veiviser.core.config import ConfigError, Settings

    prompts = tmp_path / "prompts"
    shutil.copytree(PROMPTS, prompts)
    (prompts / "sentence_scorer.json").unlink(missing_ok=True)
    retriever = make_retriever(make_chunks())
    with pytest.raises(ConfigError, match="train_decisions.py"):
        make_answerer(Settings(prompts_dir=prompts, sentences="learned"), retriever)
    # a scorer that only likes digits: the sentence with the count must lead
    coef = np.array([5.0 if n == "has_digit" else 0.0 for n in SENTENCE_FEATURES])
    n = len(SENTENCE_FEATURES)
    LearnedDecision(SENTENCE_FEATURES, np.zeros(n), np.ones(n), coef, -2.0, 0.5, {}).save(
        prompts / "sentence_scorer.json"
    )
    assert load_sentence_scorer(prompts) is not None
    answerer = make_answerer(Settings(prompts_dir=prompts, sentences="learned", decision="rules"), retriever)
    answer = answerer.answer("Hvor mange koordinatorer svarte på spørreundersøkelsen?")
    assert "87" in answer.citations[0].quote


def test_a_sources_are_silent_note_is_never_quoted_and_is_measured_as_a_signal():
    from dataclasses import replace

    silent = replace(
        make_chunks([("kb/pathways/x.yaml", "nb", None, "Kildene sier ikke noe om", "")])[0],
        id="silent",
        doc_type="kb",
        text="Kildene sier ikke noe om\n\nKildene sier ikke hvor ofte læringsloggen skal fylles ut i ansvarsgruppen.",
        heading_path=("SPoR", "Kildene sier ikke noe om"),
    )
    answerer = ExtractiveAnswerer(
        make_retriever([*make_chunks(), silent]), load_phrases(PROMPTS), prompts_dir=PROMPTS, with_features=True
    )
    retrieval = answerer.retrieve("Hvor ofte skal ansvarsgruppen fylle ut læringsloggen?")
    assert all(q.hit.chunk.id != "silent" for s in retrieval.sentences for q in s.quotes)
    assert all(c.quote.hit.chunk.id != "silent" for c in answerer.candidates(retrieval))
    assert retrieval.features["not_covered_match"] > 0.3


def test_training_weighs_each_dataset_alike_and_its_operating_point_keeps_every_set_answering():
    import numpy as np

    from veiviser.evaluation.training import balanced_weights, mean_auc

    groups = np.array(["big:a"] * 8 + ["small:b"] * 2)
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 1, 0])
    w = balanced_weights(groups, y)
    for d in ("big", "small"):
        for label in (0, 1):
            mask = (np.char.startswith(groups, d)) & (y == label)
            assert w[mask].sum() == pytest.approx(len(y) / 4)
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.35, 0.1])
    t = choose_threshold(p, y, 0.8, groups)
    for d in ("big", "small"):
        able = np.char.startswith(groups, d) & (y == 1)
        assert (p[able] >= t).mean() >= 0.8
    assert t > 0.3  # not simply the lowest score: the unanswerable 0.3 and 0.2 are refused where the floor allows
    assert mean_auc(y, p, groups) == pytest.approx(1.0)


def test_learned_models_apply_only_to_an_index_built_with_the_embedder_they_were_trained_on(tmp_path, caplog):
    import shutil
    from dataclasses import replace

    from veiviser.answer.sentence_scorer import load_sentence_scorer
    from veiviser.app.answerers import make_answerer
    from veiviser.core.config import Settings

    prompts = tmp_path / "prompts"
    shutil.copytree(PROMPTS, prompts)
    retriever = make_retriever(make_chunks())
    built_with = retriever.version.embedder_name
    shipped = load_decision(prompts)
    assert shipped is not None and shipped.meta["embedder"] and shipped.meta["embedder"] != built_with
    with caplog.at_level("INFO"):
        answerer = make_answerer(Settings(prompts_dir=prompts, decision="learned"), retriever)
    assert answerer.decision is None and answerer.sentence_model is None  # the rules and hand-set weights
    assert "using the rules" in caplog.text and "using the hand-set weights" in caplog.text
    replace(shipped, meta={**shipped.meta, "embedder": built_with}).save(prompts / "answer_decision.json")
    scorer = load_sentence_scorer(prompts)
    assert scorer is not None
    replace(scorer, meta={**scorer.meta, "embedder": built_with}).save(prompts / "sentence_scorer.json")
    answerer = make_answerer(Settings(prompts_dir=prompts, decision="learned"), retriever)
    assert answerer.decision is not None and answerer.sentence_model is not None


def test_a_silent_list_inside_a_passage_that_starts_with_another_item_is_never_quoted():
    from dataclasses import replace

    from veiviser.answer.candidates import silent_from, silent_text

    mixed = replace(
        make_chunks([("kb/pathways/x.yaml", "nb", None, "Hva lærte vi?", "")])[0],
        id="mixed",
        doc_type="kb",
        text=(
            "Hva lærte vi av dette?\n\nHvorfor: Oppsummeringen av læringsloggen gir lærdom om samhandling.\n\n"
            "Kildene sier ikke noe om\n\nKildene sier ikke hvor ofte læringsloggen skal fylles ut i ansvarsgruppen."
        ),
        heading_path=("SPoR", "Læringslogg", "Hva lærte vi av dette?"),
    )
    start = silent_from(mixed)
    assert start is not None and mixed.text[start:].startswith("Kildene sier ikke noe om")
    assert silent_text(mixed).endswith("ansvarsgruppen.") and "Oppsummeringen" not in silent_text(mixed)
    answerer = ExtractiveAnswerer(
        make_retriever([*make_chunks(), mixed]), load_phrases(PROMPTS), prompts_dir=PROMPTS, with_features=True
    )
    retrieval = answerer.retrieve("Hvor ofte skal ansvarsgruppen fylle ut læringsloggen?")
    quoted = [c for c in answerer.candidates(retrieval) if c.quote.hit.chunk.id == "mixed"]
    assert quoted and all(c.quote.end <= start for c in quoted)  # the item before the list may still answer


def test_a_missing_asked_for_fact_vetoes_even_a_confident_learned_decision():
    import numpy as np

    from veiviser.answer.decision import lacks_what_was_asked

    n = len(FEATURES)
    always = LearnedDecision(FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 10.0, 0.5, {})
    answerer = ExtractiveAnswerer(
        make_retriever(make_chunks()), load_phrases(PROMPTS), prompts_dir=PROMPTS, decision=always
    )
    refused = answerer.retrieve("Hva er telefonnummeret til koordinatoren i oppfølgingsteamet?")
    assert refused.abstain and refused.abstain_reason.startswith("lacks_")
    assert lacks_what_was_asked(refused.features)
    answered = answerer.retrieve("Hvem leder et oppfølgingsteam?")
    assert not answered.abstain and not lacks_what_was_asked(answered.features)


def test_regularisation_is_the_strongest_whose_cv_auc_is_within_noise_of_the_best():
    import numpy as np

    from veiviser.evaluation.training import AUC_TOLERANCE, _simplest_within_tolerance

    none = np.zeros(0)
    scored = [(0.01, 0.8377, none), (0.1, 0.8486, none), (0.3, 0.8487, none), (1.0, 0.8458, none)]
    assert _simplest_within_tolerance(scored)[0] == 0.1  # 0.0001 AUC is no reason for weaker regularisation
    clear = [(0.01, 0.80, none), (0.1, 0.80 + 2 * AUC_TOLERANCE, none)]
    assert _simplest_within_tolerance(clear)[0] == 0.1
