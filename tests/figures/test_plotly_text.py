"""Caller-given labels reach Plotly escaped: a token is shown as typed, never read as Plotly's HTML
(<a href>, <b>, <br>...), in every builder that draws tokens; and the diagram's text and the
heatmaps' colour bar titles are laid out as the browser tests measure them."""

import numpy as np
import pytest

from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.grid import heatmap_stack
from gru_viz.figures.sequence import sequence_heatmaps
from gru_viz.figures.stacked import layer_heatmaps
from gru_viz.figures.text import plotly_literal
from gru_viz.figures.training import snapshot_heatmaps
from gru_viz.models import GRU

PAYLOADS = ['<a href="https://evil.example">x</a>', "<b>", "<img src=x onerror=alert(1)>", "a&amp;b", "t=<br>"]
ESCAPED = ['&lt;a href="https://evil.example"&gt;x&lt;/a&gt;', "&lt;b&gt;", "&lt;img src=x onerror=alert(1)&gt;",
           "a&amp;amp;b", "t=&lt;br&gt;"]


def payload_run(hidden=3):
    x = np.random.default_rng(0).normal(size=(len(PAYLOADS), 2))
    return GRU.random(2, hidden, seed=0).run(x)


def test_plotly_literal_replaces_the_three_characters_plotly_reads():
    assert [plotly_literal(p) for p in PAYLOADS] == ESCAPED
    assert plotly_literal(3) == "3"


def every_text(fig):
    """Every tick label and customdata string of the figure."""
    texts = []
    for axis in fig.layout:
        if axis.startswith("xaxis") and fig.layout[axis].ticktext:
            texts += list(fig.layout[axis].ticktext)
    for trace in fig.data:
        if getattr(trace, "customdata", None) is not None and np.asarray(trace.customdata).dtype == object:
            texts += [str(v) for v in np.asarray(trace.customdata).ravel()]
    return texts


@pytest.mark.parametrize(
    "build",
    [
        lambda run: sequence_heatmaps(run.cell, PAYLOADS),
        lambda run: heatmap_stack([("update gate z", run.cell.z, "gate")], PAYLOADS),
        lambda run: layer_heatmaps(run, PAYLOADS),
        lambda run: snapshot_heatmaps(run.cell, PAYLOADS),
    ],
    ids=["sequence_heatmaps", "heatmap_stack", "layer_heatmaps", "snapshot_heatmaps"],
)
def test_tokens_reach_the_figure_escaped(build):
    texts = every_text(build(payload_run()))
    assert texts, "the builder drew no token"
    assert not any("<" in text or ">" in text for text in texts)
    assert set(ESCAPED) <= set(texts)


def test_a_panel_label_reaches_the_grid_escaped():
    fig = heatmap_stack([("<b>mine</b>", payload_run().cell.z, "gate")], PAYLOADS)
    assert [a.text for a in fig.layout.annotations] == ["&lt;b&gt;mine&lt;/b&gt;"]


def test_a_clamp_dashes_its_gate_and_says_so():
    trace = payload_run().cell
    plain = cell_diagram(trace, 1, unit=0)
    clamped = cell_diagram(trace, 1, unit=0, clamp=("z", 0.95, 1))
    notes = [a.text for a in clamped.layout.annotations if a.name == "clamp"]
    assert notes == ["<b>z clamped to 0.95</b> (unit 1)"]
    assert not [a for a in plain.layout.annotations if a.name == "clamp"]
    z_box = clamped.layout.shapes[list(clamped.data[1].ids).index("z")]
    assert z_box.line.dash == "dash"
    every = cell_diagram(trace, 1, clamp=("r", 0.0, None))
    assert [a.text for a in every.layout.annotations if a.name == "clamp"] == ["<b>r clamped to 0.00</b> (every unit)"]


def test_the_input_box_lists_at_most_two_numbers_a_line():
    x = np.random.default_rng(1).normal(size=(4, 8))
    for size in (1, 3, 4, 8):
        trace = GRU.random(size, 3, seed=0).run(x[:, :size]).cell
        fig = cell_diagram(trace, 0)
        text = fig.data[1].text[list(fig.data[1].ids).index("x")]
        value_lines = text.split("<br>")[1:]
        assert all(line.count("+") + line.count("-") <= 2 for line in value_lines), text
        assert (f"… {size} numbers" in text) == (size > 4)


def test_colour_bar_titles_are_annotations_beside_their_bars():
    fig = sequence_heatmaps(payload_run().cell, PAYLOADS)
    titles = [a for a in fig.layout.annotations if a.name == "colour bar title"]
    assert [a.text for a in titles] == ["input", "gates, 0 to 1", "h̃ and h, −1 to 1"]
    assert all(a.textangle == -90 and a.xanchor == "left" and a.xshift > 40 for a in titles)
    assert not any(trace.colorbar.title.text for trace in fig.data if trace.type == "heatmap")
