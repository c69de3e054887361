"""The step outline over the sequence heatmaps (ui/outline.py): where it sits, and that stepping
moves only the outline while the chart's spec, and so its element in the browser, stays the same."""

import json

import pytest

from lessons import presets
from lessons.state import to_url, validate
from tests.app.helpers import app_state, figures, open_app
from tests.helpers import sequence_figure
from ui.charts import ROOM, SCALE
from ui.outline import LINE, column_box, column_css, note

STATE = presets.two_speeds()
FIG = sequence_figure(STATE)[1]  # read only, except where a test makes its own


def test_the_box_has_one_panel_per_map_between_the_margins():
    state, fig = STATE, FIG
    steps, left, right, panels = column_box(fig)
    margin, height = fig.layout.margin, fig.layout.height
    assert (steps, left, right) == (state.steps, margin.l, margin.r)
    assert len(panels) == 5
    assert panels[0][0] == pytest.approx(margin.t)  # the input map starts at the top of the plot
    assert sum(panels[-1]) == pytest.approx(height - margin.b)  # h ends at its bottom
    for (top, tall), (next_top, _) in zip(panels, panels[1:]):
        assert top + tall < next_top  # a gap for each panel's title


def test_the_css_outlines_the_asked_step_of_every_panel():
    state, fig = STATE, FIG
    css = column_css(fig, "heatmaps", 5)
    _, left, right, panels = column_box(fig)
    assert "--step: 5;" in css
    assert f"left: calc({left - LINE}px + (100% - {left + right}px) / {state.steps} * 5)" in css
    assert css.count("linear-gradient") == 4 * len(panels)
    assert css.startswith(".st-key-heatmaps ")


def test_a_figure_plotly_may_reflow_is_refused():
    fig = sequence_figure(STATE)[1]
    fig.update_layout(margin_autoexpand=True)
    with pytest.raises(ValueError):
        column_box(fig)


def test_the_note_names_the_step_and_a_real_token():
    assert note(2, ["t=0", "t=1", "t=2"]) == "Outlined: step 2."
    assert note(1, ["the", "cat"]) == "Outlined: step 1, token “cat”."


def outline(at):
    return next(element.proto.body for element in at.get("html") if "--step:" in element.proto.body)


def chart(at):
    element = at.get("plotly_chart")[0].proto
    return element.id, element.spec


@pytest.mark.parametrize("page", ["pages/sequence_page.py", "pages/edit_page.py"])
def test_stepping_moves_the_outline_and_leaves_the_chart_as_it_was(page):
    at = open_app(page)
    before, step = chart(at), app_state(at).step
    at.button(key="next_bar" if page.endswith("edit_page.py") else "next_page").click().run()
    assert app_state(at).step == step + 1
    assert f"--step: {step + 1};" in outline(at)
    assert chart(at) == before  # same spec and id: the browser keeps the chart mounted


def test_a_token_in_the_note_is_escaped():
    state = validate(presets.two_speeds().with_changes(text="<b>bold</b> cat", split="words", step=0))
    at = open_app("pages/sequence_page.py", query=to_url(state))
    assert "token “&lt;b&gt;bold&lt;/b&gt;”" in outline(at)
    assert "<b>" not in outline(at)


@pytest.mark.parametrize("page", ["pages/sequence_page.py", "pages/edit_page.py"])
def test_in_presentation_mode_the_outline_fits_the_enlarged_chart(page):
    at = open_app(page)
    at.session_state["presenting"] = True
    at.run()
    height = figures(at)[0]["layout"]["height"]
    # enlarged, but within a projector's first screen (the default example has the same panels' rows)
    assert height == pytest.approx(min(FIG.layout.height * SCALE**0.5, ROOM["panels"]))
    assert f"top: 0; height: {height}px;" in outline(at)
    assert "step" not in json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["filename"]
