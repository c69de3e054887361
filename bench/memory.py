"""The server's memory per session: one `streamlit run app.py`, N sessions that open a page (and
upload a file) and stay open.

    python bench/memory.py [--sessions 15] [--upload none|state|weights] [--units 256] [--clients protocol|browser]

RSS is the server process's VmRSS (/proc/PID/status). "Before" is read after one warm-up session
has done the same as every session and closed, and the server has settled, so imports and the
shared caches are already in; then N sessions, each in its own tab, do it and stay open; after a
pause RSS is read again. Per session: (after - before) / N, and the slope of RSS against the number
of open sessions (read after every fifth), which one allocation landing at the wrong moment moves
less.

What each session does (--upload):
- none: open the cell page on the default example, idle;
- state: upload a state file at the page limits (200 steps, 8 inputs, 16 units) in the sidebar's
  "Share and save", then idle on the cell page, which shows it;
- weights: upload a safetensors file of a random GRU (--units inputs and units, 3 MB at 256) on
  the Load page, which keeps only the summary of a model that large and gives the file's bytes
  back (ui/weight_files.py), then idle. bench/uploads.py measures the largest allowed file, peak
  and given back.
Clients: "protocol" tabs speak Streamlit's websocket protocol (tests/protocol.py) without a
browser (no uploads); "browser" opens chromium tabs, each its own browser context.
"""

import argparse
import asyncio
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases
from bench.load import rss_mb
from tests.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

SETTLE = 3.0  # seconds to let the server finish its work (and the sessions go idle) before reading RSS


def slope(points):
    """Least-squares slope of (sessions, MB) points."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    den = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / den if den else None


def weights_file(units):
    """(name, bytes, mime) of a random GRU's safetensors with `units` inputs and units."""
    from gru_viz import GRU
    from gru_viz.weights import model_bytes

    model = GRU.random(units, units, seed=1)
    return f"gru-{units}.safetensors", model_bytes(model, "safetensors"), "application/octet-stream"


async def _protocol(url, pid, sessions):
    from tests.protocol import Session

    async with Session(url) as warm:  # imports, the example's trace and figures: not per session
        await warm.open("cell")
    await asyncio.sleep(SETTLE)
    before = rss_mb(pid)
    points, open_sessions = [(0, before)], []
    try:
        for n in range(1, sessions + 1):
            session = Session(url)
            await session.connect()
            open_sessions.append(session)
            await session.open("cell")
            if session.errors:
                raise RuntimeError(f"session {n}: {session.errors[0]}")
            if n % 5 == 0 or n == sessions:
                await asyncio.sleep(0.5)
                points.append((n, rss_mb(pid)))
        await asyncio.sleep(SETTLE)
        after = rss_mb(pid)
        points.append((sessions, after))
    finally:
        for session in open_sessions:
            await session.close()
    return before, after, points


def _browser(url, pid, sessions, upload, units):
    from playwright.sync_api import sync_playwright

    from bench.page_tools import TIMEOUT, VIEWPORT, diagram_title, upload_file, upload_state, wait_text

    file = weights_file(units) if upload == "weights" else None

    def open_tab(browser):
        page = browser.new_context(viewport=VIEWPORT).new_page()
        if upload == "weights":
            page.goto(f"{url}/load")
            upload_file(page.locator('[data-testid="stMainBlockContainer"] '
                                     '[data-testid="stFileUploaderDropzoneInput"]').first, file)
            page.get_by_text(f"Found in {file[0]}").first.wait_for(timeout=TIMEOUT)
            return page
        page.goto(f"{url}/cell")
        wait_text(page, diagram_title(cases.default_state().step))
        if upload == "state":
            upload_state(page, cases.large_state(0), "large-0.json")
            wait_text(page, diagram_title(cases.large_state(0).step))
        return page

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        open_tab(browser).context.close()  # warm-up
        time.sleep(SETTLE)
        before = rss_mb(pid)
        points, pages = [(0, before)], []
        for n in range(1, sessions + 1):
            pages.append(open_tab(browser))
            if n % 5 == 0 or n == sessions:
                time.sleep(0.5)
                points.append((n, rss_mb(pid)))
        time.sleep(SETTLE)
        after = rss_mb(pid)
        points.append((sessions, after))
        browser.close()
    return before, after, points


def measure(sessions=15, clients="protocol", upload="none", units=256):
    """{"before_mb", "after_mb", "sessions", "per_session_mb", "slope_mb", "points", ...}."""
    process, url = start_server(ROOT / "app.py")
    try:
        if clients == "protocol":
            before, after, points = asyncio.run(_protocol(url, process.pid, sessions))
        else:
            before, after, points = _browser(url, process.pid, sessions, upload, units)
    finally:
        stop_server(process)
    return {"before_mb": before, "after_mb": after, "sessions": sessions, "per_session_mb": (after - before) / sessions,
            "slope_mb": slope(points), "clients": clients, "upload": upload, "points": points}


def memory_row(result, units):
    what = {"none": "open the cell page, idle", "state": "upload a state file at the page limits, idle",
            "weights": f"upload a {len(weights_file(units)[1]) / 2**20:.1f} MB weight file, idle"}[result["upload"]]
    page = "load" if result["upload"] == "weights" else "cell"
    per = result["per_session_mb"]
    note = (f"{result['sessions']} {result['clients']} sessions: RSS {result['before_mb']:.0f} -> "
            f"{result['after_mb']:.0f} MB; slope {result['slope_mb']:.2f} MB/session")
    return cases.Row("server memory per session", page, what, "-", per, None, "MB", None,
                     f"<= {cases.TARGET_SESSION_MB:g} MB", per <= cases.TARGET_SESSION_MB, note, result["sessions"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=15, help="sessions opened and kept open (default 15)")
    parser.add_argument("--upload", choices=["none", "state", "weights"], default="none",
                        help="what each session uploads (default none; an upload needs --clients browser)")
    parser.add_argument("--units", type=int, default=256, help="inputs and units of the uploaded GRU (weights)")
    parser.add_argument("--clients", choices=["protocol", "browser"], help="default: protocol, browser for an upload")
    options = parser.parse_args()
    clients = options.clients or ("protocol" if options.upload == "none" else "browser")
    if clients == "protocol" and options.upload != "none":
        parser.error("the protocol client uploads nothing: use --clients browser")
    result = measure(options.sessions, clients, options.upload, options.units)
    print("RSS points (sessions, MB):", ", ".join(f"({n}, {mb:.1f})" for n, mb in result["points"]))
    cases.print_rows([memory_row(result, options.units)])


if __name__ == "__main__":
    main()
