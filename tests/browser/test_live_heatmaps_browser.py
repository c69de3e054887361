"""The live view's heatmaps (static/live/heatmaps.js), drawn in chromium, say what the Python
builder they replace says on the same trace (gru_viz/figures/sequence.py): the panel and colour bar
titles and the time-axis labels (thinned as Python thins them) are Python's; cells are Plotly's
colours (plotly.colors.sample_colorscale, within one unit per channel, at device pixel ratios 1 and
2); the outline sits on the step's column in every panel; hover says the cell's value, a click
selects its step; image() draws the whole block. The test also times update() at the page limits
(reported, not asserted) and takes screenshots into tests/browser/artifacts/ to look at.
"""

import base64
import functools
import html
import json
import re
from xml.etree import ElementTree

import numpy as np
import plotly.colors

from gru_viz.figures import style
from gru_viz.figures.sequence import sequence_heatmaps
from lessons.presets import write_once_carry
from tests.browser.live_views import (
    ARTIFACTS,
    HOSTILE,
    SHOW,
    at_limits,
    drag_times,
    mount,
    page_for,
    report,
    shoot,
    trace_of,
    view_of,
)

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
