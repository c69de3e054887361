"""The lesson pages (AppTest): each shows its point with numbers, and those numbers are right.

Oracles: torch's parameter counts stored in tests/reference/forward/*.npz ("num_parameters"), the
example file's own outputs (examples/*_outputs.npz, made by torch), and independent recomputation
with gru_viz (gradient_flow, clamped models) of what a page shows.
"""

import json
import re

import numpy as np
import pytest

import gru_viz
from lessons import presets, reach
from lessons.explore import shown_model
from lessons.state import Clamp, to_url
from tests.app.helpers import app_state, array_of, figures, open_app, run_checked
from tests.helpers import ROOT, reference_case

LESSONS = {"pages/conventions_page.py": "The convention trap", "pages/memory_page.py": "Memory and reset",
           "pages/gradients_page.py": "Why gates help gradients", "pages/gru_vs_lstm_page.py": "GRU versus LSTM",
           "pages/stacked_page.py": "Stacked and bidirectional"}


def text(at):
    return "\n".join(m.value for m in at.markdown)


def number_after(label, page_text):
    """The first number written in bold right after `label` ("label ... **1.23**")."""
    match = re.search(re.escape(label) + r"[^*]*\*\*([-+0-9.e,%]+)", page_text)
    assert match, f"{label!r} not found in the page"
    return float(match.group(1).replace(",", "").rstrip("%"))


def sized_state(input_size, hidden_size, **changes):
    """A Random GRU example of the given sizes, as a link's query."""
    return to_url(presets.random_gru(input_size, hidden_size).with_changes(**changes))


@pytest.mark.parametrize("page", list(LESSONS))
def test_every_lesson_names_its_convention_gives_code_and_things_to_try(page):
    at = open_app(page, query=sized_state(3, 4, z_convention="keeps_old", reset="after"))
    assert at.title[0].value == LESSONS[page]
    assert "z keeps the old state" in at.caption[0].value and "reset after" in at.caption[0].value
    assert not at.code  # drawn only once the box is opened
    at.session_state["in_code"] = True  # the learner opens "In code"
    codes = [c.value for c in run_checked(at).code]
    assert any("nn." in c for c in codes) and any("layers." in c for c in codes)  # PyTorch and Keras lines
    assert "Try this" in text(at)


# ---- the convention trap ----------------------------------------------------------------------


def test_conventions_same_h_mirrored_z_and_the_sign_flip_in_numbers():
    at = open_app("pages/conventions_page.py")  # Write once, carry: b_z = (-6, 3) in the seed form
    takes, keeps = (array_of(figure["data"][0]["z"]) for figure in figures(at)[:2])  # the two z maps
    np.testing.assert_allclose(takes + keeps, 1.0, atol=1e-12)
    assert number_after("largest difference in h:", text(at)) < 1e-12
    equations = at.latex[0].value
    takes_line, keeps_line = equations.split("z keeps old")
    assert r"b_z &= \begin{bmatrix}{-}6.00 \\ 3.00\end{bmatrix}" in takes_line  # W_z -> -W_z, b_z -> -b_z
    assert r"b_z &= \begin{bmatrix}6.00 \\ {-}3.00\end{bmatrix}" in keeps_line
    assert "& 10.00" in takes_line and "& {-}10.00" in keeps_line


def test_conventions_reset_before_and_after_differ_by_the_shown_amount():
    state = presets.random_gru()
    at = open_app("pages/conventions_page.py", query=to_url(state))
    model = shown_model(state)
    other = gru_viz.GRU(model.layers, reset="after", z_convention=model.z_convention)
    gap = np.max(np.abs(model.run(np.array(state.x)).output - other.run(np.array(state.x)).output), axis=1)
    plotted = array_of(figures(at)[2]["data"][1]["customdata"])  # |difference| in h, per step
    np.testing.assert_allclose(plotted, gap, rtol=1e-12)
    assert number_after("the largest gap in h is", text(at)) == pytest.approx(gap.max(), abs=1e-3)


def test_conventions_without_a_past_to_read_the_reset_position_cannot_matter():
    at = open_app("pages/conventions_page.py")  # Write once, carry: W_hh = 0
    assert len(figures(at)) == 2 and "agree exactly" in at.info[0].value


@pytest.mark.parametrize("sizes, case, who", [((3, 4), "gru_small", "PyTorch nn.GRU"),
                                             ((2, 3), "gru_no_bias", "Cho et al. 2014")])
def test_conventions_table_counts_equal_torchs(sizes, case, who):
    at = open_app("pages/conventions_page.py", query=sized_state(*sizes))
    row = next(line for line in text(at).splitlines() if line.startswith(f"| {who} |"))
    assert row.endswith(f"**{int(reference_case(case)['num_parameters'])}** |")


# ---- memory and reset --------------------------------------------------------------------------


def test_a_unit_whose_z_is_clamped_to_zero_keeps_all_of_its_value():
    state = presets.random_gru().with_changes(clamp=Clamp("z", 0.0, 1), step=2)
    at = open_app("pages/memory_page.py", query=to_url(state))
    at.selectbox(key="memory_unit").set_value(1).run()
    survival = array_of(figures(at)[0]["data"][0]["customdata"])
    assert np.all(np.isnan(survival[:2])) and np.all(survival[2:] == 1.0)
    assert "still holds **100.0%**" in text(at)


def test_the_write_once_unit_outlasts_the_rnn_until_pushed_to_forget():
    at = open_app("pages/memory_page.py")  # Write once, carry at step 2, unit 0
    lines = [array_of(line["customdata"]) for line in figures(at)[0]["data"]]
    gru_left, rnn_norm = lines[0][-1], lines[2][-1]
    assert gru_left > 0.97 and rnn_norm < 0.01
    assert number_after("still holds", text(at)) == pytest.approx(100 * gru_left, abs=0.05)
    at.slider(key="memory_push").set_value(-8.0).run()
    lines = [array_of(line["customdata"]) for line in figures(at)[0]["data"]]
    assert lines[0][-1] < lines[2][-1]  # now it forgets faster than the RNN


def test_reset_to_zero_leaves_the_candidate_of_x_alone():
    at = open_app("pages/memory_page.py", query=to_url(presets.reset_wipes_the_past()))
    opened, closed, alone = (array_of(line["customdata"]) for line in figures(at)[1]["data"])
    np.testing.assert_array_equal(closed, alone)
    assert np.all(closed[3:] == 0.0) and np.all(opened[3:] > 0.6)  # no input, no past: 0; the past: about 0.7
    assert "computed from $x_t$ alone" in text(at)


def test_with_the_reset_before_one_units_r_does_not_cut_the_other_units_past():
    at = open_app("pages/memory_page.py", query=to_url(presets.random_gru()))
    assert "still misses the dots" in text(at)
    at.radio(key="memory_every").set_value(True).run()
    closed, alone = (array_of(figures(at)[1]["data"][i]["customdata"]) for i in (1, 2))
    np.testing.assert_allclose(closed, alone, atol=1e-15)
    assert "computed from $x_t$ alone" in text(at)


# ---- gradient flow ---------------------------------------------------------------------------


def steps_shown(at):
    table = at.dataframe[0].value
    return dict(zip(table["model"], table["falls below 1e-3 (states)"]))


def test_with_long_memory_the_rnns_gradient_falls_and_the_grus_does_not():
    at = open_app("pages/gradients_page.py")  # the long-memory preset is the default choice
    at.slider(key="gradients_steps").set_value(200).run()
    shown = steps_shown(at)
    state = app_state(at)
    x = reach.extended_input(state.x, 200)
    rnn = gru_viz.RNN.random(state.input_size, state.hidden_size, seed=0)
    k = reach.steps_until_below(gru_viz.gradient_flow(rnn, x), 1e-3)
    assert shown["RNN"] == f"{k} steps back" and k < 30
    assert shown["GRU"] == "not within 199 steps"
    state_lines = figures(at)[0]["data"]
    assert state_lines[1]["name"] == "GRU" and array_of(state_lines[1]["customdata"]).min() > 0.1


def test_a_bigger_weight_scale_changes_the_plain_rnn():
    at = open_app("pages/gradients_page.py", query=sized_state(3, 8))
    before = steps_shown(at)["RNN"]
    at.slider(key="gradients_scale").set_value(3.0).run()
    assert steps_shown(at)["RNN"] != before


# ---- GRU versus LSTM -------------------------------------------------------------------------


def test_gru_and_lstm_counts_equal_torchs_and_times_are_measured():
    at = open_app("pages/gru_vs_lstm_page.py", query=sized_state(3, 4))
    table = at.dataframe[0].value.set_index("cell")
    assert table.loc["GRU", "PyTorch"] == int(reference_case("gru_small")["num_parameters"])
    assert table.loc["LSTM", "PyTorch"] == int(reference_case("lstm_small")["num_parameters"])
    assert table.loc["LSTM", "Keras"] == 4 * 4 * (3 + 4) + 4 * 4
    times = re.findall(r"(GRU|LSTM): \*\*([0-9.]+) ms\*\*", text(at))
    assert [name for name, _ in times] == ["GRU", "LSTM"] and all(float(ms) > 0 for _, ms in times)


def test_the_lstm_heatmaps_show_the_lstms_own_gates():
    state = presets.random_gru(3, 4)
    at = open_app("pages/gru_vs_lstm_page.py", query=to_url(state))
    lstm = gru_viz.LSTM.random(3, 4, seed=0).run(np.array(state.x)).cells[0][0]
    shown = figures(at)[3]["data"]  # diagrams (GRU, LSTM), then heatmaps (GRU, LSTM)
    assert shown[0]["name"] == "input gate i"
    np.testing.assert_allclose(array_of(shown[0]["z"]), lstm.i.T, rtol=1e-12)
    np.testing.assert_allclose(array_of(shown[4]["z"]), lstm.c.T, rtol=1e-12)
    assert "f<sub>t</sub>" in json.dumps(figures(at)[1]["data"])


# ---- stacked and bidirectional ---------------------------------------------------------------


@pytest.mark.parametrize("sizes, layers, bidirectional, case", [((4, 3), 3, True, "gru_three_layer_bidir"),
                                                                ((2, 5), 2, False, "gru_two_layer"),
                                                                ((3, 4), 1, True, "gru_bidir")])
def test_stacked_counts_equal_torchs(sizes, layers, bidirectional, case):
    at = open_app("pages/stacked_page.py", query=sized_state(*sizes, reset="after"))
    at.radio(key="stacked_layers").set_value(layers).run()
    at.toggle(key="stacked_bidirectional").set_value(bidirectional).run()
    expected = int(reference_case(case)["num_parameters"])
    assert number_after("PyTorch", text(at)) == expected
    assert number_after("stored here", text(at)) == expected  # reset after: PyTorch's two biases per gate
    heatmaps = figures(at)[1]["data"]
    assert len(heatmaps) == layers * (2 if bidirectional else 1)


def test_the_pytorch_example_opens_here_and_gives_torchs_outputs():
    with np.load(ROOT / "examples" / "pytorch_gru_2layer_bidir_outputs.npz") as reference:
        x, output = reference["x"], reference["output"]
    state = presets.random_gru(3, 4, steps=len(x)).with_changes(x=x, reset="after", z_convention="keeps_old")
    at = open_app("pages/stacked_page.py", query=to_url(state))
    next(b for b in at.button if b.label == "Open the PyTorch example").click().run()
    assert "pytorch_gru_2layer_bidir.safetensors" in text(at)
    top_forward, top_backward = (array_of(h["z"]).T for h in figures(at)[1]["data"][2:4])  # layer 1
    np.testing.assert_allclose(np.hstack([top_forward, top_backward]), output, atol=1e-6)  # float32 file
    assert number_after("PyTorch", text(at)) == 2 * (3 * 4 * (3 + 4) + 24) + 2 * (3 * 4 * (8 + 4) + 24)
    next(b for b in at.button if b.label == "Back to the model built here").click().run()
    assert "pytorch_gru_2layer_bidir.safetensors" not in text(at)


def test_the_stacked_model_follows_the_hidden_size_of_the_state():
    """Two states that differ only in their hidden size must not share a cached stacked model."""
    four = presets.random_gru(3, 4)
    eight = presets.random_gru(3, 8).with_changes(x=four.x)
    for state, H in ((four, 4), (eight, 8)):
        at = open_app("pages/stacked_page.py", query=to_url(state))
        at.radio(key="stacked_layers").set_value(2).run()
        at.toggle(key="stacked_bidirectional").set_value(True).run()
        assert f"H = {H}" in text(at) and f"read 2·H = {2 * H} numbers a step" in " ".join(c.value for c in at.caption)


def test_one_session_never_sees_anothers_token_labels():
    """Session A types a text; session B opens the same numbers as a plain sequence: B's layer
    heatmaps must not be labelled with A's characters (the figure cache once left the labels out)."""
    typed = presets.random_gru(3, 4).with_changes(text="SECRET diary", split="characters")
    numbers = typed.with_changes(text=None)
    assert np.array_equal(typed.x, numbers.x)
    seen = {}
    for name, state in (("typed", typed), ("numbers", numbers)):
        at = open_app("pages/stacked_page.py", query=to_url(state))
        seen[name] = json.dumps(figures(at)[1], ensure_ascii=False)
    assert "␣" in seen["typed"] and "␣" not in seen["numbers"] and '"S"' not in seen["numbers"]
