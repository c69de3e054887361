"""The live side-by-side comparison: small runs of GRU, LSTM and RNN trained one after another in
ticks, in the server's training line and under the same per-browser CPU budget as the training
page (ui/training.py).

Session keys: compare_settings (a CompareSettings), compare_rows (finished runs), compare_state (the
run in progress), compare_running, compare_rate (steps per CPU second).
"""

import streamlit as st

from gru_viz.figures.training import accuracy_against_delay
from gru_viz.train import compare_jobs
from gru_viz.train.compare import CompareSettings, result_row

from . import fair_share, training
from .charts import show

LIVE = CompareSettings()  # 8 units, 400 steps, delays 2 to 30, one seed: a few seconds in all


def begin(keep_bias):
    """The Run button's callback; refused while runs go on or with no CPU left (a disabled button
    can still be pressed by a hand-made client)."""
    if st.session_state.get("compare_running") or training.cpu_left() <= 0:
        return
    st.session_state.compare_settings = CompareSettings(keep_bias=keep_bias)
    st.session_state.compare_rows = []
    st.session_state.compare_state = None
    st.session_state.compare_running = training.cpu_left() > 0
    st.session_state.compare_rate = None


def set_running(flag):
    st.session_state.compare_running = flag
    if not flag:
        training.leave_line("compare_rate")


def _step():
    """One tick: go on with the current run, or start the next one; record a finished run."""
    settings, rows = st.session_state.compare_settings, st.session_state.compare_rows
    jobs = compare_jobs(settings)
    job = jobs[len(rows)]
    current = st.session_state.compare_state or settings.config(job)
    state = training.tick(current, "compare_rate")
    if state is current:
        return False  # waiting for its turn in the server's line
    if state.done:
        rows.append(result_row(job, state))
        state = None
    st.session_state.compare_state = state
    return len(rows) == len(jobs)


def panel():
    """Progress and the live chart; while running, each redraw first trains one tick."""
    running = st.session_state.get("compare_running", False)

    @st.fragment(run_every=training.TICK_EVERY if running else None)
    @fair_share.metered()
    def live():
        settings = st.session_state.get("compare_settings")
        if settings is None:
            st.info("Press **Run the small comparison** to train the fifteen small networks here.")
            return
        jobs, rows = compare_jobs(settings), st.session_state.compare_rows
        if st.session_state.get("compare_running"):
            finished = len(rows) == len(jobs) or (training.due("compare_rate") and _step())
            if finished or training.cpu_left() <= 0:
                set_running(False)
                st.rerun()
            elif training.waiting_line("compare_rate"):
                st.info(training.waiting_line("compare_rate"))
        rows = st.session_state.compare_rows
        current = st.session_state.get("compare_state")
        if len(rows) < len(jobs):
            job = jobs[len(rows)]
            within = 0.0 if current is None else current.step / current.config.steps
            status = f"run {len(rows) + 1} of {len(jobs)}: {job.model} at delay k = {job.delay}"
            st.progress(
                (len(rows) + within) / len(jobs),
                text=status + ("" if st.session_state.compare_running else " (stopped)"),
            )
        else:
            st.progress(1.0, text=f"all {len(jobs)} runs done")
        show(
            accuracy_against_delay(
                [],
                live=rows,
                chance=1 / settings.symbols,
                title=f"Live: {settings.hidden_size} units, {settings.steps} steps, "
                f"{'gates biased to keep' if settings.keep_bias else 'PyTorch init'}",
            ),
            "compare_live_chart",
        )
        st.caption(training.budget_line(), help=training.BUDGET_NOTE)

    live()
