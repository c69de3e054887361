"""Each session's fair share of the server's CPU: a session that keeps the server busy waits.

Every tab's runs share one Python process, and a run holds the GIL while it computes, so one tab
that reruns as fast as the server answers (a hand-made client pressing a button in a loop, a
script sending reruns) takes time from every other tab, whatever the button does. Here each
browser (ui/browser_id.py: all its tabs together; a client that keeps no cookie, each session)
has a bucket of CPU seconds: a run takes from it what it spent (time.thread_time() of the
script thread, which is all of a run's work: BLAS is single-threaded, ui/blas.py, and training
computes in its own processes, lessons/training_worker.py), and it refills at SHARE seconds per
second up to BURST. A run that finds the bucket empty, while the server is busy (its process used at least BUSY of a
core over the last second), first sleeps until the bucket is back to zero (at most MAX_WAIT):
sleeping holds no GIL and no core, and reruns asked for meanwhile fold into one. On a quiet server
nobody waits, however much they do: the share divides the server only when there is a class to
share it with.

Measured on this project's 2-core machine (2026-12-02, a protocol client against a quiet server):
a learner's click costs 35 ms of server CPU on average (bench/load.py, pause 1 s), so a learner
clicking once a second uses about 4 % of a core;
a step of play on the cell page costs 23 ms (a fragment run), so play at 4 steps a second uses
9 %; a training tab's redraws about 9 % once its run has started (2.2 s of server CPU in 20 s,
opening the page and starting included); on a busy server these two slow down to SHARE. A press
loop on the training page (each press a full rerun, 50 to 160 ms), which took a whole core, gets
SHARE of it while a class works.
"""

import collections
import contextlib
import threading
import time

import streamlit as st

from .browser_id import browser_id

SHARE = 0.06  # of one core, on average, while the server is busy
BUSY = 0.5  # of one core: the server's own CPU over the last second from which shares apply
BURST = 2.0  # CPU seconds a session may spend at once (a heavy lesson's first draw) before waiting
MAX_WAIT = 5.0  # never longer than this at once, so a learner who did a lot is never stuck
MAX_BROWSERS = 10_000  # buckets kept, the longest unused dropped: a client inventing ids costs bounded memory
_METERING = "_cpu_metering"
_lock = threading.Lock()
_buckets = collections.OrderedDict()  # browser id -> (CPU seconds in its bucket, when last seen)
_load = [time.monotonic(), time.process_time(), 0.0]  # when, the process's CPU then, its use per second


@contextlib.contextmanager
def metered():
    """Around a run (the app's, or a timed fragment's): wait while this session is over its share,
    then charge what the run spends. Nested uses (a fragment drawn by a full run) count once."""
    if st.session_state.get(_METERING):
        yield
        return
    browser = browser_id()
    owed = -_charge(browser, 0.0)
    if owed > 0 and server_busy():
        time.sleep(min(MAX_WAIT, owed / SHARE))
    st.session_state[_METERING] = True
    began = time.thread_time()
    try:
        yield
    finally:
        st.session_state[_METERING] = False
        _charge(browser, time.thread_time() - began)


def server_busy():
    """True while this server process used at least BUSY of a core over about the last second."""
    with _lock:
        now, cpu = time.monotonic(), time.process_time()
        if now - _load[0] >= 1.0:
            _load[:] = [now, cpu, (cpu - _load[1]) / (now - _load[0])]
        return _load[2] >= BUSY


def _charge(browser, cpu_seconds):
    """Refill `browser`'s bucket for the time since it was last seen, take `cpu_seconds` from it;
    returns what is left (negative: the browser owes)."""
    with _lock:
        now = time.monotonic()
        tokens, seen = _buckets.pop(browser, (BURST, now))
        tokens = min(BURST, tokens + SHARE * (now - seen)) - cpu_seconds
        _buckets[browser] = (tokens, now)
        while len(_buckets) > MAX_BROWSERS:
            _buckets.popitem(last=False)
        return tokens
