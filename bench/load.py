"""A class on one server: N concurrent sessions against one `streamlit run app.py`, paced and with
no pause, each a protocol client doing the scripted lesson.

    python bench/load.py [--sessions 40] [--paces 0 1] [--waves 2] [--rounds 1]
                         [--server-arg=--runner.postScriptGC=true ...]

Each session is one browser tab speaking Streamlit's websocket protocol (tests/protocol.py) and
doing tests/load/lesson.py's lesson: open the shared link on the cell page, step ten times, go to
the edit page, open its Weights tab and the update gate's table (the page draws only the open tab),
type a weight (a different number in every session), switch the z convention. An
interaction's latency runs from sending the BackMsg to the `script_finished` that ends it.

Each pace gets a server of its own, started with the repository's .streamlit/config.toml. Pace 0:
everyone clicks the moment an answer arrives; pace p: a session waits a random 0 to 2p seconds
(mean p) before each click. --waves runs the class that many times on the same server.

Errors: exception elements, error messages the app shows, compile errors, timeouts, lost
connections, and isolation failures: at the end every session decodes the state the server last
put in its URL (`?s=`), which must equal what that session did and differ from every other's.

Memory is the server's VmRSS (/proc/PID/status): at "start" (after one warm-up lesson, its session
dropped, so imports and the shared link's figures are in), its peak while the class runs, and
after each wave, once the sessions have closed and the server has dropped them (the bench sets
server.disconnectedSessionTTL to --ttl seconds; Streamlit drops expired sessions only when it next
stores one, so two short visits follow). Server CPU per interaction comes from /proc/PID/stat.
"""

import argparse
import asyncio
import math
import os
import pathlib
import statistics
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import print_table
from tests.load.lesson import KINDS, isolation_errors, run_sessions
from tests.protocol import Session
from tests.servers import rss_mb, start_server, stop_server

TARGET_P95_S = 1.0  # every interaction's p95, with zero errors
TARGET_GROWTH = 0.10  # memory after a class at most 10 % above the start
TARGET_STEADY = 0.02  # and from the second class to the last, at most 2 % (issue 19; with --waves 5)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class PeakRSS(threading.Thread):
    """Samples a process's RSS every `interval` seconds until stopped; keeps the largest."""

    def __init__(self, pid, interval=0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, rss_mb(pid)
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.interval):
            self.peak = max(self.peak, rss_mb(self.pid))

    def stop(self):
        self._stop_event.set()
        self.join()
        return max(self.peak, rss_mb(self.pid))


async def visit(url, timeout):
    """A short visit to the home page: its disconnect stores a session, which is when the server
    drops the expired ones."""
    async with Session(url, timeout) as session:
        await session.open("")


def quiesce(url, args):
    """Wait out the disconnected-session TTL, make the server drop those sessions, let it settle."""
    time.sleep(args.ttl + 1)
    asyncio.run(visit(url, args.timeout))  # drops the expired sessions
    asyncio.run(visit(url, args.timeout))  # a run after the drop frees them
    time.sleep(args.settle)


def measure(think, args):
    """One server, `args.waves` classes at this pace: latencies, errors, memory and CPU."""
    extra = ["--server.disconnectedSessionTTL", str(args.ttl), *args.server_arg]
    process, url = start_server(ROOT / "app.py", extra)
    pid, options = process.pid, {"rounds": args.rounds, "think": think, "timeout": args.timeout}
    try:
        warm = asyncio.run(run_sessions(url, 1, **options))[0]  # imports, the shared link's figures
        quiesce(url, args)
        start, after, lessons, errors = rss_mb(pid), [], [], []
        sampler = PeakRSS(pid)
        sampler.start()
        cpu_before, wall = cpu_seconds(pid), 0.0
        for _ in range(args.waves):
            began = time.perf_counter()
            wave = asyncio.run(run_sessions(url, args.sessions, **options))
            wall += time.perf_counter() - began
            lessons += wave
            errors += [error for one in wave for error in one.errors] + isolation_errors(wave)
            quiesce(url, args)
            after.append(rss_mb(pid))
        cpu = cpu_seconds(pid) - cpu_before
        peak = sampler.stop()
    finally:
        stop_server(process)
    times = {kind: [s for one in lessons for k, s in one.times if k == kind] for kind in KINDS}
    interactions = sum(len(one.times) for one in lessons)
    return {"think": think, "times": times, "errors": errors, "warm_up_errors": warm.errors,
            "finished": sum(one.final is not None for one in lessons), "lessons": len(lessons),
            "interactions": interactions, "wall_s": wall, "cpu_ms": 1e3 * cpu / max(interactions, 1),
            "rss": {"start": start, "peak": peak, "after": after}}


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def rows_of(run):
    """Table rows: one per interaction kind, then "all" with the memory, CPU and the verdict."""
    pace = "no pause" if run["think"] == 0 else f"pause {run['think']:g} s (mean)"
    rows = []
    every = [s for times in run["times"].values() for s in times]
    for kind, times in [*run["times"].items(), ("all", every)]:
        if not times:
            continue
        last = kind == "all"
        errors = len(run["errors"]) if last else sum(1 for k, _ in run["errors"] if k == kind)
        p95 = percentile(times, 95)
        rss = run["rss"]
        growth = max(rss["after"]) / rss["start"] - 1
        # Issue 19's "class 2 to class 5": from after the second class to after the last. The first
        # class fills the shared caches up to their budgets; the second repeats it; later ones
        # should hold no more. Judged only with three classes or more (--waves 5 for the issue's).
        steady = rss["after"][-1] / rss["after"][1] - 1 if len(rss["after"]) > 2 else None
        meets = (p95 <= TARGET_P95_S and not run["errors"] and growth <= TARGET_GROWTH
                 and (steady is None or steady <= TARGET_STEADY))
        rows.append([
            pace, kind, str(len(times)), f"{1e3 * statistics.median(times):.0f}", f"{1e3 * p95:.0f}",
            f"{1e3 * max(times):.0f}", str(errors),
            f"{rss['start']:.0f} / {rss['peak']:.0f} / " + ", ".join(f"{v:.0f}" for v in rss["after"]) if last else "",
            (f"{100 * growth:+.0f} %; class 2 to {len(rss['after'])}: "
             + (f"{100 * steady:+.1f} %" if steady is not None else "n/a (needs --waves 3 or more)")) if last else "",
            f"{run['cpu_ms']:.1f}" if last else "",
            ("yes" if meets else "NO") if last else "",
        ])
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=40, help="concurrent sessions in a class (default 40)")
    parser.add_argument("--paces", type=float, nargs="+", default=[0.0, 1.0],
                        help="mean pause before each click, in seconds, one server each (default: 0 and 1)")
    parser.add_argument("--waves", type=int, default=2, help="classes in a row on each server (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="lesson rounds per session (default 1)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds an interaction may take")
    parser.add_argument("--ttl", type=int, default=2, help="server.disconnectedSessionTTL for the bench")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait before reading RSS after a class")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="extra `streamlit run` argument, e.g. --server-arg=--runner.postScriptGC=true")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    runs = [measure(think, args) for think in args.paces]
    print(f"{args.sessions} sessions a class, {args.waves} class{'es' * (args.waves != 1)} a server, "
          f"{os.cpu_count()} CPUs, load average "
          f"{load_before:.2f} at start; targets: p95 <= {TARGET_P95_S:g} s, no errors, RSS after a class <= "
          f"{100 * TARGET_GROWTH:.0f} % over the start, and from the second class to the last <= "
          f"{100 * TARGET_STEADY:.0f} %")
    print_table(["pace", "interaction", "n", "median ms", "p95 ms", "max ms", "errors",
                 "RSS MB start / peak / after each class", "growth", "server CPU ms/interaction", "meets"],
                [row for run in runs for row in rows_of(run)], left={0, 1})
    for run in runs:
        for kind, message in [*run["warm_up_errors"], *run["errors"]][:10]:
            print(f"  pause {run['think']:g}: {kind}: {message}")
        print(f"  pause {run['think']:g}: {run['finished']}/{run['lessons']} lessons finished; "
              f"{run['interactions']} interactions in {run['wall_s']:.1f} s")
    return 1 if any(run["errors"] or run["warm_up_errors"] for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
