"""Interaction timings of the app against the floor (bench/floor_app.py), measured in one run.

    python bench/app.py [--repeats 15] [--json bench/app_results.json] [--no-browser]

Server side: Streamlit's AppTest times one rerun per main interaction (step, edit a weight, switch
convention, change example) on the default example. Browser side: Debian's chromium against a
real `streamlit run`, from the key press (or click) to the moment the page's chart shows the new
numbers. Each is reported as median and p95 in milliseconds and as a ratio to the floor page
measured the same way in the same run. Target (issue 5): every ratio at most 1.3 on the default
example. Machine noise is large here; the ratios are what to compare.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import print_table  # noqa: E402


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times) * 1e3, p95 * 1e3


# ---- server side (AppTest) -------------------------------------------------------------------

def server_side(repeats):
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import open_app  # noqa: F401  (also switches off the legacy pages/ mode)

    def timed(at, action):
        t0 = time.perf_counter()
        action(at)
        at.run()
        return time.perf_counter() - t0

    results = {}
    floor = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=30)
    floor.run()
    results["floor: click, redraw one heatmap"] = [timed(floor, lambda at: at.button(key="next_floor").click())
                                                   for _ in range(repeats)]

    def fresh(page):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.run()
        at.switch_page(page)
        at.run()
        return at

    at = fresh("pages/cell.py")
    steps = []
    for i in range(repeats):
        key = "next_page" if i % 2 == 0 else "previous_page"
        steps.append(timed(at, lambda at, key=key: at.button(key=key).click()))
    results["cell page: step"] = steps

    at = fresh("pages/cell.py")
    results["cell page: switch convention"] = [
        timed(at, lambda at, i=i: at.radio(key="z_choice").set_value("keeps_old" if i % 2 == 0 else "takes_new"))
        for i in range(repeats)]

    at = fresh("pages/sequence.py")
    names = ["Two units, two speeds", "Write once, carry"]
    results["sequence page: change example"] = [
        timed(at, lambda at, i=i: at.selectbox(key="example_choice").set_value(names[i % 2])) for i in range(repeats)]

    at = fresh("pages/edit.py")

    def edit_weight(at, i):
        editor = next(d for d in at.data_editor if d.key.startswith("weights_z"))
        at.session_state[editor.key] = {"edited_rows": {1: {"b": str(3 + (i % 2))}}, "added_rows": [],
                                        "deleted_rows": []}

    results["edit page: edit a weight"] = [timed(at, lambda at, i=i: edit_weight(at, i)) for i in range(repeats)]
    return results


# ---- browser side (chromium) -------------------------------------------------------------------

def start(script, port):
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.headless",
         "true", "--browser.gatherUsageStats", "false"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{script} did not start")


def wait_text_in_chart(page, text, timeout=30_000):
    page.wait_for_function(
        "t => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.textContent.includes(t))",
        arg=text, timeout=timeout)


def idle(page):
    """Wait until Streamlit is not running a script, then a little more, before the next press."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')")
    page.wait_for_timeout(250)


def browser_side(repeats):
    from playwright.sync_api import sync_playwright

    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    results = {}
    floor, app = start(ROOT / "bench" / "floor_app.py", 8731), start(ROOT / "app.py", 8732)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto("http://127.0.0.1:8731/")
            wait_text_in_chart(page, "clicks = 0")
            times = []
            for n in range(1, repeats + 1):
                idle(page)
                t0 = time.perf_counter()
                page.keyboard.press("ArrowRight")
                wait_text_in_chart(page, f"clicks = {n}")
                times.append(time.perf_counter() - t0)
            results["floor: key press to heatmap redrawn"] = times

            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto("http://127.0.0.1:8732/cell")
            wait_text_in_chart(page, "One GRU step at t = 2")
            page.wait_for_timeout(1000)
            times = []
            for i in range(repeats):
                key, target = ("ArrowRight", 3) if i % 2 == 0 else ("ArrowLeft", 2)
                idle(page)
                t0 = time.perf_counter()
                page.keyboard.press(key)
                wait_text_in_chart(page, f"One GRU step at t = {target}")
                times.append(time.perf_counter() - t0)
            results["cell page: key press to diagram redrawn"] = times
            browser.close()
    finally:
        floor.terminate()
        app.terminate()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--json", default=str(ROOT / "bench" / "app_results.json"))
    parser.add_argument("--no-browser", action="store_true")
    options = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    rows, record = [], {}
    for kind, measure in (("server (AppTest)", server_side), ("browser (chromium)", browser_side)):
        if kind.startswith("browser") and options.no_browser:
            continue
        results = measure(options.repeats)
        floor_median = summary(next(v for k, v in results.items() if k.startswith("floor")))[0]
        for name, times in results.items():
            median, p95 = summary(times)
            rows.append([kind, name, f"{median:.1f}", f"{p95:.1f}", f"{median / floor_median:.2f}"])
            record[f"{kind}: {name}"] = {"median_ms": median, "p95_ms": p95, "ratio_to_floor": median / floor_median}
    print(f"{options.repeats} repeats each; ratio = median / the floor's median in the same run; target <= 1.3")
    print_table(["measured", "interaction", "median ms", "p95 ms", "ratio"], rows)
    pathlib.Path(options.json).write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
