"""The live view's number lines and equations (static/live/numbers.js, equations.js), drawn in
chromium, say what the Python builders they replace say on the same trace, word for word
(gru_viz/figures/number_line.py, interpolation.py, equations.py):
- number lines: every unit's sentence word for word, every mark's data-value and its side text,
  in both conventions, at several steps, with clamps of one unit and of all.
- equations: every number of step_equations' LaTeX, in its order, "(clamped)" where a gate is
  forced, the candidate's reset form and the convention's update formula.
The heatmaps' test is test_live_heatmaps_browser.py; the helpers both use, live_views.py.
"""

import html
import json
import re

import numpy as np

from gru_viz.figures.equations import step_equations
from gru_viz.figures.interpolation import unit_sentences
from gru_viz.figures.number_line import interpolation_html
from lessons.live_data import live_data
from lessons.presets import random_gru, reset_wipes_the_past, two_speeds, write_once_carry
from lessons.state import Clamp
from tests.browser.live_views import HOSTILE, at_limits, drag_times, mount, page_for, report, shoot, trace_of, view_of

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
