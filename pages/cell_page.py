"""One step of the cell: the diagram with live values, the equations with numbers, the interpolation."""

import streamlit as st

from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.number_line import interpolation_html
from lessons.predict import cell_questions
from lessons.text import literal
from ui import play, session
from ui.charts import show
from ui.compute import cached_figure, trace_and_model
from ui.controls import bound
from ui.equations import step_equations
from ui.heading import heading
from ui.predict import placeholder, predict_panel
from ui.sidebar import step_controls

VECTORS = 3  # up to this many units the diagram lists whole vectors
heading("One step of the cell", session.state())


@play.stepping
def step_view():
    """Everything that moves with the step. A fragment: stepping reruns only this part."""
    state = session.state()
    trace = trace_and_model(state)[0].cells[0][0]
    t, H = state.step, state.hidden_size
    unit = state.pages.cell.unit
    shown_unit = None if H <= VECTORS else unit
    forced = None if state.clamp is None else (state.clamp.gate, state.clamp.value, state.clamp.unit)
    hidden = predict_panel(cell_questions(trace, t, state.z_convention, state.tokens()), "cell")
    left, right = st.columns([3, 1])
    with left:  # first: the diagram is what the learner watches change
        if hidden:
            placeholder()
        else:
            diagram = cached_figure(
                "cell", state, (t, shown_unit), lambda: cell_diagram(trace, t, unit=shown_unit, clamp=forced)
            )
            show(diagram, "cell_diagram")
    with right:
        st.markdown(f"**Step t = {t}** of {state.steps}  \ntoken “{literal(state.tokens()[t], 20)}” · {H} units")
        step_controls(state, st, shortcuts=True)
        bound(
            st.selectbox,
            "cell",
            "unit",
            "Unit to follow",
            options=range(H),
            format_func=lambda u: f"unit {u}",
            help=f"The equations show this unit; so does the diagram when there are more than {VECTORS} units.",
        )
    if hidden:  # the equations and number lines would give the answer away
        return
    st.latex(step_equations(trace, t, unit, state.clamp))
    token = state.tokens()[t] if state.text is not None else None
    st.html(interpolation_html(trace, t, token=token, clamp=forced))
    st.caption("Keys: ← and → step through the sequence (when no text box has the focus).")


step_view()
