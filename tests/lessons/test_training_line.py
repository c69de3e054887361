"""The server-wide training line, the per-browser budget and the worker processes (issue 18)."""

import os

import numpy as np
import pytest

from gru_viz.train import TrainConfig, advance, start
from lessons import training_worker
from lessons.training_budget import Budgets
from lessons.training_queue import TrainingQueue


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_slots_go_first_come_first_served_and_the_rest_see_their_place():
    line = TrainingQueue(2, clock=Clock())
    assert [line.ask(t) for t in "abcd"] == [0, 0, 1, 2]
    assert line.ask("d") == 2 and line.ask("c") == 1  # asking again keeps one's place
    line.leave("a")
    assert line.ask("d") == 1 and line.ask("c") == 0
    assert line.counts() == (2, 1)


def test_a_tab_that_stops_asking_gives_its_slot_and_its_place_away():
    clock = Clock()
    line = TrainingQueue(1, lease=5.0, clock=clock)
    assert [line.ask(t) for t in "abc"] == [0, 1, 2]
    clock.now = 4.0
    assert line.ask("c") == 2  # a and b are still within their lease
    clock.now = 6.0
    assert line.ask("c") == 0  # a (holding) and b (waiting) went quiet for more than 5 s
    assert line.counts() == (1, 0)


def test_a_long_run_goes_to_the_back_after_its_turn_while_others_wait():
    clock = Clock()
    line = TrainingQueue(1, lease=100.0, turn=10.0, clock=clock)
    assert line.ask("long") == 0
    clock.now = 30.0
    assert line.ask("long") == 0  # nobody waits: it keeps its slot
    assert line.ask("new") == 1
    clock.now = 39.0
    assert line.ask("long") == 0  # its turn counts while others wait: 9 s so far
    clock.now = 41.0
    assert line.ask("long") == 1 and line.ask("new") == 0  # 11 s: to the back, and the next one goes


def test_a_line_needs_a_slot():
    with pytest.raises(ValueError):
        TrainingQueue(0)


def test_a_budget_is_spent_per_key_and_refills_after_its_window():
    clock = Clock()
    budgets = Budgets(seconds=60.0, window=3600.0, clock=clock)
    budgets.charge("browser", 45.0)
    clock.now = 1000.0
    budgets.charge("browser", 20.0)
    assert budgets.spent("browser") == 65.0 and budgets.left("browser") == 0.0
    assert budgets.left("another browser") == 60.0
    clock.now = 3600.0  # an hour after the first charge
    assert budgets.spent("browser") == 0.0 and budgets.left("browser") == 60.0


def test_the_ledger_forgets_the_longest_unused_key_beyond_its_size():
    budgets = Budgets(max_keys=3, clock=Clock())
    for key in "abcd":
        budgets.charge(key, 1.0)
    assert [budgets.spent(k) for k in "abcd"] == [0.0, 1.0, 1.0, 1.0]
    budgets.charge("b", 1.0)
    budgets.charge("e", 1.0)  # c is now the longest unused
    assert [budgets.spent(k) for k in "bcde"] == [2.0, 0.0, 1.0, 1.0]


def test_a_worker_trains_exactly_as_in_the_server_and_hands_back_read_only_arrays():
    config = TrainConfig(steps=60)
    first, cpu_first = training_worker.run("start", config)
    state, cpu = training_worker.run("advance", first, 40)
    here = advance(start(config), 40)
    np.testing.assert_array_equal(state.params, here.params)
    assert state.loss == here.loss and state.step == 40 and len(state.snapshots) == len(here.snapshots)
    assert cpu_first > 0 and cpu > 0
    assert not any(a.flags.writeable for a in (state.params, state.m, state.v, state.snapshots[-1].params))


def test_workers_are_other_processes_at_a_lower_priority():
    pool = training_worker._executor()
    pid, nice = pool.submit(os.getpid).result(), pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result()
    assert pid != os.getpid()
    assert nice == min(19, os.getpriority(os.PRIO_PROCESS, 0) + training_worker.NICE)
