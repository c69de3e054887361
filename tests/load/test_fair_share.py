"""A fair share for every student (issue 18), against a real server with protocol tabs that keep a
cookie and follow their fragments' timers as a browser does (tests/load/timers.py).

- Training runs one at a time on this server (one slot: GRU_VIZ_TRAINING_SLOTS=1); the others
  wait and say their place in line; when the one training stops, the next one trains.
- The training budget belongs to the browser (its cookie): a new tab sees what an earlier tab
  spent; another browser does not.
- A Start button pressed twenty times by a hand-made client, while it is drawn disabled, starts
  nothing new: the run it started goes on.
- Play on the cell page reruns only the step's fragment, never the whole app, once a step.
The class's latency with abusive tabs beside it is measured in bench/fairness.py.
"""

import asyncio
import os
import re

import pytest

from lessons import presets
from lessons.state import to_url
from tests.helpers import ROOT
from tests.load.timers import TimedSession, new_browser
from tests.protocol import run_async
from tests.servers import serving

STEP = re.compile(r"^step ([\d,]+) of ([\d,]+)")
WAITING = "Waiting for a free training slot"


@pytest.fixture(scope="module")
def app_url():
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "GRU_VIZ_TRAINING_SLOTS", "1")
        with serving(ROOT / "app.py") as url:
            yield url


def steps_shown(tab):
    """The training steps the progress bars showed, in order."""
    return [int(m.group(1).replace(",", "")) for m in map(STEP.match, tab.texts) if m]


def budget_used(tab):
    """The training CPU the tab's budget line last showed as spent (-1 before it showed one)."""
    lines = [t for t in tab.texts if t.startswith("Training CPU used by this browser")]
    return float(re.search(r"hour: ([\d.]+) s", lines[-1]).group(1)) if lines else -1.0


LONG_RUN = "s=" + to_url(next(iter(presets.EXAMPLES.values()))().with_setting("train", steps=5000))  # outlasts a test


async def leave(tab):
    """Stop the tab's run, if it trains or waits (its place goes at once; a closed tab's would lapse
    only after the line's lease, and the next test would wait behind it), and close the tab."""
    if "train_stop" in tab.widgets:
        await tab.click("train_stop")
    await tab.close()


async def training_tab(url, cookie):
    tab = TimedSession(url, timeout=60.0, cookie=cookie)
    await tab.connect()
    await tab.open("train", LONG_RUN)
    await tab.click("train_start")
    return tab


def test_training_runs_one_at_a_time_and_the_others_wait_their_turn(app_url):
    async def scenario():
        tabs = [await training_tab(app_url, new_browser()) for _ in range(3)]
        try:
            await asyncio.gather(*(tab.follow_timers(5.0) for tab in tabs))
            trained = [tab for tab in tabs if steps_shown(tab) and max(steps_shown(tab)) > 0]
            waiting = [tab for tab in tabs if tab.text_seen(WAITING)]
            first = trained[0] if len(trained) == 1 else None
            places = sorted(next(n for n in (1, 2, 3) if tab.text_seen(f"this run is number {n} in line"))
                            for tab in waiting)
            if first is not None:
                for tab in tabs:
                    tab.texts.clear()
                await first.click("train_stop")  # its slot goes to the next in line
                await asyncio.gather(*(tab.follow_timers(6.0) for tab in tabs if tab is not first))
            later = [tab for tab in tabs if tab is not first and steps_shown(tab) and max(steps_shown(tab)) > 0]
            return len(trained), len(waiting), places, len(later), [e for tab in tabs for e in tab.errors]
        finally:
            await asyncio.gather(*(leave(tab) for tab in tabs))

    trained, waiting, places, later, errors = run_async(scenario())
    assert errors == []
    assert trained == 1, "one slot: exactly one of three runs trains at a time"
    assert waiting == 2 and places == [1, 2], "the other two say their place in line"
    assert later == 1, "when the run training stops, the next in line trains"


def test_the_training_budget_belongs_to_the_browser_not_the_tab(app_url):
    async def scenario():
        cookie = new_browser()
        first = await training_tab(app_url, cookie)
        await first.follow_timers(20.0, until=lambda tab: budget_used(tab) >= 1.0)
        await first.click("train_stop")
        await first.close()
        seen = {}
        for name, jar in (("same browser, new tab", cookie), ("another browser", new_browser())):
            tab = TimedSession(app_url, cookie=jar)
            async with tab:
                await tab.open("train")
                await tab.click("train_start")
                await tab.click("train_stop")  # the page shows its budget line once a run exists
                seen[name] = budget_used(tab)
        return seen

    seen = run_async(scenario())
    assert seen["same browser, new tab"] >= 1.0, seen  # what the first tab spent, and a little more
    assert 0 <= seen["another browser"] < 0.5, seen  # at most its own start


def test_a_disabled_start_pressed_twenty_times_by_a_hand_made_client_starts_nothing_new(app_url):
    async def scenario():
        tab = await training_tab(app_url, new_browser())
        try:
            await tab.follow_timers(4.0, until=lambda t: steps_shown(t) and max(steps_shown(t)) > 0)
            before = max(steps_shown(tab))
            tab.texts.clear()
            for _ in range(20):
                await tab.click("train_start")  # drawn disabled while the run goes on
            await tab.follow_timers(1.5)
            return before, steps_shown(tab), tab.errors
        finally:
            await leave(tab)

    before, after, errors = run_async(scenario())
    assert errors == []
    assert before > 0 and after and min(after) >= before, f"the run restarted: {before} then {after[:5]}"


def test_the_cell_page_plays_in_the_browser_and_the_server_keeps_no_timer(app_url):
    """Play on the live view's pages runs in the browser (static/live/stepping.js): the server
    draws no play button and keeps no timer for it, so a tab playing at 4 steps a second costs it
    nothing until the learner pauses. (Elsewhere the sidebar's play reruns the app once a step.)"""
    async def scenario():
        tab = TimedSession(app_url)
        async with tab:
            await tab.open("cell")
            return dict(tab.timers), set(tab.widgets), tab.errors

    timers, widgets, errors = run_async(scenario())
    assert errors == [] and timers == {}
    assert "live_view" in widgets and not {"play_page", "play_bar", "next_page"} & widgets
