"""The four GRU equations with the selected step's numbers substituted, as LaTeX, for one unit."""

from gru_viz.conventions import convention


def _n(value):
    return f"{value:.3f}".replace("-", "{-}")


def step_equations(trace, t, u):
    """LaTeX lines for unit u at step t, straight from the trace (nothing recomputed but arithmetic shown)."""
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
    return "\n".join(
        [
            r"\begin{aligned}",
            rf"r_{{t,{u}}} &= \sigma(W_r [h_{{t-1}}, x_t] + b_r) = \sigma({_n(a_r)}) = {_n(r)} \\",
            rf"z_{{t,{u}}} &= \sigma(W_z [h_{{t-1}}, x_t] + b_z) = \sigma({_n(a_z)}) = {_n(z)} \\",
            candidate + r" \\",
            update,
            r"\end{aligned}",
        ]
    )
