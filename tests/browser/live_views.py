"""Mounting the live view's modules (static/live/) alone on a blank page, with the server's own
traces, for the tests that hold each view to the Python builder it replaces
(test_live_heatmaps_browser.py, test_live_views_browser.py): mount, show, time update() on a drag's
stream of traces, screenshot."""

import functools
import json
import pathlib

from lessons.explore import run_state
from lessons.live_data import live_data
from lessons.presets import random_gru

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
