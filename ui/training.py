"""The training lesson's Streamlit side: the settings, the run kept in st.session_state, and ticks
of training, each computed in a worker process when the server-wide line gives the run its turn,
under a CPU budget per browser.

A run is a gru_viz.train.TrainingState: plain data (arrays, numbers, the batch generator's state),
so st.session_state holds it between reruns and a tick is `advance(state, n)`. Ticks come from
st.fragment(run_every=...): each one trains as many steps as fit in about TICK_SECONDS at the speed
measured on the tick before, then the page redraws. Chunk sizes never change the result (see
gru_viz.train.trainer), so the speed of the server decides only how fast the curves grow.

Fair shares (issue 18): a tick first asks the server-wide line (lessons/training_queue.py) for its
turn; at most SLOTS runs compute at once, in worker processes at low priority
(lessons/training_worker.py), and a run that waits shows its place in line. Each browser
(ui/browser_id.py) may spend BUDGET_SECONDS of CPU on training per hour, counted by the worker with
time.thread_time() around every tick; a new tab or a reload shares its browser's budget. Both the
training and the side-by-side pages draw on it.
"""

from concurrent.futures.process import BrokenProcessPool

import streamlit as st

from gru_viz.train import TASKS, TrainConfig
from lessons import training_worker
from lessons.page_settings import DEFAULT_LENGTH, MAX_LENGTH
from lessons.training_budget import Budgets
from lessons.training_queue import TrainingQueue

from . import session
from .blas import limit_blas_threads
from .browser_id import browser_id
from .clock import once_per
from .controls import bound

BUDGET_SECONDS = 60.0
BUDGET_WINDOW = 3600.0  # the budget refills an hour after a browser first trains
TICK_SECONDS = 0.6  # CPU per tick (in a worker): long enough to be efficient, short enough that Stop is answered soon
TICK_EVERY = 1.0  # seconds between ticks (the fragment's run_every): each redraws the curves, ~40 ms of server CPU
FIRST_TICK = 10  # steps in a run's first tick, before its speed is known
LENGTH_LABEL = {"recall": "Delay k", "parity": "Length T", "adding": "Length T", "text": "Window T"}
KEEP_BIAS = 2.0

QUEUE = TrainingQueue(training_worker.SLOTS)  # one line for the whole server, every session
BUDGETS = Budgets(BUDGET_SECONDS, BUDGET_WINDOW)

limit_blas_threads(1)


def cpu_used():
    return BUDGETS.spent(browser_id())


def cpu_left():
    return BUDGETS.left(browser_id())


def budget_line():
    return f"Training CPU used by this browser this hour: {cpu_used():.1f} s of {BUDGET_SECONDS:.0f} s."


BUDGET_NOTE = (
    f"Each browser may spend {BUDGET_SECONDS:.0f} s of CPU an hour on training, on this page and the "
    "side-by-side page together (a new tab or a reload shares it), and the server trains a few runs at "
    "a time, so that one student's runs cannot slow down the rest of the class."
)


def tick(state, rate_key):
    """One tick of a run: `state` advanced by about TICK_SECONDS of CPU at the last measured speed
    (never past the budget or the run's planned steps), or a TrainConfig started, when the line
    gives this run its turn; else `state` unchanged, and `place(rate_key)` says where it waits.
    The speed is kept under `rate_key`."""
    place = QUEUE.ask(_ticket(rate_key))
    st.session_state[f"{rate_key}_place"] = place
    if place:
        return state
    try:
        if isinstance(state, TrainConfig):
            new, spent = training_worker.run("start", state)
        else:
            rate = st.session_state.get(rate_key)
            n = FIRST_TICK if rate is None else int(rate * min(TICK_SECONDS, cpu_left()))
            n = max(1, min(n, state.config.steps - state.step))
            new, spent = training_worker.run("advance", state, n)
            st.session_state[rate_key] = n / max(spent, 1e-4)
    except BrokenProcessPool:  # a worker was killed; the next tick starts a new one and goes on from here
        return state
    BUDGETS.charge(browser_id(), spent)
    return new


def due(rate_key):
    """True at most once per tick interval: every rerun of a training page draws its live panel,
    and a rerun that is not the panel's timer (another widget, a hand-made client's presses) must
    not train more than the timer would."""
    return once_per(f"{rate_key}_last_tick", TICK_EVERY)


def place(rate_key):
    """The run's place in the server's line at its last tick (0: training now)."""
    return st.session_state.get(f"{rate_key}_place", 0)


def waiting_line(rate_key):
    """What a waiting run shows, or None while it trains."""
    where = place(rate_key)
    if not where:
        return None
    return (
        f"Waiting for a free training slot: this run is number {where} in line. The server trains "
        f"{training_worker.SLOTS} run{'s' if training_worker.SLOTS > 1 else ''} at a time, so that the "
        "lessons stay quick for everyone; this run starts by itself."
    )


def leave_line(rate_key):
    """The run stopped, finished or ran out of budget: its turn goes to the next in line now."""
    QUEUE.leave(_ticket(rate_key))
    st.session_state[f"{rate_key}_place"] = 0


def _ticket(rate_key):
    """This browser's name in the line for one kind of run (the two pages' runs queue apart): its
    tabs share one place, so opening more tabs takes no more of the slots."""
    return f"{browser_id()}:{rate_key}"


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
    """Stop while a run goes on; otherwise Resume, when there is something to resume and CPU left.

    The server checks Resume's precondition again when it is pressed: a disabled button is only
    drawn so, and a hand-made client can press it all the same."""
    if running:
        where.button(
            "Stop", icon=":material/stop:", width="stretch", on_click=set_running, args=(False,), key=f"{prefix}_stop"
        )
    else:
        allowed = can_resume and cpu_left() > 0
        where.button(
            "Resume",
            icon=":material/play_arrow:",
            width="stretch",
            on_click=_resume_if,
            args=(set_running, allowed),
            key=f"{prefix}_resume",
            disabled=not allowed,
        )


def _resume_if(set_running, allowed):
    if allowed and cpu_left() > 0:
        set_running(True)
