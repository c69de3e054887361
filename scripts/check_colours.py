"""Check the app's colours under simulated colour-vision deficiencies, and print a table.

    python scripts/check_colours.py          # needs colorspacious (requirements-dev.txt)

What is checked, for each deficiency (and for normal vision, for comparison):
- the gate scale (style.GATE_SCALE, values 0 to 1): its lightness rises strictly from 0 to 1, and
  neighbouring gate values 0.1 apart differ by at least STEP_DELTA;
- the diverging scale (style.STATE_SCALE, values -1 to 1): its two ends differ from each other and
  from 0 by at least CATEGORY_DELTA, so do -v and +v for v = 0.25, 0.5, 0.75, 1, and lightness
  falls strictly from 0 towards either end (so |value| reads as darkness whatever the hue);
- the line and bar colours (style.COLOURS) drawn together in one figure (FIGURE_GROUPS): every pair
  differs by at least CATEGORY_DELTA.

Simulation: Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation
of color vision deficiency", as colorspacious implements it (the "sRGB1+CVD" space), for
deuteranomaly, protanomaly and tritanomaly at severity 100 (the dichromat end of each), simulated
colours clipped to the sRGB gamut. Differences are Euclidean distances (delta E') in CAM02-UCS
(Luo, Cui and Li 2006) under colorspacious' default viewing conditions; J' is its lightness.
Scales are sampled with plotly.colors.sample_colorscale: plotly.js interpolates the same stops in
sRGB, so these are the colours the heatmaps draw.

Thresholds: CAM02-UCS is built so that a delta E' of about 1 is one just-noticeable difference
between large patches side by side. Heatmap cells are small and compared across a figure, so
neighbouring gate values (0.1 apart, the resolution the lessons talk in) must be STEP_DELTA = 3
such differences apart. Colours that must be told apart as categories (a legend's lines and bars,
the sign of a state, an end of the scale against its middle) must be CATEGORY_DELTA = 10 apart, a
difference seen at a glance on a thin line.
"""

import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import plotly.colors as pc  # noqa: E402
from colorspacious import cspace_convert  # noqa: E402

from gru_viz.figures import style  # noqa: E402

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")
SEVERITY = 100
STEP_DELTA = 3.0
CATEGORY_DELTA = 10.0
GATE_STEPS = np.linspace(0.0, 1.0, 11)  # gate values 0.1 apart
FINE = 101  # samples for the lightness checks
SIGNED_PAIRS = (0.25, 0.5, 0.75, 1.0)  # -v against +v
SHOWN_PAIRS = (0.1, *SIGNED_PAIRS)  # the table also shows ±0.1, which is allowed to be close
DIVERGING_CANDIDATES = ("PuOr", "BrBG")  # printed beside STATE_SCALE for comparison

# Colours drawn together in one figure (the module that draws them), as names in style.COLOURS.
FIGURE_GROUPS = {
    "GRU cell diagram (cell.py)": ("h_prev", "x", "r", "z", "h_tilde", "h"),
    "interpolation number lines (number_line.py)": ("h_prev", "h_tilde", "h"),
    "gates r and z": ("r", "z"),
    "LSTM cell diagram (lstm_cell.py)": ("c", "h_prev", "x", "f", "i", "g", "o", "h"),
    "models and shortcut (curves.py, training.py)": ("gru", "lstm", "rnn", "shortcut"),
    "stacked network (stacked.py)": ("x", "gru", "h_tilde", "h"),
    "r forced to 0 and 1 (curves.py)": ("r_closed", "r_open"),
    "reset before vs after (curves.py)": ("h_tilde", "h"),
}


def sample(scale, positions):
    """sRGB colours (values 0 to 1), (n, 3), of a plotly colour scale at positions in [0, 1]."""
    return np.array(pc.sample_colorscale(pc.get_colorscale(scale), list(positions), colortype="tuple"))


def hex_colours(codes):
    """sRGB colours (values 0 to 1), (n, 3), of '#RRGGBB' codes."""
    return np.array([[int(code[k : k + 2], 16) / 255 for k in (1, 3, 5)] for code in codes])


def seen(rgb, deficiency):
    """The colours in CAM02-UCS (J', a', b') as seen with `deficiency` (None: normal vision)."""
    if deficiency is not None:
        cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": SEVERITY}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0.0, 1.0)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def delta(a, b):
    """delta E' between CAM02-UCS colours (along the last axis)."""
    return np.linalg.norm(np.asarray(a) - np.asarray(b), axis=-1)


def gate_scale(deficiency, scale=style.GATE_SCALE):
    """Lightness at GATE_STEPS, whether it rises strictly (finely sampled), and the smallest delta E'
    between neighbouring GATE_STEPS."""
    steps = seen(sample(scale, GATE_STEPS), deficiency)
    fine = seen(sample(scale, np.linspace(0.0, 1.0, FINE)), deficiency)
    return {
        "lightness": steps[:, 0],
        "rises": bool(np.all(np.diff(fine[:, 0]) > 0)),
        "min_step": float(delta(steps[1:], steps[:-1]).min()),
    }


def diverging_scale(deficiency, scale=style.STATE_SCALE):
    """For values -1 to 1 on a scale centred on 0: delta E' of the two ends, of each end from 0, and
    of -v from +v; whether lightness falls strictly from 0 towards both ends."""

    def at(values):
        return seen(sample(scale, (np.asarray(values, dtype=float) + 1.0) / 2.0), deficiency)

    low, middle, high = at([-1.0, 0.0, 1.0])
    half = np.linspace(0.0, 1.0, FINE // 2 + 1)
    towards_high, towards_low = at(half)[:, 0], at(-half)[:, 0]
    return {
        "ends": float(delta(low, high)),
        "end_to_middle": float(min(delta(low, middle), delta(high, middle))),
        "pairs": {v: float(delta(*at([-v, v]))) for v in SHOWN_PAIRS},
        "falls": bool(np.all(np.diff(towards_high) < 0) and np.all(np.diff(towards_low) < 0)),
        "middle": middle,
        "low": low,
        "high": high,
    }


def palette_group(names, deficiency):
    """The closest pair of COLOURS among `names` as seen with `deficiency`: (delta E', a, b)."""
    colours = seen(hex_colours([style.COLOURS[n] for n in names]), deficiency)
    return min(
        (float(delta(colours[a], colours[b])), names[a], names[b])
        for a, b in itertools.combinations(range(len(names)), 2)
    )


def failures():
    """Every check that fails, with normal vision or a simulated deficiency, as sentences (empty:
    all pass)."""
    found = []
    for d in (None, *DEFICIENCIES):
        g = gate_scale(d)
        who = d or "normal vision"
        if not g["rises"]:
            found.append(f"{who}: {style.GATE_SCALE} lightness does not rise strictly")
        if g["min_step"] < STEP_DELTA:
            found.append(f"{who}: {style.GATE_SCALE} neighbours 0.1 apart only {g['min_step']:.1f} apart")
        s = diverging_scale(d)
        checks = {"ends": s["ends"], "end from 0": s["end_to_middle"]}
        checks.update({f"-{v} from +{v}": s["pairs"][v] for v in SIGNED_PAIRS})
        found += [f"{who}: {style.STATE_SCALE} {k} only {v:.1f} apart" for k, v in checks.items() if v < CATEGORY_DELTA]
        if not s["falls"]:
            found.append(f"{who}: {style.STATE_SCALE} lightness does not fall from 0 to both ends")
        for group, names in FIGURE_GROUPS.items():
            closest, a, b = palette_group(names, d)
            if closest < CATEGORY_DELTA:
                found.append(f"{who}: {group}: {a} and {b} only {closest:.1f} apart")
    return found


def main():
    visions = (None, *DEFICIENCIES)
    label = {None: "normal", **{d: d for d in DEFICIENCIES}}
    print(f"Simulation: Machado et al. 2009 via colorspacious, severity {SEVERITY}; delta E' in CAM02-UCS.")
    print(f"Thresholds: neighbouring gate values {STEP_DELTA:g}, categories {CATEGORY_DELTA:g}.\n")

    print(f"Gate scale {style.GATE_SCALE}, values 0, 0.1, ..., 1")
    print(f"{'vision':>14}  {'J at 0, 0.1, ..., 1':<58} {'rises':>5}  {'min step':>8}")
    for v in visions:
        g = gate_scale(v)
        lightness = " ".join(f"{j:4.1f}" for j in g["lightness"])
        print(f"{label[v]:>14}  {lightness:<58} {'yes' if g['rises'] else 'NO':>5}  {g['min_step']:8.1f}")

    for scale in (style.STATE_SCALE, *DIVERGING_CANDIDATES):
        in_use = " (in use)" if scale == style.STATE_SCALE else " (candidate)"
        print(f"\nDiverging scale {scale}{in_use}, values -1 to 1")
        pairs = "  ".join(f"{'±' + format(v, 'g'):>6}" for v in SHOWN_PAIRS)
        print(f"{'vision':>14}  {'ends':>6}  {'end-0':>6}  {pairs}  {'falls':>5}")
        for v in visions:
            s = diverging_scale(v, scale)
            shown = "  ".join(f"{s['pairs'][p]:6.1f}" for p in SHOWN_PAIRS)
            falls = "yes" if s["falls"] else "NO"
            print(f"{label[v]:>14}  {s['ends']:6.1f}  {s['end_to_middle']:6.1f}  {shown}  {falls:>5}")

    print("\nLine and bar colours drawn together: closest pair (delta E')")
    print(f"{'figure':<46}" + "".join(f"{label[v]:>24}" for v in visions))
    for group, names in FIGURE_GROUPS.items():
        cells = []
        for v in visions:
            closest, a, b = palette_group(names, v)
            cells.append(f"{closest:5.1f} {a}/{b}")
        print(f"{group:<46}" + "".join(f"{c:>24}" for c in cells))

    found = failures()
    print("\nVerdict: " + ("every check passes." if not found else "FAILS:\n  " + "\n  ".join(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
