"""Server-side rerun time of every page's main interactions, in Streamlit's AppTest, against the floor.

    python bench/app.py [--repeats 15] [--examples default large] [--pages cell edit ...]
                        [--json bench/app_results.json] [--no-browser]

For every page and each of its main interactions (step, edit a weight, switch convention, change
example; on the lesson pages their own main control and a convention switch), one AppTest session
makes the interaction `repeats` times, each timed from setting the widget to the end of the rerun
it causes, on the default example and at the page limits (bench/cases.py says how the large state
gets in). The floor is bench/floor_app.py (one button, one heatmap), timed the same way in the
same process. Issue 8's target: within 1.3x of the floor on the default example, 2x at the limits.

AppTest always reruns the whole script: a fragment (the cell page's step view) reruns alone on a
real server, so these times overstate that page's steps; the browser bench (bench/browser.py)
measures the real thing. Values that change every time in real use (a typed weight, a slider)
take a new value on every repeat here too, so caches do not flatter them; two-valued controls
(the convention, the example) alternate, as they do in use, and so hit the shared caches after
their first round.

Run alone it also runs the browser bench (unless --no-browser) and prints both, as before;
bench/run_all.py imports `server_side` and puts the rows into the one table.
"""

import argparse
import json
import os
import pathlib
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases  # noqa: E402

# ---- the interactions: make(at, example) -> act(at, i), which sets a widget (the bench then runs) ----

def _widget(at, kind, prefix):
    """The widget of `kind` whose key is `prefix` or starts with it (some keys carry a version)."""
    for widget in getattr(at, kind):
        if widget.key == prefix or (widget.key or "").startswith(prefix):
            return widget
    raise LookupError(f"no {kind} keyed {prefix}* on this page")


def step(suffix):
    """Next, and previous at the last step: a walk back and forth, new figures on most presses."""

    def make(at, example):
        direction = [1]

        def act(at, i):
            direction[0] = cases.bounce(at.session_state["app_state"], direction[0])
            _widget(at, "button", ("next_" if direction[0] > 0 else "previous_") + suffix).click()

        return act

    return make


def switch_convention(at, example):
    def act(at, i):
        current = at.session_state["app_state"].z_convention
        _widget(at, "radio", "z_choice").set_value("keeps_old" if current == "takes_new" else "takes_new")

    return act


def change_example(at, example):
    if example == "default":  # the sidebar's selectbox, between two presets
        def act(at, i):
            current = at.session_state["app_state"].example
            name = cases.DEFAULT_NAME if current == cases.OTHER_NAME else cases.OTHER_NAME
            _widget(at, "selectbox", "example_choice").set_value(name)

        return act
    files = [cases.state_file(cases.large_state(seed), f"large-{seed}.json") for seed in (0, 1)]

    def act(at, i):  # a large state arrives as an uploaded state file; alternate two of them
        seed = 1 if at.session_state["app_state"].step == cases.large_state(0).step else 0
        _widget(at, "file_uploader", "state_upload").set_value(files[seed])

    return act


def edit_weight(at, example):
    """Type a new number into unit 1's update-gate bias (a new number each time, exact in binary)."""

    def act(at, i):
        editor = _widget(at, "data_editor", "weights_z")
        at.session_state[editor.key] = {"edited_rows": {1: {"b": str(3 + (i + 1) / 16)}}, "added_rows": [],
                                        "deleted_rows": []}

    return act


def load_weights(at, example):
    """Upload a weight file with the example's sizes (two files in turn): the page's main control."""
    state = at.session_state["app_state"]
    files = [cases.weights_file(state, seed) for seed in (1, 2)]

    def act(at, i):
        _widget(at, "file_uploader", "weights_upload").set_value(files[i % 2])

    return act


def cycle(kind, prefix, values):
    """Set a widget to the next of `values` (skipping its current value): a new value each time."""

    def make(at, example):
        options = values(at) if callable(values) else values

        def act(at, i):
            widget = _widget(at, kind, prefix)
            choices = [v for v in options if v != widget.value]
            widget.set_value(choices[i % len(choices)])

        return act

    return make


def _units(at):
    return list(range(at.session_state["app_state"].hidden_size))


def _snapshots(at):
    return list(_widget(at, "select_slider", "train_snapshot").options)


def trained(at, example):
    """The training page's "watch the gates learn" needs a run: train 200 steps first (untimed)."""
    _widget(at, "select_slider", "train_steps").set_value(200)
    _widget(at, "button", "train_start").click()
    at.run()
    for _ in range(400):
        if not at.session_state["train_running"]:
            break
        at.run()
    options = [int(v) for v in _widget(at, "select_slider", "train_snapshot").options]
    return cycle("select_slider", "train_snapshot", [str(v) for v in options] + options)(at, example)


SWITCH = ("switch convention", switch_convention)
SCENARIOS = {  # page: [(interaction, make)]; lesson pages: their own main control, then the convention
    "home": [("step (sidebar next)", step("bar")), SWITCH, ("change example", change_example)],
    "cell": [("step (next button)", step("page")), SWITCH, ("change example", change_example)],
    "sequence": [("step (next button)", step("page")), SWITCH, ("change example", change_example)],
    "edit": [("edit a weight", edit_weight), ("step (sidebar next)", step("bar")), SWITCH,
             ("change example", change_example)],
    "load": [("upload a weight file", load_weights), SWITCH, ("change example", change_example)],
    "conventions": [("switch reset position", cycle("radio", "reset_choice", ["before", "after"])), SWITCH],
    "memory": [("keep-more slider", cycle("slider", "memory_push", [v / 2 for v in range(-16, 17)])), SWITCH],
    "gradients": [("weight-scale slider", cycle("slider", "gradients_scale", [v / 4 for v in range(1, 17)])),
                  SWITCH],
    "gru_vs_lstm": [("unit shown", cycle("selectbox", "vs_unit", _units)), SWITCH],
    "stacked": [("number of layers", cycle("radio", "stacked_layers", [1, 2, 3])), SWITCH],
    "train": [("snapshot slider (after a run)", trained), SWITCH],
    "compare": [("keeping gate starts", cycle("radio", "compare_keep", [2.0, 0.0])), SWITCH],
}
PAGES = tuple(SCENARIOS)


# ---- running them ---------------------------------------------------------------------------------

def _checked(at):
    at.run()
    if at.exception:
        raise RuntimeError("; ".join(str(e.value).splitlines()[0] for e in at.exception))
    return at


def fresh(page, example):
    """A new AppTest session on `page`, showing `example` (the large one uploaded as a state file)."""
    from streamlit.testing.v1 import AppTest

    at = _checked(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    if example == "large":
        at.file_uploader(key="state_upload").set_value(cases.state_file(cases.large_state(0), "large-0.json"))
        _checked(at)
        if at.session_state["app_state"].hidden_size != cases.large_state(0).hidden_size:
            raise RuntimeError("the large state was not taken")
    at.switch_page(f"pages/{page}.py")
    return _checked(at)


def time_floor(repeats):
    from streamlit.testing.v1 import AppTest

    floor = _checked(AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=30))
    times = []
    for _ in range(repeats + 1):
        floor.button(key="next_floor").click()
        t0 = time.perf_counter()
        _checked(floor)
        times.append(time.perf_counter() - t0)
    return times[1:]  # the first click warms up


def time_scenario(page, make, example, repeats):
    at = fresh(page, example)
    act = make(at, example)
    times = []
    for i in range(repeats + 1):  # i = 0 warms up (lazy imports, the page's first figures)
        t0 = time.perf_counter()
        act(at, i)
        _checked(at)
        times.append(time.perf_counter() - t0)
    return times[1:]


def server_side(repeats, examples=cases.EXAMPLES, pages=PAGES, log=print):
    """{"floor": seconds, (page, interaction, example): seconds or an error text}."""
    from tests.app.helpers import open_app  # noqa: F401  (imported for its patch: no legacy pages/ mode)

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    results = {"floor": time_floor(repeats)}
    for page in pages:
        for interaction, make in SCENARIOS[page]:
            for example in examples:
                began = time.perf_counter()
                try:
                    results[(page, interaction, example)] = time_scenario(page, make, example, repeats)
                except Exception as exc:  # a page that changed under us: say so in the row, go on
                    results[(page, interaction, example)] = cases.not_measured(exc)
                    if os.environ.get("BENCH_DEBUG"):
                        traceback.print_exc()
                log(f"  server {page:12s} {interaction:32s} {example:8s} {time.perf_counter() - began:5.1f} s")
    return results


def server_rows(results):
    floor = cases.summary(results["floor"])[0]
    rows = [cases.timing_row("server rerun (AppTest)", "floor", "click, redraw one heatmap", "-", results["floor"],
                             floor)]
    for key, value in results.items():
        if key == "floor":
            continue
        page, interaction, example = key
        if isinstance(value, str):
            rows.append(cases.Row("server rerun (AppTest)", page, interaction, example, note=value))
        else:
            # The targets are for what a learner waits for (the browser rows); this is its server share.
            rows.append(cases.timing_row("server rerun (AppTest)", page, interaction, example, value, floor,
                                         "server share of the browser time", judged=False))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--examples", nargs="+", default=list(cases.EXAMPLES), choices=cases.EXAMPLES)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--json", default=str(ROOT / "bench" / "app_results.json"))
    parser.add_argument("--no-browser", action="store_true")
    options = parser.parse_args()
    rows = server_rows(server_side(options.repeats, options.examples, options.pages))
    if not options.no_browser:
        from bench import browser

        rows += browser.browser_rows(browser.browser_side(options.repeats, options.examples))
    print(f"{options.repeats} repeats each; ratio = median / the floor's median in the same run")
    cases.print_rows(rows)
    pathlib.Path(options.json).write_text(json.dumps([row.__dict__ for row in rows], indent=2))


if __name__ == "__main__":
    main()
