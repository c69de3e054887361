"""Training tests run with one BLAS thread, as the app trains (ui/blas.py): on a 2-core machine
OpenBLAS' own threads make these small products several times slower. Restored afterwards."""

import pytest

from ui.blas import set_blas_threads


@pytest.fixture(autouse=True, scope="package")
def one_blas_thread():
    how, before = set_blas_threads(1)
    yield how
    if before is not None:
        set_blas_threads(before)
