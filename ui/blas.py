"""One BLAS thread for the whole server process, so that training stays fast and is fairly counted.

Measured on this project's 2-core machine (2026-11-25), one training step of a 64-unit GRU
(delayed recall, batch 32, 11 steps), averaged over 200 steps:
                                     default threads         one thread
    four other busy processes        14.5 ms (9.7 ms CPU)    4.9 ms (1.9 ms CPU)
    the machine otherwise idle        1.5 ms (3.1 ms CPU)    1.7 ms (2.2 ms CPU)
The products of training are small, so OpenBLAS' threads mostly wait for each other, and they spin
while they wait: idle, a second thread buys 10 % of wall time for 40 % more CPU; on a busy server,
where every student's session wants a core, it makes training three times slower. One thread also
makes time.thread_time() count all of a computation's work, because BLAS then computes in the thread
that called it; the training workers (lessons/training_worker.py) set the same for the CPU budget.

The setting is process-wide; threadpoolctl sets it for whichever BLAS NumPy uses.
"""

from threadpoolctl import threadpool_info, threadpool_limits

_limited = []


def limit_blas_threads(threads=1):
    """Ask the BLAS NumPy uses for `threads` threads, once per process (the training pages call it
    on import). Returns how: 'threadpoolctl', or 'unchanged' when NumPy uses no BLAS it knows."""
    if not _limited:
        _limited.append(set_blas_threads(threads)[0])
    return _limited[0]


def set_blas_threads(threads):
    """Set the BLAS thread count now; returns (how, the count before, or None if unknown)."""
    before = next((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), None)
    if before is None:
        return "unchanged", None
    threadpool_limits(limits=threads, user_api="blas")
    return "threadpoolctl", before
