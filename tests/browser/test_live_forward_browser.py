"""The live view's forward pass (static/live/forward.js), run in chromium, equals the NumPy trace.

Random states up to the page limits (T 200, I 8, H 16), in both z conventions and both reset
positions, with and without recurrent biases, with clamps of either gate (one unit or all, at 0, 1
and between), and weights drawn from several scales up to ±1e6 where every gate saturates. Two
checks. From the server's states (each step starting from NumPy's h_{t-1}: the trace the live view
shows, static/live/main.js), every gate and state of every step must agree within 1e-12, with no NaN
and gates exactly in [0, 1]. Pre-activations are sums of products as large as the weights: rounding
alone moves a sum of terms near 1e6 by about 1e-10 (NumPy's BLAS adds in another order), so they
agree within 1e-12 of the largest pre-activation of the trace, or of 1 where all are smaller.
Running free, from its own states, the browser's trace agrees within 1e-12, or within 1000 times the
distance between NumPy's own two loops (gru_step over the sequence, and gru_forward) where that is
larger: where the weights make the dynamics amplify rounding, not even those two agree (by up to 1.8
on these states), and the browser must be no farther from gru_forward than 1000 times their own
difference. The reference is the app's own compute (lessons.explore.run_state), which the core's
tests hold to PyTorch.
"""

import json

import numpy as np

from gru_viz.cells.gru import gru_step
from lessons.explore import run_state, shown_model
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, AppState, Clamp, validate

STATES = 200
VALUES = ("h_prev", "r", "z", "h_tilde", "h")  # gates and states: within 1e-12
SUMS = ("a_r", "a_z", "h_tilde_rec", "a_h_tilde")  # pre-activations: within 1e-12 of their scale
FIELDS = VALUES + SUMS
SCALES = (0.1, 1.0, 3.0, 30.0, 1e3, 1e6)

# Strings cross to and from the page: Playwright's own serialisation of millions of numbers takes
# tens of seconds, JSON a fraction of one (and JSON's shortest round-trip form keeps every bit).
RUN = """async (json) => {
  const { forward } = await import("/live/forward.js");
  const [states, given] = JSON.parse(json);
  return JSON.stringify(states.map((state, k) => {
    const trace = forward(state, given[k] && Float64Array.from(given[k]));
    const fields = {};
    for (const name of FIELDS) fields[name] = Array.from(trace[name]);
    return fields;
  }));
}""".replace("FIELDS", json.dumps(FIELDS))



def random_state(rng, index):
    at_limits = index % 20 == 0  # every twentieth state at the page limits
    T = MAX_STEPS if at_limits else int(rng.integers(1, 40))
    I = MAX_INPUT if at_limits else int(rng.integers(1, MAX_INPUT + 1))
    H = MAX_HIDDEN if at_limits else int(rng.integers(1, MAX_HIDDEN + 1))
    scale = SCALES[index % len(SCALES)]

    def numbers(*shape):
        return (rng.standard_normal(shape) * scale).clip(-1e6, 1e6).tolist()

    clamp = None
    if index % 3 == 1:
        value = float(rng.choice([0.0, 1.0, rng.uniform()]))
        clamp = Clamp(str(rng.choice(["r", "z"])), value, None if index % 2 else int(rng.integers(H)))
    return validate(AppState(
        x=tuple(map(tuple, (rng.standard_normal((T, I)) * 2).tolist())),
        W_ih=tuple(map(tuple, numbers(3 * H, I))),
        W_hh=tuple(map(tuple, numbers(3 * H, H))),
        b_ih=tuple(numbers(3 * H)),
        b_hh=tuple(numbers(3 * H)) if index % 2 else None,
        reset=("before", "after")[(index // 2) % 2],
        z_convention=("takes_new", "keeps_old")[(index // 4) % 2],
        clamp=clamp,
    ))


def as_data(state):
    return {
        "x": [list(row) for row in state.x], "W_ih": [list(r) for r in state.W_ih],
        "W_hh": [list(r) for r in state.W_hh], "b_ih": list(state.b_ih),
        "b_hh": None if state.b_hh is None else list(state.b_hh), "reset": state.reset,
        "z_convention": state.z_convention,
        "clamp": None if state.clamp is None else {"gate": state.clamp.gate, "value": state.clamp.value,
                                                   "unit": state.clamp.unit},
    }


def own_loop_difference(state, expected):
    """How far NumPy's definition, gru_step run step by step, ends from gru_forward's states."""
    model = shown_model(state)
    h, states = np.zeros(state.hidden_size), []
    for x_t in np.array(state.x):
        h = gru_step(model.layers[0][0], x_t, h, reset=model.reset, z_convention=model.z_convention).h
        states.append(h)
    return float(np.max(np.abs(np.array(states) - expected.h)))


def largest(got, name, state, expected):
    mine = np.array(got[name], dtype=float).reshape(state.steps, state.hidden_size)
    assert np.isfinite(mine).all(), f"{name} has a NaN or inf"
    difference = float(np.max(np.abs(mine - getattr(expected, name))))
    if name in SUMS:
        difference /= max(1.0, float(np.max(np.abs(getattr(expected, name)))))
    return difference


def test_the_browser_forward_equals_the_numpy_trace_on_200_random_states(blank_page):
    rng = np.random.default_rng(19)
    states = [random_state(rng, i) for i in range(STATES)]
    expected = [run_state(s).cells[0][0] for s in states]
    page = blank_page()
    sensitive = 0
    for start in range(0, STATES, 50):  # a few batches: each evaluate's JSON stays a few MB
        batch, wanted = states[start:start + 50], expected[start:start + 50]
        data = [as_data(s) for s in batch]
        forced = json.loads(page.evaluate(RUN, json.dumps([data, [w.h.ravel().tolist() for w in wanted]])))
        free = json.loads(page.evaluate(RUN, json.dumps([data, [None] * len(batch)])))
        for k, (state, want) in enumerate(zip(batch, wanted)):
            where = f"state {start + k} ({state.reset}, {state.z_convention}, clamp {state.clamp})"
            for name in FIELDS:
                difference = largest(forced[k], name, state, want)
                assert difference <= 1e-12, f"{where}, from the server's states: {name} differs by {difference:.3g}"
            for gate in ("r", "z"):
                for trace in (forced[k], free[k]):
                    values = np.array(trace[gate])
                    assert ((values >= 0) & (values <= 1)).all(), f"{where}: {gate} outside [0, 1]"
            own = own_loop_difference(state, want)
            bound = max(1e-12, 1000 * own)
            sensitive += own > 1e-13
            for name in VALUES:
                difference = largest(free[k], name, state, want)
                assert difference <= bound, f"{where}, running free: {name} differs by {difference:.3g} " \
                    f"(NumPy's own loops by {own:.3g})"
    assert sensitive < STATES // 10, f"{sensitive} of {STATES} states amplify rounding: the test lost its point"
