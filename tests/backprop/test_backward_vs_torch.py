"""Backprop against torch 2.13.0 autograd (tests/reference/make_gradients.py): every parameter, x,
h0 and c0, and gradient_flow's Jacobian norms, to a relative error of 1e-10.

The other GRU conventions from the same vectors: a takes_new model is the keeps_old model with its
update-gate rows negated (z -> 1 - z, h unchanged), so its parameter gradients are torch's with
the z rows negated, and its gradients at x, h0 and its gradient flow are torch's unchanged.
"""

import numpy as np
import pytest

import gru_viz
from tests.backprop.support import GRADIENTS, gradient_case, model_from_case, relative_error, torch_name

CASES = sorted(p.stem for p in GRADIENTS.glob("*.npz"))
ONE_SEQUENCE = [name for name in CASES if "flow/state" in gradient_case(name)]
TOLERANCE = 1e-10


def ours_for(case, model=None):
    model = model or model_from_case(case)
    if isinstance(model, gru_viz.LSTM):
        trace = model.run(case["x"], case["h0"], case["c0"])
        return model, gru_viz.backward(model, trace, case["d_output"], case["d_h_n"], case["d_c_n"])
    trace = model.run(case["x"], case["h0"])
    return model, gru_viz.backward(model, trace, case["d_output"], case["d_h_n"])


def test_reference_cases_cover_every_cell_stacked_bidirectional_and_batched():
    assert len(CASES) >= 12
    for kind in ("rnn", "gru", "gru_reset_before", "lstm"):
        assert f"{kind}_small" in CASES and f"{kind}_two_layer_bidir" in CASES
    assert {"rnn_batched", "gru_batched", "lstm_batched", "gru_no_bias"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_every_gradient_matches_torch_autograd(name):
    case = gradient_case(name)
    model, grads = ours_for(case)
    checked = 0
    for (l, d, field), ours in grads.arrays().items():
        key = "grad/" + torch_name(l, d, field)
        assert relative_error(ours, case[key]) <= TOLERANCE, key
        checked += 1
    expected = sum(1 for k in case if k.startswith("param/"))
    assert checked == expected  # a gradient for every stored array, and no bias gradient invented
    for field in ("x", "h0", "c0"):
        if f"grad/{field}" in case:
            assert relative_error(getattr(grads, field), case[f"grad/{field}"]) <= TOLERANCE, field
    assert (grads.c0 is None) == ("grad/c0" not in case)


@pytest.mark.parametrize("wrt", ["state", "input"])
@pytest.mark.parametrize("name", ONE_SEQUENCE)
def test_gradient_flow_matches_torch_jacobians(name, wrt):
    case = gradient_case(name)
    model = model_from_case(case)
    g = gru_viz.gradient_flow(model, case["x"], wrt, h0=case["h0"], c0=case.get("c0"))
    assert relative_error(g, case[f"flow/{wrt}"]) <= TOLERANCE
    if wrt == "state":
        assert g[-1] == pytest.approx(np.sqrt(model.hidden_size), rel=1e-15)


@pytest.mark.parametrize("name", [c for c in CASES if c.startswith("gru")])
def test_the_other_z_convention_has_torchs_gradients_with_z_rows_negated(name):
    case = gradient_case(name)
    model = model_from_case(case)
    other = "takes_new" if model.z_convention == "keeps_old" else "keeps_old"
    switched, grads = ours_for(case, model.with_z_convention(other))
    H = model.hidden_size
    sign = np.repeat([1.0, -1.0, 1.0], H)  # d/d(-theta_z) = -(d/d theta_z)
    for (l, d, field), ours in grads.arrays().items():
        theirs = case["grad/" + torch_name(l, d, field)]
        expected = theirs * (sign[:, None] if theirs.ndim == 2 else sign)
        assert relative_error(ours, expected) <= TOLERANCE, (l, d, field)
    assert relative_error(grads.x, case["grad/x"]) <= TOLERANCE
    assert relative_error(grads.h0, case["grad/h0"]) <= TOLERANCE
    if name in ONE_SEQUENCE:
        for wrt in ("state", "input"):
            g = gru_viz.gradient_flow(switched, case["x"], wrt, h0=case["h0"])
            assert relative_error(g, case[f"flow/{wrt}"]) <= TOLERANCE
