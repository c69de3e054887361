"""The training figures, asserted on the Figure objects: what each trace holds, scales and ranges."""

import numpy as np
import pytest

import gru_viz
from gru_viz.figures import style
from gru_viz.figures.training import (
    accuracy_against_delay,
    gradient_flow_lines,
    smoothed,
    snapshot_heatmaps,
    training_curves,
)


def test_training_curves_show_loss_on_a_log_axis_and_accuracy_with_held_out_dots():
    loss, accuracy = list(np.linspace(1.4, 0.01, 100)), list(np.linspace(0.25, 1.0, 100))
    fig = training_curves(loss, accuracy, [0, 50, 100], [0.25, 0.6, 1.0], model="LSTM", chance=0.25,
                          planned_steps=400)
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.range == (0, 400)  # room for the run to grow
    assert [len(trace.x) for trace in fig.data] == [100, 100, 100, 3]
    assert fig.data[0].line.color == style.COLOURS["lstm"]
    assert list(fig.data[3].y) == [0.25, 0.6, 1.0] and fig.data[3].name == "on held-out sequences"


def test_smoothed_is_a_trailing_average():
    np.testing.assert_allclose(smoothed([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5])
    assert smoothed([], 5).size == 0


@pytest.mark.parametrize("cls,rows", [(gru_viz.GRU, ["r", "z", "h"]), (gru_viz.LSTM, ["i", "f", "o", "h"]),
                                      (gru_viz.RNN, ["h"])])
def test_snapshot_heatmaps_show_each_models_gates_on_fixed_ranges(cls, rows):
    trace = cls.random(3, 5, seed=0).run(np.random.default_rng(0).normal(size=(7, 3))).cells[0][0]
    fig = snapshot_heatmaps(trace, [f"t{t}" for t in range(7)], title="step 40")
    assert len(fig.data) == len(rows)
    for heatmap, name in zip(fig.data, rows):
        np.testing.assert_allclose(heatmap.z, getattr(trace, name).T, rtol=1e-6)
        assert (heatmap.zmin, heatmap.zmax) == ((-1.0, 1.0) if name == "h" else (0.0, 1.0))
    assert list(fig.layout[f"xaxis{len(rows) if len(rows) > 1 else ''}"].ticktext) == [f"t{t}" for t in range(7)]


def test_gradient_flow_lines_compare_start_and_end_on_a_log_axis():
    fig = gradient_flow_lines(np.array([1e-3, 1e-1, 1.0]), np.array([0.9, 1.0, 1.0]), ["a", "b", "?"],
                              start_step=0, end_step=500)
    assert fig.layout.yaxis.type == "log"
    assert [trace.name for trace in fig.data] == ["step 0 (untrained)", "step 500 (trained)"]


def test_accuracy_against_delay_draws_a_mean_line_per_model_with_seed_ranges():
    rows = [{"model": m, "delay": k, "seed": s, "accuracy": best - 0.1 * s}
            for m, best in (("GRU", 1.0), ("RNN", 0.5)) for k in (2, 10) for s in (0, 1)]
    fig = accuracy_against_delay(rows, live=[{"model": "LSTM", "delay": 2, "accuracy": 0.8}], chance=0.25)
    names = [trace.name for trace in fig.data]
    assert names == ["GRU (shipped)", "RNN (shipped)", "LSTM (live)"]
    np.testing.assert_allclose(fig.data[0].y, [0.95, 0.95])
    np.testing.assert_allclose(fig.data[1].error_y.arrayminus, [0.05, 0.05])
    assert fig.data[2].line.dash == "dot"
