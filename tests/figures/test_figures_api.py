"""gru_viz.figures as a public API: every exported builder is plotly.express-shaped (a flat keyword
signature, a return annotation, a Parameters section that documents each argument and its default,
one meaning per shared name), returns what it says on a small real trace, and the package knows
nothing of the app (no streamlit, lessons or ui)."""

import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest

import gru_viz
import gru_viz.figures as figures
from gru_viz.conventions import kept

ROOT = Path(__file__).resolve().parents[2]
HTML = {"number_lines", "interpolation_html"}  # the builders that return an HTML string
DIAGRAMS = {"cell_diagram", "lstm_diagram", "stack_diagram"}  # drawn on hidden axes: nothing to title
# What a shared name is documented as, in every builder that takes it.
SHARED_TYPES = {
    "step": {"int", "int or None"},
    "steps": {"int"},
    "t": {"array-like of int, (T,)"},
    "unit": {"int", "int or None"},
    "tokens": {"list of str, (T,)"},
    "gate": {'str, "r", "z", "h_tilde" or "h"'},
    "title": {"str or None"},
    "height": {"int", "int or None"},
}


def documented(builder):
    """{parameter name: (type text, [default texts])} from the docstring's Parameters section."""
    doc = inspect.getdoc(builder)
    section = doc.split("Parameters\n----------\n", 1)[1].split("\nReturns\n-------", 1)[0]
    entries = {}
    for line in section.splitlines():
        if line and not line.startswith(" "):
            names, _, kind = line.partition(":")
            defaults = re.findall(r"`([^`]*)`", kind.partition("(default")[2])
            kind = kind.partition("(default")[0].strip()
            names = [name.strip() for name in names.split(",")]
            for k, name in enumerate(names):
                entries[name] = (kind, defaults[k : k + 1] if len(defaults) == len(names) else defaults)
    return entries


@pytest.mark.parametrize("name", figures.__all__)
def test_every_builder_is_annotated_and_documents_each_parameter_and_its_default(name):
    builder = getattr(figures, name)
    assert callable(builder)
    signature = inspect.signature(builder)
    assert signature.return_annotation is (str if name in HTML else go.Figure)
    doc = inspect.getdoc(builder)
    assert "\nParameters\n----------\n" in doc and "\nReturns\n-------\n" in doc
    assert doc.splitlines()[1] == "", "one summary line, then a blank line"
    entries = documented(builder)
    assert set(entries) == set(signature.parameters)
    for parameter in signature.parameters.values():
        assert parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)  # flat
        kind, defaults = entries[parameter.name]
        if parameter.default is parameter.empty:
            assert defaults == [], parameter.name
        else:
            assert parameter.kind == parameter.KEYWORD_ONLY, parameter.name  # options by keyword only
            assert [ast.literal_eval(text) for text in defaults] == [parameter.default], parameter.name


def test_a_shared_parameter_name_has_one_meaning_in_every_builder():
    seen = {}
    for name in figures.__all__:
        for parameter, (kind, _) in documented(getattr(figures, name)).items():
            if parameter in SHARED_TYPES:
                seen.setdefault(parameter, set()).add(kind)
                assert kind in SHARED_TYPES[parameter], (name, parameter, kind)
    assert {"step", "steps", "t", "unit", "tokens", "title", "height"} <= set(seen)


def test_the_package_lists_every_builder_once_and_names_each_in_its_docstring():
    assert len(set(figures.__all__)) == len(figures.__all__)
    for name in figures.__all__:
        assert re.search(rf"^    {name} ", figures.__doc__, re.MULTILINE), name
    assert "pip install '.[figures]'" in figures.__doc__
    assert set(figures.__all__) <= set(dir(figures))
    with pytest.raises(AttributeError):
        figures.not_a_builder  # noqa: B018


@pytest.fixture(scope="module")
def run():
    x = np.random.default_rng(0).normal(size=(6, 3))
    gru = gru_viz.GRU.random(3, 4, seed=0)
    network = gru.run(x)
    cell = network.cell
    paths = gru_viz.gru_gradient_paths(gru, x)
    left = np.full(6, np.nan)
    left[1:] = np.cumprod(kept(cell.z[1:, 0], cell.z_convention))
    return SimpleNamespace(
        x=x, network=network, cell=cell, lstm=gru_viz.LSTM.random(3, 4, seed=0).run(x).cell,
        tokens=[f"t={t}" for t in range(6)], t=np.arange(6), left=left, paths=paths,
        rnn_flow=gru_viz.gradient_flow(gru_viz.RNN.random(3, 4, seed=0), x),
        input_flow=gru_viz.gradient_flow(gru, x, wrt="input"),
    )


CALLS = {  # builder: how to call it on the fixture's run
    "cell_diagram": lambda r: figures.cell_diagram(r.cell, 2, unit=1),
    "prediction_bars": lambda r: figures.prediction_bars(["positive", "<b>neutral</b>"], [0.7, 0.3], title="p"),
    "lstm_diagram": lambda r: figures.lstm_diagram(r.lstm, 2),
    "number_lines": lambda r: figures.number_lines(r.cell, 2),
    "interpolation_html": lambda r: figures.interpolation_html(r.cell, 2, token="t=2"),
    "sequence_heatmaps": lambda r: figures.sequence_heatmaps(r.cell, r.tokens, step=2),
    "heatmap_stack": lambda r: figures.heatmap_stack(
        [("update gate z", r.cell.z, "gate"), ("state h", r.cell.h, "state")], r.tokens, step=2
    ),
    "unit_lines": lambda r: figures.unit_lines(
        [("update gate z", r.cell.z, "gate"), ("state h", r.cell.h, "state")], r.tokens, units=[1, 0], step=2
    ),
    "layer_heatmaps": lambda r: figures.layer_heatmaps(r.network, r.tokens, gate="z"),
    "stack_diagram": lambda r: figures.stack_diagram(1, False, 3, 4, steps=6),
    "survival_chart": lambda r: figures.survival_chart(
        r.t, r.left, r.rnn_flow, r.paths.full, unit=0, start=1
    ),
    "reset_chart": lambda r: figures.reset_chart(r.t, r.cell.h_tilde[:, 0], r.cell.h_tilde[:, 1], r.cell.h[:, 0],
                                                 unit=0),
    "difference_chart": lambda r: figures.difference_chart(
        r.t, {"candidate h̃": np.abs(r.cell.h_tilde).max(axis=1), "state h": np.abs(r.cell.h).max(axis=1)}
    ),
    "gradient_chart": lambda r: figures.gradient_chart(
        {"GRU": SimpleNamespace(state=r.paths.full, input=r.input_flow, direct=r.paths.direct),
         "RNN": SimpleNamespace(state=r.rnn_flow, input=r.input_flow, direct=None)},
        wrt="state",
    ),
    "training_curves": lambda r: figures.training_curves(
        list(np.linspace(1.4, 0.1, 20)), list(np.linspace(0.25, 0.9, 20)), [0, 10, 20], [0.25, 0.5, 0.8],
        chance=0.25,
    ),
    "snapshot_heatmaps": lambda r: figures.snapshot_heatmaps(r.cell, r.tokens),
    "gradient_flow_lines": lambda r: figures.gradient_flow_lines(
        r.paths.full / 10, r.paths.full, r.tokens, start_step=0, end_step=20
    ),
    "accuracy_against_delay": lambda r: figures.accuracy_against_delay(
        [{"model": "GRU", "delay": k, "accuracy": 0.9 - 0.1 * s} for k in (2, 4) for s in (0, 1)], chance=0.25
    ),
}


def axes(fig):
    return [fig.layout[name] for name in fig.layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", name)]


def test_every_exported_builder_has_a_call_here():
    assert set(CALLS) == set(figures.__all__)


@pytest.mark.parametrize("name", sorted(set(figures.__all__) - HTML))
def test_each_builder_draws_a_real_trace_with_every_shown_axis_titled(name, run):
    fig = CALLS[name](run)
    assert isinstance(fig, go.Figure) and (fig.data or fig.layout.shapes)  # stack_diagram: all layout
    shown = [axis for axis in axes(fig) if axis.visible is not False]
    if name in DIAGRAMS:
        assert shown == []  # a diagram's axes are hidden, so they need no titles
        return
    titled = {letter: [axis.title.text for axis in shown if axis.plotly_name[0] == letter] for letter in "xy"}
    assert any(titled["x"]) and any(titled["y"])
    for axis in shown:
        if axis.showticklabels is not False:  # an axis that shares its ticks with the one below is bare
            assert axis.title.text, (axis.plotly_name, name)


def test_the_heatmap_builders_draw_the_traces_own_numbers_units_by_time(run):
    fig = CALLS["sequence_heatmaps"](run)
    z = next(trace for trace in fig.data if trace.name == "update gate z")
    np.testing.assert_allclose(z.z, run.cell.z.T, rtol=1e-6)
    assert (z.zmin, z.zmax) == (0.0, 1.0)
    layers = CALLS["layer_heatmaps"](run)
    np.testing.assert_allclose(layers.data[0].z, run.cell.z.T)


@pytest.mark.parametrize("name", sorted(HTML))
def test_the_html_builders_return_a_string_with_a_line_per_unit(name, run):
    html = CALLS[name](run)
    assert isinstance(html, str)
    assert all(f"unit {u}" in html for u in range(run.cell.h.shape[1]))


def test_the_figure_modules_import_nothing_from_the_app():
    for path in sorted((ROOT / "gru_viz" / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] not in {"streamlit", "lessons", "ui", "pages"}, (path.name, module)


def test_the_package_style_and_html_builders_load_without_plotly():
    code = ("import json, sys\nimport gru_viz.figures\nfrom gru_viz.figures import style, interpolation_html\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "plotly" not in {name.split(".")[0] for name in json.loads(done.stdout)}


def test_prediction_bars_show_a_vocabulary_s_tokens_as_typed():
    """A vocabulary file is the uploader's: its tokens reach tick labels and hover text literally."""
    fig = figures.prediction_bars(["<a href='x'>win</a>", "b&c"], [0.6, 0.4])
    shown = list(fig.layout.yaxis.ticktext) + list(fig.data[0].customdata)
    assert "&lt;a href='x'&gt;win&lt;/a&gt;" in shown and "b&amp;c" in shown
    assert not any("<a" in text for text in shown)
    assert list(fig.data[0].x) == [0.4, 0.6]  # the largest on top, drawn last
