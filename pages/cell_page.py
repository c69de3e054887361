"""One step of the cell: the diagram with live values, the equations with numbers, the interpolation.

The views are the live view (ui/live_view.py): stepping, play and dragging a weight redraw them in
the browser; the server hears of the step once the learner pauses."""

import streamlit as st

from lessons.predict import cell_questions
from ui import session
from ui.compute import trace_and_model
from ui.heading import heading
from ui.live_view import live_view
from ui.predict import placeholder, predict_panel

state = session.state()
heading("One step of the cell", state)
trace = trace_and_model(state)[0].cells[0][0]
hidden = predict_panel(cell_questions(trace, state.step, state.z_convention, state.tokens()), "cell")
if hidden:  # the diagram, equations and number lines would give the answer away
    placeholder()
live_view(state, trace, "cell", hidden=hidden)
st.caption("Keys: ← and → step through the sequence (when no text box has the focus). "
           "Drag a slider to change the followed unit's weights, the step's inputs or a clamp.")
