"""The explorer pages as a learner uses them (AppTest): every control, and the numbers it shows."""

import numpy as np
import pytest

from lessons import presets
from lessons.state import to_json, to_url
from tests.app.helpers import app_state, edit_table, gru_cell, live_data, open_app, open_tab, send_live

PAGES = ["pages/home_page.py", "pages/cell_page.py", "pages/sequence_page.py", "pages/edit_page.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_names_its_convention(page):
    at = open_app(page)
    if page != "pages/home_page.py":
        assert "z takes the new candidate" in at.caption[0].value


def test_cell_page_gives_the_live_view_the_steps_numbers():
    at = open_app("pages/cell_page.py")  # the live view draws them (tests/browser/test_live_*_browser.py)
    cell, state, data = gru_cell(at), app_state(at), live_data(at)
    H, t = state.hidden_size, state.step
    assert data["view"] == "cell" and data["state"]["step"] == t
    assert data["states"][t * H:(t + 1) * H] == cell.h[t].tolist()


def test_a_step_from_the_browser_moves_the_step_and_the_numbers():
    at = open_app("pages/cell_page.py")
    start = app_state(at).step
    send_live(at, {"seq": "s:1", "step": start + 1})
    assert app_state(at).step == start + 1 and live_data(at)["state"]["step"] == start + 1
    send_live(at, {"seq": "s:2", "step": start})
    assert app_state(at).step == start


def test_a_step_chosen_on_one_page_is_the_step_of_the_next():
    at = open_app("pages/sequence_page.py")
    send_live(at, {"seq": "s:1", "step": 7})
    assert app_state(at).step == 7
    at.switch_page("pages/cell_page.py").run()
    assert live_data(at)["state"]["step"] == 7


def test_switching_z_convention_flips_z_and_keeps_h():
    at = open_app("pages/cell_page.py")
    before = gru_cell(at)
    at.radio(key="z_choice").set_value("keeps_old").run()
    after = gru_cell(at)
    assert app_state(at).z_convention == "keeps_old"
    np.testing.assert_allclose(after.z, 1 - before.z, atol=1e-15)
    np.testing.assert_allclose(after.h, before.h, atol=1e-15)
    assert "z keeps the old state" in at.caption[0].value
    data = live_data(at)
    assert data["words"]["label"] == "z keeps the old state" and data["state"]["z_convention"] == "keeps_old"


def test_switching_reset_position_changes_the_numbers_not_the_weights():
    at = open_app("pages/cell_page.py")
    at.selectbox(key="example_choice").set_value("Random GRU").run()
    weights, before = app_state(at).W_hh, gru_cell(at)
    at.radio(key="reset_choice").set_value("after").run()
    assert app_state(at).W_hh == weights and app_state(at).reset == "after"
    assert np.max(np.abs(gru_cell(at).h_tilde - before.h_tilde)) > 1e-3
    assert "reset after" in at.caption[0].value


@pytest.mark.parametrize("name", list(presets.EXAMPLES))
def test_every_example_loads(name):
    at = open_app("pages/sequence_page.py")
    at.selectbox(key="example_choice").set_value(name).run()
    assert not at.exception and app_state(at).example.startswith(name.split(" (")[0])
    assert live_data(at)["states"] == gru_cell(at).h.ravel().tolist()


def test_raising_a_units_update_bias_raises_its_z():
    at = open_app("pages/edit_page.py")  # Write once, carry: 2 inputs, 2 units; bias is column 2 + 2 + 0 = 4
    before = gru_cell(at)
    edit_table(at, "weights_z", edited={1: {"b": "5"}})  # unit 1's z bias 3 -> 5
    after = gru_cell(at)
    assert app_state(at).b_ih[3] == 5.0
    assert np.all(after.z[:, 1] > before.z[:, 1])
    np.testing.assert_array_equal(after.z[:, 0], before.z[:, 0])


def test_editing_z_under_keeps_old_edits_the_shown_numbers():
    at = open_app("pages/edit_page.py")
    at.radio(key="z_choice").set_value("keeps_old").run()
    edit_table(at, "weights_z", edited={1: {"b": "-5"}})  # shown: keeps-old bias -5 = stored +5
    assert app_state(at).b_ih[3] == 5.0
    assert gru_cell(at).z[0, 1] < 0.01  # keeps old: z near 0 now takes new, as the stored z near 1 did


@pytest.mark.parametrize("typed", ["abc", "nan", "inf", "", "1e400"])
def test_bad_numbers_are_refused_and_the_state_kept(typed):
    at = open_app("pages/edit_page.py")
    before = app_state(at)
    edit_table(at, "inputs", edited={0: {"x[0]": typed}})
    assert app_state(at) == before
    assert any("Not applied" in e.value for e in at.error)


def test_adding_and_deleting_steps():
    at = open_app("pages/edit_page.py")
    steps = app_state(at).steps
    edit_table(at, "inputs", added=[{"x[0]": "0.5", "x[1]": "1"}])
    assert app_state(at).steps == steps + 1 and app_state(at).x[-1] == (0.5, 1.0)
    edit_table(at, "inputs", deleted=[0, 1])
    assert app_state(at).steps == steps - 1


def test_deleting_every_step_is_refused():
    at = open_app("pages/edit_page.py")
    before = app_state(at)
    edit_table(at, "inputs", deleted=list(range(before.steps)))
    assert app_state(at) == before
    assert any("cannot be empty" in e.value for e in at.error)


def test_text_mode_embeds_tokens_and_labels_the_time_axis():
    at = open_app("pages/edit_page.py")
    at.radio[0].set_value("text").run()
    at.text_input[0].set_value("abba").run()
    state = app_state(at)
    assert state.text == "abba" and state.steps == 4 and state.tokens() == ["a", "b", "b", "a"]
    assert state.x[0] == state.x[3] and state.x[0] != state.x[1]  # a fixed embedding: same token, same vector
    at.switch_page("pages/sequence_page.py").run()
    assert live_data(at)["tokens"] == ["a", "b", "b", "a"]  # the time axis's labels


def test_clamping_z_to_zero_freezes_the_memory():
    at = open_tab(open_app("pages/edit_page.py"), "Clamp a gate")
    at.selectbox(key="clamp_gate-0").set_value("z").run()
    cell = gru_cell(at)
    assert np.all(cell.z == 0.0)
    np.testing.assert_array_equal(cell.h, np.zeros_like(cell.h))  # from h0 = 0, nothing is ever written


def test_clamping_z_to_one_makes_h_the_candidate():
    at = open_tab(open_app("pages/edit_page.py"), "Clamp a gate")
    at.selectbox(key="clamp_gate-0").set_value("z").run()
    at.slider(key=next(s.key for s in at.slider if s.key.startswith("clamp_value"))).set_value(1.0).run()
    cell = gru_cell(at)
    np.testing.assert_allclose(cell.h, cell.h_tilde, atol=1e-15)


def test_weight_presets_and_scale():
    at = open_tab(open_app("pages/edit_page.py"), "Weights")
    at.selectbox(key="weight_preset").set_value("long memory").run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "apply preset")].click().run()
    assert gru_cell(at).z[:, 0].max() < 0.01
    W = np.array(app_state(at).W_hh)
    at.slider(key="scale").set_value(2.0).run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "scale")].click().run()
    np.testing.assert_allclose(np.array(app_state(at).W_hh), 2 * W)


def test_a_shared_link_restores_the_exact_state():
    state = presets.two_speeds().with_changes(step=9, z_convention="keeps_old")
    at = open_app("pages/cell_page.py", query=to_url(state))
    assert app_state(at) == state
    assert "z keeps the old state" in at.caption[0].value


@pytest.mark.parametrize("query", ["garbage", "eJzLSM3JyQcABiwCFQ", "A" * 9000])
def test_a_bad_link_shows_a_message_and_the_default(query):
    at = open_app(query=query)
    assert app_state(at) == presets.write_once_carry()
    assert any("could not be opened" in w.value for w in at.sidebar.warning)


def test_session_states_are_independent():
    a, b = open_app("pages/cell_page.py"), open_app("pages/cell_page.py")
    send_live(a, {"seq": "s:1", "step": app_state(a).step + 1})
    assert app_state(a).step == app_state(b).step + 1
    assert live_data(b)["state"]["step"] == app_state(b).step


def test_state_json_downloads_and_uploads_back():
    at = open_app("pages/cell_page.py")
    at.radio(key="z_choice").set_value("keeps_old").run()
    saved = app_state(at)
    other = open_app("pages/sequence_page.py")
    other.file_uploader(key="state_upload").set_value(("gru-state.json", to_json(saved).encode(), "application/json"))
    other.run()
    assert app_state(other) == saved


BAD_STATE_FILES = [b"{not json", b'{"x": [[1]]}', b'{"x": [[NaN]], "W_ih": [], "W_hh": [], "b_ih": []}', b"[1, 2]",
                   b"\xff\xfe"]


@pytest.mark.parametrize("content", BAD_STATE_FILES)
def test_a_bad_state_file_is_refused_and_the_state_kept(content):
    at = open_app("pages/cell_page.py")
    before = app_state(at)
    at.file_uploader(key="state_upload").set_value(("bad.json", content, "application/json")).run()
    assert app_state(at) == before
    assert any("not loaded" in e.value for e in at.sidebar.error)


def test_changing_sizes_resizes_weights_and_keeps_the_input():
    at = open_tab(open_app("pages/edit_page.py"), "Weights")
    x = np.array(app_state(at).x)
    at.number_input(key="H-0").set_value(5).run()
    state = app_state(at)
    assert state.hidden_size == 5 and np.array(state.W_hh).shape == (15, 5)
    np.testing.assert_array_equal(np.array(state.x), x)
    at.number_input(key=f"I-{at.session_state['rev']}").set_value(3).run()
    assert app_state(at).input_size == 3 and np.array(app_state(at).x)[:, 2].tolist() == [0.0] * len(x)


def test_text_split_into_words():
    at = open_app("pages/edit_page.py")
    at.radio[0].set_value("text").run()
    at.text_input[0].set_value("the cat saw the dog").run()
    at.radio(key=f"split-{at.session_state['rev']}").set_value("words").run()
    state = app_state(at)
    assert state.tokens() == ["the", "cat", "saw", "the", "dog"] and state.x[0] == state.x[3]


def test_copy_the_input_preset_makes_h_follow_tanh_of_x():
    at = open_tab(open_app("pages/edit_page.py"), "Weights")
    at.selectbox(key="weight_preset").set_value("copy the input").run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "apply preset")].click().run()
    cell, x = gru_cell(at), np.array(app_state(at).x)
    np.testing.assert_allclose(cell.h[:, 0], np.tanh(x[:, 0]), atol=0.01)
