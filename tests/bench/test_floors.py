"""The bench's floors: the minimal page answers every control it offers, and every browser row is
judged against the floor that uses the same control (bench/floors.py, bench/browser.py,
bench/floor_app.py)."""

import pytest
from streamlit.testing.v1 import AppTest

from bench import browser, cases, floors, no_figures, scenarios
from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.sequence import sequence_heatmaps
from lessons import presets
from lessons.explore import run_state
from tests.app.helpers import figures
from tests.helpers import ROOT

FLOOR_APP = str(ROOT / "bench" / "floor_app.py")


def floor(control):
    at = AppTest.from_file(FLOOR_APP, default_timeout=30)
    if control != "key":
        at.query_params["control"] = control
    return at.run()


def title(at):
    return figures(at)[0]["layout"]["title"]["text"]


def test_every_floor_control_redraws_the_heatmap_with_what_it_now_holds():
    at = floor("key")
    assert title(at) == "clicks = 0"
    at.button(key="next_floor").click().run()
    assert title(at) == "clicks = 1"

    at = floor("select")
    assert title(at) == "choice = first"
    at.selectbox(key="floor_select").select("second").run()
    assert title(at) == "choice = second"

    at = floor("radio")
    assert title(at) == "choice = first"
    at.radio(key="floor_radio").set_value("second").run()
    assert title(at) == "choice = second"

    at = floor("upload")
    assert title(at) == "file = none"
    name, data, mime = cases.state_file(presets.EXAMPLES[cases.DEFAULT_NAME](), "large-3.json")
    at.file_uploader(key="floor_upload").set_value((name, data, mime)).run()
    assert title(at) == "file = large-3.json"

    at = floor("editor")  # AppTest cannot type into a data editor; bench/browser.py's editor floor does
    assert title(at) == "cell = 3.0"
    assert {title(floor(control)) for control in floors.READY} == set(floors.READY.values())


def test_every_interaction_has_a_floor_with_its_control_on_both_examples():
    for _, _, interaction, _ in scenarios.SCENARIOS:
        assert set(scenarios.CONTROLS[interaction]) == set(cases.EXAMPLES)
        assert set(scenarios.CONTROLS[interaction].values()) <= set(floors.FLOORS) == set(floors.READY)


def test_the_bench_times_the_floors_its_rows_need_and_the_key_floor():
    assert floors.floors_needed(["default"], ["switch convention (radio)"]) == ["key", "radio"]
    assert floors.floors_needed(["default", "large"], ["change example", "step (arrow key)"]) == [
        "key", "select", "upload"
    ]


def timings(ms, n=5):
    return [(ms / 1000, 1024, 0) for _ in range(n)]


RESULTS = {
    ("floor", "key"): timings(50),
    ("floor", "radio"): timings(60),
    ("floor", "select"): timings(70),
    ("floor", "upload"): timings(100),
    ("floor", "editor"): timings(200),
    ("cell", "step (arrow key)", "default"): timings(60),
    ("cell", "switch convention (radio)", "default"): timings(90),
    ("sequence", "change example", "large"): timings(150),
    ("edit", "edit a weight (type, Enter)", "default"): timings(280),
}


def rows_by_key(rows, measure="browser: press to redrawn"):
    return {(row.page, row.interaction, row.example): row for row in rows if row.measure == measure}


def test_each_interaction_is_judged_against_the_floor_with_its_control():
    rows = rows_by_key(browser.browser_rows(RESULTS))
    step = rows[("cell", "step (arrow key)", "default")]
    assert step.ratio == pytest.approx(1.2) and step.meets and step.note == ""
    convention = rows[("cell", "switch convention (radio)", "default")]
    assert convention.ratio == pytest.approx(1.5) and convention.meets is False  # 1.3x on the default example
    assert "radio floor" in convention.note and "1.80x the key floor" in convention.note
    example = rows[("sequence", "change example", "large")]
    assert example.ratio == pytest.approx(1.5) and example.meets  # 2x at the page limits, against the upload
    edit = rows[("edit", "edit a weight (type, Enter)", "default")]
    assert edit.ratio == pytest.approx(1.4) and edit.meets is False
    radio_floor = rows[("floor", floors.FLOORS["radio"], "-")]
    assert radio_floor.ratio == pytest.approx(1.2) and radio_floor.meets is None  # floors: to the key floor


def test_an_interaction_whose_floor_was_not_measured_is_not_judged():
    results = dict(RESULTS)
    results[("floor", "radio")] = cases.not_measured(RuntimeError("no radio"))
    convention = rows_by_key(browser.browser_rows(results))[("cell", "switch convention (radio)", "default")]
    assert convention.ratio is None and convention.meets is None
    assert "not measured" in convention.note


def test_lower_bounds_carry_ratios_and_their_targets_in_words_but_no_verdict_and_no_bytes():
    results = dict(RESULTS)
    results[("edit", "edit a weight (type, Enter)", "large")] = cases.not_measured(RuntimeError("timed out"))
    rows = browser.browser_rows(results, measure=no_figures.MEASURE, judged=False)
    assert {row.measure for row in rows} == {no_figures.MEASURE}
    convention = rows_by_key(rows, no_figures.MEASURE)[("cell", "switch convention (radio)", "default")]
    assert convention.ratio == pytest.approx(1.5) and convention.meets is None and convention.target == "-"
    assert convention.note.startswith("target <= 1.3x")
    assert rows_by_key(rows, no_figures.MEASURE)[("edit", "edit a weight (type, Enter)", "large")].median is None


def test_a_figure_stamp_changes_with_the_numbers_shown_and_only_then():
    state = presets.EXAMPLES[cases.DEFAULT_NAME]()
    trace = run_state(state).cells[0][0]
    tokens = state.tokens()
    first = no_figures.stamp(sequence_heatmaps(trace, tokens))
    assert no_figures.stamp(sequence_heatmaps(trace, tokens)) == first
    moved = run_state(state.with_changes(b_ih=[b + 0.5 for b in state.b_ih])).cells[0][0]
    assert no_figures.stamp(sequence_heatmaps(moved, tokens)) != first
    assert no_figures.stamp(sequence_heatmaps(trace, tokens, title="another")) != first
    diagram = no_figures.stamp(cell_diagram(trace, 3))  # its arrows' coordinates hold None between segments
    assert no_figures.stamp(cell_diagram(trace, 3)) == diagram != no_figures.stamp(cell_diagram(trace, 4))
