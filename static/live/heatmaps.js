// Aligned heatmaps of a GRU over time, drawn in the browser: the live view's port of
// gru_viz/figures/sequence.py (sequence_heatmaps) with the selected step outlined across every map.
//
// Five panels on one time axis, one column per step: the input x (one row per feature, on a
// diverging range fitted to the inputs), then r, z, h~ and h (one row per unit, on the fixed ranges
// of gru_viz/figures/style.py, so a colour means the same number on every page). Each panel has its
// title and unit ticks, the last one the token labels (every k-th of them past MAX_LABELS steps),
// and every scale its colour bar. The selected step is outlined across all panels.
//
// Why canvas: a drag redraws every cell at every input event, 16,000 of them at the page limits.
// Each panel's cells are written as one pixel each into a small image (T by units), which the
// browser scales up without smoothing: a few milliseconds a frame, where one DOM node or one
// fillRect per cell costs several times more. The text (titles, ticks, labels) is HTML, laid out
// once per shape; a step moves only the outline (two CSS custom properties).
//
// Colours are Plotly's: linear in RGB between the stops of style.scales, the value clamped to the
// panel's range, so each cell matches plotly.colors.sample_colorscale (the browser test checks
// pixels against it).

import { linkStylesheet, textElement as element } from "./dom.js";
import { fixed } from "./format.js";

const ROWS = ["x", "r", "z", "h_tilde", "h"];
const BARS = [ // colour bar title, the first and last panels it spans (the first one's scale)
  { label: "input", spans: ["x", "x"] },
  { label: "gates, 0 to 1", spans: ["r", "z"] },
  { label: "h̃ and h, −1 to 1", spans: ["h_tilde", "h"] },
];
const MAX_LABELS = 40; // time-axis labels; with more steps, every k-th step is labelled (as Python)
// Up to this many steps, cells are wide enough for a 1 px gap between them (as Python).
const MAX_GAPPED_STEPS = 60;
const LABEL_CHARS = 14; // a longer token is cut, with "…", on the axis (hover shows it whole)
const PRESENTATION = 1.45; // presentation mode's text factor (ui/charts.py SCALE)

// Sizes in CSS px. Rows are Python's (34 px, 22 compact) while the cells fit `budget` px; more
// rows (up to 8 + 4 * 16 at the page limits) share the budget, so the block stays about one screen.
function metrics(compact, presenting) {
  const s = presenting ? PRESENTATION : 1;
  return {
    font: 14 * s,
    title: (compact ? 13 : 14) * s,
    row: (compact ? 22 : 34) * Math.sqrt(s),
    // presentation: a 1280x720 projector shows the maps whole below the heading and the step bar
    budget: presenting ? (compact ? 110 : 180) : compact ? 560 : 720,
    left: (compact ? 45 : 60) * s,
    bar: (compact ? 12 : 14) * s,
  };
}

// ---- colours ----------------------------------------------------------------------------------

function rgbOf(text) {
  if (text.startsWith("#")) return [1, 3, 5].map((i) => parseInt(text.slice(i, i + 2), 16));
  return text.match(/[\d.]+/g).slice(0, 3).map(Number);
}

// A Plotly colour scale ([[position, colour], ...]) as flat arrays, for `paint`.
export function compileScale(stops) {
  return {
    n: stops.length,
    at: Float64Array.from(stops, ([p]) => p),
    rgb: Float64Array.from(stops.flatMap(([, c]) => rgbOf(c))),
  };
}

// The colour of `value` on `scale` over [low, high], written as RGBA into out[o..o+3]: the value
// clamped to the range, then linear in RGB between the two stops around it (Plotly's way).
export function colourInto(scale, value, low, high, out, o) {
  let f = (value - low) / (high - low);
  f = f > 0 ? (f < 1 ? f : 1) : 0;
  let i = 0;
  while (i < scale.n - 2 && f > scale.at[i + 1]) i++;
  const w = (f - scale.at[i]) / (scale.at[i + 1] - scale.at[i]);
  const c = scale.rgb;
  out[o] = c[3 * i] + w * (c[3 * i + 3] - c[3 * i]);
  out[o + 1] = c[3 * i + 1] + w * (c[3 * i + 4] - c[3 * i + 1]);
  out[o + 2] = c[3 * i + 2] + w * (c[3 * i + 5] - c[3 * i + 2]);
  out[o + 3] = 255;
}

function cssGradient(stops) {
  return `linear-gradient(to top, ${stops.map(([p, c]) => `${c} ${(100 * p).toFixed(3)}%`).join(", ")})`;
}

// ---- numbers and words ------------------------------------------------------------------------

// Python's f"{v:.2g}" with a true minus (sequence.bar_ticks' labels).
function short(value) {
  if (value === 0) return "0";
  return String(Number(value.toPrecision(2))).replace("-", "−");
}

// The ticks of a colour bar `length` px long over [low, high] at `size` px text: its ends and
// middle, and its quarters where five labels 1.4 em apart fit (sequence.bar_ticks' rule).
function barTicks(low, high, length, size) {
  const fit = Math.floor(length / (1.4 * size)) + 1;
  const parts = fit >= 5 ? 4 : fit >= 3 ? 2 : 1;
  return Array.from({ length: parts + 1 }, (_, k) => low + ((high - low) * k) / parts);
}

// The largest |x| (at least 1e-9): the input's symmetric range, as Python fits it.
function inputRange(trace) {
  let largest = 1e-9;
  for (let k = 0; k < trace.x.length; k++) largest = Math.max(largest, Math.abs(trace.x[k]));
  return largest;
}

function values(trace, q) {
  return q === "x" ? trace.x : trace[q];
}

function unitsOf(trace, q) {
  return q === "x" ? trace.I : trace.H;
}

function axisLabel(token, compact) {
  const text = compact ? String(token).replace(/^t=/, "") : String(token); // Python's removeprefix
  return [...text].length > LABEL_CHARS ? [...text].slice(0, LABEL_CHARS - 1).join("") + "…" : text;
}

/**
 * The sequence heatmaps in `container`.
 * options: { style, words, tokens, presentation, compact, onStep(t) } (lessons/live_data.py's
 * data; onStep is called with the step of a clicked cell).
 * Returns { update(view), describe(), image(scale), destroy(), element, ready } (ready: settles once
 * live.css applies); view = { trace, step, unit, clamp } (view.tokens, when given, replaces the
 * options' own; a new shape or new tokens lay the block out again). image(scale = 2) is a canvas
 * of the whole block, titles and colour bars included, on white: the PNG export.
 */
export function create(container, options) {
  const ready = linkStylesheet(container); // settles once live.css applies
  const { style, onStep } = options;
  const compact = Boolean(options.compact);
  const presenting = Boolean(options.presentation);
  container.classList.toggle("gl-presentation", presenting);
  const m = metrics(compact, presenting);
  const scales = {};
  for (const q of ROWS) scales[q] = compileScale(style.scales[q] ?? style.scales.h); // x: the state scale
  const ranges = { ...style.ranges };

  const root = element("div", "gl-hm" + (compact ? " gl-hm-compact" : ""));
  root.style.setProperty("--gl-selected", style.selected);
  root.style.fontSize = `${m.font}px`;
  container.append(root);
  const measure = document.createElement("canvas").getContext("2d");
  const family = getComputedStyle(root).fontFamily || "sans-serif";
  const textWidth = (text, size) => {
    measure.font = `${size}px ${family}`;
    return measure.measureText(text).width;
  };

  let tokens = options.tokens ?? [];
  let shape = null; // what the layout was built for
  let width = 0; // the block's width in CSS px
  let g = null; // the built layout
  let last = null; // the last view
  let hovered = null; // { q, t, j } under the pointer
  let xRange = null;

  const observer = new ResizeObserver(([entry]) => {
    const now = entry.contentRect.width;
    if (Math.abs(now - width) < 0.5 || !last || now === 0) return; // 0: taken off the page
    width = now;
    build(last.trace);
    paintAll(last.trace);
    place(last);
  });
  observer.observe(root);

  function tokenAt(t) {
    return tokens[t] ?? `t=${t}`;
  }

  // ---- layout: rebuilt when the shape, the tokens or the width change --------------------------

  function build(trace) {
    const { T } = trace;
    const L = m.left;
    const tickWidth = textWidth("−0.75", m.font);
    const R = 8 + m.bar + 5 + tickWidth + 8 + 1.4 * m.font;
    const plotWidth = Math.max(width - L - R, 40);
    const rowsAll = trace.I + 4 * trace.H;
    const row = Math.min(m.row, Math.max(4, m.budget / rowsAll));
    const band = 1.75 * m.title;
    const every = Math.ceil(T / MAX_LABELS);
    const labelled = [];
    for (let t = 0; t < T; t += every) labelled.push(t);
    const labels = labelled.map((t) => axisLabel(tokenAt(t), compact));
    const widest = Math.max(0, ...labels.map((text) => textWidth(text, m.font)));
    const upright = widest + 6 > (plotWidth * every) / T; // turned a quarter, as Plotly turns crowded ticks
    let y = 0;
    const panels = {};
    for (const q of ROWS) {
      const units = unitsOf(trace, q);
      panels[q] = { q, units, top: y + band, height: units * row };
      y = panels[q].top + panels[q].height;
    }
    const ticksTop = y + 5;
    const axisTop = ticksTop + (upright ? widest + 4 : 1.35 * m.font) + 2;
    const height = axisTop + 1.6 * m.font;

    root.replaceChildren();
    root.style.height = `${height}px`;
    const left = element("div", "gl-hm-left");
    left.style.width = `${L}px`;
    const plot = element("div", "gl-hm-plot");
    Object.assign(plot.style, { left: `${L}px`, right: `${R}px` });
    plot.tabIndex = 0;
    plot.setAttribute("role", "img");
    plot.style.setProperty("--gl-steps", String(T));
    const bars = element("div", "gl-hm-bars");
    bars.style.width = `${R}px`;
    const tooltip = element("div", "gl-hm-tooltip");
    tooltip.hidden = true;
    root.append(left, plot, bars, tooltip);

    const dpr = window.devicePixelRatio || 1;
    for (const q of ROWS) {
      const p = panels[q];
      const title = text(plot, "gl-hm-title", style.labels[q], { top: p.top - 1.4 * m.title - 2 });
      title.style.fontSize = `${m.title}px`;
      p.canvas = element("canvas", "gl-hm-cells");
      p.canvas.dataset.q = q;
      Object.assign(p.canvas.style, { top: `${p.top}px`, height: `${p.height}px` });
      p.canvas.width = Math.max(1, Math.round(plotWidth * dpr));
      p.canvas.height = Math.max(1, Math.round(p.height * dpr));
      p.ctx = p.canvas.getContext("2d");
      p.small = new OffscreenCanvas(T, p.units);
      p.smallCtx = p.small.getContext("2d");
      p.image = p.smallCtx.createImageData(T, p.units);
      p.outline = element("div", "gl-hm-outline");
      Object.assign(p.outline.style, { top: `${p.top - 2}px`, height: `${p.height + 4}px` });
      plot.append(p.canvas, p.outline);
      // The panel's axis: "units" (or "features") and its unit numbers, every k-th where rows are small.
      const what = (q === "x" ? "feature" : "unit") + (p.units > 1 ? "s" : "");
      const name = text(left, "gl-hm-vertical", what, { top: p.top + p.height / 2 });
      name.style.fontSize = `${fitted(what, p.height + band * 0.8, m.font)}px`;
      const step = Math.ceil((1.1 * m.font) / row);
      for (let j = 0; j < p.units; j += step) {
        text(left, "gl-hm-unit", String(j), { top: p.top + (j + 0.5) * row });
      }
    }
    const axisBox = element("div", "gl-hm-ticks" + (upright ? " gl-hm-upright" : ""));
    axisBox.style.top = `${ticksTop}px`;
    labelled.forEach((t, k) => {
      const label = text(axisBox, "gl-hm-token", labels[k], {});
      label.style.left = `${(100 * (t + 0.5)) / T}%`;
    });
    plot.append(axisBox);
    text(plot, "gl-hm-axis", "time step (token)", { top: axisTop });

    // Colour bars: one per scale, spanning its panels, with ticks and a turned title.
    const barLeft = 8;
    const barTexts = {};
    for (const { label, spans } of BARS) {
      const [first, lastPanel] = [panels[spans[0]], panels[spans[1]]];
      const top = first.top;
      const length = lastPanel.top + lastPanel.height - top;
      const scale = spans[0];
      const strip = element("div", "gl-hm-bar");
      Object.assign(strip.style, {
        left: `${barLeft}px`, top: `${top}px`, width: `${m.bar}px`, height: `${length}px`,
        background: cssGradient(style.scales[scale] ?? style.scales.h),
      });
      strip.dataset.scale = scale;
      bars.append(strip);
      const [low, high] = scale === "x" ? [-1, 1] : ranges[scale];
      const ticks = barTicks(low, high, length, m.font).map((value) => {
        const tick = text(bars, "gl-hm-bar-tick", short(value), {
          top: top + length * (1 - (value - low) / (high - low)),
        });
        tick.style.left = `${barLeft + m.bar + 5}px`;
        return { tick, fraction: (value - low) / (high - low) };
      });
      barTexts[scale] = ticks;
      const name = text(bars, "gl-hm-vertical", label, { top: top + length / 2 });
      name.style.left = `${barLeft + m.bar + 5 + tickWidth + 6}px`;
      name.style.fontSize = `${fitted(label, length + band * 0.8, m.font)}px`;
    }
    plot.addEventListener("pointermove", hover);
    plot.addEventListener("pointerleave", () => { hovered = null; tooltip.hidden = true; });
    plot.addEventListener("click", (event) => {
      const hit = cellAt(event);
      if (hit && onStep) onStep(hit.t);
    });
    g = { T, H: trace.H, I: trace.I, row, L, panels, plot, tooltip, barTexts, plotWidth, gapped: T <= MAX_GAPPED_STEPS };
    shape = `${T}|${trace.H}|${trace.I}`;
    xRange = null;
  }

  // A text element in `parent` at `top` px (its top, or its middle where its class centres it).
  function text(parent, className, content, { top }) {
    const node = element("div", `gl-hm-text ${className}`, content);
    if (top != null) node.style.top = `${top}px`;
    parent.append(node);
    return node;
  }

  // The font size (at most `size`) at which `content` fits `room` px.
  function fitted(content, room, size) {
    const length = textWidth(content, size);
    return length <= room ? size : Math.max(0.7 * size, (size * room) / length);
  }

  // ---- drawing ----------------------------------------------------------------------------------

  function paint(p, trace, q) {
    const { T } = g;
    const units = p.units;
    const data = p.image.data;
    const field = values(trace, q);
    const [low, high] = q === "x" ? [-xRange, xRange] : ranges[q];
    const scale = scales[q];
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < units; j++) colourInto(scale, field[t * units + j], low, high, data, 4 * (j * T + t));
    }
    p.smallCtx.putImageData(p.image, 0, 0);
    const { ctx, canvas } = p;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(p.small, 0, 0, canvas.width, canvas.height);
    if (g.gapped) { // a 1 px gap between cells, as Python's xgap and ygap, showing the page behind
      const gap = Math.max(1, Math.round(window.devicePixelRatio || 1));
      for (let t = 1; t < T; t++) ctx.clearRect(Math.round((t * canvas.width) / T) - (gap >> 1), 0, gap, canvas.height);
      for (let j = 1; j < units; j++) {
        ctx.clearRect(0, Math.round((j * canvas.height) / units) - (gap >> 1), canvas.width, gap);
      }
    }
  }

  function paintAll(trace) {
    const range = inputRange(trace);
    if (range !== xRange) {
      xRange = range;
      for (const { tick, fraction } of g.barTexts.x) tick.textContent = short(-range + 2 * range * fraction);
    }
    for (const q of ROWS) paint(g.panels[q], trace, q);
  }

  // The step's outline and the alt text.
  function place(view) {
    g.plot.style.setProperty("--gl-step", String(view.step));
    g.plot.setAttribute("aria-label", describe());
  }

  // ---- hover and click --------------------------------------------------------------------------

  function cellAt(event) {
    const q = event.target?.dataset?.q;
    if (!q || !g) return null;
    const p = g.panels[q];
    const t = Math.min(g.T - 1, Math.max(0, Math.floor((event.offsetX / g.plotWidth) * g.T)));
    const j = Math.min(p.units - 1, Math.max(0, Math.floor(event.offsetY / g.row)));
    return { q, t, j, x: event.offsetX, y: p.top + event.offsetY };
  }

  function tip() {
    const { q, t, j } = hovered;
    const what = q === "x" ? "feature" : "unit";
    const value = values(last.trace, q)[t * unitsOf(last.trace, q) + j];
    g.tooltip.textContent = `${style.symbols[q]}, ${what} ${j}, step ${t} (${tokenAt(t)}): ${value.toFixed(4)}`;
  }

  function hover(event) {
    const hit = cellAt(event);
    if (!hit || !last) {
      hovered = null;
      g.tooltip.hidden = true;
      return;
    }
    hovered = hit;
    tip();
    const flip = hit.x > g.plotWidth * 0.6; // near the right edge the tip opens to the left
    Object.assign(g.tooltip.style, {
      left: `${g.L + hit.x + (flip ? -12 : 12)}px`,
      top: `${hit.y + 14}px`,
      transform: flip ? "translateX(-100%)" : "none",
    });
    g.tooltip.hidden = false;
  }

  // ---- the view's API ---------------------------------------------------------------------------

  function update(view) {
    const { trace } = view;
    // Each rerun's data brings a new array: compare what it holds, or every rerun lays the block out again.
    const tokensChanged = view.tokens && !(view.tokens.length === tokens.length && view.tokens.every((token, t) => token === tokens[t]));
    if (tokensChanged) tokens = view.tokens;
    if (!width) width = root.clientWidth; // before the first resize report: one layout read
    last = view;
    if (tokensChanged || shape !== `${trace.T}|${trace.H}|${trace.I}`) build(trace);
    paintAll(trace);
    place(view);
    if (hovered) tip();
  }

  function describe() {
    if (!last) return "Heatmaps of the sequence.";
    const { trace, step } = last;
    const u = Math.min(last.unit ?? 0, trace.H - 1);
    const k = step * trace.H + u;
    const n = (q) => fixed(trace[q][k], 3);
    const token = String(tokenAt(step));
    return `Heatmaps over ${trace.T} time steps (columns): input x (${trace.I} feature${trace.I > 1 ? "s" : ""}), ` +
      `reset gate r, update gate z, candidate h̃ and state h (${trace.H} unit${trace.H > 1 ? "s" : ""}, rows). ` +
      `Step ${step}${token === `t=${step}` ? "" : ` (token “${token}”)`} is outlined; there unit ${u} has ` +
      `r = ${n("r")}, z = ${n("z")}, h̃ = ${n("h_tilde")}, h = ${n("h")}.` +
      (onStep ? " Click a cell to select its step." : "");
  }

  // The whole block as a canvas on white at `scale` device px per CSS px: cells, colour bars,
  // outlines and every text where the page shows it.
  function image(scale = 2) {
    const box = root.getBoundingClientRect();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(box.width * scale);
    canvas.height = Math.ceil(box.height * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, box.width, box.height);
    const at = (node) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height };
    };
    ctx.imageSmoothingEnabled = false;
    for (const q of ROWS) {
      const r = at(g.panels[q].canvas);
      ctx.drawImage(g.panels[q].canvas, r.x, r.y, r.w, r.h);
    }
    for (const strip of root.querySelectorAll(".gl-hm-bar")) {
      const r = at(strip);
      const gradient = ctx.createLinearGradient(0, r.y + r.h, 0, r.y);
      for (const [p, c] of style.scales[strip.dataset.scale] ?? style.scales.h) gradient.addColorStop(p, c);
      ctx.fillStyle = gradient;
      ctx.fillRect(r.x, r.y, r.w, r.h);
    }
    ctx.strokeStyle = style.selected;
    ctx.lineWidth = 2;
    for (const q of ROWS) {
      const r = at(g.panels[q].outline);
      ctx.strokeRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
    }
    ctx.fillStyle = "#222";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const node of root.querySelectorAll(".gl-hm-text")) {
      if (node.closest("[hidden]")) continue;
      const r = at(node);
      const css = getComputedStyle(node);
      ctx.font = `${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
      ctx.save();
      ctx.translate(r.x + r.w / 2, r.y + r.h / 2);
      if (css.writingMode.startsWith("vertical")) ctx.rotate(-Math.PI / 2);
      ctx.fillText(node.textContent, 0, 0);
      ctx.restore();
    }
    return canvas;
  }

  // The whole block as SVG, for the SVG download: text, colour bars and the step's outline as
  // vectors, where the page shows them; each panel's cells as the picture the page shows, one
  // embedded PNG a panel (a cell is a pixel of it, so nothing is lost, and 16,000 cells stay one
  // image, as matplotlib writes a heatmap into an SVG).
  function vector() {
    const SVG = "http://www.w3.org/2000/svg";
    const box = root.getBoundingClientRect();
    const make = (tag, attributes, parent) => {
      const node = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
      parent?.append(node);
      return node;
    };
    const svg = make("svg", { xmlns: SVG, width: box.width, height: box.height, viewBox: `0 0 ${box.width} ${box.height}` });
    const defs = make("defs", {}, svg);
    const at = (node) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
    };
    for (const q of ROWS) {
      const picture = make("image", { ...at(g.panels[q].canvas), preserveAspectRatio: "none",
        href: g.panels[q].canvas.toDataURL("image/png") }, svg);
      picture.style.imageRendering = "pixelated";
    }
    root.querySelectorAll(".gl-hm-bar").forEach((strip, k) => {
      const gradient = make("linearGradient", { id: `gl-hm-bar-${k}`, x1: 0, y1: 1, x2: 0, y2: 0 }, defs);
      for (const [offset, colour] of style.scales[strip.dataset.scale] ?? style.scales.h) {
        make("stop", { offset, "stop-color": colour }, gradient);
      }
      make("rect", { ...at(strip), fill: `url(#gl-hm-bar-${k})` }, svg);
    });
    for (const q of ROWS) {
      const r = at(g.panels[q].outline);
      make("rect", { x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2, fill: "none",
        stroke: style.selected, "stroke-width": 2 }, svg);
    }
    for (const node of root.querySelectorAll(".gl-hm-text")) {
      if (node.closest("[hidden]")) continue;
      const r = at(node);
      const css = getComputedStyle(node);
      const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
      const text = make("text", {
        x, y, "text-anchor": "middle", "dominant-baseline": "central", fill: "#222",
        "font-size": css.fontSize, "font-weight": css.fontWeight, "font-family": css.fontFamily,
        ...(css.writingMode.startsWith("vertical") ? { transform: `rotate(-90 ${x} ${y})` } : {}),
      }, svg);
      text.textContent = node.textContent; // a token is text, never markup
    }
    return svg;
  }

  // Off the page for good: stop watching its size.
  function destroy() {
    observer.disconnect();
    root.remove();
  }

  return { update, describe, image, vector, destroy, element: root, ready };
}
