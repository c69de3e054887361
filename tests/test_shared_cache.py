"""The shared cache (ui/shared_cache.py): bounded in bytes, least recently used evicted first, one
computation per key however many threads ask, and sizes measured as the memory the results hold."""

import gc
import threading
import tracemalloc
from dataclasses import dataclass

import numpy as np
import pytest

from bench.cases import large_state
from gru_viz.figures.stacked import layer_heatmaps
from lessons import views
from ui import compute, lesson_compute
from ui.shared_cache import POOL, SharedCache, shared, size_of

KB = 1024


def block(kb):
    return np.zeros(kb * KB // 8)  # float64: kb kilobytes of data


# ---- the bound and the order ----


def test_the_kept_bytes_never_exceed_the_budget():
    cache = SharedCache(100 * KB)
    for k in range(50):
        cache.get(k, lambda: block(20))
        assert cache.nbytes <= 100 * KB
    assert len(cache) == 4  # 20 KB each, plus the arrays' headers: four fit, not five
    assert list(cache._entries) == [46, 47, 48, 49]
    assert cache.evictions == 46


def test_the_least_recently_used_entry_goes_first():
    cache = SharedCache(100 * KB)
    for key in "abcd":
        cache.get(key, lambda: block(20))
    cache.get("a", lambda: pytest.fail("a is kept"))  # a hit: a is now the most recently used
    cache.get("e", lambda: block(20))
    assert list(cache._entries) == ["c", "d", "a", "e"]  # b, the least recently used, went


def test_a_hit_returns_the_same_object_and_does_not_make_it_again():
    cache = SharedCache(100 * KB)
    first = cache.get("k", lambda: block(1))
    assert cache.get("k", lambda: pytest.fail("made twice")) is first
    assert (cache.hits, cache.misses) == (1, 1)


def test_an_entry_larger_than_a_quarter_of_the_budget_is_returned_but_not_kept():
    cache = SharedCache(100 * KB)
    cache.get("small", lambda: block(10))
    big = cache.get("big", lambda: block(30))
    assert big.nbytes == 30 * KB
    assert "big" not in cache and "small" in cache  # nobody's entries were evicted for it


def test_a_failure_is_not_kept():
    cache = SharedCache(100 * KB)

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.get("k", fail)
    assert cache.get("k", lambda: 1) == 1 and cache._making == {}


def test_clear_empties_the_cache():
    cache = SharedCache(100 * KB)
    cache.get("k", lambda: block(1))
    cache.clear()
    assert len(cache) == 0 and cache.nbytes == 0


# ---- threads, as Streamlit's script threads call it ----


def test_threads_asking_for_the_same_missing_key_make_it_once():
    cache = SharedCache(100 * KB)
    made = []
    started = threading.Barrier(8)

    def make():
        made.append(1)
        threading.Event().wait(0.05)  # long enough for every other thread to arrive and wait
        return block(1)

    results = []

    def ask():
        started.wait()
        results.append(cache.get("k", make))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert all(result is results[0] for result in results)


def test_many_threads_keep_the_count_of_bytes_exact_and_under_the_budget():
    cache = SharedCache(200 * KB)
    rng = np.random.default_rng(0)
    plans = [rng.integers(0, 40, size=300).tolist() for _ in range(8)]

    def work(keys):
        for key in keys:
            value = cache.get(key, lambda key=key: block(1 + key % 7))
            assert value.nbytes == (1 + key % 7) * KB

    threads = [threading.Thread(target=work, args=(keys,)) for keys in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.nbytes == sum(nbytes for _, nbytes in cache._entries.values()) <= 200 * KB
    assert cache._making == {}


# ---- sizes ----


def test_an_array_counts_its_data_once_however_many_views_share_it():
    data = np.zeros(100_000)  # 800,000 bytes
    assert 800_000 <= size_of(data) < 800_200
    views_of_it = (data[:10], data[10:], data.reshape(1000, 100))
    assert size_of(views_of_it) < 800_000 + 1_000


def test_dataclasses_and_object_arrays_are_followed():
    @dataclass(frozen=True)
    class Pair:
        a: np.ndarray
        b: tuple

    pair = Pair(np.zeros(1000), (np.zeros(1000), "x" * 10_000))
    assert 26_000 <= size_of(pair) < 27_000
    texts = np.array([f"label {k} " * 20 for k in range(1000)], dtype=object)
    assert size_of(texts) > 1000 * 160


def retained(make, tries=3):
    """The bytes `make()`'s result keeps alive, by tracemalloc (an independent oracle): the least of
    `tries` calls. A call can also grow the interpreter's own tables for good (plotly defines a class
    on every key path it parses, and the registry of object's subclasses grows by a 74 KB block at
    some point that depends on the tests run before); that happens in one call, not in every one."""
    held, value = [], None
    for _ in range(tries):
        value = None  # the last call's result is freed before this one is measured
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            value = make()
            gc.collect()
            held.append(tracemalloc.get_traced_memory()[0] - before)
        finally:
            tracemalloc.stop()
    return value, min(held)


def test_the_sizes_of_a_stacked_trace_and_its_figure_are_the_memory_they_hold():
    state = large_state()  # the page limits: a 2.5 MB trace, a 0.5 MB figure
    x = np.array(state.x)

    def run():
        return views.stacked_run(None, x, hidden_size=state.hidden_size, layers=3, bidirectional=True, seed=1,
                                 reset=state.reset, z_convention=state.z_convention)

    layer_heatmaps(run()[1], state.tokens(), gate="h")  # plotly's own first-use caches, not the figure's
    (model, trace), held = retained(run)
    assert 0.9 * held <= size_of((model, trace)) <= 1.2 * held
    figure, held = retained(lambda: layer_heatmaps(trace, state.tokens(), gate="h"))
    assert 0.9 * held <= size_of(figure) <= 1.3 * held


# ---- the decorator, and the app's caches ----


def test_arguments_named_with_an_underscore_are_not_in_the_key():
    cache = SharedCache(100 * KB)
    calls = []

    @shared(cache=cache)
    def twice(key, _payload):
        calls.append(key)
        return _payload * 2

    assert twice("a", 1) == 2
    assert twice("a", 5) == 2  # same key: the kept result, whatever _payload holds
    assert twice(key="b", _payload=5) == 10
    assert calls == ["a", "b"]


def test_every_cached_compute_of_the_app_lives_in_the_bounded_pool():
    # Each of these was an st.cache_resource bounded only by its number of entries.
    functions = [compute._trace, compute._figure, lesson_compute._conventions, lesson_compute._memory,
                 lesson_compute._reset, lesson_compute._gradients, lesson_compute._lstm, lesson_compute._stacked]
    assert [getattr(function, "shared_cache", None) for function in functions] == [POOL] * len(functions)
    assert POOL.max_bytes == 64 * 2**20


def test_a_stacked_run_is_kept_in_the_pool_with_its_size():
    state = large_state()
    POOL.clear()
    first = lesson_compute._stacked("a key", 3, True, 7, state, None)
    assert lesson_compute._stacked("a key", 3, True, 7, None, None) is first  # _state is not in the key
    [(key, (value, nbytes))] = POOL._entries.items()
    assert value is first and nbytes == size_of(first) > 2_000_000
    POOL.clear()
