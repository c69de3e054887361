"""One BLAS thread for the whole server process, so that training stays fast and is fairly counted.

Measured on this project's 2-core machine (2026-11-25), one training step of a 64-unit GRU
(delayed recall, batch 32, 11 steps), averaged over 200 steps:
                                     default threads         one thread
    four other busy processes        14.5 ms (9.7 ms CPU)    4.9 ms (1.9 ms CPU)
    the machine otherwise idle        1.5 ms (3.1 ms CPU)    1.7 ms (2.2 ms CPU)
The products of training are small, so OpenBLAS' threads mostly wait for each other, and they spin
while they wait: idle, a second thread buys 10 % of wall time for 40 % more CPU; on a busy server,
where every student's session wants a core, it makes training three times slower. One thread also
makes time.thread_time() count all of a session's training work (ui/training.py's CPU budget),
because BLAS then computes in the thread that called it.

The setting is process-wide. threadpoolctl does this properly for any BLAS; it is not a dependency
of the app (proposed). Without it, the fallback calls the thread setter that NumPy's bundled
OpenBLAS exports (the same call threadpoolctl makes); if neither is found nothing changes and
`limit_blas_threads` says so.
"""

import ctypes
import glob
import os

import numpy as np

SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
           "openblas_set_num_threads")
GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads", "openblas_get_num_threads64_",
           "openblas_get_num_threads")
_limited = []


def limit_blas_threads(threads=1):
    """Ask the BLAS NumPy uses for `threads` threads, once per process (the app's pages call it on
    import). Returns how: 'threadpoolctl', 'openblas', or 'unchanged' when no way was found."""
    if not _limited:
        _limited.append(set_blas_threads(threads)[0])
    return _limited[0]


def set_blas_threads(threads):
    """Set the BLAS thread count now; returns (how, the count before, or None if unknown)."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        library = _openblas()
        if library is None:
            return "unchanged", None
        getter = next((getattr(library, name) for name in GETTERS if hasattr(library, name)), None)
        before = getter() if getter is not None else None
        next(getattr(library, name) for name in SETTERS if hasattr(library, name))(ctypes.c_int(threads))
        return "openblas", before
    before = next((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), None)
    threadpool_limits(limits=threads, user_api="blas")
    return "threadpoolctl", before


def _openblas():
    """NumPy's bundled OpenBLAS (numpy.libs/, already loaded: CDLL returns the same library), if it
    has a thread setter."""
    libs = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    for path in sorted(glob.glob(os.path.join(libs, "*openblas*.so*"))):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        if any(hasattr(library, name) for name in SETTERS):
            return library
    return None
