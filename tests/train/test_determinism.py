"""A run is a pure function of its configuration and step count: chunks, pauses and a trip through
JSON change nothing, bit for bit; a different seed gives a different run."""

import numpy as np
import pytest

from gru_viz.train import TrainConfig, advance, from_json, start, to_json

CONFIG = TrainConfig(task="recall", model="GRU", hidden_size=8, length=6, steps=300, seed=5, snapshots=7)


def run_in_chunks(config, chunks):
    state = start(config)
    for n in chunks:
        state = advance(state, n)
    return state


def assert_same(a, b):
    assert a.step == b.step and a.rng == b.rng
    for name in ("params", "m", "v"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.loss == b.loss and a.accuracy == b.accuracy  # exact float equality, step by step
    assert [s.step for s in a.snapshots] == [s.step for s in b.snapshots]
    for s, t in zip(a.snapshots, b.snapshots):
        np.testing.assert_array_equal(s.params, t.params)
        assert (s.eval_loss, s.eval_accuracy) == (t.eval_loss, t.eval_accuracy)


@pytest.mark.parametrize("model", ["GRU", "LSTM", "RNN"])
def test_one_chunk_or_many_gives_the_same_run(model):
    config = TrainConfig(**{**CONFIG.__dict__, "model": model})
    whole = run_in_chunks(config, [300])
    assert_same(whole, run_in_chunks(config, [30] * 10))
    assert_same(whole, run_in_chunks(config, [1, 7, 0, 150, 1000]))  # uneven, empty, past the end


def test_a_run_saved_to_json_goes_on_exactly_as_if_it_never_stopped():
    whole = run_in_chunks(CONFIG, [300])
    half = run_in_chunks(CONFIG, [123])
    reopened = from_json(to_json(half))
    assert_same(reopened, half)
    assert_same(advance(reopened, 177), whole)


@pytest.mark.parametrize("task", ["parity", "adding", "text"])
def test_every_task_trains_deterministically(task):
    config = TrainConfig(task=task, hidden_size=4, length=5, steps=40, seed=2)
    assert_same(run_in_chunks(config, [40]), run_in_chunks(config, [13, 27]))


def test_a_different_seed_gives_a_different_run():
    other = TrainConfig(**{**CONFIG.__dict__, "seed": 6})
    a, b = run_in_chunks(CONFIG, [20]), run_in_chunks(other, [20])
    assert a.loss != b.loss and not np.array_equal(a.params, b.params)


def test_the_state_is_read_only_and_advance_leaves_its_input_alone():
    state = start(CONFIG)
    before = state.params.copy()
    advance(state, 5)
    np.testing.assert_array_equal(state.params, before)
    assert state.step == 0 and not state.params.flags.writeable


def test_snapshots_fall_on_a_fixed_schedule():
    state = run_in_chunks(CONFIG, [300])
    every = CONFIG.snapshot_every
    assert every == 43
    assert [s.step for s in state.snapshots] == [0, 43, 86, 129, 172, 215, 258, 300]


def test_bad_settings_are_refused_with_a_reason():
    for changes, message in (({"task": "sorting"}, "task must be one of"), ({"model": "Transformer"}, "model must"),
                             ({"hidden_size": 0}, "hidden_size"), ({"length": 0}, "delay k"),
                             ({"symbols": 9}, "2 to 8 symbols"), ({"learning_rate": 0.0}, "above 0"),
                             ({"learning_rate": float("nan")}, "learning_rate"), ({"steps": 10**6}, "steps")):
        with pytest.raises(ValueError, match=message):
            TrainConfig(**{**CONFIG.__dict__, **changes})
    with pytest.raises(ValueError, match="not a training state"):
        from_json('{"format": "something else"}')
