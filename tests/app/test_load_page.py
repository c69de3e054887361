"""The "Load a model" page (AppTest): real files become the explored model; hostile ones bounce off."""

import pickle

import numpy as np

import gru_viz
from lessons.explore import stored_model
from lessons.state import to_url
from lessons.text import literal
from tests.app.helpers import app_state, gru_cell, live_data, open_app
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"


def upload(at, name, data):
    at.file_uploader(key="weights_upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_uploading_a_pytorch_gru_explores_it_with_torchs_numbers():
    at = upload(open_app("pages/load_page.py"), "pytorch_gru.safetensors",
                (EXAMPLES / "pytorch_gru.safetensors").read_bytes())
    state = app_state(at)
    assert (state.reset, state.z_convention, state.hidden_size) == ("after", "keeps_old", 4)
    table = at.dataframe[0].value
    assert dict(zip(table.iloc[:, 0], table["value"]))["framework"] == "PyTorch"
    assert dict(zip(table.iloc[:, 0], table["value"]))["parameters as the file stores them"] == "108"
    with np.load(EXAMPLES / "pytorch_gru_outputs.npz") as reference:
        x, output = reference["x"], reference["output"]
    model = gru_viz.load_weights(EXAMPLES / "pytorch_gru.safetensors")
    np.testing.assert_allclose(stored_model(state).run(x).output, output, atol=1e-12)
    np.testing.assert_allclose(model.run(x).output, output, atol=1e-12)
    at.switch_page("pages/cell_page.py").run()  # its numbers on the cell page
    data = live_data(at)
    assert data["states"] == gru_cell(at).h.ravel().tolist() and data["state"]["reset"] == "after"
    assert data["words"]["name"] == "keeps_old" and "z keeps the old state" in at.caption[0].value


def test_the_seed_convention_switch_flips_only_z_of_a_loaded_model():
    at = upload(open_app("pages/load_page.py"), "pytorch_gru.safetensors",
                (EXAMPLES / "pytorch_gru.safetensors").read_bytes())
    before = gru_cell(at)
    at.radio(key="z_choice").set_value("takes_new").run()
    after = gru_cell(at)
    np.testing.assert_allclose(after.h, before.h, atol=1e-15)
    np.testing.assert_allclose(after.z, 1 - before.z, atol=1e-15)


def test_a_keras_reset_before_example_opens_from_the_list():
    at = open_app("pages/load_page.py")
    at.selectbox(key="example_file").set_value("keras_gru_reset_before.keras").run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "Open the example")].click().run()
    state = app_state(at)
    assert state.reset == "before" and state.b_hh is None and state.example == "keras_gru_reset_before.keras"


def test_a_two_layer_bidirectional_file_lets_you_pick_the_cell():
    at = open_app("pages/load_page.py")
    at.selectbox(key="example_file").set_value("pytorch_gru_2layer_bidir.safetensors").run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "Open the example")].click().run()
    assert app_state(at).input_size == 3
    at.selectbox(key="loaded_cell").set_value((1, 1)).run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "Explore this cell")].click().run()
    state = app_state(at)
    assert state.input_size == 8 and "layer 1, backward" in state.example  # layer 1 reads 2 x 4 outputs
    model = gru_viz.load_weights(EXAMPLES / "pytorch_gru_2layer_bidir.safetensors")
    np.testing.assert_allclose(np.array(state.W_hh), model.with_z_convention("takes_new").layers[1][1].W_hh)


class Payload:
    def __reduce__(self):
        return (open, (str(ROOT / "PWNED_BY_UPLOAD"), "w"))


def test_a_hostile_upload_shows_the_message_and_keeps_the_old_model():
    at = open_app("pages/load_page.py")
    before = app_state(at)
    for name, data in [("model.pt", pickle.dumps({"w": Payload()})), ("model.safetensors", b"\x00" * 100),
                       ("model.keras", b"PK\x03\x04 not really a zip")]:
        upload(at, name, data)
        assert app_state(at) == before
        assert any(literal(name) in e.value and "not loaded" in e.value for e in at.error)  # Markdown source
    assert not (ROOT / "PWNED_BY_UPLOAD").exists()


def test_the_pickle_refusal_shows_the_conversion_line():
    at = upload(open_app("pages/load_page.py"), "model.pt", pickle.dumps({"w": Payload()}))
    assert any("save_file" in e.value for e in at.error)
    assert not (ROOT / "PWNED_BY_UPLOAD").exists()


def test_an_lstm_file_is_summarised_not_explored():
    model = gru_viz.LSTM.random(3, 4, seed=0)
    path = ROOT / "tests" / "browser" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    at = open_app("pages/load_page.py")
    before = app_state(at)
    upload(at, "lstm.safetensors", gru_viz.save_weights(model, path / "lstm.safetensors").read_bytes())
    assert app_state(at) == before
    assert any("LSTM" in i.value for i in at.info)


def test_the_downloaded_model_loads_back_with_identical_numbers():
    at = open_app("pages/edit_page.py")
    at.radio(key="reset_choice").set_value("after").run()
    at.switch_page("pages/load_page.py").run()
    state = app_state(at)
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Download .safetensors", "Download .npz"} <= labels
    shown = gru_cell(at)
    for fmt in ("safetensors", "npz"):
        data = gru_viz.weights.model_bytes(stored_model(state), fmt)
        loaded = gru_viz.load_weights(data)
        np.testing.assert_allclose(loaded.run(np.array(state.x)).output, shown.h, atol=1e-15)


def test_a_file_beyond_the_explorer_is_kept_as_its_outline_with_the_same_summary():
    """Issue 18: a model the explorer cannot show is summarised, not kept as a float64 model."""
    data = gru_viz.weights.model_bytes(gru_viz.GRU.random(32, 32, num_layers=2, reset="after"), "safetensors")
    at = open_app("pages/load_page.py")
    before = app_state(at)
    upload(at, "big.safetensors", data)
    label, loaded = at.session_state["loaded"]
    assert label == "big.safetensors" and isinstance(loaded.model, gru_viz.weights.ModelOutline)
    expected = gru_viz.read_weights(data).summary()
    table = at.dataframe[0].value
    shown = dict(zip(table.iloc[:, 0], table["value"]))
    assert shown["parameters here"] == str(expected["model_parameters"]) == "12672"
    assert shown["hidden size"] == "32" and shown["framework"] == "PyTorch"
    assert any("beyond the explorer's limits" in e.value and "the input has 32 features" in e.value for e in at.error)
    assert app_state(at) == before


def test_the_load_page_defines_no_function_a_widget_could_keep():
    """A function defined in a page closes over the run's namespace; kept by a widget in session
    state (a callback, a format_func), it kept every model of that run alive in a cycle."""
    import ast

    tree = ast.parse((ROOT / "pages" / "load_page.py").read_text())
    defined = [type(node).__name__ for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))]
    assert defined == []


def test_a_link_to_a_cell_of_the_shipped_example_can_explore_another_of_its_cells():
    # A teacher's link carries the state, not the file: the page finds the shipped example the
    # state is a cell of, and its "Explore this cell" works from there as after "Open the example".
    teacher = open_app("pages/load_page.py")
    teacher.selectbox(key="example_file").set_value("pytorch_gru_2layer_bidir.safetensors").run()
    teacher.button[next(i for i, b in enumerate(teacher.button) if b.label == "Open the example")].click().run()
    student = open_app("pages/load_page.py", query=to_url(app_state(teacher)))
    student.selectbox(key="loaded_cell").set_value((0, 1)).run()
    student.button[next(i for i, b in enumerate(student.button) if b.label == "Explore this cell")].click().run()
    assert not student.exception, [e.value for e in student.exception]
    state = app_state(student)
    assert "layer 0, backward" in state.example
    model = gru_viz.load_weights(EXAMPLES / "pytorch_gru_2layer_bidir.safetensors")
    np.testing.assert_allclose(np.array(state.W_hh), model.with_z_convention("takes_new").layers[0][1].W_hh)


def test_a_file_whose_only_cell_that_fits_is_in_layer_1_opens_on_that_cell():
    model = gru_viz.GRU.random(9, 4, num_layers=2, seed=3)  # layer 0 reads 9 inputs (over 8); layer 1 reads 4
    at = upload(open_app("pages/load_page.py"), "deep.safetensors", gru_viz.weights.model_bytes(model))
    state = app_state(at)
    assert (state.input_size, state.hidden_size) == (4, 4) and "layer 1" in state.example
    np.testing.assert_allclose(np.array(state.W_hh), model.layers[1][0].W_hh)


def test_an_onnx_file_from_torchs_exporter_explores_its_cells_with_torchs_numbers():
    """examples/onnx_gru_2layer_bidir.onnx (tests/reference/make_onnx.py): uploaded, it is read in
    ONNX's conventions, and its first cell runs as torch ran the module it was exported from."""
    name = "onnx_gru_2layer_bidir.onnx"
    at = upload(open_app("pages/load_page.py"), "exported.onnx", (EXAMPLES / name).read_bytes())
    state = app_state(at)
    assert (state.reset, state.z_convention, state.hidden_size) == ("after", "keeps_old", 4)
    table = at.dataframe[0].value
    shown = dict(zip(table.iloc[:, 0], table["value"]))
    assert shown["framework"] == "ONNX"
    said = " ".join(e.value for e in at.caption).replace("\\", "")  # the notes, markdown escapes removed
    assert "ONNX GRU, linear_before_reset=1" in said  # they name ONNX's own convention
    with np.load(EXAMPLES / "onnx_gru_2layer_bidir_outputs.npz") as reference:
        x, output = reference["x"], reference["output"]
    whole = gru_viz.load_weights(EXAMPLES / name)
    np.testing.assert_allclose(whole.run(x).output, output, atol=1e-12)
    first = gru_viz.GRU((whole.layers[0][:1],), reset="after", z_convention="keeps_old")
    np.testing.assert_allclose(stored_model(state).run(x).output, first.run(x).output, atol=1e-12)


def test_an_onnx_graph_with_an_op_outside_the_set_is_refused_by_name_and_keeps_the_model():
    from onnx import helper

    from tests.weights.onnx_graphs import chain

    model = chain("GRU")
    model.graph.node.append(helper.make_node("Conv", ["y", "W0"], ["conv"]))
    at = open_app("pages/load_page.py")
    before = app_state(at)
    upload(at, "model.onnx", model.SerializeToString())
    assert "op 'Conv', which is not read here" in at.error[0].value.replace("\\", "")
    assert app_state(at) == before


def test_a_keras_stack_of_layers_that_differ_is_summarised_and_its_gru_cells_explored():
    """The course notebook's Bidirectional(GRU(4)) then GRU(4) (tests/reference/make_keras.py): a
    stack, each layer named, and any of its three GRU cells explored with Keras' numbers."""
    name = "mixed_bidir_then_gru.keras"
    at = upload(open_app("pages/load_page.py"), name, (ROOT / "tests" / "reference" / "keras" / name).read_bytes())
    table = at.dataframe[0].value
    shown = dict(zip(table.iloc[:, 0], table["value"]))
    assert shown["layer type"] == "Bidirectional(GRU) → GRU" and shown["hidden size"] == "4, 4"
    assert shown["directions"] == "2, 1"
    assert at.selectbox(key="loaded_cell").options == ["layer 0, forward", "layer 0, backward", "layer 1, forward"]
    at.selectbox(key="loaded_cell").set_value((1, 0)).run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "Explore this cell")].click().run()
    state = app_state(at)
    assert state.input_size == 8 and "layer 1" in state.example
    model = gru_viz.load_weights(ROOT / "tests" / "reference" / "keras" / name)
    np.testing.assert_allclose(np.array(state.W_hh), model.layers[1].with_z_convention("takes_new").layers[0][0].W_hh)


def test_a_stack_keeps_only_the_weights_of_the_layers_the_explorer_can_show():
    """A small GRU, then an LSTM of 512 units: the session keeps the GRU's weights and the LSTM's
    outline (sizes, no numbers), and the summary is the file's all the same."""
    from safetensors.numpy import save as safetensors_bytes

    from gru_viz.weights import ModelOutline, read_weights

    rng = np.random.default_rng(0)
    arrays = {"rnn1.weight_ih_l0": rng.normal(size=(12, 3)), "rnn1.weight_hh_l0": rng.normal(size=(12, 4)),
              "rnn2.weight_ih_l0": rng.normal(size=(2048, 4)), "rnn2.weight_hh_l0": rng.normal(size=(2048, 512))}
    data = safetensors_bytes(arrays)
    at = upload(open_app("pages/load_page.py"), "stack.safetensors", data)
    _, kept = at.session_state["loaded"]
    assert isinstance(kept.model.layers[1], ModelOutline) and isinstance(kept.model.layers[0], gru_viz.GRU)
    assert kept.summary() == read_weights(data).summary()
    assert app_state(at).hidden_size == 4  # the GRU's cell is explored


MODELS = ROOT / "tests" / "reference" / "models"


def sentence_on(at, model_file, vocabulary_file, sentence):
    upload(at, model_file, (MODELS / model_file).read_bytes())
    at.file_uploader(key="vocabulary_upload").set_value(
        (vocabulary_file, (MODELS / vocabulary_file).read_bytes(), "text/plain")).run()
    at.text_input(key="sentence").set_value(sentence).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_keras_sentiment_model_with_its_vocabulary_predicts_a_typed_sentence_as_keras_does():
    """tests/reference/make_models.py: Keras' own model.predict for the sentence, to 1e-6 (its Dense
    multiplies in float32), as the page's bars; then each layer's gates on the sentence's tokens."""
    from tests.app.helpers import figures

    ref = np.load(MODELS / "keras_sentiment.npz")
    at = sentence_on(open_app("pages/load_page.py"), "keras_sentiment.keras", "keras_sentiment_vocab.txt",
                     str(ref["sentence"]))
    shown = figures(at)
    bars = next(f for f in shown if f["data"][0]["type"] == "bar")
    expected = np.sort(ref["prediction"])  # the bars: the largest on top, drawn last
    np.testing.assert_allclose(bars["data"][0]["x"], expected, rtol=0, atol=1e-6)
    assert "as the model's head gives them" in bars["layout"]["title"]["text"]
    layers = [f for f in shown if f["data"][0]["type"] == "heatmap" and "layer" in (f["layout"]["title"]["text"] or "")]
    assert [f["layout"]["title"]["text"] for f in layers] == ["layer 0, GRU, forward", "layer 0, GRU, backward",
                                                                "layer 1, GRU"]
    assert list(layers[0]["layout"]["xaxis"]["ticktext"]) == str(ref["sentence"]).split()  # the tokens, in time


def test_a_keras_model_with_its_own_text_vectorization_reads_a_sentence_with_no_vocabulary_uploaded():
    """tests/reference/make_keras_text.py: the file's vocabulary, standardization and padding to 12
    ids, and Keras' own prediction for the sentence as typed."""
    from tests.app.helpers import figures

    ref = np.load(MODELS / "keras_text_padded.npz")
    at = upload(open_app("pages/load_page.py"), "keras_text_padded.keras",
                (MODELS / "keras_text_padded.keras").read_bytes())
    assert any("its vocabulary is in the file" in c.value for c in at.caption)
    at.text_input(key="sentence").set_value(str(ref["sentences"][1])).run()
    shown = figures(at)
    bars = next(f for f in shown if f["data"][0]["type"] == "bar")
    np.testing.assert_allclose(bars["data"][0]["x"], np.sort(ref["predictions"][1]), rtol=0, atol=1e-12)
    layer = next(f for f in shown if f["data"][0]["type"] == "heatmap")
    assert list(layer["layout"]["xaxis"]["ticktext"]) == ["i", "loved", "it"] + ["‹padding›"] * 9


def test_another_unknown_word_with_the_same_ids_relabels_the_time_axis():
    """'a splendid film' and 'a wonderful film' make the same ids ([UNK] for the unknown words): the
    figures kept for the first must not label the second."""
    from tests.app.helpers import figures

    at = upload(open_app("pages/load_page.py"), "keras_text_sentiment.keras",
                (MODELS / "keras_text_sentiment.keras").read_bytes())
    for word in ("splendid", "wonderful"):
        at.text_input(key="sentence").set_value(f"a {word} film").run()
        layer = next(f for f in figures(at) if f["data"][0]["type"] == "heatmap")
        assert list(layer["layout"]["xaxis"]["ticktext"]) == ["‹a›", f"‹{word}›", "film"]
    assert any("each read as the unknown token" in c.value for c in at.caption)


def test_unknown_words_are_named_and_a_torch_model_predicts_the_next_token():
    ref = np.load(MODELS / "torch_next_token.npz")
    at = sentence_on(open_app("pages/load_page.py"), "torch_next_token.safetensors", "torch_next_token_vocab.json",
                     str(ref["sentence"]) + " zzyzx")
    assert any("Not in the vocabulary" in c.value and "zzyzx" in c.value for c in at.caption)
    from gru_viz.whole import softmax
    from tests.app.helpers import figures

    bars = next(f for f in figures(at) if f["data"][0]["type"] == "bar")
    assert "The next token" in bars["layout"]["title"]["text"]
    model = gru_viz.load_model(MODELS / "torch_next_token.safetensors",
                               vocabulary=MODELS / "torch_next_token_vocab.json")
    ids = np.append(ref["ids"], model.vocabulary["[UNK]"])
    np.testing.assert_allclose(bars["data"][0]["x"][-1], softmax(model.predict(ids)[-1]).max(), rtol=0, atol=1e-12)


def test_a_bad_vocabulary_is_refused_and_keeps_the_model():
    at = upload(open_app("pages/load_page.py"), "keras_sentiment.keras",
                (MODELS / "keras_sentiment.keras").read_bytes())
    at.file_uploader(key="vocabulary_upload").set_value(("v.json", b'{"the": 99}', "application/json")).run()
    assert "ids up to 99, but the embedding has 20 rows" in at.error[0].value.replace("\\", "")
    assert at.session_state["whole"][0].vocabulary is None


def test_a_shipped_whole_model_opens_with_its_vocabulary_ready_for_a_sentence():
    at = open_app("pages/load_page.py")
    at.selectbox(key="example_file").set_value("models/onnx_sentiment.onnx").run()
    at.button[next(i for i, b in enumerate(at.button) if b.label == "Open the example")].click().run()
    at.text_input(key="sentence").set_value("the plot was boring").run()
    assert not at.exception
    from tests.app.helpers import figures

    assert any(f["data"][0]["type"] == "bar" for f in figures(at))
    assert at.session_state["whole"][0].vocabulary["plot"] == 11


def test_a_model_with_no_head_says_so_and_still_shows_its_layers_on_the_sentence():
    from safetensors.numpy import save as safetensors_bytes

    from tests.app.helpers import figures

    rng = np.random.default_rng(0)
    arrays = {"embed.weight": rng.normal(size=(5, 3)), "rnn.weight_ih_l0": rng.normal(size=(12, 3)),
              "rnn.weight_hh_l0": rng.normal(size=(12, 4))}
    at = upload(open_app("pages/load_page.py"), "encoder.safetensors", safetensors_bytes(arrays))
    at.file_uploader(key="vocabulary_upload").set_value(("v.txt", b"a\nb\nc\nd\ne\n", "text/plain")).run()
    at.text_input(key="sentence").set_value("a b c").run()
    assert any("holds no head" in i.value for i in at.info)
    assert not any(f["data"][0]["type"] == "bar" for f in figures(at))
    assert any((f["layout"]["title"]["text"] or "") == "layer 0, GRU" for f in figures(at))
