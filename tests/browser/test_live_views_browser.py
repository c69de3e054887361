"""The live view's heatmaps, number lines and equations (static/live/heatmaps.js, numbers.js,
equations.js), drawn in chromium, say what the Python builders they replace say on the same trace.

The traces are the server's own (lessons.explore.run_state), handed to the views as they are, so
every number and word can be held equal to gru_viz/figures/sequence.py, number_line.py,
interpolation.py and gru_viz/figures/equations.py, not merely close to them:
- heatmaps: the panel and colour bar titles and the time-axis labels (thinned as Python thins
  them) are Python's; cells are Plotly's colours (plotly.colors.sample_colorscale, within one unit
  per channel, at device pixel ratios 1 and 2); the outline sits on the step's column in every
  panel; hover says the cell's value, a click selects its step; image() draws the whole block.
- number lines: every unit's sentence word for word, every mark's data-value and its side text,
  in both conventions, at several steps, with clamps of one unit and of all.
- equations: every number of step_equations' LaTeX, in its order, "(clamped)" where a gate is
  forced, the candidate's reset form and the convention's update formula.
Each test also times update() at the page limits (T 200, I 8, H 16) on a drag's stream of traces
(reported, not asserted) and takes screenshots into tests/browser/artifacts/ to look at.
"""

import base64
import functools
import html
import json
import pathlib
import re
from xml.etree import ElementTree

import numpy as np
import plotly.colors

from gru_viz.figures import style
from gru_viz.figures.equations import step_equations
from gru_viz.figures.interpolation import unit_sentences
from gru_viz.figures.number_line import interpolation_html
from gru_viz.figures.sequence import sequence_heatmaps
from lessons.explore import run_state
from lessons.live_data import live_data
from lessons.presets import random_gru, reset_wipes_the_past, two_speeds, write_once_carry
from lessons.state import Clamp

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
FIELDS = ("h_prev", "a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h")
HOSTILE = '<img src=x onerror="window.__owned=1">'  # a learner may type any token

# Mount a view of `module` in a new box: json = {id, module, width, options, view}; the trace's
# lists become Float64Arrays. The view stays in window.__views[id]; a click's step in __clicked.
MOUNT = """async (json) => {
  const { id, module, width, options, view } = JSON.parse(json);
  const { create } = await import(module);
  const box = document.createElement("div");
  box.id = id;
  box.style.width = width;
  box.style.margin = "12px";
  document.getElementById("root").append(box);
  options.onStep = (t) => { window.__clicked = t; };
  const made = create(box, options);
  await made.ready;
  made.update({ ...view, trace: window.__trace(view.trace) });
  (window.__views ??= {})[id] = made;
  return made.describe();
}"""
HELPERS = """() => {
  window.__trace = (data) => {
    const trace = { ...data };
    for (const f of ["x", ...FIELDS]) trace[f] = Float64Array.from(data[f]);
    return trace;
  };
}""".replace("FIELDS", json.dumps(list(FIELDS)))
# A drag at the page limits: `frames` traces of forward.js, one weight moved a little each frame,
# made first; then update() is timed on each in turn. Returns the median, 90th percentile and worst ms.
TIMED = """async (json) => {
  const { id, state, frames } = JSON.parse(json);
  const { forward } = await import("/live/forward.js");
  const view = window.__views[id];
  const traces = [];
  for (let k = 0; k < frames; k++) {
    state.W_ih[k % state.W_ih.length][0] += 0.05;
    traces.push(forward(state));
  }
  const times = [];
  for (let k = 0; k < frames; k++) {
    const start = performance.now();
    view.update({ trace: traces[k], step: (7 * k) % traces[k].T, unit: k % traces[k].H, clamp: null });
    times.push(performance.now() - start);
  }
  await new Promise(requestAnimationFrame);
  times.sort((a, b) => a - b);
  return [times[frames >> 1], times[Math.floor(frames * 0.9)], times[frames - 1]];
}"""


@functools.lru_cache(maxsize=32)
def trace_of(state):
    return run_state(state).cells[0][0]


def trace_data(trace):
    T, H = trace.h.shape
    data = {"T": T, "H": H, "I": trace.x.shape[1], "reset": trace.reset, "z_convention": trace.z_convention,
            "x": trace.x.ravel().tolist()}
    data.update({name: getattr(trace, name).ravel().tolist() for name in FIELDS})
    return data


def clamp_data(clamp):
    return None if clamp is None else {"gate": clamp.gate, "value": clamp.value, "unit": clamp.unit}


def at_limits(z_convention="takes_new"):
    return random_gru(8, 16, 200, seed=4).with_changes(z_convention=z_convention, step=150)


SHOW = """(json) => {
  const { id, view } = JSON.parse(json);
  window.__views[id].update({ ...view, trace: window.__trace(view.trace) });
}"""


def view_of(state, unit, **extra):
    """The view update() takes for `state`, its trace as lists (and its tokens)."""
    trace = trace_of(state)
    return {"trace": trace_data(trace), "step": state.step, "unit": unit, "clamp": clamp_data(state.clamp),
            "tokens": list(state.tokens()), **extra}


def mount(page, module, state, *, id, width="1200px", tokens=None, step=None, unit=0, **extra):
    """A view of `module` for `state` (its live_data) in a box `width` wide; its describe()."""
    trace = trace_of(state)
    data = live_data(state, trace, view="sequence", unit=unit)
    options = {key: data[key] for key in ("style", "words", "tokens", "presentation")}
    options.update(extra)
    if tokens is not None:
        options["tokens"] = tokens
    view = {"trace": trace_data(trace), "step": state.step if step is None else step, "unit": unit,
            "clamp": clamp_data(state.clamp)}
    return page.evaluate(MOUNT, json.dumps({"id": id, "module": module, "width": width, "options": options,
                                            "view": view}))


def drag_times(page, id, state, frames=100):
    data = live_data(state, trace_of(state), view="sequence", unit=0)["state"]
    return page.evaluate(TIMED, json.dumps({"id": id, "state": data, "frames": frames}))


def report(name, times):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "live_views_timing.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = dict(zip(("median_ms", "p90_ms", "worst_ms"), (round(t, 3) for t in times)))
    path.write_text(json.dumps(known, indent=1))
    print(f"{name}: update() at the page limits, median {times[0]:.2f} ms, 90% {times[1]:.2f}, worst {times[2]:.2f}")


def shoot(page, id, name, scale="css"):
    page.locator(f"#{id}").screenshot(path=str(ARTIFACTS / f"{name}.png"), scale=scale)


def page_for(blank_page, **options):
    page = blank_page(**options)
    page.add_style_tag(content="body { font-family: 'Source Sans Pro', 'Source Sans 3', sans-serif; }")  # as the app's
    page.evaluate(HELPERS)
    return page


# ---- heatmaps ------------------------------------------------------------------------------------

READ_HEATMAPS = """(id) => {
  const box = document.getElementById(id);
  const rect = (n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
  const texts = (sel) => [...box.querySelectorAll(sel)].map((n) => n.textContent);
  return {
    titles: texts(".gl-hm-title"),
    bars: texts(".gl-hm-bars .gl-hm-vertical"),
    ticks: texts(".gl-hm-token"),
    axis: texts(".gl-hm-axis"),
    canvases: [...box.querySelectorAll("canvas.gl-hm-cells")].map((c) => [c.dataset.q, ...rect(c), c.width, c.height]),
    outlines: [...box.querySelectorAll(".gl-hm-outline")].map(rect),
    label: box.querySelector(".gl-hm-plot").getAttribute("aria-label"),
    height: box.getBoundingClientRect().height,
    elements: box.querySelectorAll("img").length,
  };
}"""
# The RGB of the canvas pixel at the middle of cell (t, j) of panel q.
PIXELS = """([id, cells]) => {
  const box = document.getElementById(id);
  return cells.map(([q, t, j, T, units]) => {
    const canvas = box.querySelector(`canvas[data-q="${q}"]`);
    const x = Math.floor(((t + 0.5) * canvas.width) / T), y = Math.floor(((j + 0.5) * canvas.height) / units);
    return [...canvas.getContext("2d").getImageData(x, y, 1, 1).data.slice(0, 3)];
  });
}"""


def expected_colour(name, value, x_range):
    low, high = (-x_range, x_range) if name == "x" else style.RANGES[name]
    scale = style.STATE_SCALE if name == "x" else style.SCALES[name]
    position = float(np.clip((np.float32(value) - low) / (high - low), 0.0, 1.0))
    text = plotly.colors.sample_colorscale(plotly.colors.get_colorscale(scale), [position])[0]
    return [float(c) for c in re.findall(r"[\d.]+", text)]


@functools.lru_cache(maxsize=8)
def heatmaps_of(trace, tokens, compact):
    return sequence_heatmaps(trace, list(tokens), compact=compact)  # 0.5 s at the page limits: made once


def check_heatmaps(page, id, trace, tokens, step, compact=False):
    """The block's words, colours and outline against sequence_heatmaps on the same trace."""
    fig = heatmaps_of(trace, tuple(tokens), compact)
    seen = page.evaluate(READ_HEATMAPS, id)
    notes = [a.text for a in fig.layout.annotations]
    assert seen["titles"] == notes[:5]
    assert seen["bars"] == notes[5:]
    assert seen["ticks"] == [html.unescape(t) for t in fig.layout.xaxis5.ticktext]
    assert seen["axis"] == [fig.layout.xaxis5.title.text]
    assert seen["elements"] == 0, "a token became markup"
    T, H = trace.h.shape
    I = trace.x.shape[1]
    rng = np.random.default_rng(T * 100 + H)
    cells, wanted = [], []
    x_range = float(max(np.max(np.abs(trace.x)), 1e-9))
    for name in ("x", "r", "z", "h_tilde", "h"):
        values = trace.x if name == "x" else getattr(trace, name)
        units = I if name == "x" else H
        for _ in range(12):
            t, j = int(rng.integers(T)), int(rng.integers(units))
            cells.append([name, t, j, T, units])
            wanted.append(expected_colour(name, values[t, j], x_range))
    got = page.evaluate(PIXELS, [id, cells])
    for cell, want, have in zip(cells, wanted, got):
        assert np.max(np.abs(np.array(have) - want)) <= 1.0, f"cell {cell}: {have} is not Plotly's {want}"
    for (_, left, _, width, _, _, _), box in zip(seen["canvases"], seen["outlines"]):
        assert abs(box[0] - (left + width * step / T - 2)) < 1.01, "the outline is not on the step's column"
        assert abs(box[2] - (width / T + 4)) < 1.01
    return seen


def test_heatmaps_draw_pythons_panels_in_plotlys_colours_with_the_step_outlined(blank_page):
    # The default example (12 steps, 2 features, 2 units) with tokens a learner typed, full width.
    state = write_once_carry()
    trace = trace_of(state)
    tokens = ["the", "cat", HOSTILE, "on", "a", "very-long-token-indeed", "é", "t", "x", "y", "z", "end"]
    page = page_for(blank_page, width=1280, height=720, device_scale_factor=2)  # a sharp screen: 2 px a px
    said = mount(page, "/live/heatmaps.js", state, id="small", tokens=tokens)
    seen = check_heatmaps(page, "small", trace, [t if len(t) <= 14 else t[:13] + "…" for t in tokens], state.step)
    assert "Step 2 (token “<img" in said and "r = " in said
    assert seen["label"] == said
    shoot(page, "small", "live_heatmaps_default")

    # Hover says the exact value; a click on any cell selects its step.
    box = page.locator("#small canvas[data-q=h]").bounding_box()
    t, j = 7, 1
    page.mouse.move(box["x"] + (t + 0.5) * box["width"] / 12, box["y"] + (j + 0.5) * box["height"] / 2)
    assert page.locator("#small .gl-hm-tooltip").text_content() == f"h, unit {j}, step {t} (t): {trace.h[t, j]:.4f}"
    page.mouse.click(box["x"] + 4.5 * box["width"] / 12, box["y"] + 3)
    assert page.evaluate("window.__clicked") == 4
    page.mouse.move(0, 0)

    # Presentation size, the default example and the page limits; the limits at normal size.
    big = at_limits()
    big_trace = trace_of(big)
    for id, shown, present in (("shown", state, True), ("big", big, False), ("shown_big", big, True)):
        mount(page, "/live/heatmaps.js", state if id == "big" else shown, id=id, presentation=present)
        if id == "big":  # a view laid out for one shape, given another (the learner added steps and units)
            page.evaluate(SHOW, json.dumps({"id": id, "view": view_of(big, unit=0)}))
        check_heatmaps(page, id, trace_of(shown), shown.tokens(), shown.step)
        shoot(page, id, {"shown": "live_heatmaps_presentation", "big": "live_heatmaps_limits",
                         "shown_big": "live_heatmaps_limits_presentation"}[id])
    assert not page.evaluate("window.__owned ?? 0")

    # The page limits in the edit page's narrower compact panel; timed.
    sharp = page
    mount(sharp, "/live/heatmaps.js", big, id="limits", width="620px", compact=True)
    seen = check_heatmaps(sharp, "limits", big_trace, big.tokens(), big.step, compact=True)
    assert seen["canvases"][0][5] == round(seen["canvases"][0][3] * 2), "the cells are not drawn at 2 device px"
    assert seen["height"] < 800, "the block at the page limits is taller than a screen"
    shoot(sharp, "limits", "live_heatmaps_limits_compact", scale="device")
    report("heatmaps", drag_times(sharp, "limits", big))
    size = sharp.evaluate("""() => { const c = window.__views.limits.image(2);
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let ink = 0; for (let k = 0; k < d.length; k += 4) ink += d[k] < 128;
      return [c.width, c.height, ink, c.toDataURL("image/png")]; }""")
    (ARTIFACTS / "live_heatmaps_image.png").write_bytes(base64.b64decode(size[3].split(",")[1]))
    root = sharp.locator("#limits .gl-hm").bounding_box()
    assert size[:2] == [int(np.ceil(root["width"] * 2)), int(np.ceil(root["height"] * 2))]
    assert size[2] > 10000, "the exported image is blank"
    # The SVG download: the same block, its text as text (a token too), its cells one picture a panel.
    svg = sharp.evaluate("() => new XMLSerializer().serializeToString(window.__views.small.vector())")
    tree = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in tree.iter(f"{ns}text")]
    assert {"input x", "reset gate r", "update gate z", "candidate h̃", "state h"} <= set(texts)
    assert HOSTILE[:13] + "…" in texts and not tree.findall(f".//{ns}img")  # the token is text, not markup
    images = list(tree.iter(f"{ns}image"))
    assert len(images) == 5 and all(i.get("href").startswith("data:image/png;base64,") for i in images)
    assert len(list(tree.iter(f"{ns}linearGradient"))) == 3  # the colour bars


# ---- number lines and equations -------------------------------------------------------------------

def cases():
    """(state, unit) pairs: both conventions, both reset positions, clamps of one unit and of all
    (0.125 is a tie Python writes "0.12" and toFixed "0.13"), steps at either end, the page limits."""
    carry = write_once_carry()
    wipes = reset_wipes_the_past()
    after = random_gru(3, 4, 10, seed=2)
    after = after.with_changes(reset="after", b_hh=tuple(np.round(np.linspace(-1, 1, 12), 2)), step=7)
    return [
        (carry, 0),
        (carry.with_changes(z_convention="keeps_old", step=5), 1),
        (wipes.with_changes(clamp=Clamp("z", 0.95, 0)), 0),
        (wipes.with_changes(clamp=Clamp("z", 0.95, 0)), 1),
        (two_speeds().with_changes(z_convention="keeps_old", clamp=Clamp("r", 0.125, None), step=0), 1),
        (after, 3),
        (after.with_changes(z_convention="keeps_old", clamp=Clamp("z", 1.0, 2), step=9), 2),
        (at_limits("keeps_old"), 9),
        (at_limits().with_changes(clamp=Clamp("z", 0.5, None), step=199), 15),
    ]


# Every case through one view of each module (the convention's words given with each view).
READ_STEPS = """(json) => {
  const numbers = window.__views.numbers, equations = window.__views.equations;
  const box = (id) => document.getElementById(id);
  return JSON.parse(json).map((view) => {
    view = { ...view, trace: window.__trace(view.trace) };
    numbers.update(view);
    equations.update(view);
    const n = box("numbers"), e = box("equations");
    const all = (root, sel, f) => [...root.querySelectorAll(sel)].map(f);
    return {
      heading: n.querySelector(".gl-numbers-heading").textContent,
      sentences: all(n, "li", (li) => li.textContent),
      dots: all(n, "[data-field]", (d) => [d.dataset.field, d.dataset.value]),
      sides: all(n, ".gl-numbers-unit .gl-numbers-side", (s) => s.textContent),
      followed: all(n, ".gl-numbers-row.gl-numbers-followed", (r) => Number(r.dataset.unit)),
      said: [numbers.describe(), equations.describe()],
      lines: all(e, ".gl-eq-rhs", (m) => [m.dataset.line, m.textContent]),
      lhs: all(e, ".gl-eq-lhs", (m) => m.textContent),
      numbers: all(e, ".gl-eq-num", (m) => m.textContent.replace("−", "-")),
    };
  });
}"""
# fixed() against Python's format on doubles where toFixed differs from it (ties, signed zeros).
FIXED = """async (json) => {
  const { fixed, percent } = await import("/live/numbers.js");
  return JSON.parse(json).map(([v, d]) => [fixed(v, d, { plus: true }), percent(v)]);
}"""


def plain(markup):
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_number_lines_and_sentences_and_equations_say_what_python_says(blank_page):
    page = page_for(blank_page, width=1280, height=720)
    tricky = [0.0625, -0.0625, 0.125, 2.5, -0.0005, 0.0, -0.0, 1e-7, -1e-7, 0.9995, 0.00625, 0.875, 1.0]
    for value, digits in [(v, d) for v in tricky for d in (0, 2, 3, 4, 6)]:
        got = page.evaluate(FIXED, json.dumps([[value, digits]]))[0]
        assert got == [f"{value:+.{digits}f}", f"{value:.0%}"], f"fixed({value}, {digits})"

    first = cases()[0][0]
    mount(page, "/live/numbers.js", first, id="numbers", width="900px")
    mount(page, "/live/equations.js", first, id="equations", width="900px")
    views = [view_of(state, unit, words=live_data(state, trace_of(state), view="cell", unit=unit)["words"])
             for state, unit in cases()]
    seen = page.evaluate(READ_STEPS, json.dumps(views))
    for (state, unit), got in zip(cases(), seen):
        trace, t = trace_of(state), state.step
        where = f"{state.example}, step {t}, {state.z_convention}, reset {state.reset}, clamp {state.clamp}"
        clamp = None if state.clamp is None else (state.clamp.gate, state.clamp.value, state.clamp.unit)
        # The number lines: the heading, each sentence word for word, each mark and its numbers.
        made = interpolation_html(trace, t, clamp=clamp)
        assert got["heading"] == plain(made.split("</div>")[0]), where
        assert got["sentences"] == unit_sentences(trace, t, clamp=clamp), where
        assert got["dots"] == [list(m) for m in re.findall(r'data-field="(\w+)" data-value="([^"]+)"', made)], where
        assert got["sides"] == [plain(s) for s in re.findall(r'(takes \d+% · h = [^<]+)</div>', made)], where
        assert got["followed"] == [unit], where
        # The equations: step_equations' numbers in its order, its lines, its clamp and forms.
        latex = step_equations(trace, t, unit, state.clamp)
        assert got["numbers"] == [n.replace("{-}", "-") for n in re.findall(r"(?:\{-\})?\d+\.\d{3}", latex)], where
        names = [name for name, _ in got["lines"]]
        assert names == ["r", "z", "h_tilde", "h"], where
        assert got["lhs"] == [f"rt,{unit}", f"zt,{unit}", f"h˜t,{unit}", f"ht,{unit}"], where
        for (name, text), line in zip(got["lines"], latex.splitlines()[1:5]):
            assert ("(clamped)" in text) == ("(clamped)" in line), f"{where}: {name}"
        candidate = got["lines"][2][1]
        assert ("Win" in candidate and "Whn" in candidate) == (state.reset == "after"), where
        formula = re.sub(r"[_{}\s]", "", live_data(state, trace, view="cell", unit=unit)["words"]["update"])
        assert got["lines"][3][1].replace("˜", "\u0303").startswith(formula + "="), where
        assert f"step {t}" in got["said"][0] and f"unit {unit} at step {t}" in got["said"][1], where

    # Text tokens are named in the heading, as the cell page names them (textContent only).
    tokens = ["the", HOSTILE, "sat"] + [f"w{k}" for k in range(9)]
    state = first.with_changes(step=1)
    mount(page, "/live/numbers.js", state, id="worded", width="900px", tokens=tokens)
    heading = page.locator("#worded .gl-numbers-heading").text_content()
    assert heading == plain(interpolation_html(trace_of(state), 1, token=tokens[1]).split("</div>")[0])
    assert not page.evaluate("window.__owned ?? 0") and page.locator("#worded img").count() == 0

    # Screenshots: the cell page's panel (equations, then number lines) at the default example and
    # at the page limits, in normal and presentation sizes; update() timed at the limits.
    big = at_limits()
    for id, shown, present in (("cell", first, False), ("cell_big", big, False),
                               ("shown", first, True), ("shown_big", big, True)):
        for module in ("equations", "numbers"):
            mount(page, f"/live/{module}.js", shown, id=f"{id}_{module}", width="900px", unit=1, presentation=present)
        page.evaluate("""(id) => { const both = document.createElement("div"); both.id = id;
          both.append(document.getElementById(id + "_equations"), document.getElementById(id + "_numbers"));
          document.getElementById("root").append(both); }""", id)
        shoot(page, id, {"cell": "live_numbers_default", "cell_big": "live_numbers_limits",
                         "shown": "live_numbers_presentation", "shown_big": "live_numbers_limits_presentation"}[id])
    report("numbers", drag_times(page, "cell_big_numbers", big))
    report("equations", drag_times(page, "cell_big_equations", big))
