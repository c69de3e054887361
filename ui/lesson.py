"""What every lesson page ends with: the "in code" box and the "try this" prompts; and a matrix as LaTeX."""

import numpy as np
import streamlit as st


def in_code(pytorch, keras, *, caption=None):
    """The same idea in PyTorch and Keras, as text to read (never executed here), in a box the
    learner opens on each lesson. Its code is drawn only while it is open (a lazy expander): its
    two highlighted code blocks were sent and laid out on every page switch."""
    box = st.expander("In code: the same in PyTorch and Keras", key="in_code", on_change="rerun")
    if not box.open:
        return
    with box:
        if caption:
            st.markdown(caption[0].upper() + caption[1:])
        st.caption("PyTorch")
        st.code(pytorch.strip(), language="python")
        st.caption("Keras")
        st.code(keras.strip(), language="python")


def try_this(*prompts):
    """One or two things to change, each saying what to look for."""
    st.markdown("#### Try this\n" + "\n".join(f"- {prompt}" for prompt in prompts))


def latex_number(value, digits=2):
    value = round(float(value), digits) + 0.0  # no "-0.00"
    return f"{value:.{digits}f}".replace("-", "{-}")


def latex_matrix(array, *, max_rows=4, max_cols=6, digits=2):
    """A bmatrix of `array` (2-D, or 1-D as a column), cut to max_rows x max_cols with dots."""
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, None]
    rows, cols = array.shape
    shown_rows, shown_cols = min(rows, max_rows), min(cols, max_cols)
    lines = []
    for i in range(shown_rows):
        cells = [latex_number(array[i, j], digits) for j in range(shown_cols)]
        if cols > shown_cols:
            cells.append(r"\cdots")
        lines.append(" & ".join(cells))
    if rows > shown_rows:
        lines.append(" & ".join([r"\vdots"] * (shown_cols + (cols > shown_cols))))
    return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"
