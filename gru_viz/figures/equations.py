"""The four GRU equations with the selected step's numbers substituted, as LaTeX, for one unit.

Data in (a GRUTrace, a step, a unit), a LaTeX string out: IPython.display.Math shows it in a
notebook. The app's live view draws the same lines in the browser (static/live/equations.js),
held to these by tests/browser/test_live_views_browser.py.

A clamped gate (any object with .gate 'r' or 'z' and .unit, None for every unit) has no equation
to show: its weights were replaced by the forced value, so its line says the value and that it is
clamped, not a sigmoid of zeros.
"""

from ..conventions import convention


def _n(value):
    return f"{value:.3f}".replace("-", "{-}")


def forces(clamp, gate, u):
    """Whether `clamp` (a lessons.state.Clamp or None) forces `gate` of unit u."""
    return clamp is not None and clamp.gate == gate and clamp.unit in (None, u)


def step_equations(trace, t, u, clamp=None):
    """LaTeX lines for unit u at step t, straight from the trace (nothing recomputed but arithmetic shown);
    a gate that `clamp` forces on unit u reads "= value (clamped)"."""
    a_r, a_z, a_h = trace.a_r[t, u], trace.a_z[t, u], trace.a_h_tilde[t, u]
    r, z, h_tilde, h_prev, h = trace.r[t, u], trace.z[t, u], trace.h_tilde[t, u], trace.h_prev[t, u], trace.h[t, u]
    if trace.reset == "after":
        candidate = (
            rf"\tilde h_{{t,{u}}} &= \tanh(W_{{in}} x_t + b_{{in}} + r \odot (W_{{hn}} h_{{t-1}} + b_{{hn}}))"
            rf" = \tanh({_n(a_h)}) = {_n(h_tilde)}"
        )
    else:
        candidate = (
            rf"\tilde h_{{t,{u}}} &= \tanh(W_h [r_t \odot h_{{t-1}}, x_t] + b_h) = \tanh({_n(a_h)}) = {_n(h_tilde)}"
        )
    meaning = convention(trace.z_convention)

    def share(side):  # unit u's weight on `side` ("h_prev" or "h_tilde"), its number written in
        return rf"{_n(z)}\," if meaning.z_on == side else rf"(1 - {_n(z)})"

    update = (
        rf"h_{{t,{u}}} &= {meaning.update_latex} = {share('h_prev')}({_n(h_prev)}) + "
        rf"{share('h_tilde')}({_n(h_tilde)}) = {_n(h)}"
    )
    def gate_line(gate, a, value):
        if forces(clamp, gate, u):
            return rf"{gate}_{{t,{u}}} &= {_n(value)} \quad \text{{(clamped)}} \\"
        return rf"{gate}_{{t,{u}}} &= \sigma(W_{gate} [h_{{t-1}}, x_t] + b_{gate}) = \sigma({_n(a)}) = {_n(value)} \\"

    return "\n".join(
        [
            r"\begin{aligned}",
            gate_line("r", a_r, r),
            gate_line("z", a_z, z),
            candidate + r" \\",
            update,
            r"\end{aligned}",
        ]
    )
