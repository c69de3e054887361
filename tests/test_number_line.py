"""The cell page's number lines: h_t drawn between h_{t-1} and h~_t, at the trace's own numbers."""

import re

import numpy as np

from gru_viz.figures.number_line import interpolation_html, number_lines
from lessons import presets
from lessons.explore import run_state


def trace_of(name="Two units, two speeds", **changes):
    state = presets.EXAMPLES[name]().with_changes(**changes)
    return run_state(state).cells[0][0]


def positions(html, unit_count):
    """The dots' positions on the track in %, per unit: {field: [x for unit 0, 1, ...]}."""
    found = re.findall(r'data-field="(\w+)" [^>]*left:([0-9.]+)%', html)
    out = {}
    for field, x in found:
        out.setdefault(field, []).append(float(x))
    assert all(len(v) == unit_count for v in out.values())
    return {k: np.array(v) for k, v in out.items()}


def test_h_lands_between_old_and_candidate_at_the_share_taken():
    trace = trace_of()
    for t in range(trace.h.shape[0]):
        x = positions(number_lines(trace, t), trace.h.shape[1])
        take = trace.z[t]  # the example runs under "z takes the new candidate"
        expected = x["h_prev"] + take * (x["h_tilde"] - x["h_prev"])
        np.testing.assert_allclose(x["h"], expected, atol=2e-3)
        assert np.all((x["h"] >= 0) & (x["h"] <= 100))


def test_the_mirror_convention_reads_the_share_from_one_minus_z():
    trace = trace_of(z_convention="keeps_old")
    t = 2
    html = number_lines(trace, t)
    for u in range(trace.h.shape[1]):
        assert f"takes {1 - trace.z[t, u]:.0%} · h = {trace.h[t, u]:+.3f}" in html


def test_one_sentence_per_unit_and_tokens_are_escaped():
    trace = trace_of()
    html = interpolation_html(trace, 1, token="<script>x</script>")
    assert html.count("<li>") == trace.h.shape[1]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_chosen_units_alone_are_drawn_and_described_in_their_order():
    trace = trace_of()
    html = interpolation_html(trace, 2, units=[1])
    assert re.findall(r">unit (\d+)<", html) == ["1"] and html.count("<li>") == 1 and "Unit 1 keeps" in html
    both = number_lines(trace, 2, units=[1, 0])
    assert re.findall(r">unit (\d+)<", both) == ["1", "0"]
    np.testing.assert_allclose(positions(both, 2)["h"], positions(number_lines(trace, 2), 2)["h"][::-1])
