"""The server's memory per idle session: one `streamlit run app.py`, N sessions on the cell page.

    python bench/memory.py [--sessions 15] [--clients protocol|browser]

RSS is the server process's VmRSS (/proc/PID/status). "Before" is read after one warm-up session
has opened the cell page and the server has settled, so imports and the shared caches (the default
example's trace and figures) are already in; then N sessions open the cell page on the default
example, each in its own tab, and stay open and idle; after a pause RSS is read again. Per session:
(after - before) / N, plus the slope of RSS against the number of open sessions (read after each
fifth), which is less sensitive to one allocation landing at the wrong moment.

Clients: "protocol" sessions speak Streamlit's websocket protocol (bench/protocol.py) as a tab
does, without a browser; "browser" opens N chromium tabs (each its own browser context).
"""

import argparse
import asyncio
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases  # noqa: E402
from bench.load import rss_mb  # noqa: E402

SETTLE = 3.0  # seconds to let the server finish its work (and the sessions go idle) before reading RSS


def slope(points):
    """Least-squares slope of (sessions, MB) points."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    den = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / den if den else None


async def _protocol(url, pid, sessions, log):
    from bench.protocol import Session

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


def _browser(url, pid, sessions, log):
    from playwright.sync_api import sync_playwright

    from bench.page_tools import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, diagram_title, wait_text

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        state = cases.default_state()

        def open_tab():
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(f"{url}/cell")
            wait_text(page, diagram_title(state.step))
            return page

        open_tab().context.close()  # warm-up
        time.sleep(SETTLE)
        before = rss_mb(pid)
        points, pages = [(0, before)], []
        for n in range(1, sessions + 1):
            pages.append(open_tab())
            if n % 5 == 0 or n == sessions:
                time.sleep(0.5)
                points.append((n, rss_mb(pid)))
        time.sleep(SETTLE)
        after = rss_mb(pid)
        points.append((sessions, after))
        browser.close()
    return before, after, points


def measure(sessions=15, clients="protocol", log=print):
    """{"before_mb", "after_mb", "sessions", "per_session_mb", "slope_mb", "clients", "points"}."""
    from bench.protocol import start_server, stop_server

    process, url = start_server(str(ROOT / "app.py"))
    try:
        if clients == "protocol":
            before, after, points = asyncio.run(_protocol(url, process.pid, sessions, log))
        else:
            before, after, points = _browser(url, process.pid, sessions, log)
    finally:
        stop_server(process)
    return {"before_mb": before, "after_mb": after, "sessions": sessions, "per_session_mb": (after - before) / sessions,
            "slope_mb": slope(points), "clients": clients, "points": points}


def memory_rows(result):
    if isinstance(result, str):
        return [cases.Row("server memory per idle session", "cell", "open, then idle", "default", note=result)]
    per = result["per_session_mb"]
    note = (f"{result['sessions']} {result['clients']} sessions: RSS {result['before_mb']:.0f} -> "
            f"{result['after_mb']:.0f} MB; slope {result['slope_mb']:.2f} MB/session")
    return [cases.Row("server memory per idle session", "cell", "open, then idle", "default", per, None, "MB", None,
                      f"<= {cases.TARGET_SESSION_MB:g} MB", per <= cases.TARGET_SESSION_MB, note, result["sessions"])]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=15)
    parser.add_argument("--clients", choices=["protocol", "browser"], default="protocol")
    options = parser.parse_args()
    result = measure(options.sessions, options.clients)
    print("RSS points (sessions, MB):", ", ".join(f"({n}, {mb:.1f})" for n, mb in result["points"]))
    cases.print_rows(memory_rows(result))


if __name__ == "__main__":
    main()
