from veiviser.answer.evidence import AbstentionPolicy, EvidenceSignals

POLICY = AbstentionPolicy(min_coverage=0.3, min_dense=0.85, confident_coverage=0.75, cross_min_dense=0.78)


def signals(coverage, dense=None, cross=False, calibrated=True):
    return EvidenceSignals(coverage, coverage, 1.0, dense, True, (), cross, calibrated)


def test_same_language_needs_words_and_a_close_dense_hit():
    assert POLICY.should_abstain(signals(0.2, 0.95))
    assert not POLICY.should_abstain(signals(0.5, 0.9))
    assert POLICY.should_abstain(signals(0.5, 0.84))
    assert not POLICY.should_abstain(signals(0.8, 0.84))  # most words found: the dense bar no longer applies


def test_cross_language_leans_on_the_dense_cosine():
    assert not POLICY.should_abstain(signals(0.1, 0.80, cross=True))
    assert POLICY.should_abstain(signals(0.1, 0.77, cross=True))


def test_cosines_of_an_uncalibrated_embedder_are_ignored():
    assert not POLICY.should_abstain(signals(0.5, 0.2, calibrated=False))
    assert POLICY.should_abstain(signals(0.1, 0.99, cross=True, calibrated=False))  # words alone decide
