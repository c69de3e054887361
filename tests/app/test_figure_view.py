"""The figure element (ui/figure_view.py): plotly.js copied where Streamlit serves it, the figure's
JSON sent once per figure object, what a page sends, and st.plotly_chart where no copy can be made."""

import gc
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio

from tests.app.helpers import figure_elements, figures, open_app
from ui import figure_view

PACKAGED = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def served(static):
    """`static` with the figures' own scripts in it, as the app's static/ has them."""
    for name in figure_view.OWN_SCRIPTS:
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_bytes((figure_view.STATIC / name).read_bytes())
    return static


def test_plotly_js_is_copied_once_under_its_versions_name(tmp_path):
    assert figure_view.script_ready(served(tmp_path))
    copied = tmp_path / figure_view.SCRIPT
    assert copied.name == f"plotly-{plotly.__version__}.min.js"
    assert copied.read_bytes() == PACKAGED.read_bytes()
    copied.write_bytes(b"kept")  # a second server starting finds it there and copies nothing
    assert figure_view.script_ready(tmp_path) and copied.read_bytes() == b"kept"
    assert [p.name for p in copied.parent.iterdir()] == [copied.name]  # no temporary file left
    assert copied.stat().st_mode & 0o444 == 0o444  # readable by a server run as another user


def test_without_a_place_to_copy_it_or_without_its_own_scripts_the_app_says_so(tmp_path, caplog):
    (served(tmp_path) / "vendor").write_text("a file where the folder would go")
    assert not figure_view.script_ready(tmp_path)
    assert "could not be copied" in caplog.text and "st.plotly_chart" in caplog.text
    bare = tmp_path / "a copy of the app without its figure scripts"
    bare.mkdir()
    assert not figure_view.script_ready(bare)
    assert "lacks the figures' scripts" in caplog.text
    assert list(bare.iterdir()) == []  # nothing copied there


def test_a_figures_json_is_made_once_per_figure_object():
    one, two = go.Figure(go.Heatmap(z=[[1, 2]])), go.Figure(go.Heatmap(z=[[3, 4]]))
    first = figure_view.as_json(one)
    assert figure_view.as_json(one) is first  # the same text, not made again
    assert json.loads(first) == json.loads(pio.to_json(one, validate=False))
    assert json.loads(figure_view.as_json(two))["data"][0]["z"] != json.loads(first)["data"][0]["z"]
    gone = id(two)
    del two  # a figure no cache holds any more takes its JSON with it
    gc.collect()  # a Plotly figure holds cycles (its parts point back to it)
    assert gone not in figure_view._sent
    assert id(one) in figure_view._sent


def test_a_page_sends_each_figure_its_config_alt_text_height_and_the_served_script():
    at = open_app("pages/memory_page.py")
    sent = figure_elements(at)
    assert [element["key"] for element in sent] == ["survival", "reset_chart"]
    for element in sent:
        assert element["script"] == f"app/static/{figure_view.SCRIPT}"
        assert element["config"]["modeBarButtons"] == [["toImage"]] and len(element["alt"]) > 20
        assert element["height"] == element["spec"]["layout"]["height"]
    assert not at.get("plotly_chart")


def test_where_plotly_js_could_not_be_copied_the_page_draws_with_st_plotly_chart(monkeypatch):
    monkeypatch.setattr(figure_view, "READY", False)
    at = open_app("pages/memory_page.py")
    assert not figures(at)
    charts = at.get("plotly_chart")
    assert len(charts) == 2 and all(chart.proto.alt for chart in charts)
    assert json.loads(charts[0].proto.config)["modeBarButtons"] == [["toImage"]]
