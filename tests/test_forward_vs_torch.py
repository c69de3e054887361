"""Our forward pass against torch 2.13.0's nn.GRU, nn.LSTM and nn.RNN (tests/reference/make_forward.py)."""

import io

import numpy as np
import pytest

import gru_viz
from tests.helpers import REFERENCE, reference_case, state_dict_of

CASES = sorted(p.stem for p in (REFERENCE / "forward").glob("*.npz"))
GRU_GATES = {"r": "r", "z": "z", "h_tilde": "n", "h": "h", "a_r": "a_r", "a_z": "a_z",
             "a_h_tilde": "a_n", "h_tilde_rec": "hn_rec"}
LSTM_GATES = {k: k for k in "ifgoch"}
RNN_GATES = {"a": "a", "h": "h"}


def load_case(name):
    case = reference_case(name)
    buffer = io.BytesIO()
    np.savez(buffer, **state_dict_of(case))
    return case, gru_viz.load_weights(buffer.getvalue())


def run_case(case, model):
    if isinstance(model, gru_viz.LSTM):
        return model.run(case["x"], h0=case["h0"], c0=case["c0"])
    return model.run(case["x"], h0=case["h0"])


def test_reference_cases_exist():
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", CASES)
def test_output_and_final_state_match_torch(name):
    case, model = load_case(name)
    trace = run_case(case, model)
    np.testing.assert_allclose(trace.output, case["output"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.h_n, case["h_n"], rtol=0, atol=1e-12)
    if "c_n" in case:
        np.testing.assert_allclose(trace.c_n, case["c_n"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_every_recorded_gate_matches_torch(name):
    case, model = load_case(name)
    trace = run_case(case, model)
    names = {gru_viz.GRU: GRU_GATES, gru_viz.LSTM: LSTM_GATES, gru_viz.RNN: RNN_GATES}[type(model)]
    checked = 0
    for l, directions in enumerate(trace.cells):
        for d, cell in enumerate(directions):
            for ours, theirs in names.items():
                ours_value = cell.a if ours == "a" and isinstance(model, gru_viz.RNN) else getattr(cell, ours)
                np.testing.assert_allclose(ours_value, case[f"gate/l{l}/d{d}/{theirs}"], rtol=0, atol=1e-12,
                                           err_msg=f"{name} layer {l} direction {d} {ours}")
                checked += 1
    assert checked == model.num_layers * model.num_directions * len(names)


@pytest.mark.parametrize("name", [c for c in CASES if c.startswith("gru")])
def test_takes_new_view_of_a_torch_gru_flips_z_and_keeps_h(name):
    case, model = load_case(name)
    assert model.z_convention == "keeps_old" and model.reset == "after"
    trace = run_case(case, model.with_z_convention("takes_new"))
    np.testing.assert_allclose(trace.output, case["output"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.cells[0][0].z, 1 - case["gate/l0/d0/z"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_parameter_counts_equal_torch_numel(name):
    case, model = load_case(name)
    expected = int(case["num_parameters"])
    assert model.num_parameters == expected
    kind = type(model).__name__.lower()
    has_bias = "param/bias_ih_l0" in case
    assert gru_viz.parameter_count(kind, model.input_size, model.hidden_size, model.num_layers,
                                   model.bidirectional, framework="pytorch", bias=has_bias) == expected


@pytest.mark.parametrize("name", ["gru_small", "gru_three_layer_bidir"])
def test_safetensors_written_by_torch_load_and_match(name):
    case = reference_case(name)
    model = gru_viz.load_weights(REFERENCE / "forward" / f"{name}.safetensors")
    np.testing.assert_allclose(model.run(case["x"], h0=case["h0"]).output, case["output"], rtol=0, atol=1e-12)
