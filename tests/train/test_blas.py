"""The app's BLAS thread limit takes effect (ui/blas.py): set, read back, restore."""

from ui.blas import limit_blas_threads, set_blas_threads


def test_the_blas_thread_count_can_be_set_and_restored():
    how, before = set_blas_threads(1)
    assert how == "threadpoolctl", "threadpoolctl finds no BLAS in this NumPy: training would not be limited"
    assert before is not None
    assert set_blas_threads(before)[1] == 1  # it was 1
    set_blas_threads(before)
    assert limit_blas_threads(1) == "threadpoolctl"
