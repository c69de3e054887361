// The interpolation of one step as number lines, one per unit, and one sentence per unit: the live
// view's port of gru_viz/figures/number_line.py (interpolation_html) and of
// gru_viz/figures/interpolation.py (unit_sentences), word for word (held equal to them by
// tests/browser/test_live_views_browser.py).
//
// h_t = (1 - z) h_{t-1} + z h~_t (or its mirror) puts h_t on the segment between the old state and
// the candidate, a share `take` of the way towards the candidate. Each unit's line over [-1, 1]
// marks h_{t-1}, h~_t and h_t; the followed unit (view.unit) is highlighted.

import { linkStylesheet, textElement as element } from "./dom.js";
import { fixed, percent } from "./format.js";

export { fixed, percent }; // the tests read them here, beside the sentences they write

const PRESENTATION = "gl-presentation";
const MARKS = [ // field, legend label (base, subscript, rest), CSS class of its dot
  ["h_prev", "h", "t−1", " old"],
  ["h_tilde", "h̃", "t", " candidate"],
  ["h", "h", "t", " new"],
];

// "h" with a subscript, as HTML elements.
function subscripted(base, sub) {
  const span = element("span", "", base);
  span.append(element("sub", "", sub));
  return span;
}

// ---- the sentences (gru_viz/figures/interpolation.py) -----------------------------------------

// The share of h_{t-1} a unit keeps and of h~_t it takes, from z, as gru_viz.conventions says:
// z multiplies `words.z_on`, 1 - z the other side.
export function shares(z, words) {
  return words.z_on === "h_prev" ? { keep: z, take: 1 - z } : { keep: 1 - z, take: z };
}

// unit_sentences' clamp_words: " Its z is clamped to 0.95." when `clamp` ({gate, value, unit},
// unit null for every unit) forces a gate of `unit`, else "".
export function clampWords(clamp, unit) {
  if (!clamp || !(clamp.unit == null || clamp.unit === unit)) return "";
  return ` Its ${clamp.gate} is clamped to ${fixed(clamp.value, 2)}.`;
}

// One plain sentence per unit at step t, as unit_sentences writes them.
export function unitSentences(trace, t, words, clamp = null) {
  const sentences = [];
  for (let u = 0; u < trace.H; u++) {
    const k = t * trace.H + u;
    const { keep, take } = shares(trace.z[k], words);
    sentences.push(
      `Unit ${u} keeps ${percent(keep)} of its old value (${fixed(trace.h_prev[k], 3, { plus: true })}) and takes ` +
      `${percent(take)} of the candidate (${fixed(trace.h_tilde[k], 3, { plus: true })}): ` +
      `h = ${fixed(trace.h[k], 3, { plus: true })}.` + clampWords(clamp, u),
    );
  }
  return sentences;
}

// ---- the number lines (gru_viz/figures/number_line.py) ----------------------------------------

// Where `value` sits on the [-1, 1] track, in % of its width (beyond ±1: at the ends).
function position(value) {
  return 50 * (Math.min(Math.max(value, -1), 1) + 1);
}

function placeBar(bar, a, b) {
  const [left, right] = [position(a), position(b)].sort((p, q) => p - q);
  bar.style.left = `${left.toFixed(3)}%`;
  bar.style.width = `${(right - left).toFixed(3)}%`;
}

function placeDot(dot, value) {
  dot.style.left = `${position(value).toFixed(3)}%`;
  dot.dataset.value = fixed(value, 6, { plus: true });
  dot.title = `${dot.dataset.field} = ${fixed(value, 4, { plus: true })}`;
}

function legend(style) {
  const row = element("div", "gl-numbers-legend");
  for (const [field, base, sub, rest] of MARKS) {
    const item = element("span", "gl-numbers-key");
    const swatch = element("span", `gl-numbers-dot gl-numbers-${field}`);
    swatch.style.setProperty("--gl-colour", style.colours[field]);
    const label = subscripted(base, sub);
    label.append(rest);
    item.append(swatch, " ", label);
    row.append(item);
  }
  return row;
}

function axis() {
  const row = element("div", "gl-numbers-row gl-numbers-axis");
  const ends = element("div", "gl-numbers-track gl-numbers-ends");
  ends.append(element("span", "", "−1"), element("span", "", "0"), element("span", "", "+1"));
  row.append(element("div", "gl-numbers-label"), ends, element("div", "gl-numbers-side", "share of h̃ taken · new h"));
  return row;
}

// One unit's row: label, track (line, zero tick, the old-to-candidate bar, the travelled bar, the
// three marks) and its numbers; returns the row and the parts update() moves.
function unitRow(u, style) {
  const row = element("div", "gl-numbers-row gl-numbers-unit");
  row.dataset.unit = String(u);
  const track = element("div", "gl-numbers-track");
  const way = element("div", "gl-numbers-bar gl-numbers-way"); // the whole way from old to candidate
  const travelled = element("div", "gl-numbers-bar gl-numbers-travelled"); // the part h_t travelled
  travelled.style.background = style.colours.h;
  const dots = {};
  track.append(element("div", "gl-numbers-line"), element("div", "gl-numbers-zero"), way, travelled);
  for (const [field] of MARKS) {
    // h_t is a ring, so a candidate or old value right under it still shows through.
    dots[field] = element("div", `gl-numbers-dot gl-numbers-${field}`);
    dots[field].dataset.field = field;
    dots[field].style.setProperty("--gl-colour", style.colours[field]);
    track.append(dots[field]);
  }
  const side = element("div", "gl-numbers-side");
  row.append(element("div", "gl-numbers-label", `unit ${u}`), track, side);
  return { row, way, travelled, dots, side };
}

// The heading: "h_t lands between h_{t−1} and h̃_t (step 2, token “cat”)".
function heading(node, where) {
  node.replaceChildren(
    subscripted("h", "t"), " lands between ", subscripted("h", "t−1"), " and ", subscripted("h̃", "t"), ` (${where})`,
  );
}

// A numbered step's token ("t=2") is not repeated; a text's token is.
function tokenAt(tokens, t) {
  const token = tokens?.[t];
  return token == null || String(token) === `t=${t}` ? null : String(token);
}

/**
 * The number lines of one step and their sentences, in `container`.
 * options: { style, words, tokens, presentation } (lessons/live_data.py's data).
 * Returns { update(view), describe(), element, ready }; view = { trace, step, unit, clamp } (clamp null or
 * {gate, value, unit}); view.words and view.tokens, when given, replace the options' own. `ready`
 * settles once live.css applies.
 */
export function create(container, options) {
  const ready = linkStylesheet(container);
  const { style } = options;
  let { words, tokens } = options;
  container.classList.toggle(PRESENTATION, Boolean(options.presentation));
  const root = element("div", "gl-numbers");
  const title = element("div", "gl-numbers-heading");
  const figure = element("div", "gl-numbers-figure");
  figure.setAttribute("role", "figure");
  const rowsBox = element("div", "gl-numbers-rows");
  const list = element("ul", "gl-numbers-sentences");
  figure.append(legend(style), axis(), rowsBox);
  root.append(title, figure, list);
  container.append(root);

  let rows = [];
  let items = [];
  let shown = { heading: null, unit: null };
  let sentences = [];
  let where = "";

  function build(H) {
    rows = Array.from({ length: H }, (_, u) => unitRow(u, style));
    rowsBox.replaceChildren(...rows.map((r) => r.row));
    items = rows.map(() => element("li"));
    list.replaceChildren(...items);
    shown = { heading: null, unit: null };
  }

  function update(view) {
    const { trace } = view;
    words = view.words ?? words;
    tokens = view.tokens ?? tokens;
    if (words.name !== trace.z_convention) {
      throw new Error(`numbers: the words are for ${words.name}, the trace is ${trace.z_convention}: pass view.words`);
    }
    const t = view.step;
    const H = trace.H;
    if (rows.length !== H) build(H);
    const token = tokenAt(tokens, t);
    const head = `${t}|${token}`;
    if (shown.heading !== head) {
      where = `step ${t}` + (token == null ? "" : `, token “${token}”`);
      heading(title, where);
      figure.setAttribute("aria-label", `number lines at step ${t}`);
      shown.heading = head;
    }
    sentences = unitSentences(trace, t, words, view.clamp ?? null);
    for (let u = 0; u < H; u++) {
      const k = t * H + u;
      const [old, candidate, h] = [trace.h_prev[k], trace.h_tilde[k], trace.h[k]];
      const { way, travelled, dots, side } = rows[u];
      placeBar(way, old, candidate);
      placeBar(travelled, old, h);
      placeDot(dots.h_prev, old);
      placeDot(dots.h_tilde, candidate);
      placeDot(dots.h, h);
      side.textContent = `takes ${percent(shares(trace.z[k], words).take)} · h = ${fixed(h, 3, { plus: true })}`;
      if (items[u].textContent !== sentences[u]) items[u].textContent = sentences[u];
    }
    if (shown.unit !== view.unit) {
      rows.forEach((r, u) => r.row.classList.toggle("gl-numbers-followed", u === view.unit));
      items.forEach((item, u) => item.classList.toggle("gl-numbers-followed", u === view.unit));
      shown.unit = view.unit;
    }
  }

  function describe() {
    return `Number lines, h_t between h_{t−1} and h̃_t (${where}). ${sentences.join(" ")}`;
  }

  return { update, describe, element: root, ready };
}
