"""Train a network: pick a toy task that needs memory and a model, train it here, watch the gates learn."""

import streamlit as st

from gru_viz.train import probe
from lessons.pretrained import explore_state
from lessons.state import StateError
from ui import session, train_panels, training
from ui.browser_id import keep_browser_id
from ui.trainer_convention import say_trainer_convention

st.title("Train a network")
keep_browser_id()  # the training budget is this browser's
say_trainer_convention()  # the trainer's convention, and the sidebar's where it is another
st.markdown(
    "A network with random weights has gates that mean nothing: every z hovers around one half. Train one on "
    "a task that needs memory and watch its update gate become a switch that writes once, then holds. "
    f"Training runs here, in NumPy, a few hundred steps per redraw; each browser has "
    f"{training.BUDGET_SECONDS:.0f} s of training CPU an hour."
)

run = st.session_state.get("train_run")
running = st.session_state.get("train_running", False)
with st.container(border=True):
    config = training.settings(disabled=running)
    about, buttons = st.columns([4, 1], gap="medium", vertical_alignment="center")
    what, how = training.describe(config)
    about.markdown(what)
    about.caption(how)
    buttons.button(
        "Start",
        type="primary",
        icon=":material/model_training:",
        width="stretch",
        key="train_start",
        on_click=train_panels.begin,
        args=(config,),
        disabled=running or training.cpu_left() <= 0,
    )
    training.stop_or_resume(
        buttons, running, train_panels.set_running, "train", can_resume=run is not None and not run.done
    )
if run is not None and not running and run.config != config:
    st.caption(
        "The settings above differ from the run shown: **Start** begins a new run with them; the run "
        "below keeps its own settings."
    )
train_panels.live()

run = st.session_state.get("train_run")
if run is not None:
    st.header("Watch the gates learn")
    st.markdown(
        "The same probe sequence, run through the network as it was at each snapshot of training. Rows are "
        "hidden units, columns are the probe's steps. Slide through the snapshots, or press play."
    )
    train_panels.watch()

    if not st.session_state.get("train_running", False):
        st.header("Take the trained network with you")
        train_panels.downloads(run)
        st.caption(
            "The weight files hold the recurrent layer (our GRU: the seed form, reset before W_h; LSTM and "
            "RNN: PyTorch's names), loadable on the *Load a model* page or by gru_viz.load_weights. The "
            "read-out, the curves and the settings are in the training record."
        )
        if run.config.model == "GRU":
            if st.button("Explore this GRU on the other pages", icon=":material/travel_explore:", key="train_explore"):
                try:
                    x = probe(run.config.the_task)[0]
                    session.replace_state(
                        explore_state(run.model(), x, f"Trained GRU ({run.config.task})"), source="train"
                    )
                    st.success(
                        "Done: the cell, sequence and editing pages now show this GRU on the probe sequence, in its "
                        "own convention (the sidebar now shows it: z takes the new candidate, reset before W_h)."
                    )
                except StateError as exc:
                    st.warning(f"The explorer pages show up to 8 inputs and 16 units; this one is larger ({exc}).")
