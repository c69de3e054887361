// The four GRU equations of one unit with the step's numbers written in, as MathML (Chromium
// renders MathML Core): the live view's port of gru_viz/figures/equations.py (step_equations), the same lines
// and the same numbers to 3 decimals (held to its LaTeX by tests/browser/test_live_views_browser.py).
//
// Each line is written once below as plain text in the notation the app's captions use
// (h_{t−1}, h̃_t, W_{in}); `#` marks where a number of the trace goes. The same text becomes the
// MathML and the alt text, so they cannot say different things. A clamped gate has no equation to
// show: its weights were replaced by the forced value, so its line says the value and "(clamped)".

import { linkStylesheet, textElement as element } from "./dom.js";
import { fixed } from "./format.js";

const MATHML = "http://www.w3.org/1998/Math/MathML";
const PRESENTATION = "gl-presentation";

const GATE = {
  r: "σ(W_r [h_{t−1}, x_t] + b_r) = σ(#) = #",
  z: "σ(W_z [h_{t−1}, x_t] + b_z) = σ(#) = #",
};
const CANDIDATE = {
  before: "tanh(W_h [r_t ⊙ h_{t−1}, x_t] + b_h) = tanh(#) = #", // r hides part of the past before W_h reads it
  after: "tanh(W_{in} x_t + b_{in} + r ⊙ (W_{hn} h_{t−1} + b_{hn})) = tanh(#) = #", // r scales what W_hn made of it
};
const CLAMPED = "# (clamped)";

// Whether `clamp` ({gate, value, unit}, unit null for every unit) forces `gate` of unit u.
export function forces(clamp, gate, u) {
  return Boolean(clamp) && clamp.gate === gate && (clamp.unit == null || clamp.unit === u);
}

// The lines for unit u: [{ name, lhs, rhs, fields }], `fields` the trace fields whose values fill
// the rhs's `#`s in order (step_equations' numbers, in its order).
export function lines(trace, u, words, clamp) {
  const gate = (g) => forces(clamp, g, u)
    ? { name: g, lhs: `${g}_{t,${u}}`, rhs: CLAMPED, fields: [g] }
    : { name: g, lhs: `${g}_{t,${u}}`, rhs: GATE[g], fields: [`a_${g}`, g] };
  // Unit u's weight on `side` ("h_prev" or "h_tilde"): z on the side z multiplies, 1 − z on the other.
  const share = (side) => (words.z_on === side ? "#\\," : "(1 − #)");
  return [
    gate("r"),
    gate("z"),
    { name: "h_tilde", lhs: `h̃_{t,${u}}`, rhs: CANDIDATE[trace.reset], fields: ["a_h_tilde", "h_tilde"] },
    {
      name: "h",
      lhs: `h_{t,${u}}`,
      rhs: `${words.update} = ${share("h_prev")}(#) + ${share("h_tilde")}(#) = #`,
      fields: ["z", "h_prev", "z", "h_tilde", "h"],
    },
  ];
}

// A number as step_equations writes it (3 decimals), with a true minus sign.
function number(value) {
  return fixed(value, 3, { minus: "−" });
}

// ---- plain notation to MathML -----------------------------------------------------------------

function math(tag, ...children) {
  const node = document.createElementNS(MATHML, tag);
  node.append(...children);
  return node;
}

// Words, a letter with a combining tilde (h̃), a number, the `#` slot, the thin space "\,", an
// operator, or a subscript's "_" with its braced group or single character.
const TOKEN = /\s+|\\,|#|\(clamped\)|\d+(?:\.\d+)?|\p{L}\u0303|\p{L}+|_(?:\{[^}]*\}|.)|./gu;

// The MathML <mrow> of `text`; every `#` becomes an <mn> pushed onto `slots`.
function parse(text, slots) {
  const row = math("mrow");
  for (const [token] of text.matchAll(TOKEN)) {
    if (/^\s+$/.test(token)) continue;
    if (token.startsWith("_") && row.lastChild) {
      const inner = token.startsWith("_{") ? token.slice(2, -1) : token.slice(1);
      row.append(math("msub", row.lastChild, parse(inner, slots)));
    } else if (token === "#") {
      const slot = math("mn");
      slot.classList.add("gl-eq-num");
      slots.push(slot);
      row.append(slot);
    } else if (token === "\\,") {
      const space = math("mspace");
      space.setAttribute("width", "0.1667em");
      row.append(space);
    } else if (token === "(clamped)") {
      const space = math("mspace");
      space.setAttribute("width", "1em");
      row.append(space, math("mtext", token));
    } else if (/^\d/.test(token)) {
      row.append(math("mn", token));
    } else if (/^\p{L}\u0303$/u.test(token)) { // h̃: h with a tilde accent, as LaTeX's \tilde h
      const accent = math("mo", "˜");
      accent.setAttribute("stretchy", "false");
      const over = math("mover", math("mi", token[0]), accent);
      over.setAttribute("accent", "true");
      row.append(over);
    } else if (/^\p{L}/u.test(token)) {
      row.append(math("mi", token)); // one letter italic, a word (tanh, in) upright, as MathML does
    } else {
      row.append(math("mo", token));
    }
  }
  return row;
}

function mathCell(text, slots, className) {
  const node = math("math", parse(text, slots));
  node.classList.add(className);
  return node;
}

/**
 * The step's equations for the followed unit, in `container`.
 * options: { words, presentation } (lessons/live_data.py's data).
 * Returns { update(view), describe(), element, ready } (ready: settles once live.css applies); view = { trace, step, unit, clamp } (clamp null or
 * {gate, value, unit}); view.words, when given, replaces the options' own.
 */
export function create(container, options) {
  const ready = linkStylesheet(container); // settles once live.css applies
  let { words } = options;
  container.classList.toggle(PRESENTATION, Boolean(options.presentation));
  const root = element("div", "gl-eq");
  root.setAttribute("role", "group");
  container.append(root);
  let key = null;
  let built = []; // per line: { line, row, slots }

  function build(trace, u, clamp) {
    built = lines(trace, u, words, clamp).map((line) => {
      const slots = [];
      const row = [mathCell(line.lhs, slots, "gl-eq-lhs"), mathCell("=", [], "gl-eq-equals"),
        mathCell(line.rhs, slots, "gl-eq-rhs")];
      row.forEach((cell) => { cell.dataset.line = line.name; });
      return { line, row, slots };
    });
    root.replaceChildren(...built.flatMap((b) => b.row));
  }

  function update(view) {
    const { trace } = view;
    words = view.words ?? words;
    if (words.name !== trace.z_convention) {
      throw new Error(`equations: the words are for ${words.name}, the trace is ${trace.z_convention}: pass view.words`);
    }
    const u = Math.min(view.unit ?? 0, trace.H - 1);
    const clamp = view.clamp ?? null;
    const now = [u, trace.reset, words.name, words.update, forces(clamp, "r", u), forces(clamp, "z", u)].join("|");
    if (now !== key) {
      build(trace, u, clamp);
      key = now;
    }
    const k = view.step * trace.H + u;
    const texts = [];
    for (const { line, slots } of built) {
      let filled = line.rhs;
      line.fields.forEach((field, i) => {
        const value = trace[field][k];
        const text = number(value);
        if (slots[i].textContent !== text) slots[i].textContent = text;
        slots[i].dataset.value = String(value);
        filled = filled.replace("#", text);
      });
      texts.push(`${line.lhs} = ${filled.replace("\\,", " ")}`);
    }
    root.setAttribute("aria-label", `The equations of unit ${u} at step ${view.step}: ${texts.join("; ")}.`);
  }

  function describe() {
    return root.getAttribute("aria-label") ?? "";
  }

  return { update, describe, element: root, ready };
}
