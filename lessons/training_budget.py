"""Training CPU per browser: a budget that a new tab or a reload does not give back.

Each key (ui/browser_id.py: a random id the browser keeps in a cookie) may spend `seconds` of
training CPU per `window`; the window starts at the key's first charge and the budget refills when
it ends. The ledger holds at most `max_keys` keys, dropping the one unused longest, so a client
that invents a new key for every visit costs memory it cannot grow. Plain Python, shared by every
session's script thread, so every method takes the lock.
"""

import collections
import threading
import time


class Budgets:
    def __init__(self, seconds=60.0, window=3600.0, max_keys=10_000, clock=time.monotonic):
        self.seconds, self.window, self.max_keys, self.clock = seconds, window, max_keys, clock
        self._lock = threading.Lock()
        self._spent = collections.OrderedDict()  # key -> (window start, CPU seconds spent), oldest first

    def spent(self, key):
        with self._lock:
            return self._current(key)[1]

    def left(self, key):
        return max(0.0, self.seconds - self.spent(key))

    def charge(self, key, cpu_seconds):
        with self._lock:
            began, spent = self._current(key)
            self._spent[key] = (began if spent else self.clock(), spent + max(0.0, cpu_seconds))
            self._spent.move_to_end(key)
            while len(self._spent) > self.max_keys:
                self._spent.popitem(last=False)

    def _current(self, key):
        """(window start, spent) for `key`, (now, 0) once its window is over or it never spent."""
        began, spent = self._spent.get(key, (self.clock(), 0.0))
        if self.clock() - began >= self.window:
            return self.clock(), 0.0
        return began, spent
