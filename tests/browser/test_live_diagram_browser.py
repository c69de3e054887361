"""The live cell diagram (static/live/diagram.js) and the live view's downloads (static/live/export.js),
in chromium without a Streamlit server (tests/browser/static_pages.py).

The diagram is held to the Python figure it replaces (gru_viz/figures/cell.py `cell_diagram`) on
the same trace: every box's label and number lines, the title, the conventions' note, the clamp's
note and dashed box, and the wiring (which box each arrow joins, recovered from the Plotly arrow
segments), for both z conventions, both reset positions, whole vectors (H <= 3, as
pages/cell_page.py shows them) and one followed unit, clamps of either gate. One view is created
per case and updated across its steps, as a drag or the step bar would.

Its layout is measured where it is most crowded (the page limits, whole vectors of three units,
presentation size): every text inside its box, no arrow through another box, the title clear of
the clamp's note; update() is timed there and printed (run with -s). The screenshots
(tests/browser/artifacts/live_diagram_*.png) are to be looked at.

The downloads are caught as downloads: the .svg parses and holds every box's text in dark ink on
white though the page is dark, the .png is twice the size on screen and shows text and colours.
"""

import json
import re
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

from gru_viz.figures.cell import HALF_HEIGHT, HALF_WIDTH, cell_diagram
from gru_viz.figures.diagram import edge_point
from lessons.explore import run_state
from lessons.live_data import live_data
from lessons.presets import random_gru, write_once_carry
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, Clamp

ARTIFACTS = "tests/browser/artifacts"
VECTORS = 3  # pages/cell_page.py: up to this many units the diagram lists whole vectors
FIELDS = ("x", "h_prev", "a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h")
NORMAL_WIDTH, PRESENTATION_WIDTH = 600, 900  # px: the cell page's diagram column at 1280 x 720

# Mounts a diagram in #root (`width` px wide) for the given data, and keeps it as window.diagram.
MOUNT = """async (json) => {
  const { create } = await import("/live/diagram.js");
  const [data, width] = JSON.parse(json);
  const root = document.getElementById("root");
  root.replaceChildren();
  root.style.width = width + "px";
  window.diagram = create(root, { style: data.style, words: data.words, tokens: data.tokens,
                                  presentation: data.presentation });
}"""

# Updates the diagram to a step and reads back what it shows.
SHOW = """(json) => {
  const view = JSON.parse(json);
  for (const name of ["x", "h_prev", "a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h"]) {
    view.trace[name] = Float64Array.from(view.trace[name]);
  }
  window.diagram.update(view);
  const svg = document.querySelector("#root svg");
  const nodes = {};
  for (const node of svg.querySelectorAll("[data-node]")) {
    nodes[node.dataset.node] = {
      label: node.querySelector(".gl-diagram-label").textContent,
      lines: [...node.querySelectorAll(".gl-diagram-value")].map((t) => t.textContent),
      dashed: !["none", null].includes(node.querySelector("rect").getAttribute("stroke-dasharray")),
    };
  }
  const clamp = svg.querySelector(".gl-diagram-clamp");
  return JSON.stringify({
    nodes,
    edges: [...svg.querySelectorAll("[data-from]")].map((g) => [g.dataset.from, g.dataset.to]),
    title: svg.querySelector("text").textContent,
    note: svg.querySelector(".gl-diagram-note").textContent,
    clamp: clamp.getAttribute("visibility") === "visible" ? clamp.textContent : null,
    describe: window.diagram.describe(),
    label: svg.getAttribute("aria-label"),
  });
}"""

# Where the layout could fail: text out of its box, an arrow through another box, notes colliding.
MEASURE = """() => {
  const svg = document.querySelector("#root svg");
  const problems = [];
  const boxes = [...svg.querySelectorAll("[data-node]")]
    .map((n) => [n.dataset.node, n.querySelector("rect").getBBox()]);
  for (const [name, b] of boxes) {
    for (const text of svg.querySelectorAll(`[data-node="${name}"] text`)) {
      const t = text.getBBox();
      if (t.x < b.x + 3 || t.x + t.width > b.x + b.width - 3 || t.y < b.y + 1 || t.y + t.height > b.y + b.height - 1) {
        problems.push(`${name}: "${text.textContent}" (${t.width.toFixed(0)} px) leaves its box`);
      }
    }
  }
  for (const arrow of svg.querySelectorAll("[data-from]")) {
    const path = arrow.querySelector("path");
    const length = path.getTotalLength();
    const points = [];
    for (let s = 0; s <= length; s += 1.5) points.push(path.getPointAtLength(s));
    for (const [name, b] of boxes) {
      if (name === arrow.dataset.from || name === arrow.dataset.to) continue;
      if (points.some((p) => p.x > b.x - 3 && p.x < b.x + b.width + 3 && p.y > b.y - 3 && p.y < b.y + b.height + 3)) {
        problems.push(`the arrow ${arrow.dataset.from} -> ${arrow.dataset.to} runs through ${name}`);
      }
    }
  }
  const title = svg.querySelector("text").getBBox(), clamp = svg.querySelector(".gl-diagram-clamp").getBBox();
  if (clamp.width && clamp.x < title.x + title.width + 8) problems.push("the clamp's note runs into the title");
  const view = svg.viewBox.baseVal;
  for (const text of svg.querySelectorAll("text")) {
    const t = text.getBBox();
    if (t.width && (t.x < view.x || t.x + t.width > view.x + view.width || t.y + t.height > view.y + view.height)) {
      problems.push(`"${text.textContent}" leaves the picture`);
    }
  }
  const shown = svg.getBoundingClientRect();
  const size = parseFloat(getComputedStyle(svg.querySelector(".gl-diagram-value")).fontSize);
  return JSON.stringify({ problems, width: shown.width, height: shown.height, text: size * shown.width / view.width });
}"""

# The first update (it builds the SVG), then update() over steps and units as a drag or the step
# bar calls it, each with a new trace: alone, and with the layout the browser then does for it.
TIME = """(json) => {
  const view = JSON.parse(json);
  for (const name of ["x", "h_prev", "a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h"]) {
    view.trace[name] = Float64Array.from(view.trace[name]);
  }
  let start = performance.now();
  window.diagram.update(view);
  const build = performance.now() - start;
  const svg = document.querySelector("#root svg");
  const run = (layout) => {
    const N = 500;
    const start = performance.now();
    for (let k = 0; k < N; k++) {
      const trace = { ...view.trace, h: view.trace.h.slice() };
      window.diagram.update({ ...view, trace, step: (k * 37) % trace.T, unit: k % trace.H });
      if (layout) svg.querySelector(".gl-diagram-value").getComputedTextLength();
    }
    return (performance.now() - start) / N;
  };
  return { build, update: run(false), layout: run(true) };
}"""


# Streamlit's dark theme, as far as the diagram sees it: the page's text colour and background.
DARK = """() => { document.body.style.cssText = "background:#0e1117;color:#fafafa";
                  document.getElementById("root").style.setProperty("--st-background-color", "#0e1117"); }"""


def trace_data(trace):
    """A GRUTrace as forward.js's trace: flat row-major fields and the sizes and conventions."""
    T, H = trace.h.shape
    data = {name: np.asarray(getattr(trace, name), float).ravel().tolist() for name in FIELDS}
    return {**data, "T": T, "H": H, "I": trace.x.shape[1], "reset": trace.reset, "z_convention": trace.z_convention}


def with_recurrent_biases(state, seed=3):
    return state.with_changes(b_hh=tuple(np.random.default_rng(seed).normal(size=3 * state.hidden_size).round(3)))


def cases():
    """(state, followed unit): both z conventions, both reset positions, 2, 3 and 8 units, clamps."""
    small = random_gru(input_size=3, hidden_size=2, steps=10, seed=4)
    eight = with_recurrent_biases(random_gru(input_size=8, hidden_size=8, steps=12, seed=5))
    return [
        (small, 1),
        (with_recurrent_biases(small).with_changes(z_convention="keeps_old", reset="after"), 0),
        (write_once_carry().with_changes(clamp=Clamp("z", 0.95, 0)), 0),  # exact zeros, a clamp of one unit
        (random_gru(input_size=4, hidden_size=3, steps=6, seed=6).with_changes(z_convention="keeps_old"), 2),
        (eight.with_changes(z_convention="keeps_old", clamp=Clamp("z", 0.05, 5)), 5),
        (eight.with_changes(reset="after", clamp=Clamp("r", 0.125, None)), 3),  # 0.125: a tie, rounded to even
    ]


def plain(html):
    return re.sub(r"<[^>]+>", "", html)


def python_view(trace, t, unit, clamp):
    """What the Python figure shows: each node's label and lines, title, notes, dashed boxes, edges."""
    shown_unit = None if trace.h.shape[1] <= VECTORS else unit
    forced = None if clamp is None else (clamp.gate, clamp.value, clamp.unit)
    fig = cell_diagram(trace, t, unit=shown_unit, clamp=forced)
    arrows, texts = fig.data
    places = dict(zip(texts.ids, zip(texts.x, texts.y)))
    nodes = {}
    for k, (name, text) in enumerate(zip(texts.ids, texts.text)):
        label, *lines = text.split("<br>")
        dashed = fig.layout.shapes[k].line.dash == "dash"
        nodes[name] = {"label": plain(label), "lines": lines, "dashed": dashed}
    notes = {note.name: plain(note.text) for note in fig.layout.annotations}
    return {
        "nodes": nodes,
        "edges": python_edges(arrows, places),
        "title": fig.layout.title.text,
        "note": notes[None],
        "clamp": notes.get("clamp"),
    }


def python_edges(arrows, places):
    """The (from, to) names of every Plotly arrow: the pair whose box edge points its ends are."""
    xs, ys = list(arrows.x), list(arrows.y)
    segments = [((xs[k], ys[k]), (xs[k + 1], ys[k + 1])) for k in range(0, len(xs), 3)]
    ends = {
        (a, b): (
            edge_point(places[a], places[b], HALF_WIDTH, HALF_HEIGHT),
            edge_point(places[b], places[a], HALF_WIDTH, HALF_HEIGHT),
        )
        for a in places
        for b in places
        if a != b
    }
    found = []
    for segment in segments:
        pairs = [pair for pair, points in ends.items() if np.abs(np.subtract(points, segment)).max() < 1e-9]
        assert len(pairs) == 1, f"the arrow {segment} joins no single pair of nodes"
        found.append(list(pairs[0]))
    return found


def mount(page, state, unit, width=NORMAL_WIDTH, presentation=False):
    trace = run_state(state).cells[0][0]
    data = live_data(state, trace, view="cell", unit=unit, presentation=presentation)
    page.evaluate(MOUNT, json.dumps([data, width]))
    return trace


def show(page, trace, step, unit, clamp):
    view = {
        "trace": trace_data(trace),
        "step": step,
        "unit": unit,
        "clamp": None if clamp is None else {"gate": clamp.gate, "value": clamp.value, "unit": clamp.unit},
    }
    return json.loads(page.evaluate(SHOW, json.dumps(view)))


def same_as_python(page, trace, t, unit, clamp, where):
    got = show(page, trace, t, unit, clamp)
    want = python_view(trace, t, unit, clamp)
    for name, node in want["nodes"].items():
        assert got["nodes"][name] == node, f"{where}, t = {t}: the {name} box"
    assert set(got["nodes"]) == set(want["nodes"])
    assert sorted(got["edges"]) == sorted(want["edges"]), f"{where}: the wiring"
    for part in ("title", "note", "clamp"):
        assert got[part] == want[part], f"{where}, t = {t}: the {part}"
    return got


def test_the_live_diagram_shows_the_python_figures_numbers_words_and_wiring(blank_page):
    page = blank_page(1280, 720)
    wirings = {}
    for state, unit in cases():
        trace = mount(page, state, unit)
        where = f"{state.z_convention}, reset {state.reset}, H {state.hidden_size}, clamp {state.clamp}"
        for t in sorted({0, state.step, state.steps // 2, state.steps - 1}):
            got = same_as_python(page, trace, t, unit, state.clamp, where)
            assert f"t = {t}" in got["describe"] and f"Unit {unit}:" in got["describe"]
            assert got["label"] == got["describe"]
        wirings[state.z_convention] = sorted(map(tuple, got["edges"]))
    # The same view given another shape of content (8 units to 2, reset after to before) rebuilds.
    state, unit = cases()[0]
    same_as_python(page, run_state(state).cells[0][0], 3, unit, None, "after a rebuild")
    # Numbers as Python writes them: ties to even (toFixed rounds 0.125 up), a sign on -0.
    tricky = [0.125, -0.125, 0.375, 0.625, 0.0625, -0.0, 0.0, -1e-9, 0.005, 0.0045, 1.0, -0.9999, 12.5, 2.675]
    got = page.evaluate(
        """async (values) => { const { formatted } = await import("/live/diagram.js");
        return values.map((v) => [formatted(v, 2), formatted(v, 3), formatted(v, 2, false)]); }""",
        tricky,
    )
    assert got == [[f"{v:+.2f}", f"{v:+.3f}", f"{v:.2f}"] for v in tricky]
    # The z convention moves the z and 1 - z arrows, as in the Python figure.
    moved = set(wirings["takes_new"]) ^ set(wirings["keeps_old"])
    assert moved == {("z", "take"), ("one_minus", "keep"), ("z", "keep"), ("one_minus", "take")}


def test_the_live_diagram_fits_its_boxes_at_the_page_limits_and_in_presentation_size(blank_page):
    default = write_once_carry()
    limits = random_gru(input_size=MAX_INPUT, hidden_size=MAX_HIDDEN, steps=MAX_STEPS, seed=7)
    limits = with_recurrent_biases(limits).with_changes(step=150, reset="after", clamp=Clamp("r", 0.125, None))
    widest = random_gru(input_size=3, hidden_size=3, steps=8, seed=8).with_changes(z_convention="keeps_old", step=3)
    page = blank_page(1280, 720)
    sizes = {}
    for name, state, unit in (("default", default, 0), ("limits", limits, 11), ("vectors", widest, 0)):
        for presentation, width in ((False, NORMAL_WIDTH), (True, PRESENTATION_WIDTH)):
            trace = mount(page, state, unit, width=width, presentation=presentation)
            show(page, trace, state.step, unit, state.clamp)
            measured = json.loads(page.evaluate(MEASURE))
            assert not measured["problems"], f"{name}, presentation {presentation}: {measured['problems']}"
            sizes[name, presentation] = measured
            kind = "present" if presentation else "normal"
            page.locator("#root svg").screenshot(path=f"{ARTIFACTS}/live_diagram_{kind}_{name}.png")
    # Presentation: the text about 1.45 times as large, within the room ui/charts.py gives the diagram.
    for name in ("default", "limits", "vectors"):
        normal, present = sizes[name, False], sizes[name, True]
        assert 12.5 <= normal["text"] <= 13.5 and 1.4 <= present["text"] / normal["text"] <= 1.5, (normal, present)
        assert present["height"] <= 500 and normal["height"] <= 440

    # The dark theme: text in the page's colour, boxes see-through.
    page.evaluate(DARK)
    page.locator("#root svg").screenshot(path=f"{ARTIFACTS}/live_diagram_dark_vectors.png")
    fill = page.evaluate("() => getComputedStyle(document.querySelector('#root .gl-diagram-value')).fill")
    assert fill == "rgb(250, 250, 250)"

    trace = mount(page, limits, 11)
    view = {"trace": trace_data(trace), "step": 0, "unit": 0, "clamp": {"gate": "r", "value": 0.125, "unit": None}}
    times = page.evaluate(TIME, json.dumps(view))
    print(
        f"\ndiagram at T {MAX_STEPS}, I {MAX_INPUT}, H {MAX_HIDDEN}: first update (builds) {times['build']:.1f} ms, "
        f"update() {times['update']:.3f} ms, with the text's layout {times['layout']:.3f} ms"
    )


def test_the_downloads_give_an_svg_and_a_png_of_what_is_on_screen(blank_page, tmp_path):
    state = random_gru(input_size=3, hidden_size=2, steps=10, seed=4).with_changes(clamp=Clamp("z", 0.3, 1))
    page = blank_page(1280, 720)
    trace = mount(page, state, 0)
    got = show(page, trace, 2, 0, state.clamp)
    # Downloaded from the dark theme: the file must still be dark text on white.
    page.evaluate(DARK)
    shown = page.evaluate(
        "() => { const r = document.querySelector('#root svg').getBoundingClientRect(); return [r.width, r.height]; }"
    )

    with page.expect_download() as download:
        page.evaluate("""async () => { const { downloadSvg } = await import("/live/export.js");
                                       downloadSvg(document.querySelector("#root svg"), "gru_cell_t2.svg"); }""")
    assert download.value.suggested_filename == "gru_cell_t2.svg"
    svg = ET.parse(download.value.path()).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert (float(svg.get("width")), float(svg.get("height"))) == tuple(round(v) for v in shown)
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    for node in got["nodes"].values():
        assert node["label"] in texts and all(line in texts for line in node["lines"])
    assert got["title"] in texts and got["clamp"] in texts
    paper = next(iter(svg))
    assert paper.tag.endswith("rect") and paper.get("fill") == "#ffffff"
    h_line = got["nodes"]["h"]["lines"][0]
    value = next(t for t in svg.iter("{http://www.w3.org/2000/svg}text") if "".join(t.itertext()) == h_line)
    assert "fill: rgb(34, 34, 34)" in value.get("style")  # dark ink, though the page's text is light
    assert "font-family:" in value.get("style") and "Arial" in value.get("style")  # named, never a file
    assert "url(" not in ET.tostring(svg, encoding="unicode")

    with page.expect_download() as download:
        page.evaluate("""async () => { const { downloadPng } = await import("/live/export.js");
                                       await downloadPng(document.querySelector("#root svg"), "gru_cell_t2.png"); }""")
    assert download.value.suggested_filename == "gru_cell_t2.png"
    image = Image.open(download.value.path()).convert("RGB")
    assert image.size == tuple(round(2 * v) for v in shown)
    pixels = np.asarray(image).reshape(-1, 3)
    assert (pixels == 255).all(axis=1).mean() > 0.5, "the background is white"
    assert (pixels < 100).all(axis=1).sum() > 2000, "dark text is drawn"
    z_orange = np.abs(pixels.astype(int) - (0xD5, 0x5E, 0x00)).max(axis=1) < 30
    assert z_orange.sum() > 1000, "the z box's colour is drawn"
    image.save(f"{ARTIFACTS}/live_diagram_download.png")

    # A canvas, or a function that returns one (the heatmaps' image), at twice its size.
    with page.expect_download() as download:
        page.evaluate("""async () => { const { downloadPng } = await import("/live/export.js");
          const canvas = document.createElement("canvas"); canvas.width = 120; canvas.height = 60;
          const c = canvas.getContext("2d"); c.fillStyle = "#0072B2"; c.fillRect(30, 15, 60, 30);
          await downloadPng(() => canvas, "heatmaps.png"); }""")
    image = Image.open(download.value.path()).convert("RGB")
    assert image.size == (240, 120)
    assert image.getpixel((120, 60)) == (0, 114, 178) and image.getpixel((5, 5)) == (255, 255, 255)
