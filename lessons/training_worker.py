"""Training computes in worker processes at low priority, never in the server's own.

Why a process: a training tick is hundreds of small NumPy calls, each of which holds the server's
GIL, so a tick in a script thread made every other student's rerun wait for the lock as well as
for a core. Why low priority: a worker runs at `NICE`, so when the class's reruns need the cores
the kernel gives them first and training takes what is left. The pool's size is the server's
number of training slots (lessons/training_queue.py decides whose tick goes next; the pool is the
hard bound on how many compute at once).

`run(name, argument, steps)` returns (the new TrainingState, the worker's CPU seconds for it),
which the caller charges to the learner's budget. A run's state goes to the worker and back by
pickle: it is this app's own dataclass (under 300 kB for the largest run), never a user's file.
"""

import concurrent.futures
import multiprocessing
import os
import threading
import time

NICE = 10
SLOTS = max(1, int(os.environ.get("GRU_VIZ_TRAINING_SLOTS", 0)) or (os.cpu_count() or 2) // 2)

_lock = threading.Lock()
_pool = []


def run(name, argument, steps=0):
    """`start(argument)` (name "start", argument a TrainConfig) or `advance(argument, steps)` (name
    "advance", argument a TrainingState) in a worker: (state, CPU seconds)."""
    executor = _executor()
    try:
        state, cpu = executor.submit(_timed, name, argument, steps).result()
    except concurrent.futures.process.BrokenProcessPool:
        _discard(executor)  # a worker was killed (out of memory, a signal): the next call starts a new pool
        raise
    return _read_only(state), cpu


def _executor():
    with _lock:
        if not _pool:
            # spawn, not fork: the server has threads (Tornado, every session's script), and a
            # forked copy of a process with threads may hold a lock that no thread will release.
            context = multiprocessing.get_context("spawn")
            _pool.append(concurrent.futures.ProcessPoolExecutor(SLOTS, mp_context=context, initializer=_lower))
        return _pool[0]


def _discard(broken):
    """Drop the pool `broken`, if it is still the one in use: two sessions that both saw it break
    must not shut down the new pool a third one has started since."""
    with _lock:
        if _pool and _pool[0] is broken:
            _pool.pop().shutdown(wait=False, cancel_futures=True)


def _lower():
    """In each worker: low priority, one BLAS thread (as in the server, ui/blas.py: small products)."""
    os.nice(NICE)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _timed(name, argument, steps):
    from gru_viz.train import advance, start

    began = time.thread_time()
    state = start(argument) if name == "start" else advance(argument, steps)
    return state, time.thread_time() - began


def _read_only(state):
    """Arrays come back from pickle writeable; a TrainingState's arrays are read-only (it is shared
    between reruns and its snapshots between views), so they are made so again."""
    for array in (state.params, state.m, state.v, *(s.params for s in state.snapshots)):
        array.flags.writeable = False
    return state
