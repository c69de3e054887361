"""Each session's fair share of the server's CPU (ui/fair_share.py): runs within the share never
wait; a session that keeps spending waits in proportion to what it owes; nested runs count once."""

import pytest

from ui import fair_share


class Clock:
    """Wall and CPU time that the test moves; sleeping moves only the wall."""

    def __init__(self):
        self.wall, self.cpu, self.slept = 1000.0, 0.0, []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.wall += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(fair_share.st, "session_state", {})
    monkeypatch.setattr(fair_share.time, "monotonic", lambda: clock.wall)
    monkeypatch.setattr(fair_share.time, "thread_time", lambda: clock.cpu)
    monkeypatch.setattr(fair_share.time, "sleep", clock.sleep)
    monkeypatch.setattr(fair_share, "server_busy", lambda: True)  # a class is working
    return clock


def run(clock, cpu, then_wait=1.0):
    """One run that spends `cpu` seconds, then `then_wait` seconds before the next click."""
    with fair_share.metered():
        clock.cpu += cpu
        clock.wall += cpu
    clock.wall += then_wait


def test_a_learner_clicking_once_a_second_never_waits(clock):
    for _ in range(200):
        run(clock, 0.04)  # a heavy click: 40 ms
    assert clock.slept == []


def test_a_client_rerunning_as_fast_as_it_can_gets_its_share_and_no_more(clock):
    for _ in range(400):
        run(clock, 0.1, then_wait=0.0)  # a press loop on the training page
    spent, elapsed = clock.cpu, clock.wall - 1000.0
    assert clock.slept, "it must have waited"
    assert spent / elapsed == pytest.approx(fair_share.SHARE, rel=0.1)  # after the burst, its share
    assert max(clock.slept) <= fair_share.MAX_WAIT


def test_on_a_quiet_server_nobody_waits_however_much_they_do(clock, monkeypatch):
    monkeypatch.setattr(fair_share, "server_busy", lambda: False)
    for _ in range(400):
        run(clock, 0.1, then_wait=0.0)
    assert clock.slept == []


def test_the_server_is_busy_when_its_process_used_half_a_core_over_the_last_second(monkeypatch):
    wall, cpu = [0.0], [0.0]
    monkeypatch.setattr(fair_share.time, "monotonic", lambda: wall[0])
    monkeypatch.setattr(fair_share.time, "process_time", lambda: cpu[0])
    monkeypatch.setattr(fair_share, "_load", [0.0, 0.0, 0.0])
    wall[0], cpu[0] = 1.0, 0.3
    assert not fair_share.server_busy()  # 30 % of a core
    wall[0], cpu[0] = 2.0, 1.0
    assert fair_share.server_busy()  # 70 %
    wall[0], cpu[0] = 2.5, 1.0
    assert fair_share.server_busy()  # within the second: the last reading stands


def test_a_fragment_drawn_inside_a_run_is_charged_once(clock):
    with fair_share.metered():
        clock.cpu += 1.5
        with fair_share.metered():
            clock.cpu += 1.0
    assert fair_share._charge(fair_share.browser_id(), 0.0) == pytest.approx(fair_share.BURST - 2.5)


def test_the_tabs_of_one_browser_share_one_bucket(clock, monkeypatch):
    for _ in range(200):
        run(clock, 0.1, then_wait=0.0)
    waited = len(clock.slept)
    monkeypatch.setattr(fair_share.st, "session_state", {"_browser_id": fair_share.st.session_state["_browser_id"]})
    run(clock, 0.1, then_wait=0.0)  # a new tab of the same browser: it owes what the first owed
    assert len(clock.slept) == waited + 1
    monkeypatch.setattr(fair_share.st, "session_state", {})  # another browser: a full bucket
    run(clock, 0.1, then_wait=0.0)
    assert len(clock.slept) == waited + 1
