"""Each session's fair share of the server's CPU: a session that keeps the server busy waits.

Every tab's runs share one Python process, and a run holds the GIL while it computes, so one tab
that reruns as fast as the server answers (a hand-made client pressing a button in a loop, a
script sending reruns) takes time from every other tab, whatever the button does. Here each
session has a bucket of CPU seconds: a run takes from it what it spent (time.thread_time() of the
script thread, which is all of a run's work: BLAS is single-threaded, ui/blas.py, and training
computes in its own processes, lessons/training_worker.py), and it refills at SHARE seconds per
second up to BURST. A run that finds the bucket empty first sleeps until it is back to zero (at
most MAX_WAIT): sleeping holds no GIL and no core, and reruns asked for meanwhile fold into one.

Measured (bench/load.py, bench/fairness.py): a learner's click costs 10 to 40 ms, so a class
working at a click a second uses 1 to 4 % of a core each, and play at 4 steps a second on the cell
page about 8 %; none of them ever waits. The full rerun that a hand-made client's press causes on
the training page costs 50 to 100 ms, so a press loop, which took a whole core, gets SHARE of it.
"""

import contextlib
import time

import streamlit as st

SHARE = 0.10  # of one core, on average
BURST = 2.0  # CPU seconds a session may spend at once (a heavy lesson's first draw) before waiting
MAX_WAIT = 5.0  # never longer than this at once, so a learner who did a lot is never stuck
_BUCKET = "_cpu_bucket"
_METERING = "_cpu_metering"


@contextlib.contextmanager
def metered():
    """Around a run (the app's, or a timed fragment's): wait while this session is over its share,
    then charge what the run spends. Nested uses (a fragment drawn by a full run) count once."""
    if st.session_state.get(_METERING):
        yield
        return
    tokens = _refilled()
    if tokens < 0:
        time.sleep(min(MAX_WAIT, -tokens / SHARE))
        tokens = _refilled()
    st.session_state[_METERING] = True
    began = time.thread_time()
    try:
        yield
    finally:
        st.session_state[_METERING] = False
        st.session_state[_BUCKET] = (_refilled() - (time.thread_time() - began), time.monotonic())


def _refilled():
    """The bucket's CPU seconds now (negative: the session owes), refilled since it was last seen."""
    tokens, seen = st.session_state.get(_BUCKET, (BURST, time.monotonic()))
    tokens = min(BURST, tokens + SHARE * (time.monotonic() - seen))
    st.session_state[_BUCKET] = (tokens, time.monotonic())
    return tokens
