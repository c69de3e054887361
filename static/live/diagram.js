// The live cell diagram: one GRU step as hand-written SVG, redrawn in the browser at every step and
// drag. A transcription of gru_viz/figures/cell.py `cell_diagram` (and its helpers in
// gru_viz/figures/diagram.py): the same nodes at the same places, the same labels, numbers and
// colours, and the same wiring, which follows the trace's conventions:
//   z multiplies one side of h_t = kept * h_{t-1} + taken * h~_t, and 1 - z the other
//   (takes_new: z feeds "new part"; keeps_old: z feeds "old part");
//   reset before: r * h_{t-1} feeds W_h (Cho et al.); after: r scales W_hn h_{t-1} + b_hn (PyTorch).
// tests/browser/test_live_diagram_browser.py holds every text to the Python figure's on the same trace.
//
// Unlike the Plotly figure, arrows whose straight line would cross another box take a curve around
// it (ROUTES): the straight lines ran through "1 − z", "tanh → h̃" and "r ⊙ h" and read as wires to them.
//
// create() builds the SVG once; update(view) rewrites only the numbers and the clamp's marks. A
// change of what the boxes hold (H, I, whole vectors or one unit) or of the conventions rebuilds it.

import { fixed } from "./format.js";

const NS = "http://www.w3.org/2000/svg";

// gru_viz/figures/cell.py and diagram.py, in axis units.
const HALF_WIDTH = 1.15;
const HALF_HEIGHT = 0.72;
const X_RANGE = [-0.3, 14.7];
const Y_RANGE = [-0.7, 6.8];
const NOTE_AT = [7.2, -0.35];
const PER_LINE = 2; // numbers on one line of a box
const SHOWN_INPUTS = 4; // an input vector up to this long is listed whole
const VECTORS = 3; // pages/cell_page.py: up to this many units the boxes list whole vectors
const ARROW_COLOUR = "#888"; // diagram.py's ARROW_COLOUR: mid grey reads on light and dark pages

// Pixels of the SVG at its full size, per axis unit, and its text. Normal: the Plotly figure at the
// cell page's usual 600 px column (13 px numbers, 12 px notes). Presentation: text 1.45 times as
// large (ui/charts.py SCALE), so the boxes grow with it: 870 x 500 at most, the room ui/charts.py
// gives the cell diagram on a projector's first screen (ROOM_FOR), shrunk to fit a narrower column.
const SIZES = {
  normal: { sx: 40, sy: 52, text: 13, note: 12, title: 16, top: 34, line: 1.6, border: 2.5, head: 9 },
  presentation: { sx: 58, sy: 60, text: 18.85, note: 17.4, title: 23.2, top: 46, line: 2, border: 3, head: 11 },
};
const LINE_HEIGHT = 1.3; // em, as Plotly spaces the lines of a text
const STANDOFF = 2; // px between an arrow's tip and its box, as the Plotly arrows' standoff

// name: [x, y, shape, colour key]
const PLACES = {
  h_prev: [0.9, 6.0, "rect", "h_prev"],
  x: [0.9, 0.6, "rect", "x"],
  r: [3.4, 2.9, "rect", "r"],
  z: [6.0, 2.9, "rect", "z"],
  one_minus: [6.0, 4.75, "pill", "z"],
  reset: [8.6, 4.4, "pill", "r"],
  h_tilde: [8.6, 2.0, "rect", "h_tilde"],
  keep: [11.2, 6.0, "pill", "h_prev"],
  take: [11.2, 2.0, "pill", "h_tilde"],
  h: [13.5, 4.0, "rect", "h"],
};

// Labels as parts: a string, or [text] for a subscript. The thin space after "hn" is cell.py's.
const sub = (text) => [text];
function labels(after) {
  return {
    h_prev: ["h", sub("t−1")],
    x: ["x", sub("t")],
    r: ["σ → r", sub("t")],
    z: ["σ → z", sub("t")],
    one_minus: ["1 − z"],
    reset: after ? ["r ⊙ (W", sub("hn"), "\u2009h+b)"] : ["r ⊙ h", sub("t−1")],
    h_tilde: ["tanh → h̃", sub("t")],
    keep: ["⊙ old part"],
    take: ["⊙ new part"],
    h: ["+ → h", sub("t")],
  };
}

// cell.py's edges: z feeds the product of the side it multiplies, the 1 - z branch the other.
export function edges(zOn) {
  const [zFeeds, restFeeds] = zOn === "h_prev" ? ["keep", "take"] : ["take", "keep"];
  return [
    ["h_prev", "keep"], ["h_prev", "r"], ["h_prev", "z"], ["h_prev", "reset"],
    ["x", "r"], ["x", "z"], ["x", "h_tilde"],
    ["r", "reset"], ["reset", "h_tilde"], ["h_tilde", "take"], ["keep", "h"], ["take", "h"],
    ["z", "one_minus"], ["one_minus", restFeeds], ["z", zFeeds],
  ];
}

// Curves for the edges whose straight line would cross another box: chained cubic Béziers in axis
// units (start, then three points a segment, as an SVG path's C), from inside the first box to
// inside the second. Each threads a gap of the layout: above "1 − z" (h_{t-1} to the reset
// product); between z and "1 − z" (r to it); between the reset product and h~, in two lanes for the
// keeps_old wiring whose two branches cross there once; up the free column under "old part".
const ROUTES = {
  "h_prev>reset": [[1.6, 5.78], [5.5, 5.8], [8.55, 5.85], [8.6, 4.6]],
  "x>z": [[1.6, 0.95], [3.3, 1.45], [4.9, 1.95], [5.6, 2.6]],
  "r>reset": [[3.9, 3.45], [4.4, 3.83], [6.5, 3.83], [7.9, 3.95]],
  "one_minus>keep": [[6.5, 5.0], [7.8, 5.45], [9.2, 5.6], [10.6, 5.9]],
  "z>take": [[6.7, 3.0], [8.3, 3.2], [9.9, 3.2], [10.7, 2.3]],
  "z>keep": [[6.7, 3.0], [8.8, 3.0], [10.1, 3.0], [10.35, 3.6], [10.55, 4.1], [10.6, 4.9], [10.6, 5.6]],
  "one_minus>take": [
    [6.8, 4.45], [7.3, 4.3], [7.3, 3.9], [7.3, 3.62],
    [7.3, 3.45], [7.5, 3.4], [8.6, 3.4], [10.3, 3.4], [10.9, 3.2], [10.95, 2.4],
  ],
};

// Python's format(v, "+.{digits}f") (format.js: ties to even, a sign even on -0).
export function formatted(v, digits, signed = true) {
  return fixed(v, digits, { plus: signed });
}

// diagram.py's vector_text, as lines: one unit's value, or the whole vector PER_LINE a line.
export function vectorLines(values, unit) {
  if (unit != null) return [formatted(values[unit], 3)];
  return listed(Array.from(values, (v) => formatted(v, 2)));
}

// diagram.py's input_text: the input vector whole, or its first line and its length.
export function inputLines(x) {
  if (x.length <= SHOWN_INPUTS) return vectorLines(x, null);
  return listed([...Array.from(x.slice(0, PER_LINE), (v) => formatted(v, 2)), `… ${x.length} numbers`]);
}

function listed(numbers) {
  const lines = [];
  for (let i = 0; i < numbers.length; i += PER_LINE) lines.push(numbers.slice(i, i + PER_LINE).join(", "));
  return lines.map((line, i) => (i === 0 ? "[" : "") + line + (i < lines.length - 1 ? "," : "]"));
}

// cell.py's subscripts: "h_{t−1}" and "h_t" as parts with subscripts.
export function subscripted(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/_\{([^}]*)\}|_(\w)/g)) {
    parts.push(text.slice(last, m.index), sub(m[1] ?? m[2]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== "");
}

// Every box's number lines at step t (cell.py's `nodes`): `unit` null lists whole vectors.
export function nodeLines(trace, t, unit, zOn) {
  const { H, I } = trace;
  const row = (field) => trace[field].slice(t * H, (t + 1) * H); // (H,) at step t
  const h_prev = row("h_prev"), r = row("r"), z = row("z"), h_tilde = row("h_tilde"), h = row("h");
  const rec = row("h_tilde_rec");
  const oneMinusZ = Float64Array.from(z, (v) => 1.0 - v);
  const kept = zOn === "h_prev" ? z : oneMinusZ; // the weight on h_{t-1}
  const taken = zOn === "h_tilde" ? z : oneMinusZ; // the weight on h~_t
  const after = trace.reset === "after";
  const x = trace.x.slice(t * I, (t + 1) * I);
  return {
    h_prev: vectorLines(h_prev, unit),
    x: inputLines(x),
    r: vectorLines(r, unit),
    z: vectorLines(z, unit),
    one_minus: vectorLines(oneMinusZ, unit),
    reset: vectorLines(Float64Array.from(r, (v, j) => v * (after ? rec[j] : h_prev[j])), unit),
    h_tilde: vectorLines(h_tilde, unit),
    keep: vectorLines(Float64Array.from(kept, (v, j) => v * h_prev[j]), unit),
    take: vectorLines(Float64Array.from(taken, (v, j) => v * h_tilde[j]), unit),
    h: vectorLines(h, unit),
  };
}

function svgElement(tag, attributes = {}, parent = null) {
  const made = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, String(value));
  parent?.append(made);
  return made;
}

// A <text>'s parts: strings and [subscripts], each a text node (never markup).
function write(text, parts) {
  for (const part of parts) {
    if (typeof part === "string") text.append(part);
    else svgElement("tspan", { "baseline-shift": "sub", "font-size": "70%" }, text).append(part[0]);
  }
  return text;
}

// The layout in pixels of the SVG's viewBox.
function geometry(size) {
  const s = SIZES[size];
  const width = (X_RANGE[1] - X_RANGE[0]) * s.sx;
  const height = s.top + (Y_RANGE[1] - Y_RANGE[0]) * s.sy;
  const px = (x, y) => [(x - X_RANGE[0]) * s.sx, s.top + (Y_RANGE[1] - y) * s.sy];
  const boxes = {};
  for (const [name, [x, y, shape]] of Object.entries(PLACES)) {
    const [cx, cy] = px(x, y);
    const w = HALF_WIDTH * s.sx, h = HALF_HEIGHT * s.sy;
    // diagram.py's pill: corners rounded over 0.6 of the half-height.
    boxes[name] = { cx, cy, w, h, round: shape === "pill" ? 0.6 * h : 0 };
  }
  return { ...s, width, height, px, boxes };
}

// Whether point p is inside box b grown by `margin` px (a pill's corners counted round).
export function inside(b, [x, y], margin = 0) {
  const dx = Math.abs(x - b.cx) - (b.w - b.round), dy = Math.abs(y - b.cy) - (b.h - b.round);
  const reach = b.round + margin;
  if (dx <= 0 || dy <= 0) return dx <= reach && dy <= reach;
  return Math.hypot(dx, dy) <= reach;
}

const bezier = ([p0, p1, p2, p3], t) => {
  const u = 1 - t;
  return [0, 1].map((k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k]);
};

// The part of a cubic between parameters a < b (de Casteljau's blossom).
function piece(p, a, b) {
  const blossom = (s, t, v) => {
    const q = [p[0], p[1], p[2], p[3]];
    const lerp = (m, n, w) => [m[0] + (n[0] - m[0]) * w, m[1] + (n[1] - m[1]) * w];
    const r1 = [lerp(q[0], q[1], s), lerp(q[1], q[2], s), lerp(q[2], q[3], s)];
    const r2 = [lerp(r1[0], r1[1], t), lerp(r1[1], r1[2], t)];
    return lerp(r2[0], r2[1], v);
  };
  return [blossom(a, a, a), blossom(a, a, b), blossom(a, b, b), blossom(b, b, b)];
}

// The parameter where `test` changes its answer, between t = lo and hi (where it differs).
function boundary(p, test, lo, hi) {
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (test(bezier(p, mid)) === test(bezier(p, lo))) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// One arrow from box a to box b: the route (or the straight line between the centres) clipped
// where it leaves a and where it meets b, ending STANDOFF px short of b with a head along its last
// direction. Returns { path, head }, SVG path data in viewBox pixels.
export function arrow(g, a, b) {
  const route = ROUTES[`${a}>${b}`];
  const A = g.boxes[a], B = g.boxes[b];
  const points = route
    ? route.map(([x, y]) => g.px(x, y))
    : [0, 1 / 3, 2 / 3, 1].map((w) => [A.cx + (B.cx - A.cx) * w, A.cy + (B.cy - A.cy) * w]);
  const segments = [];
  for (let k = 0; k + 3 < points.length; k += 3) segments.push(points.slice(k, k + 4));
  // The route leaves a in its first segment and meets b in its last.
  const first = segments[0], last = segments.at(-1);
  const t0 = crossing(first, (q) => inside(A, q), true);
  const t1 = crossing(last, (q) => inside(B, q), false);
  const end = bezier(last, t1);
  const before = bezier(last, t1 - 1e-4);
  const len = Math.hypot(end[0] - before[0], end[1] - before[1]);
  const u = [(end[0] - before[0]) / len, (end[1] - before[1]) / len];
  const tip = [end[0] - STANDOFF * u[0], end[1] - STANDOFF * u[1]];
  const base = [tip[0] - g.head * u[0], tip[1] - g.head * u[1]];
  // The line stops inside the head, so that its end never shows past the tip.
  const far = (q) => Math.hypot(q[0] - end[0], q[1] - end[1]) > STANDOFF + 0.6 * g.head;
  const stop = boundary(last, far, segments.length === 1 ? t0 : 0, t1);
  const pieces = segments.map((segment, k) =>
    piece(segment, k === 0 ? t0 : 0, k === segments.length - 1 ? stop : 1));
  const f = (q) => `${q[0].toFixed(2)},${q[1].toFixed(2)}`;
  const path = route
    ? `M${f(pieces[0][0])}` + pieces.map((q) => ` C${f(q[1])} ${f(q[2])} ${f(q[3])}`).join("")
    : `M${f(pieces[0][0])} L${f(pieces[0][3])}`;
  const half = 0.45 * g.head;
  const left = [base[0] - half * u[1], base[1] + half * u[0]];
  const right = [base[0] + half * u[1], base[1] - half * u[0]];
  return { path, head: `M${f(tip)} L${f(left)} L${f(right)} Z` };
}

// Where a segment crosses a box's outline: `leaving` from inside at t = 0, else entering before t = 1.
function crossing(segment, test, leaving) {
  const N = 200;
  let k = 0;
  if (leaving) {
    while (k < N && test(bezier(segment, (k + 1) / N))) k++;
    return boundary(segment, test, k / N, (k + 1) / N);
  }
  k = 1;
  while (k < N && !test(bezier(segment, k / N))) k++;
  return boundary(segment, test, (k - 1) / N, k / N);
}

// `options`: { style, words, tokens, presentation } from lessons/live_data.py.
export function create(container, options) {
  const view = new Diagram(container, options);
  return { update: (v) => view.update(v), describe: () => view.describe(), element: () => view.svg };
}

class Diagram {
  constructor(container, options) {
    this.container = container;
    this.options = options;
    this.size = options.presentation ? "presentation" : "normal";
    this.key = null; // what the skeleton was built for
    this.last = null;
  }

  // The skeleton for one shape of content: boxes, labels, empty number lines, arrows, notes.
  build(trace, words, unit) {
    const g = (this.g = geometry(this.size));
    const colours = this.options.style.colours;
    const svg = svgElement("svg", {
      viewBox: `0 0 ${g.width} ${g.height}`, width: "100%", role: "img", class: "gl-diagram",
      // The page's font (Streamlit's theme), else the figures' own (gru_viz/figures/style.py FONT).
      style: `font-family:var(--st-font, ${this.options.style.font?.family ?? "sans-serif"});max-width:${g.width}px;` +
        "height:auto;display:block;color:inherit;font-variant-numeric:tabular-nums",
    });
    this.title = svgElement("text", { x: 8, y: g.top * 0.62, "font-size": g.title, "font-weight": 600, fill: "currentColor" }, svg);
    this.title.append("");

    const arrows = svgElement("g", { class: "gl-diagram-arrows", fill: "none", stroke: ARROW_COLOUR, "stroke-width": g.line }, svg);
    for (const [a, b] of edges(words.z_on)) {
      const { path, head } = arrow(g, a, b);
      const one = svgElement("g", { "data-from": a, "data-to": b }, arrows);
      svgElement("path", { d: path }, one);
      svgElement("path", { d: head, fill: ARROW_COLOUR, stroke: "none" }, one);
    }

    const label = labels(trace.reset === "after");
    const lines = nodeLines(trace, 0, unit, words.z_on);
    this.lines = {};
    this.borders = {};
    for (const [name, b] of Object.entries(g.boxes)) {
      const node = svgElement("g", { "data-node": name }, svg);
      this.borders[name] = svgElement("rect", {
        x: b.cx - b.w, y: b.cy - b.h, width: 2 * b.w, height: 2 * b.h, rx: b.round, ry: b.round,
        fill: "transparent", stroke: colours[PLACES[name][3]], "stroke-width": g.border,
      }, node);
      const count = 1 + lines[name].length;
      const y = (i) => b.cy + (i - (count - 1) / 2) * LINE_HEIGHT * g.text;
      const text = { "text-anchor": "middle", "dominant-baseline": "central", "font-size": g.text, fill: "currentColor" };
      write(svgElement("text", { ...text, x: b.cx, y: y(0), "font-weight": 700, class: "gl-diagram-label" }, node), label[name]);
      this.lines[name] = lines[name].map((_, i) => {
        const line = svgElement("text", { ...text, x: b.cx, y: y(i + 1), class: "gl-diagram-value" }, node);
        const content = document.createTextNode("");
        line.append(content);
        return content;
      });
    }

    const [nx, ny] = g.px(...NOTE_AT);
    const rNote = trace.reset === "after"
      ? ["reset after W", sub("hn"), " (PyTorch, Keras default)"]
      : ["reset before W", sub("h"), " (Cho et al.)"];
    write(svgElement("text", {
      x: nx, y: ny, "text-anchor": "middle", "dominant-baseline": "central", "font-size": g.note,
      fill: "currentColor", "fill-opacity": 0.72, class: "gl-diagram-note",
    }, svg), [`${words.label}: `, ...subscripted(`h_t = ${words.update}`), " · ", ...rNote]);

    // The clamp's note. cell.py puts it above the forced gate's box, where here it would hide the
    // short z -> 1 - z arrow: it goes at the title's right instead, in the gate's colour, and the
    // gate's dashed box says which one.
    this.clampNote = svgElement("text", {
      x: g.width - 8, y: g.top * 0.62, "text-anchor": "end", "font-size": g.note, class: "gl-diagram-clamp",
      visibility: "hidden",
    }, svg);
    this.clampGate = svgElement("tspan", { "font-weight": 700 }, this.clampNote);
    this.clampGate.append("");
    this.clampWho = svgElement("tspan", {}, this.clampNote);
    this.clampWho.append("");
    this.clampShown = null;

    this.svg?.remove();
    this.svg = svg;
    this.container.append(svg);
  }

  update(view) {
    const { trace, step } = view;
    const words = view.words ?? this.options.words;
    if (trace.z_convention !== words.name) {
      throw new Error(`diagram: a trace in ${trace.z_convention} with the words of ${words.name}: create the view again with the new data's words`);
    }
    const t = Math.min(Math.max(step, 0), trace.T - 1);
    const unit = trace.H <= VECTORS ? null : view.unit;
    const key = [trace.H, trace.I, unit === null, trace.reset, words.name].join();
    if (key !== this.key) {
      this.build(trace, words, unit);
      this.key = key;
    }
    const lines = nodeLines(trace, t, unit, words.z_on);
    for (const [name, texts] of Object.entries(this.lines)) {
      const want = lines[name];
      for (let i = 0; i < texts.length; i++) if (texts[i].data !== want[i]) texts[i].data = want[i];
    }
    const title = `One GRU step at t = ${t}${unit === null ? "" : ` (unit ${unit})`}`;
    if (this.title.firstChild.data !== title) this.title.firstChild.data = title;
    this.showClamp(view.clamp ?? null);
    this.last = { trace, t, unit: view.unit, clamp: view.clamp ?? null, words };
    this.svg.setAttribute("aria-label", this.describe());
  }

  // The forced gate's box dashed and thicker, and its note (cell.py: clamp and clamp_note).
  showClamp(clamp) {
    const id = clamp && `${clamp.gate}:${clamp.value}:${clamp.unit}`;
    if (id === this.clampShown) return;
    this.clampShown = id;
    const g = this.g;
    for (const gate of ["r", "z"]) {
      const border = this.borders[gate];
      const forced = clamp?.gate === gate;
      border.setAttribute("stroke-dasharray", forced ? `${3 * 3.5} ${3 * 3.5}` : "none");
      border.setAttribute("stroke-width", forced ? 3.5 * (g.border / 2.5) : g.border);
    }
    this.clampNote.setAttribute("visibility", clamp ? "visible" : "hidden");
    if (!clamp) return;
    this.clampNote.setAttribute("fill", this.options.style.colours[clamp.gate]);
    this.clampGate.firstChild.data = `${clamp.gate} clamped to ${formatted(clamp.value, 2, false)}`;
    this.clampWho.firstChild.data = ` (${clamp.unit == null ? "every unit" : `unit ${clamp.unit}`})`;
  }

  // Alt text: the step, its token, and the followed unit's gates and state.
  describe() {
    if (!this.last) return "The GRU cell diagram.";
    const { trace, t, unit, clamp, words } = this.last;
    const j = Math.min(unit ?? 0, trace.H - 1);
    const v = (field) => formatted(trace[field][t * trace.H + j], 3);
    const token = this.options.tokens?.[t];
    const forced = clamp
      ? ` The ${clamp.gate} gate is clamped to ${formatted(clamp.value, 2, false)} for ${clamp.unit == null ? "every unit" : `unit ${clamp.unit}`}.`
      : "";
    return `GRU cell diagram at step t = ${t}${token ? ` (token “${token}”)` : ""}, ${words.label}. ` +
      `Unit ${j}: reset gate r = ${v("r")}, update gate z = ${v("z")}, candidate h̃ = ${v("h_tilde")}; ` +
      `the state goes from ${v("h_prev")} to ${v("h")}.${forced}`;
  }
}
