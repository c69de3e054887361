"""Many learners at once: N concurrent sessions against one `streamlit run app.py` (issue 8).

    python bench/load.py [--sessions 40] [--rounds 1] [--waves 1] [--post-script-gc on|off|both] [--think 0]
                         [--no-figures] [--json bench/load_results.json] [--server-arg=--runner.fastReruns=false ...]

Each session is a websocket client speaking Streamlit's protocol (bench/protocol.py), one browser
tab, doing a scripted lesson: open the shared link (the cell page, `?s=` a preset), step ten times
with the cell page's "next" button, go to the edit page and type a weight (unit 1's update-gate
bias, a different number in every session), then switch the z convention. With --rounds above 1
it goes back to the cell page and repeats, stepping backwards, typing a new number and switching
back. An interaction's latency runs from sending the BackMsg to the `script_finished` that ends it.

Errors: exception elements, error messages the app shows, compile errors, timeouts, lost
connections, and isolation failures: at the end every session decodes the state the server last
put in its URL (`?s=`) and it must equal what that session did, and differ from every other's.

Memory is the server process's VmRSS: at boot, at "start" (after one warm-up lesson has run and
its session has been dropped, so imports and the shared link's figures are in), the peak while the
sessions run, and "after" (all sessions closed, the server's disconnected-session TTL passed, two
short visits made so it drops them), after each wave when --waves repeats the class on the same
server (growth from wave to wave would be a leak), and after clearing the shared caches.
The bench sets `server.disconnectedSessionTTL` short (--ttl): Streamlit keeps a closed tab's
session 120 s by default for a reconnect, and drops expired ones only when it next stores one.

The server's own CPU seconds per interaction are measured too (/proc/<pid>/stat): unlike
latencies, they hardly depend on what else the machine is doing.

--no-figures serves the app as bench/no_figures.py does: every figure is still built, but drawn as
a one-line stamp instead of a Plotly chart (no figure JSON made or sent). The class's latencies then
bound from below what any cheaper way of sending the figures could reach, with everything else the
pages draw (sidebar, tables, controls) left as it is.
"""

import argparse
import asyncio
import collections
import datetime
import json
import math
import os
import pathlib
import platform
import random
import resource
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import no_figures  # noqa: E402
from bench.protocol import ProtocolError, Session, start_server, stop_server  # noqa: E402
from bench.timing import print_table  # noqa: E402
from lessons import presets  # noqa: E402
from lessons.state import StateError, from_url, to_url  # noqa: E402

EXAMPLE = "Two units, two speeds"  # 16 steps from step 4: ten steps forward and back stay inside
STEPS = 10
KINDS = ("open the link", "step", "switch page", "edit a weight", "switch convention")
CONVENTIONS = ("takes_new", "keeps_old")  # the sidebar radio's options, in order


def weight_value(index, round_):
    """The number session `index` types in round `round_`: exact in binary, different per session."""
    return 1.0 + index / 8 + round_ / 1024


@dataclass
class Lesson:
    index: int
    times: list = field(default_factory=list)  # (kind, seconds)
    errors: list = field(default_factory=list)  # (kind, message)
    expected: object = None  # the AppState this session's actions should have made
    final: object = None  # the AppState decoded from the session's last ?s=, None if never reached
    elements: collections.Counter = field(default_factory=collections.Counter)  # kinds drawn, as Session counts


async def lesson(url, index, *, rounds=1, think=0.0, timeout=60.0, example=EXAMPLE):
    """One learner's scripted lesson; returns a Lesson with every latency and error."""
    result = Lesson(index)
    rng = random.Random(index)
    expected = presets.EXAMPLES[example]()
    session = Session(url, timeout)
    current = "open the link"

    async def act(kind, interaction):
        nonlocal current
        current = kind
        before = len(session.errors)
        try:
            result.times.append((kind, await interaction()))
        finally:
            result.errors.extend((kind, message) for message in session.errors[before:])
        if think:  # a learner reads before the next click; random, so the class does not click in step
            await asyncio.sleep(rng.uniform(0, 2 * think))

    try:
        await session.connect()
        await act("open the link", lambda: session.open("cell", "s=" + to_url(expected)))
        for round_ in range(rounds):
            if round_:
                await act("switch page", lambda: session.goto("cell"))
            forward = round_ % 2 == 0  # back and forth, so the buttons never run off the sequence
            for _ in range(STEPS):
                await act("step", lambda forward=forward: session.click("next_page" if forward else "previous_page"))
                expected = expected.with_changes(step=min(max(expected.step + (1 if forward else -1), 0),
                                                          expected.steps - 1))
            await act("switch page", lambda: session.goto("edit"))
            value = weight_value(index, round_)
            await act("edit a weight", lambda value=value: session.edit_table("weights_z", {"1": {"b": repr(value)}}))
            # The table shows the convention in force; under 'keeps old' z's weights are shown negated.
            H = expected.hidden_size
            b_ih = list(expected.b_ih)
            b_ih[H + 1] = value if expected.z_convention == "takes_new" else -value
            expected = expected.with_changes(b_ih=b_ih, example="")
            other = CONVENTIONS[1 - CONVENTIONS.index(expected.z_convention)]
            await act("switch convention", lambda other=other: session.choose("z_choice", CONVENTIONS.index(other)))
            expected = expected.with_changes(z_convention=other)
        result.expected = expected
        try:
            result.final = from_url(parse_qs(session.query_string)["s"][0])
        except (KeyError, StateError) as exc:
            result.errors.append(("isolation", f"the last URL holds no state: {exc!r}"))
    except (ProtocolError, KeyError, IndexError) as exc:
        if not isinstance(exc, ProtocolError):  # a widget the lesson needs was never drawn
            result.errors.append((current, f"{session.kind}: {exc!r}"))
    finally:
        result.elements = session.elements
        await session.close()
    return result


async def run_sessions(url, count, **options):
    return await asyncio.gather(*(lesson(url, index, **options) for index in range(count)))


def isolation_errors(lessons):
    """(kind, message) for every finished session whose final state is not exactly its own."""
    errors = []
    finals = {}
    for one in lessons:
        if one.final is None or one.expected is None:
            continue
        if one.final != one.expected:
            errors.append(("isolation", f"session {one.index}: the URL's state is not what it did"))
        finals.setdefault(one.final, []).append(one.index)
    errors += [("isolation", f"sessions {shared} ended in the same state") for shared in finals.values()
               if len(shared) > 1]
    return errors


# ---- the server process: memory and CPU --------------------------------------------------------


def rss_mb(pid, field="VmRSS"):
    """A process's resident memory in MB, as /proc/<pid>/status gives it (VmRSS, or e.g. RssAnon)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


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
        self.peak = max(self.peak, rss_mb(self.pid))
        return self.peak


async def visit(url, timeout, clear_cache=False):
    """A short visit to the home page. Its disconnect stores its session, which is when the server
    drops the expired ones; its script run is followed by the post-script GC (when on)."""
    async with Session(url, timeout) as session:
        await session.open("")
        if clear_cache:
            await session.clear_cache()
            await session.rerun("after clearing")  # the server has handled the request once this ends


def quiesce(url, args):
    """Wait out the disconnected-session TTL, make the server drop those sessions, let it settle."""
    time.sleep(args.ttl + 1)
    asyncio.run(visit(url, args.timeout))  # drops the expired sessions
    asyncio.run(visit(url, args.timeout))  # a run after the drop: the post-script GC frees them
    time.sleep(args.settle)


# ---- one measurement: one server, one GC setting ------------------------------------------------


def measure(gc_setting, args):
    extra = ["--server.disconnectedSessionTTL", str(args.ttl)]
    # Explicit both ways: the repository's .streamlit/config.toml turns it off.
    extra += ["--runner.postScriptGC", "false" if gc_setting == "off" else "true"]
    extra += args.server_arg
    process, url = start_server(args.app, extra, **({"launcher": no_figures.LAUNCHER} if args.no_figures else {}))
    pid = process.pid
    options = {"rounds": args.rounds, "think": args.think, "timeout": args.timeout}
    try:
        rss = {"boot": rss_mb(pid)}
        warm = asyncio.run(lesson(url, -1, **options))  # imports, the shared link's figures
        quiesce(url, args)
        rss["start"], rss["after each wave"] = rss_mb(pid), []
        sampler = PeakRSS(pid)
        sampler.start()
        lessons, errors, wall, server_cpu, client_cpu = [], [], 0.0, 0.0, 0.0
        for _ in range(args.waves):  # the same class again: memory that grows wave on wave is a leak
            cpu_before, client_before = cpu_seconds(pid), resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            wave = asyncio.run(run_sessions(url, args.sessions, **options))
            wall += time.perf_counter() - started
            server_cpu += cpu_seconds(pid) - cpu_before
            client_after = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu += (client_after.ru_utime + client_after.ru_stime) - (client_before.ru_utime
                                                                             + client_before.ru_stime)
            lessons += wave
            errors += [error for one in wave for error in one.errors] + isolation_errors(wave)
            quiesce(url, args)
            rss["after each wave"].append(rss_mb(pid))
        rss["peak"] = sampler.stop()
        rss["after"] = rss["after each wave"][-1]
        asyncio.run(visit(url, args.timeout, clear_cache=True))
        time.sleep(args.settle)
        rss["after cache clear"] = rss_mb(pid)
    finally:
        log = stop_server(process)
    interactions = sum(len(one.times) for one in lessons)
    return {
        "post_script_gc": gc_setting,
        "figures": "stamps" if args.no_figures else "charts",
        "server_args": extra,
        "sessions": args.sessions,
        "waves": args.waves,
        "warm_up_errors": [message for _, message in warm.errors],
        "times": {kind: [seconds for one in lessons for k, seconds in one.times if k == kind] for kind in KINDS},
        "errors": errors,
        "finished_lessons": sum(one.final is not None for one in lessons),
        "isolated_sessions": sum(one.final is not None and one.final == one.expected for one in lessons),
        "interactions": interactions,
        "wall_s": wall,
        "server_cpu_s": server_cpu,
        "server_cpu_ms_per_interaction": 1e3 * server_cpu / max(interactions, 1),
        "client_cpu_s": client_cpu,
        "server_log_tracebacks": tracebacks(log),
        "rss_mb": rss,
    }


def tracebacks(log):
    """The last line (the exception) of every traceback in a server log, with its count."""
    found = {}
    lines = log.splitlines()
    for start, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = start + 1
            while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
                end += 1
            last = lines[end] if end < len(lines) else "(log ends)"
            found[last] = found.get(last, 0) + 1
    return found


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summarize(run):
    rows = {}
    every = [seconds for times in run["times"].values() for seconds in times]
    for kind, times in [*run["times"].items(), ("all", every)]:
        if not times:
            continue
        count = sum(1 for k, _ in run["errors"] if k == kind or kind == "all")
        rows[kind] = {"n": len(times), "median_ms": 1e3 * statistics.median(times),
                      "p95_ms": 1e3 * percentile(times, 95), "max_ms": 1e3 * max(times), "errors": count}
    return rows


def table(runs):
    headers = ["postScriptGC", "sessions", "interaction", "n", "median ms", "p95 ms", "max ms", "errors",
               "RSS MB start / peak / after", "server CPU ms/interaction"]
    rows = []
    for run in runs:
        for kind, row in run["summary"].items():
            last = kind == "all"
            rss = run["rss_mb"]
            rows.append([
                run["post_script_gc"], str(run["sessions"]), kind, str(row["n"]), f"{row['median_ms']:.0f}",
                f"{row['p95_ms']:.0f}", f"{row['max_ms']:.0f}", str(row["errors"]),
                f"{rss['start']:.0f} / {rss['peak']:.0f} / " + ", ".join(f"{v:.0f}" for v in rss["after each wave"])
                if last else "",
                f"{run['server_cpu_ms_per_interaction']:.1f}" if last else "",
            ])
    print_table(headers, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=40, help="concurrent sessions (default 40)")
    parser.add_argument("--rounds", type=int, default=1, help="lesson rounds per session (default 1)")
    parser.add_argument("--waves", type=int, default=1,
                        help="run the whole class this many times on one server, one after another (default 1)")
    parser.add_argument("--post-script-gc", choices=["on", "off", "both"], default="both",
                        help="runner.postScriptGC for the server; both = one server each (default)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause between a session's interactions in seconds (default 0: click at once)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds an interaction may take")
    parser.add_argument("--ttl", type=int, default=2, help="server.disconnectedSessionTTL for the bench")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait before reading RSS 'after'")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="extra `streamlit run` argument, e.g. --server-arg=--runner.fastReruns=false")
    parser.add_argument("--app", default=str(ROOT / "app.py"), help="the Streamlit script to serve (default app.py)")
    parser.add_argument("--no-figures", action="store_true",
                        help="draw every figure as a one-line stamp (bench/no_figures.py): a lower bound")
    parser.add_argument("--json", help="write the results here, e.g. bench/load_results.json")
    args = parser.parse_args()

    settings = ["on", "off"] if args.post_script_gc == "both" else [args.post_script_gc]
    started = datetime.datetime.now().isoformat(timespec="seconds")
    load_before = os.getloadavg()
    runs = []
    for setting in settings:
        run = measure(setting, args)
        run["summary"] = summarize(run)
        runs.append(run)
    if args.no_figures:
        print("Every figure drawn as a one-line stamp (bench/no_figures.py): a lower bound, not the app as served.")
    table(runs)
    for run in runs:
        for kind, message in run["errors"][:10]:
            print(f"  {run['post_script_gc']}: {kind}: {message}")
        print(f"  {run['post_script_gc']}: {run['isolated_sessions']}/{run['sessions'] * run['waves']} sessions "
              f"ended in exactly "
              f"their own state; {run['interactions']} interactions in {run['wall_s']:.1f} s; server CPU "
              f"{run['server_cpu_s']:.1f} s, client CPU {run['client_cpu_s']:.1f} s; "
              f"{sum(run['server_log_tracebacks'].values())} tracebacks in the server log; RSS after clearing "
              f"the caches {run['rss_mb']['after cache clear']:.0f} MB")
        for last, count in run["server_log_tracebacks"].items():
            print(f"  {run['post_script_gc']}: server log: {count} x {last[:200]}")
    if args.json:
        for run in runs:
            run["errors"] = [f"{kind}: {message}" for kind, message in run["errors"]]
            run["times_ms"] = {kind: [round(1e3 * t, 2) for t in times] for kind, times in run.pop("times").items()}
        record = {
            "started": started,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_before": load_before},
            "args": {**vars(args), "app": os.path.relpath(args.app, ROOT)},
            "runs": runs,
        }
        pathlib.Path(args.json).write_text(json.dumps(record, indent=1) + "\n")
    return 1 if any(run["errors"] for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
