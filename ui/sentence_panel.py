"""The Load page's sentence panel: a whole model (gru_viz.load_model) on a sentence the learner types,
its prediction beside the gates of every layer, the tokens on the time axis.

What the session keeps: st.session_state.whole, (the model or None, why not), set when a file is
opened (ui/weight_files.py); its vocabulary comes with a second upload. The sentence is a widget
value. Neither is in the link: an uploaded model lives in this session only.
"""

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from gru_viz import GRU, Stack, WeightsError
from gru_viz.figures import heatmap_stack, interpolation_html, prediction_bars, unit_lines
from gru_viz.figures.style import colour_legend
from gru_viz.figures.units import MAX_FOLLOWED
from gru_viz.weights.around import with_vocabulary
from gru_viz.whole import UNKNOWN_TOKENS
from lessons.sentence import layer_views, prediction, tokens_of
from lessons.state import StateError
from lessons.text import literal
from lessons.unit_edit import unit_table, with_unit_table
from lessons.unit_order import EFFECT, HELP, NUMBER, SHOWN, effects, orders, ranked

from . import session
from .charts import show
from .compute import session_memo
from .weight_files import release

VOCABULARY = "vocabulary_upload"
MAX_WORDS = 1000  # tokens: a long paragraph, and the trace of 512 units stays a few MB a direction
MAX_CHARACTERS = 20_000  # room for MAX_WORDS words of a paragraph pasted in
STEP_CONTROL = "follow_step_"  # a layer's step slider: its range is the sentence's
# Widget keys, one of each per layer (follow_ covers the step slider too).
LAYER_CONTROLS = ("unit_order_", "units_shown_", "follow_", "edit_unit_")
KEPT_FIGURES = 4  # a layer's heatmaps at 512 units and 1,000 tokens hold 6 MB of float32


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
    if model is None or model.embedding is None:
        st.session_state.pop("_sentence_run", None)  # the last model's trace: tens of MB at real sizes
    if (model is None and why_not is None) or (model is not None and model.embedding is None):
        return  # nothing read, or a file of recurrent layers alone: it reads numbers, not words
    st.subheader("Try it on a sentence")
    if model is None:
        st.info(f"The whole model is not shown here: {literal(why_not, 500)}")
        return
    around = [note for note in model.notes if note.startswith(("text", "embedding", "head"))]
    st.caption(literal(" · ".join(around), 1000))
    st.file_uploader("Its vocabulary: one token per line (the line number is its id) or JSON, token → id",
                     key=VOCABULARY, on_change=take_vocabulary,
                     help="A Keras file with a TextVectorization layer brings its own; one uploaded replaces it.")
    if session.message("vocabulary"):
        st.error(session.message("vocabulary"))
    if model.vocabulary is None:
        st.info("Upload the vocabulary the model was trained with: its ids are the embedding's rows.")
        return
    length = model.text.length
    if length is not None and length > MAX_WORDS and model.embedding.padding is None:
        st.info(f"This model's TextVectorization pads every sentence to {length} tokens; the explorer reads at "
                f"most {MAX_WORDS}.")
        return
    text = st.text_input("A sentence", key="sentence", max_chars=MAX_CHARACTERS, placeholder="the film was not good")
    if not text.strip():
        return
    ids, labels, unknown = tokens_of(model, text)
    if unknown:
        took = any(token in model.vocabulary for token in UNKNOWN_TOKENS)
        st.caption("Not in the vocabulary: " + literal(", ".join(unknown), 500)
                   + (" (each read as the unknown token)" if took else " (left out)"))
    words = len(model.text.words(text))
    if length is not None and words > length:
        st.caption(f"The model reads the first {length} tokens of a sentence (its TextVectorization's "
                   f"output_sequence_length); this one has {words}, and the rest were cut.")
    if not len(ids):
        st.info("No word of this sentence is in the vocabulary.")
        return
    if len(ids) > MAX_WORDS:
        st.error(f"The sentence has {len(ids)} tokens; the explorer reads at most {MAX_WORDS}.")
        return
    bars, views = sentence_run(model, ids, labels)
    if bars is None:
        st.info("This file holds no head after its recurrent layers, so it makes no prediction: below, what "
                "each layer does with the sentence.")
    else:
        show(bars, "prediction")
    said = gates_said(model)
    if said:
        st.caption(said)
    for k, view in enumerate(views):
        draw_layer(k, view, model, labels)


def sentence_run(model, ids, labels):
    """(the prediction's bars or None, every layer's LayerView) for these token ids, computed once: a
    rerun of the page for another control (a sort, a followed unit) reuses the last sentence's.
    The labels are in the key: two sentences whose unknown words differ have the same ids."""
    kept = st.session_state.get("_sentence_run")
    key = tuple(int(i) for i in ids), tuple(labels)
    if kept is None or kept[0] is not model or kept[1] != key:
        for name in ("_sentence_maps", "_sentence_lines"):  # figures of the last sentence, or the last model
            st.session_state.pop(name, None)
        # Another model's units: its sorts and picks do not apply; another sentence's steps neither.
        # A unit's weights edited keep the model's sizes, and the learner's sorts and picks with them.
        stale = LAYER_CONTROLS if kept is not None and repr(kept[0]) != repr(model) else (STEP_CONTROL,)
        for name in [name for name in st.session_state if str(name).startswith(stale)]:
            del st.session_state[name]
        predicted = prediction(model, ids)
        bars = None
        if predicted is not None:
            title, rows, label_name = predicted
            bars = prediction_bars([label for label, _ in rows], [value for _, value in rows], title=title,
                                   label_name=label_name)
        trace = model.trace(ids)
        kept = st.session_state._sentence_run = (model, key, bars, layer_views(model, trace), trace)
    return kept[2], kept[3]


@st.fragment
def draw_layer(k, view, model, labels):
    """One layer and direction: how its units are ordered and how many show, its heatmaps, and the
    units followed. A fragment: a sort or a cut reruns this layer alone, so the page does not send
    the other layers' heatmaps again (at 512 units and 1,000 tokens, 10 MB a layer)."""
    H = view.cell.h.shape[1]
    offered = orders(view.kind, view.z_convention, with_effect=view.read_by_head)
    left, right = st.columns([3, 2])
    order = left.selectbox(f"{view.title}: order the units by", list(offered), format_func=offered.get,
                           key=f"unit_order_{k}", help=HELP)
    counts = [n for n in SHOWN if n is None or n < H]
    shown = None
    if len(counts) > 1:  # a layer of up to 16 units shows them all
        shown = right.selectbox("Units shown", counts, key=f"units_shown_{k}",
                                format_func=lambda n: f"all {H}" if n is None else f"the first {n} in this order")
    effect = effects(model, st.session_state._sentence_run[4], view.direction) if order == EFFECT else None
    units = ranked(order, view.cell, view.kind, view.z_convention, effect, shown)
    plain = order == NUMBER and shown is None
    which = f"all {H} units" if shown is None else f"the first {shown} of {H} units"
    heatmaps = session_memo("_sentence_maps", KEPT_FIGURES, (k, order, shown), lambda: heatmap_stack(
        view.panels, labels, units=None if plain else units,
        title=view.title if plain else f"{view.title}: {which}, by {offered[order].partition(':')[0]}"))
    show(heatmaps, f"sentence_layer_{k}")
    follow(k, view, model, labels, units[:3])


@st.fragment
def follow(k, view, model, labels, first):
    """The units followed, as lines, and for a GRU each one's step at a chosen token: h_t between
    h_{t-1} and the candidate (`first`: the order's first three, while none is chosen). A fragment
    of its own: another unit or step sends these alone, not the heatmaps above."""
    H, T = view.cell.h.shape[1], len(labels)
    followed = st.multiselect(f"{view.title}: follow units (up to {MAX_FOLLOWED})", list(range(H)),
                              key=f"follow_{k}", max_selections=MAX_FOLLOWED, placeholder="the first 3 in this order")
    picked = [int(u) for u in followed] or first
    step = 0
    if T > 1:
        step = st.slider(f"{view.title}: the step they are shown at", 0, T - 1, key=f"{STEP_CONTROL}{k}",
                         help="The followed units' numbers at this step, marked on their lines.")
    lines = session_memo("_sentence_lines", KEPT_FIGURES, (k, tuple(picked), step), lambda: unit_lines(
        view.panels, labels, units=picked, step=step, title=f"{view.title}: units " + ", ".join(map(str, picked))))
    if not followed:
        st.caption(f"Following the first {len(picked)} units in this order; choose others to follow here.")
    show(lines, f"sentence_units_{k}")
    if view.kind == "GRU":
        st.html(interpolation_html(view.cell, step, token=labels[step], units=picked))
    edit_unit(k, view, model, picked)


def edit_unit(k, view, model, picked):
    """A followed unit's weights in a table (lessons.unit_edit): an edit makes the session's model
    one in which that unit's rows alone differ, and the whole panel runs again on it."""
    original, edited = st.session_state.get("_unit_edits", (None, None))
    with st.expander(f"{view.title}: edit a followed unit's weights"):
        unit = st.selectbox("The unit", picked, key=f"edit_unit_{k}")
        table = unit_table(model.recurrent, view.layer, view.direction, unit, view.kind)
        st.caption(f"Unit {unit}'s rows of every gate, as the file stores them: each bias, what it takes from "
                   "each input, and from each unit's state of the step before.")
        revision = st.session_state.get("_unit_edit_revision", 0)  # a new table after each edit applied
        changed = st.data_editor(table, key=f"unit_table_{k}_{unit}_{revision}", disabled=False,
                                 column_config={gate: st.column_config.NumberColumn(gate, format="%.6g")
                                                for gate in table.columns})
        if edited is model and st.button("Back to the file's weights", key=f"unit_restore_{k}"):
            st.session_state.whole = (original, None)
            st.session_state.pop("_unit_edits")
            st.rerun()
    if changed.equals(table):
        return
    try:
        new = with_unit_table(model, view.layer, view.direction, unit, view.kind, changed.to_numpy())
    except StateError as exc:
        st.error(f"Not applied: {exc}. The weights are as they were.")
        return
    st.session_state._unit_edits = (original if edited is model else model, new)
    st.session_state._unit_edit_revision = revision + 1
    st.session_state.whole = (new, None)
    st.rerun()  # the whole panel: every layer after this one, and the prediction, read the new weights
