"""The edit page draws only its open tab, and the weights only their open table (pages/edit_page.py,
st.tabs with on_change="rerun"). What the learner set or typed in a closed tab is still there when
it opens again, and the other tab's controls still read it."""

import numpy as np

from lessons import presets
from tests.app.helpers import app_state, open_app, open_tab, run_checked


def drawn_tables(at):
    return [d.key.split("-")[0] for d in at.data_editor]


def paste_box(at):
    return next(t for t in at.text_area if t.key.startswith("inputs_paste-"))


def test_only_the_open_tab_is_drawn():
    at = open_app("pages/edit_page.py")
    assert drawn_tables(at) == ["inputs"]
    open_tab(at, "Weights", "candidate h̃")
    assert drawn_tables(at) == ["weights_h"]
    open_tab(at, "Clamp a gate")
    assert not at.data_editor and at.selectbox(key="clamp_gate-0")


def test_the_weight_tools_and_the_open_table_come_back_with_their_tab():
    at = open_tab(open_app("pages/edit_page.py"), "Weights", "update gate z")
    at.number_input(key="seed").set_value(7).run()
    at.selectbox(key="weight_preset").set_value("always reset").run()
    at.slider(key="scale").set_value(2.5).run()
    open_tab(at, "Clamp a gate")
    open_tab(at, "Weights")
    assert at.number_input(key="seed").value == 7
    assert at.selectbox(key="weight_preset").value == "always reset"
    assert at.slider(key="scale").value == 2.5
    assert drawn_tables(at) == ["weights_z"]  # the gate's table the learner had open


def test_numbers_typed_in_the_paste_box_outlive_a_look_at_another_tab():
    at = open_app("pages/edit_page.py")
    paste_box(at).set_value("1, 2\n3, 4").run()
    open_tab(at, "Weights")
    open_tab(at, "The input sequence")
    assert paste_box(at).value == "1, 2\n3, 4"


def test_a_paste_of_another_width_uses_the_seed_set_in_the_closed_weights_tab():
    at = open_tab(open_app("pages/edit_page.py"), "Weights")
    at.number_input(key="seed").set_value(7).run()
    H = app_state(at).hidden_size
    open_tab(at, "The input sequence")
    paste_box(at).set_value("1, 2, 3\n4, 5, 6").run()
    next(b for b in at.button if b.key and b.key.startswith("paste_go-")).click()
    run_checked(at)
    state = app_state(at)
    W_ih, _, _ = presets.preset_weights("random", 3, H, seed=7)
    assert state.input_size == 3
    np.testing.assert_array_equal(np.array(state.W_ih), W_ih)
    assert "(seed 7)" in at.success[0].value  # and the note says which seed
