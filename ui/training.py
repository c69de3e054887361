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
from lessons.page_settings import DEFAULT_LENGTH, MAX_LENGTH

from . import session
from .blas import limit_blas_threads
from .controls import bound

BUDGET_SECONDS = 60.0
TICK_SECONDS = 0.4  # CPU per tick: long enough to be efficient, short enough that a click is answered at once
TICK_EVERY = 0.5  # seconds between ticks (the fragment's run_every)
FIRST_TICK = 10  # steps in a run's first tick, before its speed is known
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
    """The training settings in two rows of columns, drawn in the current container, each bound to
    the state's train page settings (so a link carries them); a TrainConfig."""
    first = st.columns([3, 4, 2, 3], gap="medium")
    task = bound(first[0].selectbox, "train", "task", "Task", format_func=lambda name: TASKS[name].title,
                 disabled=disabled, then=_task_changed)
    cls = TASKS[task]
    model = bound(first[1].radio, "train", "model", "Model", horizontal=True, disabled=disabled)
    hidden = bound(first[2].select_slider, "train", "hidden", "Hidden units", disabled=disabled)
    length = bound(first[3].slider, "train", "length", LENGTH_LABEL[task], min_value=cls.min_length,
                   max_value=MAX_LENGTH, disabled=disabled, help=cls.length_label)
    second = st.columns([3, 3, 3, 2, 3], gap="medium", vertical_alignment="bottom")
    symbols = 4
    if task == "recall":
        symbols = bound(second[0].slider, "train", "symbols", "Symbols (2: one bit)", disabled=disabled)
    rate = bound(second[1].select_slider, "train", "learning_rate", "Learning rate (Adam)", disabled=disabled)
    steps = bound(second[2].select_slider, "train", "steps", "Training steps", disabled=disabled)
    seed = bound(second[3].number_input, "train", "seed", "Seed", disabled=disabled,
                 help="The same seed gives the same run, step for step.")
    keep = bound(
        second[4].toggle,
        "train",
        "keep",
        "Start on keep",
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


def _task_changed(task):
    """Each task has its own usual length: a new task starts at it."""
    session.update_setting("train", length=DEFAULT_LENGTH[task])


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
