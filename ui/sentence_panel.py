"""The Load page's sentence panel: a whole model (gru_viz.load_model) on a sentence the learner types,
its prediction beside the gates of every layer, the tokens on the time axis.

What the session keeps: st.session_state.whole, (the model or None, why not), set when a file is
opened (ui/weight_files.py); its vocabulary comes with a second upload. The sentence is a widget
value. Neither is in the link: an uploaded model lives in this session only.
"""

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from gru_viz import GRU, Stack, WeightsError
from gru_viz.figures import heatmap_stack, prediction_bars
from gru_viz.figures.style import colour_legend
from gru_viz.weights.around import with_vocabulary
from lessons.sentence import layer_panels, prediction, tokens_of
from lessons.text import literal

from . import session
from .charts import show
from .weight_files import release

VOCABULARY = "vocabulary_upload"
MAX_WORDS = 200  # the explorer's longest sequence


def take_vocabulary():
    """on_change of the vocabulary uploader: read it, give its bytes back, attach it to the model."""
    upload = st.session_state.get(VOCABULARY)
    model, _ = st.session_state.get("whole", (None, None))
    if not isinstance(upload, UploadedFile) or model is None:  # removed, or given back already
        return
    data, name = upload.getvalue(), upload.name
    release(upload)
    try:
        st.session_state.whole = (with_vocabulary(model, data), None)
    except WeightsError as exc:
        session.refuse("vocabulary", f"{literal(name)} was not read as a vocabulary: {literal(str(exc), 500)}")
        return
    st.session_state.messages.pop("vocabulary", None)


def gates_said(model):
    """What the GRU layers' z means, in the framework's own convention (they are shown as read)."""
    layers = model.recurrent.layers if isinstance(model.recurrent, Stack) else [model.recurrent]
    conventions = {layer.z_convention for layer in layers if isinstance(layer, GRU)}
    return " ".join(f"The gates as the file's framework computes them: {colour_legend('z', z)}"
                    for z in sorted(conventions))


def draw():
    model, why_not = st.session_state.get("whole", (None, None))
    if (model is None and why_not is None) or (model is not None and model.embedding is None):
        return  # nothing read, or a file of recurrent layers alone: it reads numbers, not words
    st.subheader("Try it on a sentence")
    if model is None:
        st.info(f"The whole model is not shown here: {literal(why_not, 500)}")
        return
    st.caption(literal(" · ".join(note for note in model.notes if note.startswith(("embedding", "head"))), 1000))
    st.file_uploader("Its vocabulary: one token per line (the line number is its id) or JSON, token → id",
                     key=VOCABULARY, on_change=take_vocabulary)
    if session.message("vocabulary"):
        st.error(session.message("vocabulary"))
    if model.vocabulary is None:
        st.info("Upload the vocabulary the model was trained with: its ids are the embedding's rows.")
        return
    text = st.text_input("A sentence", key="sentence", max_chars=2000, placeholder="the film was not good")
    if not text.strip():
        return
    ids, labels, unknown = tokens_of(model, text)
    if unknown:
        took = any(label.startswith("‹") for label in labels)  # the vocabulary has an unknown token
        st.caption("Not in the vocabulary: " + literal(", ".join(unknown), 500)
                   + (" (each read as the unknown token)" if took else " (left out)"))
    if not len(ids):
        st.info("No word of this sentence is in the vocabulary.")
        return
    if len(ids) > MAX_WORDS:
        st.error(f"The sentence has {len(ids)} tokens; the explorer reads at most {MAX_WORDS}.")
        return
    bars, layers = figures_for(model, ids, labels)
    if bars is None:
        st.info("This file holds no head after its recurrent layers, so it makes no prediction: below, what "
                "each layer does with the sentence.")
    else:
        show(bars, "prediction")
    said = gates_said(model)
    if said:
        st.caption(said)
    for k, fig in enumerate(layers):
        show(fig, f"sentence_layer_{k}")


def figures_for(model, ids, labels):
    """(the prediction's bars or None, every layer's heatmaps) for these token ids, built once: a
    rerun of the page for another control draws the kept figures again (the last sentence's)."""
    kept = st.session_state.get("_sentence_figures")
    key = tuple(int(i) for i in ids), tuple(labels)
    if kept is None or kept[0] is not model or kept[1] != key:
        predicted = prediction(model, ids)
        bars = None
        if predicted is not None:
            title, rows, label_name = predicted
            bars = prediction_bars([label for label, _ in rows], [value for _, value in rows], title=title,
                                   label_name=label_name)
        layers = [heatmap_stack(panels, labels, title=name) for name, panels in layer_panels(model, model.trace(ids))]
        kept = st.session_state._sentence_figures = (model, key, bars, layers)
    return kept[2], kept[3]
