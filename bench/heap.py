"""What a class leaves in the server's memory: live Python objects against the allocator's pages.

    python bench/heap.py [--sessions 40] [--waves 2]

Starts `streamlit run app.py` through this file (`--serve`), which adds one SIGUSR1 handler: a full
collection, then the live objects counted by type (gc.get_objects) and the lines of
sys._debugmallocstats() that count pymalloc's arenas and its allocated bytes, written to a file.
Then, as bench/load.py does: one warm-up lesson, a reading ("start"), a class of N concurrent
lessons, the sessions dropped (disconnected-session TTL), a reading; once per wave.

Memory that returns to the start but for the allocator's pages means no leak: if the live objects
and their bytes stay flat while RSS rises, the rise is pages the allocator keeps (pymalloc frees a
1 MiB arena only when every object in it is gone), not objects a session left behind.
"""

import argparse
import asyncio
import collections
import gc
import json
import os
import pathlib
import re
import signal
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARENAS = re.compile(r"# arenas allocated current\s*=\s*([\d,]+)")
BYTES = re.compile(r"# bytes in allocated blocks\s*=\s*([\d,]+)")


def reading_path(pid):
    return pathlib.Path(tempfile.gettempdir()) / f"gru-viz-heap-{pid}.json"


def read_heap():
    """{objects, types: {name: count}, arenas, allocated_bytes} of this process, after a collection."""
    gc.collect()
    types = collections.Counter(type(o).__name__ for o in gc.get_objects())
    with tempfile.TemporaryFile("w+") as stats:
        saved = os.dup(2)
        os.dup2(stats.fileno(), 2)  # _debugmallocstats writes to C's stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        stats.seek(0)
        text = stats.read()
    number = lambda pattern: int(pattern.search(text).group(1).replace(",", ""))  # noqa: E731
    return {"objects": sum(types.values()), "types": dict(types), "arenas": number(ARENAS),
            "allocated_bytes": number(BYTES)}


def serve(arguments):
    """Run `streamlit <arguments>`; on SIGUSR1, write read_heap() to reading_path(pid)."""
    from bench.protocol import streamlit_cli

    def on_signal(signum, frame):
        reading_path(os.getpid()).write_text(json.dumps(read_heap()))

    signal.signal(signal.SIGUSR1, on_signal)
    streamlit_cli(arguments)


def reading(process):
    """The server's heap counts now (it writes them from its main thread, between two events)."""
    from bench.load import rss_mb

    path = reading_path(process.pid)
    path.unlink(missing_ok=True)
    os.kill(process.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 30
    while not path.exists() or not path.read_text():
        if time.monotonic() > deadline:
            raise RuntimeError("the server wrote no heap reading within 30 s")
        time.sleep(0.2)
    time.sleep(0.2)  # a file seen half-written is read again below
    result = json.loads(path.read_text())
    path.unlink()
    result["rss_anon_mb"] = rss_mb(process.pid, "RssAnon")
    return result


def main():
    from bench.load import lesson, quiesce, run_sessions
    from bench.protocol import start_server, stop_server
    from bench.timing import print_table

    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--waves", type=int, default=2)
    parser.add_argument("--ttl", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=3.0)
    args = parser.parse_args()
    process, url = start_server(str(ROOT / "app.py"), ["--server.disconnectedSessionTTL", str(args.ttl)],
                                launcher=(__file__, "--serve"))
    try:
        asyncio.run(lesson(url, -1, timeout=args.timeout))  # imports, the shared link's figures
        quiesce(url, args)
        readings = [("start", reading(process))]
        for wave in range(args.waves):
            asyncio.run(run_sessions(url, args.sessions, timeout=args.timeout))
            quiesce(url, args)
            readings.append((f"after class {wave + 1}", reading(process)))
    finally:
        stop_server(process)
    start = readings[0][1]
    rows = []
    for name, now in readings:
        grown = collections.Counter(now["types"])
        grown.subtract(start["types"])
        rows.append([
            name,
            f"{now['rss_anon_mb']:.1f}",
            f"{now['objects']:,}",
            f"{now['allocated_bytes'] / 2**20:.1f}",
            f"{now['arenas']}",
            ", ".join(f"{kind} {count:+d}" for kind, count in grown.most_common(4) if count) or "-",
        ])
    print(f"{args.sessions} concurrent lessons a class (bench/load.py's lesson, no pause)")
    print_table(["reading", "RSS anon MB", "live objects", "pymalloc allocated MB", "pymalloc arenas (1 MiB)",
                 "types grown most since start"], rows, left={0, 5})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2:])
    else:
        main()
