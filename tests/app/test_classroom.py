"""Classroom features as a learner or teacher uses them (AppTest): presentation mode, figure
downloads, table views, the trace and state exports, play, and the lesson path."""


import numpy as np
import pytest

from lessons.export import trace_csv
from lessons.state import to_json, to_url
from tests.app.helpers import (
    app_state,
    figure_elements,
    figures,
    gru_cell,
    live_data,
    open_app,
    run_checked,
    send_live,
)
from ui.charts import ROOM, SCALE, figure_kind
from ui.path import PATH, page_file


def chart_config(at, index=0):
    return figure_elements(at)[index]["config"]


def present(at):
    at.session_state["presenting"] = True
    return run_checked(at)


def test_presentation_mode_hides_the_sidebar_enlarges_the_text_and_fits_the_figures():
    at = open_app("pages/memory_page.py")
    normal = figures(at)[0]["layout"]
    present(at)
    assert len(at.sidebar) == 0  # no editing controls
    big = figures(at)[0]["layout"]
    assert big["font"]["size"] == pytest.approx(normal.get("font", {}).get("size", 12) * SCALE)
    # grown with the text, but never taller than a projector's first screen leaves room for (ui.charts.ROOM)
    assert big["height"] == pytest.approx(min(normal["height"] * SCALE**0.5, ROOM[figure_kind(normal)]))
    # the live view draws its presentation size itself, and keeps stepping in the browser
    at.switch_page("pages/sequence_page.py").run()
    assert live_data(at)["presentation"] is True
    send_live(at, {"seq": "p:1", "step": 3})
    assert app_state(at).step == 3
    at.button(key="exit_presentation").click().run()
    assert not at.session_state["presenting"] and len(at.sidebar) > 0 and live_data(at)["presentation"] is False


def test_presentation_mode_opens_from_a_link_and_keeps_the_state():
    at = open_app()
    at.query_params["present"] = "1"
    at.session_state["presenting"] = True  # a new session reads ?present=1 once; AppTest shares one
    at.switch_page("pages/cell_page.py").run()
    assert len(at.sidebar) == 0 and live_data(at)["state"]["step"] == 2 and live_data(at)["presentation"]


def test_figures_download_as_png_or_svg_under_a_telling_name():
    at = open_app("pages/memory_page.py")
    config = chart_config(at)
    assert config["toImageButtonOptions"]["format"] == "png" and config["toImageButtonOptions"]["scale"] == 2
    assert config["toImageButtonOptions"]["filename"].startswith("gru-memory-")
    at.switch_page("pages/cell_page.py").run()
    download = live_data(at)["download"]  # the browser writes the step it shows in place of the mark
    assert download["format"] == "png"
    assert download["name"] == f"gru-cell-cell_diagram-{download['step_mark']}-z_takes_new-reset_before"
    at.session_state["figure_format"] = "svg"
    at.radio(key="z_choice").set_value("keeps_old").run()
    download = live_data(at)["download"]
    assert download["format"] == "svg" and download["name"].endswith("z_keeps_old-reset_before")


def test_table_views_show_every_heatmaps_numbers():
    at = open_app("pages/sequence_page.py")
    before = len(at.dataframe)
    at.session_state["table_views"] = True
    at.run()
    shown = [t.value for t in at.dataframe][:5]  # input x, r, z, h~, h, then the input table
    assert len(at.dataframe) == before + 5
    cell = gru_cell(at)
    np.testing.assert_allclose(shown[2].to_numpy(), cell.z.T.round(4), atol=1e-12)
    np.testing.assert_allclose(shown[4].to_numpy(), cell.h.T.round(4), atol=1e-12)
    assert list(shown[4].columns) == app_state(at).tokens()


def test_every_figure_has_alt_text():
    for page in ("pages/memory_page.py", "pages/gradients_page.py", "pages/gru_vs_lstm_page.py"):
        drawn = figure_elements(open_app(page))
        assert drawn and all(element["alt"] for element in drawn), page


def test_the_trace_csv_holds_the_shown_trace_and_the_state_json_reloads():
    at = open_app("pages/cell_page.py")
    at.radio(key="z_choice").set_value("keeps_old").run()
    state, cell = app_state(at), gru_cell(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the trace (CSV)" in labels and "Download this state (JSON)" in labels
    header, *rows = trace_csv(cell, state.tokens()).splitlines()
    assert len(rows) == state.steps * state.hidden_size
    z_column = header.split(",").index("z")
    assert float(rows[-1].split(",")[z_column]) == cell.z[-1, -1]  # the shown convention's z
    other = open_app("pages/sequence_page.py")
    other.file_uploader(key="state_upload").set_value(("gru-state.json", to_json(state).encode(), "application/json"))
    other.run()
    assert app_state(other) == state


def test_play_advances_and_pause_stops():  # the sidebar's play; the live view plays in the browser
    at = open_app("pages/memory_page.py")
    at.button(key="play_bar").click().run()
    assert at.session_state["playing"]
    assert at.button(key="play_bar").proto.label == "pause"
    at.button(key="play_bar").click().run()
    assert not at.session_state["playing"]


def test_play_at_the_last_step_starts_again_from_the_first():
    at = open_app("pages/memory_page.py")
    at.slider(key="step_choice_bar").set_value(app_state(at).steps - 1).run()
    at.button(key="play_bar").click().run()
    assert app_state(at).step == 0 and at.session_state["playing"]


@pytest.mark.parametrize("index", [0, 1, len(PATH) - 1])
def test_the_lesson_path_links_each_page_to_its_neighbours(index):
    url_path = PATH[index][0]
    at = open_app(page_file(url_path))
    labels = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith("Next:") for label in labels) == (index < len(PATH) - 1)
    assert any(label.startswith("Previous:") for label in labels) == (index > 0)
    assert any(PATH[index][1] in caption.value for caption in at.caption)


def test_saturated_gates_get_a_note_and_the_default_example_none():
    at = open_app("pages/cell_page.py")
    assert not any("Saturated" in w.value for w in at.warning)
    state = app_state(at)
    large = state.with_changes(W_ih=(np.array(state.W_ih) * 100).tolist(), W_hh=(np.array(state.W_hh) * 100).tolist(),
                               b_ih=(np.array(state.b_ih) * 100).tolist())
    at = open_app("pages/sequence_page.py", query=to_url(large))
    notes = [w.value for w in at.warning if "Saturated" in w.value]
    assert notes and "z is within 0.001 of 0 or 1" in notes[0]
