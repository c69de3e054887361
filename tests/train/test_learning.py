"""Training works: each task is learned well past chance within a fixed, CI-sized number of steps.
The headline: a 16-unit GRU reaches 95 % on held-out delayed recall with k = 10."""

import numpy as np
import pytest

from gru_viz.train import TrainConfig, advance, evaluate, start
from gru_viz.train.tasks import correct

RECALL = TrainConfig(task="recall", model="GRU", hidden_size=16, length=10, steps=400, seed=0)


def trained(config):
    return advance(start(config), config.steps)


@pytest.fixture(scope="module")
def recall_run():
    """The headline run, trained once for both tests that read it (a run is deterministic)."""
    return trained(RECALL)


def test_a_16_unit_gru_reaches_95_percent_on_delayed_recall_with_k_10(recall_run):
    state = recall_run
    assert state.snapshots[-1].eval_accuracy >= 0.95  # 256 held-out sequences
    # and on a second, larger batch it never saw, drawn from another stream
    x, target = RECALL.the_task.batch(np.random.default_rng(12345), 1000)
    assert evaluate(RECALL, state.params, x, target)[1] >= 0.95


def test_after_training_the_update_gate_writes_at_the_marker_and_keeps_afterwards(recall_run):
    from lessons.watch import memory_unit, probe_run

    state = recall_run
    before, _ = probe_run(state, state.snapshots[0].params)
    after, _ = probe_run(state)
    untrained, learned = memory_unit(before), memory_unit(after)
    assert learned.write > 0.5 and learned.keep_min > 0.9 and learned.survives > 0.5
    assert untrained.survives < 0.05  # z near one half: 10 halvings leave about a thousandth


def test_running_parity_is_learned():
    state = trained(TrainConfig(task="parity", hidden_size=16, length=10, steps=400, seed=0))
    assert state.snapshots[-1].eval_accuracy >= 0.95


def test_the_adding_problem_beats_always_answering_one():
    config = TrainConfig(task="adding", hidden_size=16, length=10, steps=400, seed=0)
    state = trained(config)
    x, target = config.the_task.batch(np.random.default_rng(9), 1000)
    baseline = np.mean((1.0 - target) ** 2)  # about 1/6
    loss, accuracy = evaluate(config, state.params, x, target)
    assert loss < baseline / 10 and accuracy > 0.5


def test_next_character_beats_always_guessing_a_space_on_the_held_out_text():
    config = TrainConfig(task="text", hidden_size=32, length=20, steps=400, learning_rate=0.01, seed=0)
    state = trained(config)
    assert state.snapshots[-1].eval_accuracy > config.the_task.chance + 0.1
    assert correct(config.the_task, np.eye(3)[[0, 2]], np.array([0, 1])).tolist() == [True, False]
