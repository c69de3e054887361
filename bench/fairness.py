"""A fair share for every student: a paced class on one server, alone and then beside abusive tabs.

    python bench/fairness.py [--sessions 40] [--think 1.0] [--classes 2] [--trainers 2]

One `streamlit run app.py`; every tab is a protocol client (tests/protocol.py, and
tests/load/timers.py for tabs that keep a cookie and follow their fragments' timers as a browser
does). The class is tests/load/lesson.py's lesson (open the link, ten steps, the edit page, a
weight, the convention), each learner pausing a random 0 to 2 x --think seconds before each click.

The class runs `--classes` times alone, then as often again beside the abusers, alternating
(alone, with, alone, with), so that a slow minute of a shared machine falls on both:
- --trainers tabs of one browser (one cookie) training the default run, restarting when it ends;
- one tab playing the cell page at the top speed (4 steps a second), from the start again at the end;
- one hand-made client pressing the training page's Start as fast as the server answers, while
  its own run trains (so the button is drawn disabled).
Target: the class's p95 beside them within 1.5x of its p95 alone (issue 18). The table also says
what the abusers got done: training steps, play steps and presses answered.
"""

import argparse
import asyncio
import os
import pathlib
import re
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import cpu_seconds as process_cpu_seconds
from bench.load import percentile
from bench.table import print_table
from tests.load.lesson import run_sessions
from tests.load.timers import TimedSession, new_browser
from tests.protocol import ProtocolError
from tests.servers import start_server, stop_server

TARGET_RATIO = 1.5
STEP = re.compile(r"^step ([\d,]+) of")


def cpu_seconds(pid):
    """CPU seconds of the server and its children (the training workers) so far."""
    children = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if entry.isdigit() and int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry))
        except OSError:
            continue
    return process_cpu_seconds(pid) + sum(process_cpu_seconds(child) for child in children)


async def trainer(url, jar, stop, done):
    """Train the default run, and again when it ends; counts the steps trained."""
    tab = TimedSession(url, cookie=jar)
    async with tab:
        await tab.open("train")
        while not stop.is_set():
            await tab.click("train_start")
            await tab.follow_timers(30.0, until=lambda t: stop.is_set() or not t.timers)  # the run ended
            steps = [int(m.group(1).replace(",", "")) for m in map(STEP.match, tab.texts) if m]
            done["training steps"] += max(steps, default=0)
            tab.texts.clear()


async def player(url, stop, done):
    """Play the memory page at 4 steps a second (the sidebar's play, a server run a step; the live
    view's pages play in the browser and cost the server nothing); from the start again at the end."""
    tab = TimedSession(url)
    async with tab:
        await tab.open("memory")
        await tab.choose("speed_widget", 3)
        while not stop.is_set():
            await tab.click("play_bar")
            done["play steps"] += await tab.follow_timers(60.0, until=lambda t: stop.is_set() or not t.timers)


async def presser(url, stop, done):
    """A hand-made client: start a run, then press Start as fast as the server answers."""
    tab = TimedSession(url, cookie=new_browser())
    async with tab:
        await tab.open("train")
        while not stop.is_set():
            await tab.click("train_start")
            done["presses"] += 1


async def class_beside(url, args, abusive):
    """One class; with `abusive`, the abusers run beside it from before it starts to its end."""
    stop, done, tasks = asyncio.Event(), {"training steps": 0, "play steps": 0, "presses": 0}, []
    if abusive:
        jar = new_browser()
        tasks = [asyncio.create_task(trainer(url, jar, stop, done)) for _ in range(args.trainers)]
        tasks += [asyncio.create_task(player(url, stop, done)), asyncio.create_task(presser(url, stop, done))]
        await asyncio.sleep(args.lead)  # the abusers are going before the class begins
    lessons = await run_sessions(url, args.sessions, think=args.think, timeout=args.timeout)
    stop.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    abuser_errors = [repr(o) for o in outcomes if isinstance(o, (ProtocolError, Exception))]
    return lessons, done, abuser_errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause before a click, seconds (default 1)")
    parser.add_argument("--classes", type=int, default=2, help="classes alone, and as many beside the abusers")
    parser.add_argument("--trainers", type=int, default=2, help="training tabs of one browser (default 2)")
    parser.add_argument("--lead", type=float, default=5.0, help="seconds the abusers run before a class")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    process, url = start_server(ROOT / "app.py")
    results = {"alone": [], "beside the abusers": []}
    done_total, abuser_errors, cpu = {}, [], {"alone": 0.0, "beside the abusers": 0.0}
    try:
        asyncio.run(run_sessions(url, 1, timeout=args.timeout))  # warm-up: imports, the link's figures
        for _ in range(args.classes):
            for name, abusive in (("alone", False), ("beside the abusers", True)):
                before = cpu_seconds(process.pid)
                lessons, done, errors = asyncio.run(class_beside(url, args, abusive))
                cpu[name] += cpu_seconds(process.pid) - before
                results[name].append(lessons)
                abuser_errors += errors
                for key, value in done.items():
                    done_total[key] = done_total.get(key, 0) + value
    finally:
        stop_server(process)

    rows, p95 = [], {}
    for name, classes in results.items():
        times = [s for lessons in classes for one in lessons for _, s in one.times]
        errors = [e for lessons in classes for one in lessons for e in one.errors]
        p95[name] = percentile(times, 95)
        rows.append([name, str(len(times)), f"{1e3 * statistics.median(times):.0f}", f"{1e3 * p95[name]:.0f}",
                     f"{1e3 * max(times):.0f}", str(len(errors)), f"{cpu[name]:.1f}"])
    ratio = p95["beside the abusers"] / p95["alone"]
    print(f"{args.sessions} learners a class (pause {args.think:g} s mean), {args.classes} classes alone and "
          f"{args.classes} beside {args.trainers} training tabs of one browser, a tab playing at 4 steps/s and "
          f"a client pressing Start; {os.cpu_count()} CPUs, load average {load_before:.2f} at start, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    headers = ["class", "interactions", "median ms", "p95 ms", "max ms", "errors", "server CPU s (with its workers)"]
    print_table(headers, rows, left={0})
    print(f"p95 beside the abusers / alone: {ratio:.2f} (target <= {TARGET_RATIO:g}): "
          f"{'meets' if ratio <= TARGET_RATIO else 'DOES NOT MEET'}")
    print("the abusers got: " + ", ".join(f"{value:,} {key}" for key, value in done_total.items()))
    for error in abuser_errors[:5]:
        print(f"  abuser: {error}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
