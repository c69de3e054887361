"""What a finished run is saved as, and the shipped pretrained GRU: it loads, it is what its record
says, it came from this trainer (the first steps retrained here give the record's curve), and it
is a preset of the explorer."""

import hashlib
import json

import numpy as np
import pytest

import gru_viz
from gru_viz.train import TrainConfig, advance, evaluate, save_trained, start
from lessons import presets
from lessons.explore import run_state
from lessons.pretrained import LABEL, PRETRAINED, pretrained_record


def test_save_trained_writes_weights_that_load_as_the_same_network_and_a_record(tmp_path):
    for model in ("GRU", "LSTM", "RNN"):
        state = advance(start(TrainConfig(model=model, hidden_size=4, length=3, steps=20)), 20)
        weights, record_path = save_trained(state, tmp_path / f"{model}.safetensors")
        loaded = gru_viz.load_weights(weights)
        x = np.random.default_rng(0).normal(size=(5, state.config.the_task.input_size))
        np.testing.assert_allclose(loaded.run(x).output, state.model().run(x).output, atol=1e-15)
        record = json.loads(record_path.read_text())
        assert record["config"]["model"] == model and record["steps_trained"] == 20
        assert len(record["curves"]["loss"]) == 20
        assert record["weights"]["sha256"] == hashlib.sha256(weights.read_bytes()).hexdigest()
        np.testing.assert_array_equal(record["readout"]["W"], state.readout().W)


def test_the_shipped_gru_loads_in_the_apps_convention_and_matches_its_record():
    record = pretrained_record()
    model = gru_viz.load_weights(PRETRAINED)
    assert isinstance(model, gru_viz.GRU) and (model.reset, model.z_convention) == ("before", "takes_new")
    assert model.hidden_size == record["config"]["hidden_size"] == 8
    assert record["weights"]["sha256"] == hashlib.sha256(PRETRAINED.read_bytes()).hexdigest()
    assert record["made_by"] == "scripts/train_pretrained.py"


def test_the_shipped_gru_reaches_its_recorded_accuracy():
    record = pretrained_record()
    config = TrainConfig(**record["config"])
    model = gru_viz.load_weights(PRETRAINED)
    readout = gru_viz.Readout(np.array(record["readout"]["W"]), np.array(record["readout"]["b"]))
    x, target = config.the_task.batch(np.random.default_rng([config.seed, 3]), 256, held_out=True)
    logits = readout(model.run(x).output[-1])
    accuracy = np.mean(np.argmax(logits, axis=-1) == target)
    assert accuracy == record["held_out"]["accuracy"] >= 0.95


def test_the_shipped_gru_came_from_this_trainer():
    """Training is deterministic: the record's settings, retrained here for 60 steps, give the very
    curve the record holds for those steps."""
    record = pretrained_record()
    state = advance(start(TrainConfig(**record["config"])), 60)
    np.testing.assert_allclose(state.loss, record["curves"]["loss"][:60], rtol=1e-7)  # stored to 8 digits


def test_the_shipped_gru_is_a_preset_on_every_page():
    state = presets.EXAMPLES[LABEL]()
    assert state.example == LABEL and (state.reset, state.z_convention) == ("before", "takes_new")
    record = pretrained_record()
    np.testing.assert_array_equal(np.array(state.x), record["probe"]["x"])
    trace = run_state(state).cells[0][0]
    assert trace.z.shape == (len(record["probe"]["x"]), 8)


@pytest.mark.parametrize("bad", ['{"format": "gru-viz-training-state", "config": {"task": "recall"}, "step": -1}',
                                 '{"format": "gru-viz-training-state", "config": {"colour": 1}}',
                                 '{"format": "gru-viz-training-state"}', "[1, 2]", "not json"])
def test_a_damaged_training_state_is_refused_with_a_value_error(bad):
    from gru_viz.train import from_json

    with pytest.raises(ValueError):
        from_json(bad)


def test_evaluate_on_the_held_out_batch_is_what_the_snapshots_record():
    config = TrainConfig(hidden_size=4, length=3, steps=10)
    state = advance(start(config), 10)
    assert evaluate(config, state.params) == (state.snapshots[-1].eval_loss, state.snapshots[-1].eval_accuracy)
