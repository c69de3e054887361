"""The editing controls of the "Inputs and weights" page: the sequence, the weights, a clamp.

Each function draws its controls for the current state and changes the state only through
ui.session (validated; a refused change keeps the last good state and shows why).
"""

import numpy as np
import pandas as pd
import streamlit as st

from gru_viz.conventions import convention
from lessons import presets
from lessons.embedding import token_vector, tokenize
from lessons.explore import stored_model
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, MAX_TEXT, Clamp

from . import session
from .tables import FITS, number_table

GATES = {"r": "reset gate r", "z": "update gate z", "h": "candidate h̃"}


def input_editor(state):
    """The input sequence: a numbers table, or text through the fixed embedding."""
    I = state.input_size
    mode = st.radio(
        "Input as", ["numbers", "text"], index=int(state.text is not None), horizontal=True, key=f"mode-{session.rev()}"
    )
    if mode == "text":
        text = st.text_input(
            f"Text (up to {MAX_TEXT} characters)", value=state.text or "hello world", key=f"text-{session.rev()}"
        )
        split = st.radio(
            "Tokens are",
            ["characters", "words"],
            index=["characters", "words"].index(state.split),
            horizontal=True,
            key=f"split-{session.rev()}",
        )
        if text != state.text or split != state.split or state.text is None:
            if session.update("text", text=text, split=split):
                st.rerun()
        if session.message("text"):
            st.error(session.message("text"))
        tokens = tokenize(state.text or "", state.split)
        unique = list(dict.fromkeys(tokens))
        st.caption(
            "Each token becomes a fixed vector (the same token always gets the same numbers). In text mode the "
            "steps are the text's tokens, so this table of each distinct token is read-only: edit the text to add, "
            "delete or change steps, or choose numbers above to edit the vectors row by row."
        )
        st.dataframe(
            pd.DataFrame([token_vector(tok, I) for tok in unique], index=unique, columns=[f"x[{i}]" for i in range(I)]),
            width="stretch",
        )
    else:
        if state.text is not None:
            session.update("text", text=None)
            st.rerun()

        def commit_inputs(rows):
            return None if session.update("inputs", external=True, x=rows, example="") else session.message("inputs")

        st.caption(
            f"One row per time step, one column per input feature (up to {MAX_STEPS} steps). "
            "Add a step with the + row at the bottom (it starts at zeros); select rows to delete them; paste rows "
            "copied from a spreadsheet into a cell to fill and extend the sequence."
        )
        number_table(
            state.x,
            [f"x[{i}]" for i in range(I)],
            "inputs",
            commit_inputs,
            dynamic=True,
            index_title="t",
            height=min(40 + 35 * (state.steps + 1), 360),
        )


def resized(state, new_I, new_H, seed):
    """The changes that give the state new sizes: new random weights of those sizes (from `seed`,
    the weights tab's random seed), the inputs kept in the features both sizes have, new features
    zero. Both the size boxes and an input file of another width go this one way."""
    W_ih, W_hh, b_ih = presets.preset_weights("random", new_I, new_H, seed=seed)
    I = state.input_size
    x = np.zeros((state.steps, new_I))
    x[:, : min(I, new_I)] = np.array(state.x)[:, : min(I, new_I)]
    return dict(x=x, W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=None, text=None, clamp=None, example="")


def weight_editor(state):
    """Sizes, presets, scale, and one table per gate (input part, recurrent part, biases)."""
    I, H = state.input_size, state.hidden_size
    shown = stored_model(state).with_z_convention(state.z_convention).layers[0][0]  # as the convention shows them
    sizes = st.columns(3)
    new_I = sizes[0].number_input("input features", 1, MAX_INPUT, I, key=f"I-{session.rev()}")
    new_H = sizes[1].number_input("hidden units", 1, MAX_HIDDEN, H, key=f"H-{session.rev()}")
    # The seed, the preset and the scale keep their values while their tab is closed (the edit page
    # draws only the open tab); a file of another width, in the first tab, reads the seed too.
    seed = sizes[2].number_input("random seed", 0, 10_000, 0, key="seed", persist_state="page")
    if (new_I, new_H) != (I, H):
        session.update("sizes", external=True, **resized(state, new_I, new_H, int(seed)))
        st.rerun()

    tools = st.columns([3, 2])
    preset = tools[0].selectbox(
        "Weight preset",
        presets.WEIGHT_PRESETS,
        key="weight_preset",
        persist_state="page",
        help="long memory: unit 0's z near 0 · always reset: every r near 0 · copy the input: z near 1 and h̃ = tanh(x)",
    )
    if tools[1].button("apply preset", width="stretch", help="New weights of this kind for the current sizes"):
        W_ih, W_hh, b_ih = presets.preset_weights(preset, I, H, seed=int(seed))
        session.update("preset", external=True, W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=None, example="")
        st.rerun()
    tools = st.columns([3, 2])
    scale = tools[0].slider("scale all weights by", 0.1, 5.0, 1.0, 0.1, key="scale", persist_state="page")
    if tools[1].button("scale", width="stretch", disabled=scale == 1.0, help="Multiply every weight and bias"):
        s = lambda rows: np.array(rows) * scale  # noqa: E731
        session.update(
            "scale",
            external=True,
            W_ih=s(state.W_ih),
            W_hh=s(state.W_hh),
            b_ih=s(state.b_ih),
            b_hh=None if state.b_hh is None else s(state.b_hh),
            example="",
        )
        st.rerun()
    for source in ("sizes", "preset", "scale"):
        if session.message(source):
            st.error(session.message(source))

    wide = I + H + 1 + (state.b_hh is not None) > FITS  # a table that scrolls sideways
    st.caption(
        "One row per unit. Columns x[i]: the input part (multiplies x_t); h[j]: the recurrent part (multiplies "
        + ("h_{t-1}" if state.reset == "after" else "h_{t-1}, for h̃: r ⊙ h_{t-1}")
        + "); b: the bias"
        + ("; b_h: the recurrent bias" if state.b_hh is not None else "")
        + (", drawn first beside the unit so it is in view" if wide else "")
        + (
            f". Under '{convention(state.z_convention).label}' the update gate's weights are shown with the "
            "opposite sign: the same model, written the other way."
            if state.z_convention == "keeps_old"
            else "."
        )
    )
    # Only the open table is drawn. Tabs have no persist_state: the one open comes back by hand when
    # the Weights tab is opened again.
    if "gate_tab" not in st.session_state:
        st.session_state.gate_tab = session.kept("gate_tab", GATES["r"])
    tabs = st.tabs(list(GATES.values()), key="gate_tab", on_change="rerun")
    session.keep("gate_tab", st.session_state.gate_tab)
    for k, (gate, tab) in enumerate(zip(GATES, tabs)):
        if not tab.open:
            continue
        rows = slice(k * H, (k + 1) * H)
        columns = [f"x[{i}]" for i in range(I)] + [f"h[{j}]" for j in range(H)] + ["b"]
        parts = [shown.W_ih[rows], shown.W_hh[rows], shown.b_ih[rows, None]]
        if shown.b_hh is not None:
            columns.append("b_h")
            parts.append(shown.b_hh[rows, None])
        sign = -1.0 if gate == "z" and state.z_convention == "keeps_old" else 1.0  # back to the stored form

        def commit(new, rows=rows, sign=sign):
            new = np.array(new) * sign
            W_ih, W_hh, b_ih = np.array(state.W_ih), np.array(state.W_hh), np.array(state.b_ih)
            W_ih[rows], W_hh[rows], b_ih[rows] = new[:, :I], new[:, I : I + H], new[:, I + H]
            b_hh = None if state.b_hh is None else np.array(state.b_hh)
            if b_hh is not None:
                b_hh[rows] = new[:, I + H + 1]
            ok = session.update("weights", external=True, W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh, example="")
            return None if ok else session.message("weights")

        with tab:
            number_table(
                np.hstack(parts),
                columns,
                f"weights_{gate}",
                commit,
                row_labels=[f"unit {u}" for u in range(H)],
                # A table too wide to show whole draws its biases first, in view beside the unit's label.
                first=("b", "b_h") if wide else (),
            )


def clamp_editor(state):
    """Force r or z of one unit or all units to a value."""
    H = state.hidden_size
    meaning = convention(state.z_convention)
    st.caption(
        f"Force a gate to a value to see what it does: z = {meaning.keeps_at} (z {meaning.short}) freezes a unit's "
        f"memory; z = {1 - meaning.keeps_at} makes the GRU a plain tanh RNN over [r ⊙ h, x]; r = 0 makes the "
        "candidate ignore the past."
    )
    clamp = state.clamp
    cols = st.columns(3)
    gate = cols[0].selectbox(
        "gate",
        ["none", "r", "z"],
        index=["none", "r", "z"].index(clamp.gate if clamp else "none"),
        key=f"clamp_gate-{session.rev()}",
    )
    units = ["all units"] + [f"unit {u}" for u in range(H)]
    unit = cols[1].selectbox(
        "unit",
        units,
        index=0 if clamp is None or clamp.unit is None else clamp.unit + 1,
        key=f"clamp_unit-{session.rev()}",
    )
    value = cols[2].slider("value", 0.0, 1.0, clamp.value if clamp else 0.0, 0.05, key=f"clamp_value-{session.rev()}")
    wanted = None if gate == "none" else Clamp(gate, value, None if unit == "all units" else units.index(unit) - 1)
    if wanted != clamp:
        session.update("clamp", clamp=wanted)
        st.rerun()
