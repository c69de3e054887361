"""The training lesson's Streamlit side: the settings, the run kept in st.session_state, and ticks
of training under a per-session CPU budget.

A run is a gru_viz.train.TrainingState: plain data (arrays, numbers, the batch generator's state),
so st.session_state holds it between reruns and a tick is `advance(state, n)`. Ticks come from
st.fragment(run_every=...): each one trains as many steps as fit in about TICK_SECONDS at the speed
measured on the tick before, then the page redraws. Chunk sizes never change the result (see
gru_viz.train.trainer), so the speed of the server decides only how fast the curves grow.

Budget: each browser session may spend BUDGET_SECONDS of CPU on training, counted with
time.thread_time() around every tick (BLAS runs single-threaded in the calling thread, see
ui/blas.py, so that is all of it). Both the training and the side-by-side pages draw on it.
"""

import time

import streamlit as st

from gru_viz.train import TASKS, TrainConfig, advance

from .blas import limit_blas_threads

BUDGET_SECONDS = 60.0
TICK_SECONDS = 0.4  # CPU per tick: long enough to be efficient, short enough that a click is answered at once
TICK_EVERY = 0.5  # seconds between ticks (the fragment's run_every)
FIRST_TICK = 10  # steps in a run's first tick, before its speed is known
HIDDEN_SIZES = (4, 8, 16)  # 16: the explorer pages show up to 16 units, so every trained GRU can go there
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03)
STEP_CHOICES = (200, 500, 1000, 2000, 5000)
MAX_LENGTH = 50
DEFAULT_LENGTH = {"recall": 10, "parity": 20, "adding": 20, "text": 32}
LENGTH_LABEL = {"recall": "Delay k", "parity": "Length T", "adding": "Length T", "text": "Window T"}
KEEP_BIAS = 2.0

limit_blas_threads(1)


def cpu_used():
    return st.session_state.get("train_cpu", 0.0)


def cpu_left():
    return max(0.0, BUDGET_SECONDS - cpu_used())


def budget_line():
    return f"Training CPU used in this session: {cpu_used():.1f} s of {BUDGET_SECONDS:.0f} s."


BUDGET_NOTE = (
    f"Each browser session may spend {BUDGET_SECONDS:.0f} s of CPU on training, on this page and the "
    "side-by-side page together, so that one student's runs cannot slow down the rest of the class."
)


def tick(state, rate_key):
    """`state` advanced by one tick: about TICK_SECONDS of CPU at the last measured speed, never past
    the budget or the run's planned steps. The speed is kept under `rate_key`."""
    rate = st.session_state.get(rate_key)
    n = FIRST_TICK if rate is None else int(rate * min(TICK_SECONDS, cpu_left()))
    n = max(1, min(n, state.config.steps - state.step))
    start = time.thread_time()
    state = advance(state, n)
    spent = time.thread_time() - start
    st.session_state.train_cpu = cpu_used() + spent
    st.session_state[rate_key] = n / max(spent, 1e-4)
    return state


def settings(disabled=False):
    """The training settings in two rows of columns, drawn in the current container; a TrainConfig."""
    first = st.columns([3, 4, 2, 3], gap="medium")
    task = first[0].selectbox(
        "Task", list(TASKS), format_func=lambda name: TASKS[name].title, key="train_task", disabled=disabled
    )
    cls = TASKS[task]
    model = first[1].radio("Model", ["GRU", "LSTM", "RNN"], horizontal=True, key="train_model", disabled=disabled)
    hidden = first[2].select_slider("Hidden units", HIDDEN_SIZES, value=16, key="train_hidden", disabled=disabled)
    length = first[3].slider(
        LENGTH_LABEL[task],
        cls.min_length,
        MAX_LENGTH,
        DEFAULT_LENGTH[task],
        key=f"train_length_{task}",
        disabled=disabled,
        help=cls.length_label,
    )
    second = st.columns([3, 3, 3, 2, 3], gap="medium", vertical_alignment="bottom")
    symbols = 4
    if task == "recall":
        symbols = second[0].slider("Symbols (2: one bit)", 2, 8, 4, key="train_symbols", disabled=disabled)
    rate = second[1].select_slider(
        "Learning rate (Adam)", LEARNING_RATES, value=0.01, key="train_lr", disabled=disabled
    )
    steps = second[2].select_slider("Training steps", STEP_CHOICES, value=1000, key="train_steps", disabled=disabled)
    seed = second[3].number_input(
        "Seed", 0, 9999, 0, key="train_seed", disabled=disabled, help="The same seed gives the same run, step for step."
    )
    keep = second[4].toggle(
        "Start on keep",
        key="train_keep",
        disabled=disabled or model == "RNN",
        help="Off: PyTorch's initialisation, every gate near one half. On: the GRU's update gate "
        "starts at sigmoid(−2) = 0.12 (keeps 88 % a step), the LSTM's forget gate at 0.88. "
        "Long delays need it; a plain RNN has no such gate.",
    )
    return TrainConfig(
        task=task,
        model=model,
        hidden_size=int(hidden),
        length=int(length),
        symbols=int(symbols),
        learning_rate=float(rate),
        steps=int(steps),
        seed=int(seed),
        keep_bias=KEEP_BIAS if keep and model != "RNN" else 0.0,
    )


def describe(config):
    task = config.the_task
    what = f"**{task.title}**: {task.describe()}"
    how = (
        f"{config.model} with {config.hidden_size} units and a linear read-out"
        f"{' at the last step' if task.steps == 'last' else ' at every step'}, "
        f"{'cross-entropy' if task.loss == 'cross_entropy' else 'squared error'}; batches of {config.batch_size} "
        f"fresh sequences, Adam (learning rate {config.learning_rate:g}), gradient norm clipped at {config.clip:g}; "
        + ("gates started on keep." if config.keep_bias else "PyTorch's initialisation.")
    )
    return what, how


def stop_or_resume(where, running, set_running, prefix, can_resume):
    """Stop while a run goes on; otherwise Resume, when there is something to resume and CPU left."""
    if running:
        where.button(
            "Stop", icon=":material/stop:", width="stretch", on_click=set_running, args=(False,), key=f"{prefix}_stop"
        )
    else:
        where.button(
            "Resume",
            icon=":material/play_arrow:",
            width="stretch",
            on_click=set_running,
            args=(True,),
            key=f"{prefix}_resume",
            disabled=not can_resume or cpu_left() <= 0,
        )
