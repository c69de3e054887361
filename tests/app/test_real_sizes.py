"""The Load page's sentence panel at real sizes: a PyTorch module of 512 units (an nn.Embedding, an
nn.GRU and an nn.Linear in one state_dict) on sentences of up to 1,000 tokens, its units sorted,
filtered and followed. What the page draws is checked against the model's own trace, computed here
by gru_viz.load_model from the same bytes (its numbers are pinned to torch in tests/weights)."""

import json

import numpy as np
import pytest
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from lessons.unit_order import ACTIVITY, EFFECT, MEMORY, effects, ranked
from tests.app.helpers import array_of, figures, open_app
from tests.app.test_load_page import upload

H, E, WORDS = 512, 32, [f"w{k}" for k in range(40)]


def big_model():
    """(state_dict arrays, vocabulary JSON) of the module: gates that vary, a head of 3 classes."""
    rng = np.random.default_rng(5)
    arrays = {"embedding.weight": rng.normal(size=(len(WORDS), E)),
              "gru.weight_ih_l0": rng.normal(scale=0.3, size=(3 * H, E)),
              "gru.weight_hh_l0": rng.normal(scale=0.06, size=(3 * H, H)),
              "gru.bias_ih_l0": rng.normal(size=3 * H), "gru.bias_hh_l0": rng.normal(size=3 * H),
              "head.weight": rng.normal(scale=0.2, size=(3, H)), "head.bias": np.zeros(3)}
    return arrays, json.dumps({word: k for k, word in enumerate(WORDS)})


@pytest.fixture(scope="module")
def files():
    arrays, vocabulary = big_model()
    return safetensors_bytes(arrays), vocabulary.encode()


def sentence(length):
    return " ".join(WORDS[(7 * k) % len(WORDS)] for k in range(length))


def opened(files, text):
    data, vocabulary = files
    at = upload(open_app("pages/load_page.py"), "big.safetensors", data)
    at.file_uploader(key="vocabulary_upload").set_value(("vocab.json", vocabulary, "application/json")).run()
    at.text_input(key="sentence").set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def reference(files, text):
    data, vocabulary = files
    model = gru_viz.load_model(data, vocabulary=vocabulary)
    return model.trace(model.tokenize(text)[0]).cells[0][0]


def maps(at):
    return next(f for f in figures(at)
                if f["data"][0]["type"] == "heatmap" and "layer 0" in f["layout"]["title"]["text"])


def lines(at):
    return next(f for f in figures(at) if f["data"][0]["type"] == "scatter" and "units" in f["layout"]["title"]["text"])


def test_a_512_unit_layer_is_explored_whole_then_sorted_filtered_and_followed(files):
    text = sentence(60)
    at = opened(files, text)
    cell = reference(files, text)
    z = array_of(maps(at)["data"][0]["z"])
    assert z.shape == (H, 60)  # every unit, no cut to 16
    np.testing.assert_allclose(z, cell.z.T, rtol=1e-6)  # float32 on the wire

    at.selectbox(key="unit_order_0").set_value(MEMORY).run()
    drawn = maps(at)
    expected = ranked(MEMORY, cell, "GRU", "keeps_old")  # torch's z keeps the old state
    assert [int(u) for u in drawn["data"][0]["y"]] == expected
    assert np.mean(cell.z[:, expected[0]]) >= np.mean(cell.z[:, expected[-1]])
    assert "by memory" in drawn["layout"]["title"]["text"]

    at.selectbox(key="units_shown_0").set_value(16).run()
    assert [int(u) for u in maps(at)["data"][0]["y"]] == expected[:16]
    followed = lines(at)
    assert [d["name"] for d in followed["data"] if d["showlegend"]] == [f"unit {u}" for u in expected[:3]]

    at.multiselect(key="follow_0").set_value([5, 300]).run()
    followed = lines(at)
    assert followed["layout"]["title"]["text"].endswith("units 5, 300")
    np.testing.assert_allclose(array_of(followed["data"][1]["y"]), cell.z[:, 300], rtol=0, atol=1e-12)

    at.slider(key="follow_step_0").set_value(7).run()  # the followed units at one step of the sentence
    assert [shape["x0"] for shape in lines(at)["layout"]["shapes"]] == [7, 7, 7]  # a marker on each panel
    html = next(element.proto.body for element in at.get("html") if "lands between" in element.proto.body)
    kept = cell.z[7, 300]  # torch's z is the share of h_{t-1} kept
    assert f"Unit 300 keeps {kept:.0%} of its old value ({cell.h_prev[7, 300]:+.3f})" in html
    assert "Unit 5 keeps" in html and "Unit 17 keeps" not in html  # the followed units alone
    assert not at.exception


def test_activity_and_effect_orders_draw_their_own_ranking(files):
    text = sentence(30)
    at = opened(files, text)
    cell = reference(files, text)
    at.selectbox(key="unit_order_0").set_value(ACTIVITY).run()
    assert [int(u) for u in maps(at)["data"][0]["y"]] == ranked(ACTIVITY, cell, "GRU")
    at.selectbox(key="unit_order_0").set_value(EFFECT).run()
    data, vocabulary = files
    model = gru_viz.load_model(data, vocabulary=vocabulary)
    effect = effects(model, model.trace(model.tokenize(text)[0]), 0)
    assert [int(u) for u in maps(at)["data"][0]["y"]] == ranked(EFFECT, cell, "GRU", effect=effect)
    assert effect.max() > 0 and "by effect on the prediction" in maps(at)["layout"]["title"]["text"]


def test_a_sentence_of_1000_tokens_draws_and_one_more_is_refused(files):
    at = opened(files, sentence(1000))
    drawn = maps(at)
    assert array_of(drawn["data"][0]["z"]).shape == (H, 1000) and drawn["data"][0]["xgap"] == 0  # one image
    at.text_input(key="sentence").set_value(sentence(1001)).run()
    assert any("1001 tokens; the explorer reads at most 1000" in e.value for e in at.error)


def test_a_followed_units_weights_are_edited_in_place_and_the_files_come_back(files):
    """The table of unit 5's rows at 512 units: its z bias raised, every figure follows the new
    model (unit 5's z rises at every step); a NaN is refused and changes nothing; the file's
    weights come back."""
    text = sentence(20)
    at = opened(files, text)
    at.multiselect(key="follow_0").set_value([5, 300]).run()
    before = reference(files, text)
    key = next(e.key for e in at.data_editor if e.key.startswith("unit_table_0_5_"))
    bias = at.session_state["whole"][0].recurrent.layers[0][0].b_ih[H + 5]  # z's block: rows H .. 2H-1
    at.session_state[key] = {"edited_rows": {0: {"z": float(bias) + 4.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    edited = at.session_state["whole"][0]
    assert edited.recurrent.layers[0][0].b_ih[H + 5] == bias + 4.0
    z = array_of(maps(at)["data"][0]["z"])  # unit number order: row 5 is unit 5
    assert np.all(z[5] > before.z[:, 5] + 1e-6)  # a bigger bias, a bigger z at every step
    assert at.multiselect(key="follow_0").value == [5, 300]  # the learner's picks stay

    key = next(e.key for e in at.data_editor if e.key.startswith("unit_table_0_5_"))
    at.session_state[key] = {"edited_rows": {3: {"r": None}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("Not applied" in e.value for e in at.error) and at.session_state["whole"][0] is edited

    next(b for b in at.button if b.label == "Back to the file's weights").click().run()
    np.testing.assert_array_equal(array_of(maps(at)["data"][0]["z"]), before.z.T.astype(np.float32))
