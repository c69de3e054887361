"""The server's shared cache: results every session may be handed, bounded in bytes, least recently
used evicted first.

st.cache_resource bounds a cache by its number of entries, and an entry's size depends on the state:
a three-layer stacked trace is 50 KB on the default example and 2.5 MB at the page limits (200
steps, 8 inputs, 16 units). One session changing the stacked page's seed 200 times at the page
limits grew the server by 406 MB (bench/cache_memory.py). Here every shared result (traces, the
lessons' numbers, figures) lives in one pool with one budget in bytes, measured entry by entry
(`size_of`, held to tracemalloc in tests/test_shared_cache.py), so what a class can make the server
keep does not depend on how large their examples are: the same flood grew it by 94 to 102 MB.

The budget, SHARED_CACHE_MB (64 MB of 2^20 bytes; GRU_VIZ_SHARED_CACHE_MB sets another): an eighth
of the 512 MB a replica is sized for (docs/deploy.md), and still room for what a class shares:
about 340 of the stacked page's layer figures on the default example (0.19 MB each), or the
stacked trace and figure of 20 seeds at the page limits (3 MB each). An entry larger than a
quarter of the budget is handed back but not kept, so one result cannot empty everyone's cache.

What it keeps is shared, never copied: callers must treat a result as read-only (traces are frozen
arrays; figures are only serialized, by ui.figure_view). No streamlit here: tests/test_shared_cache.py
tests it in plain threads, as Streamlit's script threads call it.
"""

import collections
import functools
import inspect
import os
import sys
import threading
import types

import numpy as np

MB = 2**20
SHARED_CACHE_MB = float(os.environ.get("GRU_VIZ_SHARED_CACHE_MB", 64))

# Shared by everything, never owned by one entry: a size walk does not go into them.
_NOT_OWNED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
              types.CodeType, threading.Thread)
_ATOMS = (str, bytes, bytearray, int, float, complex, bool)  # hold no references


def size_of(value):
    """The bytes `value` holds, followed through containers, dataclasses and objects' attributes.

    A NumPy array counts its header and its data (sys.getsizeof counts the data of an array that
    owns it); a view counts its header and the array it views, once however many views share it.
    A Plotly figure is an object of dicts, lists and arrays and is walked like any other. Classes,
    modules and functions are shared by everyone and not counted.
    """
    seen = set()
    total = 0
    stack = [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, _NOT_OWNED):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, np.ndarray):
            if obj.base is not None:
                stack.append(obj.base)
            if obj.dtype.hasobject:  # a figure's hover texts: thousands of strings, counted in bulk
                total += _count_atoms(obj.ravel().tolist(), seen, stack)
            continue
        if isinstance(obj, _ATOMS) or obj is None:
            continue
        if isinstance(obj, dict):
            total += _count_atoms([*obj.keys(), *obj.values()], seen, stack)
        elif isinstance(obj, (list, tuple, set, frozenset, collections.deque)):
            total += _count_atoms(obj, seen, stack)
        if hasattr(obj, "__dict__") and not isinstance(obj, dict):
            stack.append(vars(obj))
        for slot in getattr(type(obj), "__slots__", ()):
            if isinstance(slot, str) and hasattr(obj, slot):
                stack.append(getattr(obj, slot))
    return total


def _count_atoms(items, seen, stack):
    """The bytes of the strings and numbers among `items` not seen yet (marked seen now); the other
    objects go on the walk's stack."""
    fresh = [item for key, item in {id(item): item for item in items}.items() if key not in seen]
    atoms = [item for item in fresh if isinstance(item, _ATOMS)]
    seen.update(map(id, atoms))
    stack.extend(item for item in fresh if not isinstance(item, _ATOMS))
    return sum(map(sys.getsizeof, atoms))


class SharedCache:
    """A thread-safe map from keys to results, at most `max_bytes` of them (by `size_of`), least
    recently used evicted first. `get(key, make)` returns the kept result or makes it once: threads
    asking for the same missing key wait for the first one's result instead of making it too (a
    class pressing the same button together costs one computation, as with st.cache_resource).
    A result too large to keep (over max_entry_bytes) is not shared: each waiter then makes its
    own, one after another."""

    def __init__(self, max_bytes, *, max_entry_bytes=None, size=size_of):
        self.max_bytes = int(max_bytes)
        self.max_entry_bytes = self.max_bytes // 4 if max_entry_bytes is None else int(max_entry_bytes)
        self._size = size
        self._entries = collections.OrderedDict()  # key -> (value, bytes), least recently used first
        self._making = {}  # key -> the lock held by the thread making it
        self._lock = threading.Lock()
        self.nbytes = 0
        self.hits = self.misses = self.evictions = 0

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return key in self._entries

    def get(self, key, make):
        with self._lock:
            found = self._hit(key)
            if found is not None:
                return found[0]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                found = self._hit(key)  # made by the thread this one waited for
                if found is not None:
                    return found[0]
                self.misses += 1
            try:
                value = make()
                self._keep(key, value, self._size(value))
            finally:
                with self._lock:
                    if self._making.get(key) is making:
                        del self._making[key]
        return value

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.nbytes = 0

    def _hit(self, key):
        """(value,) for a kept key, marked most recently used; None for a miss. Under the lock."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return (entry[0],)

    def _keep(self, key, value, nbytes):
        if nbytes > self.max_entry_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.nbytes -= old[1]
            self._entries[key] = (value, nbytes)
            self.nbytes += nbytes
            while self.nbytes > self.max_bytes:
                _, (_, freed) = self._entries.popitem(last=False)
                self.nbytes -= freed
                self.evictions += 1


POOL = SharedCache(SHARED_CACHE_MB * MB)


def shared(func=None, *, cache=None):
    """Decorator: `func`'s results kept in `cache` (POOL by default), keyed on the function and its
    arguments, except those whose names start with an underscore, as st.cache_resource does (they
    carry objects the key already stands for). Key arguments must be hashable and compare by value."""
    if func is None:
        return functools.partial(shared, cache=cache)
    signature = inspect.signature(func)
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def cached(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        key = (name, *((k, v) for k, v in arguments.items() if not k.startswith("_")))
        return cached.shared_cache.get(key, lambda: func(*args, **kwargs))

    cached.shared_cache = POOL if cache is None else cache
    return cached
