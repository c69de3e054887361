"""Issue 8, "Speed, measured": every speed and size number of the app in one table.

    python bench/run_all.py [--repeats 20] [--quick] [--no-browser] [--torch-python PYTHON_WITH_TORCH]
                            [--sessions 15] [--memory-clients protocol|browser] [--json bench/results.json]

Prints one table (progress goes to stderr) and writes it, with the machine and versions, as JSON.
Rows, each on the default example (12 steps, 2 inputs, 2 units) and at the page limits (200, 8, 16;
see bench/cases.py for how that state gets in without a link):

- core forward, and forward plus backprop through time, against torch (bench/core.py and
  bench/bptt.py with --json, run by the interpreter given with --torch-python, since torch is
  never installed beside the app; without it those rows say "not measured (no torch)");
- server rerun time of every page's main interactions in AppTest (bench/app.py), against the
  floor page (bench/floor_app.py) timed the same way;
- key press (or click) to charts redrawn in Debian's chromium (bench/browser.py), against the
  floor page using the same control in the same browser, and the bytes each interaction sends;
- the same presses with every figure drawn as a one-line stamp (bench/no_figures.py): what each
  interaction costs in Streamlit however cheaply its figures were drawn (lower bounds, no target);
- the server's memory per idle session (bench/memory.py).

Targets (issue 8), printed beside each row: every main interaction within 1.3x of the floor on
the default example and 2x at the page limits; at most 100 KB per interaction on the default
example (judged on the p95); at most 30 MB of server memory per idle session; the core's targets
from issues 2 (forward, at most 0.6x torch up to 200 steps, 16 inputs, 64 units) and 4 (forward
plus backward, at most 0.3x torch).

--quick: 5 repeats and 5 sessions, for checking the tooling; the default takes about 10 to 15
minutes on this project's 2-core machine. Timings on a busy machine are noisy: compare ratios,
and run the final numbers on a quiet one.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases  # noqa: E402


def log(text):
    print(text, file=sys.stderr, flush=True)


# ---- the core against torch, in the torch interpreter ------------------------------------------

def sizes():
    """(example, (T, I, H)) of the two examples the app benches use."""
    out = []
    for example, state in (("default", cases.default_state()), ("large", cases.large_state())):
        out.append((example, (state.steps, state.input_size, state.hidden_size)))
    return out


def run_torch_script(python, script, args):
    command = [python, str(ROOT / "bench" / script), "--json", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else ''}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def torch_rows(python):
    """Rows for the core forward and forward plus BPTT against torch, or "not measured"."""
    wanted = sizes()
    labels = {tuple(size): example for example, size in wanted}
    measures = (("core forward vs torch", "core.py", ["--kinds", "GRU"]),
                ("forward + BPTT vs torch", "bptt.py", []))
    rows = []
    for measure, script, extra in measures:
        reason = None
        if not python:
            reason = "not measured (no torch): give --torch-python"
        elif not pathlib.Path(python).exists():
            reason = f"not measured (no torch): {python} is missing"
        if reason is None:
            try:
                log(f"  torch: {script}")
                result = run_torch_script(python, script, ["--sizes", *(",".join(map(str, s)) for _, s in wanted),
                                                           *extra])
            except Exception as exc:
                reason = f"not measured: {exc}"[:160]
        if reason is not None:
            rows += [cases.Row(measure, "-", "GRU ({}, {}, {})".format(*size), example, note=reason)
                     for example, size in wanted]
            continue
        for m in result["rows"]:
            size = tuple(m["size"])
            rows.append(cases.Row(
                measure, "-", "GRU ({}, {}, {})".format(*size), labels.get(size, "-"), m["ours_s"] * 1e3, None, "ms",
                m["ratio"], f"<= {m['target']}x torch", m["ratio"] <= m["target"],
                f"torch {m['torch_s'] * 1e3:.3f} ms (torch {result['torch']}, 1 thread, float64, reset after)"))
    return rows


# ---- everything ----------------------------------------------------------------------------------

def machine():
    import numpy
    import plotly
    import streamlit

    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "numpy": numpy.__version__,
        "plotly": plotly.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed interactions per row (after one warm-up)")
    parser.add_argument("--quick", action="store_true", help="5 repeats, 5 sessions: to check the tooling")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium rows")
    parser.add_argument("--torch-python", help="an interpreter with torch (e.g. /tmp/torchvenv/bin/python)")
    parser.add_argument("--sessions", type=int, default=15, help="idle sessions for the memory row")
    parser.add_argument("--memory-clients", choices=["protocol", "browser"], default="protocol")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results.json"))
    options = parser.parse_args()
    repeats = 5 if options.quick else options.repeats
    sessions = 5 if options.quick else options.sessions
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app runs (ui/blas.py)
    info = machine()
    began = time.perf_counter()

    rows = torch_rows(options.torch_python)

    from bench import app

    log("server side (AppTest):")
    rows += app.server_rows(app.server_side(repeats, log=log))

    if options.no_browser:
        rows.append(cases.Row("browser: press to redrawn", "-", "-", "-", note="not measured (--no-browser)"))
    else:
        from bench import browser

        log("browser side (chromium):")
        try:
            rows += browser.browser_rows(browser.browser_side(repeats, log=log))
        except Exception as exc:  # no chromium, no playwright: the other rows still stand
            note = cases.not_measured(exc)
            rows.append(cases.Row("browser: press to redrawn", "-", "-", "-", note=note))
        from bench import no_figures

        log("browser side, every figure drawn as a stamp (lower bounds):")
        try:
            rows += no_figures.lower_bound_rows(no_figures.stamp_side(repeats, cases.EXAMPLES, log=log))
        except Exception as exc:
            rows.append(cases.Row(no_figures.MEASURE, "-", "-", "-", note=cases.not_measured(exc)))

    from bench import memory

    log(f"memory ({sessions} {options.memory_clients} sessions):")
    try:
        result = memory.measure(sessions, options.memory_clients, log=log)
    except Exception as exc:
        result = f"not measured: {exc}"[:160]
    rows += memory.memory_rows(result)

    info["seconds"] = round(time.perf_counter() - began, 1)
    info["load_average_at_end"] = os.getloadavg()
    info["repeats"] = repeats
    print(f"{repeats} timed repeats per row after one warm-up; ratio = median / the median of the floor with the "
          f"same control in the same run "
          f"(torch rows: ours / torch); meets judges the median (bytes: the p95)")
    print(f"{info['date']}, {info['cpus']} CPUs, load average {info['load_average_at_start'][0]:.2f} at start, "
          f"{info['load_average_at_end'][0]:.2f} at end; {info['seconds']:.0f} s")
    cases.print_rows(rows)
    missed = [row for row in rows if row.meets is False]
    print(f"{sum(row.meets is True for row in rows)} rows meet their target, {len(missed)} do not, "
          f"{sum(row.meets is None for row in rows)} have no target or were not measured")
    pathlib.Path(options.json).write_text(json.dumps({"machine": info, "rows": [row.__dict__ for row in rows]},
                                                     indent=1))


if __name__ == "__main__":
    main()
