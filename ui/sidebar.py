"""The controls every page shares, drawn once by app.py: example, conventions, step, share."""

import streamlit as st

from gru_viz.conventions import Z_CONVENTIONS, convention
from lessons import presets
from lessons.state import StateError, from_json
from lessons.text import literal

from . import connection, downloads, keys, play, session, share, view

Z_LABELS = {name: convention(name).label for name in Z_CONVENTIONS}
Z_HELP = (
    "Both describe the same GRU: switching rewrites the update gate's weights with the opposite sign, "
    "so h is unchanged and every z becomes 1 − z. 'Takes new' is this app's and the seed's form; "
    "'keeps old' is Cho et al. (2014), PyTorch and Keras."
)
RESET_LABELS = {"before": "before W_h (Cho, seed)", "after": "after W_hn (PyTorch, Keras)"}
RESET_HELP = (
    "Where the reset gate acts. Before: h̃ = tanh(W_h [r ⊙ h, x] + b). After: h̃ = tanh(W_in x + b_in + "
    "r ⊙ (W_hn h + b_hn)). These are different functions: switching keeps the weights and changes the numbers."
)


def _pick_example():
    name = st.session_state.example_choice
    if name in presets.EXAMPLES:
        current = session.state()
        new = presets.EXAMPLES[name]().with_changes(z_convention=current.z_convention)
        session.replace_state(new, source="example")


def _pick_z():
    session.update("z", external=True, z_convention=st.session_state.z_choice)


def _pick_reset():
    session.update("reset", external=True, reset=st.session_state.reset_choice)


def _move_step(delta):
    current = session.state()
    session.update("step", external=True, step=min(max(current.step + delta, 0), current.steps - 1))


def _pick_step(key):
    session.update("step", external=True, step=int(st.session_state[key]))


def step_button(state, delta, where, key):
    """The previous (delta -1) or next (delta +1) button (the arrow keys are ui.keys, not a shortcut:
    a button's shortcut loses the presses made while the page redraws)."""
    forward = delta > 0
    where.button(
        "next" if forward else "previous",
        icon=":material/chevron_right:" if forward else ":material/chevron_left:",
        icon_position="right" if forward else "left",
        on_click=_move_step,
        args=(delta,),
        disabled=state.step >= state.steps - 1 if forward else state.step == 0,
        width="stretch",
        key=f"{'next' if forward else 'previous'}_{key}",
        help="One step forward" if forward else "One step back",
    )


def _step_slider(state, where, key):
    """The slider over the steps (none for a one-step sequence); it follows the state's step."""
    session.synced(f"step_choice_{key}", state.step)
    if state.steps > 1:
        where.slider(
            "time step t",
            0,
            state.steps - 1,
            key=f"step_choice_{key}",
            on_change=_pick_step,
            args=(f"step_choice_{key}",),
        )


def step_controls(state, where=st):
    """The sidebar's previous / next buttons, a slider over the steps and play; they move every view
    together. (The live view's pages step in the browser: static/live/stepping.js.)"""
    left, right = where.columns(2)
    step_button(state, -1, left, "bar")
    step_button(state, +1, right, "bar")
    _step_slider(state, where, "bar")
    play.controls(state, where, "bar")


def draw(with_steps=True):
    """The shared controls. Returns the current state. with_steps=False leaves stepping to the page.

    In presentation mode the sidebar is hidden and a bar above the page takes its place.
    """
    state = session.state()
    if view.presenting():
        _presentation_bar(state, with_steps)
        return state
    bar = st.sidebar
    view.controls(bar)
    if session.message("link"):
        bar.warning(session.message("link"))
    names = list(presets.EXAMPLES)
    own = state.example or "(your own)"  # a loaded file's name, or an edited example
    session.synced("example_choice", state.example if state.example in names else own)
    options = names + ([] if state.example in names else [own])
    bar.selectbox(
        "Example",
        options,
        key="example_choice",
        on_change=_pick_example,
        help="Each example is built to show one behaviour; editing anything makes it your own.",
    )
    session.synced("z_choice", state.z_convention)
    bar.radio(
        "Update gate convention",
        list(Z_LABELS),
        format_func=Z_LABELS.get,
        key="z_choice",
        on_change=_pick_z,
        help=Z_HELP,
    )
    session.synced("reset_choice", state.reset)
    bar.radio(
        "Reset gate applied",
        list(RESET_LABELS),
        format_func=RESET_LABELS.get,
        key="reset_choice",
        on_change=_pick_reset,
        help=RESET_HELP,
    )
    if with_steps:
        step_controls(state, bar)
    _share(bar, state)
    connection.watch(bar)
    return session.state()


def _load_json():
    upload = st.session_state.get("state_upload")
    if upload is None:
        return
    try:
        session.replace_state(from_json(upload.getvalue()), source="state_upload")
    except StateError as exc:
        session.refuse("state_upload", f"That file was not loaded: {exc}")


def _share(bar, state):
    with bar.expander("Share and save"):
        packed = session.share_query()
        if packed:
            st.caption("The address bar always holds this exact view; this button copies it:")
            share.share_link()
        elif session.message("share"):
            st.info(session.message("share"))
        downloads.state_and_trace(st, st.session_state.get("page_path", "home"))
        st.file_uploader("Open a saved state (JSON)", type=["json"], key="state_upload", on_change=_load_json)
        if session.message("state_upload"):
            st.error(session.message("state_upload"))


def _presentation_bar(state, with_steps):
    """Presentation mode's one row above the page: the example, stepping (← → too), play and exit."""
    about, back, forward, playing, leave = st.columns([4, 1.3, 1.3, 1.3, 1], vertical_alignment="center")
    name = literal(state.example) if state.example else "Your own example"
    about.markdown(f"**{name}** · {Z_LABELS[state.z_convention]}")
    if with_steps:
        step_button(state, -1, back, "present")
        step_button(state, +1, forward, "present")
        play.button(state, playing, "present")
        keys.arrow_keys(playing)
    leave.button(
        "Exit",
        icon=":material/close_fullscreen:",
        on_click=view.set_presenting,
        args=(False,),
        key="exit_presentation",
        width="stretch",
        help="Leave presentation mode",
    )
    connection.watch(leave)
