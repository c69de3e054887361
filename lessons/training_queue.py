"""A server-wide line for training: at most `slots` runs compute at once, the rest wait their turn.

Training is the one thing a learner can start that uses a whole core for minutes. Without a limit,
four tabs training at once took the class's median step from 70 ms to 353 ms (issue 18). With it,
what training can take from a class is fixed by the number of slots, however many tabs train.

A run asks for its turn on every tick (`ask`): 0 means "compute now", n >= 1 means n-th in line.
A run that stops asking (its tab closed) leaves the line by itself after `lease` seconds, so a slot
is never held for long by a tab that has gone (Stop leaves at once). The lease is longer than a
run waits between two asks: the tick interval, a tick at low priority on a busy server, and a
session's wait for its CPU share (ui/fair_share.py, at most 5 s). A run that has held a slot for
`turn` seconds while others wait goes to the back of the line: one long run cannot keep a slot
from the class. Plain Python, no Streamlit: one object is shared by every session's script thread,
so every method takes the lock.
"""

import collections
import threading
import time


class TrainingQueue:
    def __init__(self, slots, lease=15.0, turn=10.0, clock=time.monotonic):
        if slots < 1:
            raise ValueError(f"a training queue needs at least one slot, got {slots}")
        self.slots, self.lease, self.turn, self.clock = slots, lease, turn, clock
        self._lock = threading.Lock()
        self._holding = {}  # ticket -> (since when others wait for its slot, when it last asked)
        self._waiting = collections.OrderedDict()  # ticket -> when it last asked, first in line first

    def ask(self, ticket):
        """0 when `ticket` may compute now (it holds a slot); else its place in line, from 1."""
        with self._lock:
            now = self.clock()
            self._drop_gone(now)
            if ticket in self._holding:
                since, _ = self._holding[ticket]
                if not self._waiting:
                    since = now  # a turn counts only the time others wait
                if now - since < self.turn:
                    self._holding[ticket] = (since, now)
                    return 0
                del self._holding[ticket]  # its turn is over while others wait: to the back
                self._waiting[ticket] = now
            else:
                self._waiting[ticket] = now  # keeps its place in line if it had one
            self._grant(now)
            if ticket in self._holding:
                return 0
            return list(self._waiting).index(ticket) + 1

    def leave(self, ticket):
        """The run is done, stopped or out of budget: its slot or its place goes to the next."""
        with self._lock:
            self._holding.pop(ticket, None)
            self._waiting.pop(ticket, None)
            self._grant(self.clock())

    def counts(self):
        """(runs computing, runs waiting), for the page's line and for tests."""
        with self._lock:
            self._drop_gone(self.clock())
            return len(self._holding), len(self._waiting)

    def _drop_gone(self, now):
        for ticket in [t for t, (_, seen) in self._holding.items() if now - seen > self.lease]:
            del self._holding[ticket]
        for ticket in [t for t, seen in self._waiting.items() if now - seen > self.lease]:
            del self._waiting[ticket]

    def _grant(self, now):
        while self._waiting and len(self._holding) < self.slots:
            ticket, _ = self._waiting.popitem(last=False)
            self._holding[ticket] = (now, now)
