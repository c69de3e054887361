"""GRU, LSTM and RNN side by side: the same delayed-recall task and budget, accuracy against delay."""

import streamlit as st

from gru_viz.train.compare import load_shipped
from ui import compare_live, training
from ui.browser_id import keep_browser_id
from ui.charts import show
from ui.controls import bound
from ui.heading import explain
from ui.lesson_compute import shipped_comparison
from ui.trainer_convention import say_trainer_convention

st.title("GRU, LSTM and RNN side by side")
keep_browser_id()  # the training budget is this browser's
say_trainer_convention()  # the trainer's convention, and the sidebar's where it is another
st.caption("The LSTM and the RNN as PyTorch defines them.")
explain(
    "Three networks, one task: **delayed recall**. A symbol (one of 4) is marked at the first step, random "
    "symbols follow, and after a delay of k steps the network must name the marked one. Each network gets "
    "the same hidden size, the same number of training steps, the same learning rate and the very same "
    "batches; what is compared is the accuracy on held-out sequences at the end. The longer the delay, "
    "the further back the gradient must reach, and the more it matters whether a network can keep a value "
    "still: a GRU with its update gate, an LSTM with its forget gate, a plain RNN not at all."
)

shipped = load_shipped()
settings = shipped["settings"]
explain(
    f"Trained ahead of time by `scripts/compare_models.py` with this app's own trainer, because it takes "
    f"{shipped['cpu_seconds'] / 60:.0f} minutes of CPU, more than a browser's hourly budget: {settings['hidden_size']} "
    f"units, {settings['steps']:,} steps, {len(settings['seeds'])} seeds per point (the line joins the means, "
    f"the bars span the lowest and highest seed), {settings['eval_sequences']} held-out sequences.",
    header="The full comparison (precomputed)",
)
neutral, biased = st.columns(2)
show(shipped_comparison(0, "Gates start neutral (PyTorch's initialisation)"), "compare_neutral", where=neutral)
show(shipped_comparison(2, "Gates start biased to keep (bias 2)"), "compare_biased", where=biased)
st.markdown(
    "**How to read it.** With PyTorch's initialisation every update gate and forget gate starts near one half, "
    "so each step keeps about half of what a unit held: after twenty steps a millionth is left, of the value and "
    "of the gradient that should teach it. Up to a delay of 10 that is no obstacle; beyond it, within this "
    "budget, the GRU and the LSTM stay at chance, and the plain RNN, whose state is not halved at every step, "
    "gets part of the way on some seeds. Start the GRU's update gate at 0.12 (bias −2: keep 88 % a step) or the "
    "LSTM's forget gate at 0.88 (bias +2) and the picture turns: the GRU solves every delay up to 50 on all "
    "three seeds, the LSTM solves a delay of 20 on two seeds of three and 30 on one, and the RNN, which has no "
    "gate to start that way, is unchanged (its line is the same in both panels). None of this is a law: another "
    "task, size or budget can change the order, which is why the table was measured, not assumed."
)

st.header("Run a small version live")
st.markdown(
    f"The same comparison on small settings, trained here and now: {compare_live.LIVE.hidden_size} units, "
    f"{compare_live.LIVE.steps} steps, learning rate {compare_live.LIVE.learning_rate:g}, delays "
    f"{', '.join(map(str, compare_live.LIVE.delays))}, one seed: fifteen runs, a few seconds of CPU from the "
    f"browser's {training.BUDGET_SECONDS:.0f} s of training CPU an hour (shared with the training page)."
)
running = st.session_state.get("compare_running", False)
controls, chart = st.columns([1, 2], gap="large")
with controls:
    start_as = bound(
        st.radio,
        "compare",
        "keep_bias",
        "The keeping gate starts",
        format_func=lambda b: "biased to keep (bias 2)" if b else "neutral (PyTorch's init)",
        disabled=running,
    )
    st.button(
        "Run the small comparison",
        type="primary",
        icon=":material/play_arrow:",
        width="stretch",
        on_click=compare_live.begin,
        args=(start_as,),
        disabled=running or training.cpu_left() <= 0,
    )
    if running or st.session_state.get("compare_settings") is not None:
        more = running or len(st.session_state.compare_rows) < 15
        training.stop_or_resume(st, running, compare_live.set_running, "compare", can_resume=more)
with chart:
    compare_live.panel()
