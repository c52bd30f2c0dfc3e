import os

import pytest

from veiviser.core.parallel import available_workers, map_texts


def test_forked_workers_give_the_same_results_in_the_same_order():
    suffix = "!"  # a closure: the workers inherit it by fork, nothing is pickled but texts and results
    texts = [f"tekst {i}" for i in range(200)]

    def shout(text: str) -> tuple[str, int]:
        return text.upper() + suffix, os.getpid()

    results = map_texts(shout, texts, workers=2, min_chars=0)
    assert [r[0] for r in results] == [t.upper() + "!" for t in texts]
    assert {pid for _, pid in results} - {os.getpid()}  # some of it ran in another process


def test_short_input_or_one_worker_stays_in_this_process():
    texts = ["a", "b", "c"]
    assert {pid for pid in map_texts(lambda _: os.getpid(), texts, workers=2)} == {os.getpid()}
    assert {pid for pid in map_texts(lambda _: os.getpid(), texts, workers=1, min_chars=0)} == {os.getpid()}
    assert map_texts(str.upper, [], workers=2, min_chars=0) == []


def test_an_error_in_a_worker_reaches_the_caller():
    def broken(text: str) -> str:
        raise ValueError(f"cannot read {text}")

    with pytest.raises(ValueError, match="cannot read"):
        map_texts(broken, ["x", "y", "z"], workers=2, min_chars=0)


def test_workers_follow_the_setting_or_the_cores():
    assert available_workers(3) == 3
    cores = len(os.sched_getaffinity(0))
    assert available_workers(0) == max(1, min(4, cores))  # one per core this process may use, at most 4
