"""The sequence heatmaps as a Figure (gru_viz/figures/sequence.py): what each panel holds and the
layout choices the app relies on (fixed ranges, fixed margins for the step outline, cheap draws)."""

import numpy as np
import pytest

from gru_viz.figures import style
from gru_viz.figures.sequence import MAX_CLICK_CELLS, MAX_GAPPED_STEPS, MAX_LABELS
from lessons import presets
from tests.helpers import sequence_figure


def heatmaps(fig):
    return {trace.name: trace for trace in fig.data if trace.type == "heatmap"}


def test_one_panel_per_quantity_with_units_as_rows_and_fixed_ranges():
    state = presets.two_speeds()
    trace, fig = sequence_figure(state)
    maps = heatmaps(fig)
    assert list(maps) == [style.LABELS[name] for name in ("x", "r", "z", "h_tilde", "h")]
    for name in ("r", "z", "h_tilde", "h"):
        shown = maps[style.LABELS[name]]
        np.testing.assert_allclose(shown.z, getattr(trace, name).T, rtol=1e-6)  # (units, T), float32
        assert (shown.zmin, shown.zmax) == style.RANGES[name]


def test_the_time_axis_is_labelled_with_tokens_at_most_forty_times():
    small = presets.two_speeds()
    _, fig = sequence_figure(small)
    assert list(fig.layout.xaxis5.ticktext) == small.tokens()
    large = presets.random_gru(2, 3, 200, seed=1)
    _, fig = sequence_figure(large)
    assert len(fig.layout.xaxis5.ticktext) <= MAX_LABELS
    assert fig.layout.xaxis5.range == (-0.5, 199.5)


@pytest.mark.parametrize(("steps", "units"), [(12, 2), (200, 8)])
def test_the_click_layer_only_while_it_is_cheap(steps, units):
    _, fig = sequence_figure(presets.random_gru(2, units, steps, seed=0))
    markers = [trace for trace in fig.data if trace.type == "scatter"]
    assert len(markers) == (2 if steps * units <= MAX_CLICK_CELLS else 0)
    for trace in markers:
        assert len(trace.x) == steps * units


@pytest.mark.parametrize("steps", [MAX_GAPPED_STEPS, MAX_GAPPED_STEPS + 1])
def test_gaps_between_cells_only_while_cells_are_wide(steps):
    _, fig = sequence_figure(presets.random_gru(2, 2, steps, seed=0))
    gap = 1 if steps <= MAX_GAPPED_STEPS else 0
    assert all((trace.xgap, trace.ygap) == (gap, gap) for trace in heatmaps(fig).values())


def test_fixed_margins_and_no_label_measuring():
    _, fig = sequence_figure(presets.two_speeds())
    assert fig.layout.margin.autoexpand is False  # the app's step outline is placed from them
    axes = [fig.layout[name] for name in fig.layout.to_plotly_json() if name[:5] in ("xaxis", "yaxis")]
    assert len(axes) == 10 and all(axis.ticklabeloverflow == "allow" for axis in axes)


def test_a_step_is_outlined_in_every_panel_for_notebook_use():
    _, fig = sequence_figure(presets.two_speeds(), step=3)
    assert len(fig.layout.shapes) == 5
    assert all((shape.x0, shape.x1) == (2.5, 3.5) for shape in fig.layout.shapes)
    _, fig = sequence_figure(presets.two_speeds())
    assert not fig.layout.shapes


def test_heatmap_stack_draws_chosen_units_in_order_and_large_maps_as_one_image():
    """units= picks and orders the rows (labelled with their numbers); past MAX_RECTANGLES cells the
    panel has no gaps (Plotly paints it as one image) and float32 values, to the hover's digits."""
    from gru_viz.figures.grid import MAX_PANEL_PX, MAX_RECTANGLES, heatmap_stack, panel_px

    rng = np.random.default_rng(0)
    z = rng.uniform(size=(40, 300))
    tokens = [f"t={t}" for t in range(40)]
    fig = heatmap_stack([("update gate z", z, "gate")], tokens, units=[17, 3, 250])
    np.testing.assert_array_equal(fig.data[0].z, z[:, [17, 3, 250]].T)
    assert list(fig.data[0].y) == ["17", "3", "250"] and fig.layout.yaxis.type == "category"
    assert fig.data[0].xgap == 1  # 120 cells: rectangles with gaps
    whole = heatmap_stack([("update gate z", z, "gate"), ("state h", z - 0.5, "state")], tokens)
    assert z.size > MAX_RECTANGLES and whole.data[0].xgap == 0 and whole.data[0].z.dtype == np.float32
    np.testing.assert_allclose(whole.data[0].z, z.T, rtol=1e-7)
    assert whole.layout.height == 95 + 2 * (MAX_PANEL_PX + 48)  # 300 units fit 800 px a panel
    assert panel_px(16) == 16 * 30 and panel_px(17) < 17 * 30  # small layers keep 30 px a unit


def test_unit_lines_draw_each_followed_units_own_column_once_in_the_legend():
    from gru_viz.figures import unit_lines

    rng = np.random.default_rng(1)
    z, h = rng.uniform(size=(12, 9)), rng.uniform(-1, 1, size=(12, 9))
    fig = unit_lines([("update gate z", z, "gate"), ("state h", h, "state")], [f"w{t}" for t in range(12)],
                     units=[8, 2], step=4)
    assert [(d.name, d.showlegend) for d in fig.data] == [("unit 8", True), ("unit 2", True), ("unit 8", False),
                                                          ("unit 2", False)]
    np.testing.assert_array_equal(fig.data[1].y, z[:, 2])
    np.testing.assert_array_equal(fig.data[2].y, h[:, 8])
    assert fig.data[0].line.color == fig.data[2].line.color != fig.data[1].line.color
    assert list(fig.layout.yaxis.range) == [-0.05, 1.05] and len(fig.layout.shapes) == 2
    with pytest.raises(ValueError, match="follow 1 to 6 units"):
        unit_lines([("z", z, "gate")], ["a"] * 12, units=list(range(7)))
