"""A model of real size on the Load page: a GRU of 512 units on a sentence of 1,000 tokens.

    python bench/real_size.py [--repeats 5] [--steps 1000] [--units 512] [--python-only]

The model is a PyTorch module's state_dict (an nn.Embedding of 200 words by 64, an nn.GRU of
`--units`, an nn.Linear to 3 classes), random, uploaded with its vocabulary; the sentence is
`--steps` words long. Two tables:

- Python, in this process: the model's trace, the effect of each unit on the prediction, an order,
  the layer's heatmaps (r, z and h: every unit, then the first 64) built and serialized, and the
  followed units' lines; each also as a ratio to the trace, the reference measured in the same run.
- chromium against a real `streamlit run`: Enter in the sentence box to the layer's heatmaps drawn
  whole (the first draw), a pick of another order to the heatmaps redrawn in it (a step of the
  panel: nothing is recomputed but the order), a pick of "the first 16", and a unit followed (its
  lines alone are sent: they are a fragment of their own), and a step of the followed units (→ on
  their step slider: the lines' marker and each unit's h_t between h_{t-1} and h~_t); each with the bytes
  the page received, judged against the floor page's selectbox pick (bench/floors.py) in the same
  run (a step: against the floor's arrow key).
"""

import argparse
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import plotly.io as pio  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

E, CLASSES, WORDS = 64, 3, [f"w{k}" for k in range(200)]
FIRST_DRAWN = """([rows, steps]) => [...document.querySelectorAll('.gv-figure')].some((p) => {
  const title = (p.layout && p.layout.title && p.layout.title.text) || '';
  const z = p._fullData && p._fullData[0] && p._fullData[0].z;
  return title.replace(/<[^>]+>/g, '') === 'layer 0, GRU' && z && z.length === rows && z[0].length === steps;
})"""
FOLLOWING = """(name) => [...document.querySelectorAll('.gv-figure')].some((p) =>
  p._fullData && p._fullData.some((d) => d.type === 'scatter' && d.name === name))"""
MARKED = """(step) => [...document.querySelectorAll('.gv-figure')].some((p) => p._fullData
  && p._fullData.some((d) => d.type === 'scatter') && p.layout.shapes && p.layout.shapes.length
  && p.layout.shapes[0].x0 === step)"""
TITLED = """(pattern) => [...document.querySelectorAll('.gv-figure')].some((p) =>
  p._fullData && new RegExp(pattern).test((p.layout.title && p.layout.title.text) || ''))"""


def model_files(directory, units):
    rng = np.random.default_rng(5)
    arrays = {"embedding.weight": rng.normal(size=(len(WORDS), E)),
              "gru.weight_ih_l0": rng.normal(scale=0.3, size=(3 * units, E)),
              "gru.weight_hh_l0": rng.normal(scale=1.5 / np.sqrt(units), size=(3 * units, units)),
              "gru.bias_ih_l0": rng.normal(size=3 * units), "gru.bias_hh_l0": rng.normal(size=3 * units),
              "head.weight": rng.normal(scale=0.2, size=(CLASSES, units)), "head.bias": np.zeros(CLASSES)}
    model, vocabulary = directory / "real_size.safetensors", directory / "real_size_vocab.json"
    save_file(arrays, model)
    vocabulary.write_text(json.dumps({word: k for k, word in enumerate(WORDS)}))
    return model, vocabulary


def sentence(steps):
    return " ".join(WORDS[(17 * k + k * k) % len(WORDS)] for k in range(steps))


def timed(make, repeats):
    """(median seconds, the last result) of `repeats` calls after one to warm up."""
    times, result = [], make()
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), result


def python_side(model_path, vocabulary_path, steps, repeats):
    import gru_viz
    from gru_viz.figures import heatmap_stack, unit_lines
    from lessons.sentence import layer_views
    from lessons.unit_order import MEMORY, effects, ranked

    model = gru_viz.load_model(model_path, vocabulary=vocabulary_path)
    ids, _ = model.tokenize(sentence(steps))
    labels = [model.tokens[int(i)] for i in ids]
    reference, trace = timed(lambda: model.trace(ids), repeats)
    view = layer_views(model, trace)[0]
    rows = [("trace (every gate of the layer)", reference, None)]
    seconds, _ = timed(lambda: effects(model, trace, 0), repeats)
    rows.append(("effect of every unit on the prediction", seconds, None))
    seconds, order = timed(lambda: ranked(MEMORY, view.cell, "GRU", "keeps_old"), repeats)
    rows.append(("order by memory", seconds, None))
    for name, units in (("heatmaps, every unit", None), ("heatmaps, the first 64", order[:64])):
        seconds, figure = timed(lambda units=units: heatmap_stack(view.panels, labels, units=units), repeats)
        rows.append((f"{name}: built", seconds, None))
        seconds, text = timed(lambda figure=figure: pio.to_json(figure, validate=False), repeats)
        rows.append((f"{name}: to JSON", seconds, len(text)))
    seconds, figure = timed(lambda: unit_lines(view.panels, labels, units=order[:3]), repeats)
    rows.append(("lines of 3 followed units: built", seconds, len(pio.to_json(figure, validate=False))))
    return [[name, f"{s * 1e3:.1f}", f"{s / reference:.2f}x", "-" if size is None else f"{size / 1e6:.2f}"]
            for name, s, size in rows]


def browser_side(model_path, vocabulary_path, steps, units, repeats):
    from playwright.sync_api import sync_playwright

    from bench.floors import floor_side
    from bench.page_tools import VIEWPORT, Meter, centre, run_scenario
    from tests.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    floor_server, floor_url = start_server(ROOT / "bench" / "floor_app.py")
    app_server, app_url = start_server(ROOT / "app.py")
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floors = {control: float(np.median([s for s, _, _ in floor_side(browser, floor_url, control, repeats)]))
                      for control in ("select", "key")}
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.set_default_timeout(120_000)
            meter = Meter(page)
            page.goto(f"{app_url}/load")
            page.get_by_text("Load a model").first.wait_for()
            uploaders = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stFileUploaderDropzoneInput"]')
            uploaders.first.set_input_files(str(model_path))
            page.get_by_text("Try it on a sentence").wait_for()
            uploaders.nth(1).set_input_files(str(vocabulary_path))
            box = page.locator('[data-testid="stTextInput"] input').first
            box.wait_for()
            texts = [sentence(steps), sentence(steps - 1)]  # two sentences, in turn: each Enter draws anew

            def type_it(i):
                box.fill(texts[i % 2])

            def enter(i):
                box.press("Enter")
                page.locator(".gv-figure").nth(1).scroll_into_view_if_needed()
                page.wait_for_function(FIRST_DRAWN, arg=[units, steps - i % 2], polling="raf")

            first = run_scenario(page, meter, type_it, enter, repeats)
            rows.append(("Enter to the layer drawn whole (first draw)", first, "select"))
            order_box = page.locator('[data-testid="stSelectbox"]:has-text("order the units by")').first
            orders = ["memory: mean z, highest first", "activity: variance of h, highest first"]
            shown_box = page.locator('[data-testid="stSelectbox"]:has-text("Units shown")').first
            target = {}

            def pick(box, option, title):
                box.scroll_into_view_if_needed()
                box.locator("input").click()
                target["xy"], target["title"] = centre(page.get_by_role("option", name=option, exact=True)), title

            def click_and_wait(i):
                page.mouse.click(*target["xy"])
                page.wait_for_function(TITLED, arg=target["title"], polling="raf")

            resort = run_scenario(page, meter, lambda i: pick(order_box, orders[(i + 1) % 2],
                                                               ("by memory", "by activity")[(i + 1) % 2]),
                                  click_and_wait, repeats)
            rows.append(("another order to the layer redrawn in it", resort, "select"))
            counts = ["the first 16 in this order", f"all {units}"]
            cut = run_scenario(page, meter, lambda i: pick(shown_box, counts[i % 2],
                                                            ("the first 16 of", f": all {units} units")[i % 2]),
                               click_and_wait, repeats)
            rows.append(("the first 16, then all, to redrawn", cut, "select"))
            follow_box = page.locator('[data-testid="stMultiSelect"]:has-text("follow units")').first
            picks = [str((10 + 37 * i) % units) for i in range(min(repeats, 4) + 1)]  # at most 6 followed

            def type_unit(i):
                follow_box.scroll_into_view_if_needed()
                follow_box.locator("input").click()
                page.keyboard.type(picks[i])  # the list's search; choosing the unit is the timed part
                target["xy"] = centre(page.get_by_role("option", name=picks[i], exact=True))

            def choose(i):
                page.mouse.click(*target["xy"])
                page.wait_for_function(FOLLOWING, arg=f"unit {picks[i]}", polling="raf")
                page.keyboard.press("Escape")  # the list stays open after a pick

            rows.append(("a unit followed to its lines drawn", run_scenario(page, meter, type_unit, choose,
                                                                             len(picks) - 1), "select"))
            thumb = page.locator('[data-testid="stSlider"]').filter(has_text="the step they are shown at").get_by_role(
                "slider")

            def focus(i):
                thumb.first.scroll_into_view_if_needed()
                thumb.first.focus()

            def step(i):
                page.keyboard.press("ArrowRight")  # the followed units one token on: lines and number lines
                page.wait_for_function(MARKED, arg=i + 1, polling="raf")

            rows.append(("a step of the followed units (→ on the step slider)", run_scenario(page, meter, focus,
                                                                                              step, repeats), "key"))
            browser.close()
    finally:
        stop_server(app_server)
        stop_server(floor_server)
    table = [[f"floor: {what} to its heatmap redrawn", f"{floors[control] * 1e3:.0f}", "1.00x", "-"]
             for control, what in (("select", "a selectbox pick"), ("key", "an arrow key"))]
    for name, results, control in rows:
        seconds = float(np.median([s for s, _, _ in results]))
        sent = float(np.median([b for _, b, _ in results]))
        table.append([name, f"{seconds * 1e3:.0f}", f"{seconds / floors[control]:.2f}x ({control})",
                      f"{sent / 1e6:.2f}"])
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--units", type=int, default=512)
    parser.add_argument("--python-only", action="store_true")
    args = parser.parse_args()
    from bench.table import print_table

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as directory:
        model, vocabulary = model_files(pathlib.Path(directory), args.units)
        print(f"\nPython, T {args.steps}, H {args.units}, E {E} (median of {args.repeats})")
        print_table(["measured", "ms", "x trace", "MB of JSON"],
                    python_side(model, vocabulary, args.steps, args.repeats), left=(0,))
        if not args.python_only:
            print(f"\nchromium, T {args.steps}, H {args.units} (median of {args.repeats})")
            print_table(["measured", "ms", "x floor", "MB received"],
                        browser_side(model, vocabulary, args.steps, args.units, args.repeats), left=(0,))


if __name__ == "__main__":
    main()
