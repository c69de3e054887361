"""What the browser interactions cost when the figures cost nothing in the browser: a lower bound.

    python bench/no_figures.py [--repeats 15] [--examples default large]      (bench/run_all.py runs it too)

The app runs as usual (every figure is still built on the server), except that `ui.charts.show`
draws no chart: it writes one line of HTML, a stamp of the figure's title and numbers (the step
outline's line of words stays: the pages draw it). bench/browser.py's presses are timed until a stamp changes, against
floors timed the same way by this run (its own servers and browser). So each row is the least that
interaction takes in Streamlit with everything else the page draws, however cheaply its figures
were drawn: an interaction whose row is past its target here cannot meet it by faster figures.

The sequence page's step is left out: it redraws no figure (ui/outline.py moves a CSS outline).

As a server (`--serve run app.py ...`, which bench.protocol.start_server passes through), this
file patches `ui.charts.show` and then hands over to Streamlit's own command line.
"""

import argparse
import pathlib
import sys
import time
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURE = "browser, figures as stamps"  # the rows' name in bench/run_all.py's table
LAUNCHER = (str(pathlib.Path(__file__).resolve()), "--serve")  # bench.protocol.start_server's: a stamped app
STILL = ("step (next button)",)  # interactions that redraw no figure (ui/outline.py)
STAMPS = "() => [...document.querySelectorAll('.figure-stamp')].map(e => e.textContent).join(' | ')"
CHANGED = f"before => {{ const now = ({STAMPS})(); return now !== '' && now !== before; }}"
SHOWS = f"pattern => new RegExp(pattern).test(({STAMPS})())"


def stamp(fig):
    """A short digest of what a figure shows: its title, its annotations, its traces' numbers and texts."""
    import numpy as np

    digest = zlib.crc32(str(fig.layout.title.text).encode())
    for note in fig.layout.annotations:
        digest = zlib.crc32(str(note.text).encode(), digest)
    for trace in fig.data:
        for name in ("z", "y", "text"):
            value = getattr(trace, name, None)
            if value is None:
                continue
            if name == "text":
                data = str(value).encode()
            else:  # numbers (a None that breaks a line becomes NaN, not an object's address)
                data = np.asarray([np.nan if v is None else v for v in np.ravel(value)], dtype=float).tobytes()
            digest = zlib.crc32(data, digest)
    return f"{digest:08x}"


def serve(arguments):
    """Run `streamlit <arguments>` with every figure drawn as a stamp (its step outline, drawn by the
    page, stays: its line of words and its CSS, which finds no chart to outline)."""
    import html

    import streamlit as st

    import ui.charts
    from bench.protocol import streamlit_cli

    def stamped(fig, name, *, where=None, **_):
        title = html.escape(str(fig.layout.title.text or ""))
        (where or st).html(f'<p class="figure-stamp">{name}: {title} {stamp(fig)}</p>')

    ui.charts.show = stamped  # before any page imports it
    streamlit_cli(arguments)


def shows_stamp(page, state):
    """bench.browser.open_example's wait: the cell diagram's stamp names the state's step."""
    from bench.page_tools import TIMEOUT, diagram_title

    page.wait_for_function(SHOWS, arg=diagram_title(state.step), timeout=TIMEOUT)


def stamp_moves(page, before, press, redrawn):
    """(before, act) that time `press` until a figure's stamp changes (`redrawn` waits for Plotly)."""
    from bench.page_tools import TIMEOUT

    shown = {}

    def ready(i):
        before(i)
        shown["stamps"] = page.evaluate(STAMPS)

    def act(i):
        press(i)
        page.wait_for_function(CHANGED, arg=shown["stamps"], polling="raf", timeout=TIMEOUT)

    return ready, act


def stamp_side(repeats, examples, log=print):
    """bench.browser.browser_side, the app's figures drawn as stamps."""
    from bench import browser

    return browser.browser_side(repeats, examples, log=log, launcher=LAUNCHER, shows=shows_stamp,
                                moves=stamp_moves, skip=STILL)


def lower_bound_rows(results):
    from bench import browser

    return browser.browser_rows(results, measure=MEASURE, judged=False)


def main():
    from bench import cases

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--examples", nargs="+", default=list(cases.EXAMPLES), choices=cases.EXAMPLES)
    options = parser.parse_args()
    began = time.perf_counter()
    rows = lower_bound_rows(stamp_side(options.repeats, options.examples))
    print(f"{options.repeats} repeats each; every figure drawn as a one-line stamp; ratio = median / the median of "
          f"the floor with the same control; {time.perf_counter() - began:.0f} s")
    cases.print_rows(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2:])
    else:
        main()
