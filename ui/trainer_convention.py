"""What the training pages say about their convention. The trainer's GRUs (gru_viz.train) use the
app's own convention: z takes the new candidate, reset before W_h. The sidebar shows the convention
of the model being explored, which a loaded PyTorch or Keras model changes; where the two differ,
the training pages say so, so that a z read on them is read the right way round."""

import streamlit as st

from gru_viz.conventions import convention

from . import session
from .heading import RESET

TRAINER_Z, TRAINER_RESET = "takes_new", "before"


def trainer_line(state):
    """One line naming this page's convention; a second naming the sidebar's when it is another."""
    ours = convention(TRAINER_Z)
    line = (
        f"The GRUs trained here use this app's convention: {ours.label}: ${ours.latex}$ (z near "
        f"{ours.keeps_at} keeps the old state, near {1 - ours.keeps_at} writes the candidate), "
        f"{RESET[TRAINER_RESET]}."
    )
    if (state.z_convention, state.reset) == (TRAINER_Z, TRAINER_RESET):
        return line, None
    shown = convention(state.z_convention)
    return line, (
        f"The sidebar shows another convention, the one of the model you are exploring: {shown.label}, "
        f"{RESET[state.reset]}. This page does not follow it: every z, bias and gate value here is in the "
        f"convention above ({ours.label}, {RESET[TRAINER_RESET]})."
    )


def say_trainer_convention():
    """Draw the page's convention line, and a note where the sidebar's convention differs."""
    line, differs = trainer_line(session.state())
    st.caption(line)
    if differs:
        st.info(differs, icon=":material/swap_horiz:")
