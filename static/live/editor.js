// Drag to edit: every weight of the followed unit (each gate's input part, recurrent part and
// biases), the current step's inputs, and a gate clamp, each on a slider. A slider's `input`
// events redraw every view in the browser (main.js runs the GRU again); letting go sends one
// change to the server. The keyboard nudges a focused slider (arrows: 0.01, Page Up/Down: 0.1).
// The edit page's tables stay for typing exact numbers.
import { element } from "./dom.js";
import { fixed as python } from "./format.js";

const fixed = (value, digits) => python(value, digits, { minus: "−" });

const GATES = [["r", 0, "reset gate r"], ["z", 1, "update gate z"], ["h_tilde", 2, "candidate h̃"]];
const SUBSCRIPT = { r: "r", z: "z", h_tilde: "n" }; // PyTorch's names: W_ir, W_iz, W_in ...

// `options.onEdit(change, done)`: change is { unit }, { weight: [name, row, column, value] },
// { input: [t, i, value] } or { clamp }; done is true when the learner lets go.
export function editor(root, options) {
  const box = element("div", { class: "gl-editor" });
  const title = element("div", { class: "gl-editor-title" });
  const unit = element("select", { class: "gl-unit", "aria-label": "Unit to follow" });
  const tabs = element("div", { class: "gl-tabs", role: "tablist" });
  const panel = element("div", { class: "gl-sliders", role: "tabpanel" });
  box.append(title, element("label", { class: "gl-field" }, "Unit to follow ", unit), tabs, panel);
  root.append(box);
  unit.addEventListener("change", () => options.onEdit({ unit: Number(unit.value) }, true));

  let shown = null; // { tab, unit, H, I, step, bhh, text } the sliders were built for
  let tab = "r";
  const names = [...GATES.map(([g, , label]) => [g, label]), ["x", "inputs x_t"], ["clamp", "clamp a gate"]];
  const tabButtons = names.map(([name, label]) => {
    const b = element("button", { type: "button", role: "tab", class: "gl-tab" }, label);
    b.addEventListener("click", () => { tab = name; shown = null; editor.update(editor.last); });
    tabs.append(b);
    return [name, b];
  });

  const editor = {
    last: null,
    update(view) {
      editor.last = view;
      const { state, unit: u, step } = view;
      const H = state.W_hh[0].length;
      const I = state.W_ih[0].length;
      const key = [tab, u, H, I, tab === "x" ? step : "", state.b_hh !== null, state.z_convention].join();
      if (unit.options.length !== H) unit.replaceChildren(...[...Array(H).keys()].map((j) => element("option", { value: j }, `unit ${j}`)));
      unit.value = u;
      title.textContent = `Drag to edit unit ${u}: every view follows as you drag; letting go keeps the change.`;
      for (const [name, b] of tabButtons) b.setAttribute("aria-selected", String(name === tab));
      if (key !== shown) {
        panel.replaceChildren(...sliders(tab, view, options.onEdit));
        shown = key;
      }
      for (const row of panel.querySelectorAll("[data-edit]")) refresh(row, view);
    },
  };
  return editor;
}

// The sliders of one tab. Each row's data-edit names what it edits, as JSON.
function sliders(tab, view, onEdit) {
  const { state, unit: u, step } = view;
  const H = state.W_hh[0].length;
  const I = state.W_ih[0].length;
  if (tab === "clamp") return clampControls(view, onEdit);
  if (tab === "x") {
    if (state.text_mode) {
      return [element("p", { class: "gl-hint" }, "The inputs come from the text here: edit the text on the Inputs and weights page.")];
    }
    return [...Array(I).keys()].map((i) => slider(`x_t[${i}] at t = ${step}`, { input: [step, i] }, onEdit));
  }
  const [, block] = GATES.find(([g]) => g === tab);
  const row = block * H + u;
  const s = SUBSCRIPT[tab];
  const rows = [
    ...[...Array(I).keys()].map((i) => slider(`W_i${s}[${u}, ${i}] · x[${i}]`, { weight: ["W_ih", row, i] }, onEdit)),
    ...[...Array(H).keys()].map((k) => slider(`W_h${s}[${u}, ${k}] · h[${k}]`, { weight: ["W_hh", row, k] }, onEdit)),
    slider(`b_i${s}[${u}]`, { weight: ["b_ih", row, null] }, onEdit),
  ];
  if (state.b_hh !== null) rows.push(slider(`b_h${s}[${u}]`, { weight: ["b_hh", row, null] }, onEdit));
  if (tab === "z" && state.z_convention === "keeps_old") {
    rows.unshift(element("p", { class: "gl-hint" }, "Shown as 'z keeps the old state' writes them: the stored weights with the opposite sign."));
  }
  return rows;
}

function slider(label, what, onEdit) {
  const input = element("input", { type: "range", step: 0.01, class: "gl-slider", "aria-label": label });
  const output = element("output", { class: "gl-value" });
  const row = element("label", { class: "gl-slider-row", "data-edit": JSON.stringify(what) },
    element("span", { class: "gl-slider-name" }, label), input, output);
  const send = (done) => {
    const value = Number(input.value);
    output.textContent = fixed(value, 2);
    const target = what.weight ? { weight: [...what.weight, value] } : { input: [...what.input, value] };
    onEdit(target, done);
  };
  // Letting go of the thumb sends at once; a nudge from the keyboard waits for the pause like a
  // step does (main.js), so ten presses of → are one message, not ten.
  let keyed = false;
  input.addEventListener("keydown", () => { keyed = true; });
  input.addEventListener("pointerdown", () => { keyed = false; });
  input.addEventListener("input", () => send(false));
  input.addEventListener("change", () => send(!keyed));
  return row;
}

// A slider's value and range from the state (a drag in progress keeps its own range).
function refresh(row, view) {
  const what = JSON.parse(row.dataset.edit);
  const input = row.querySelector("input");
  if (!input || !(what.weight || what.input) || input.getRootNode().activeElement === input && row.matches(":active")) return;
  const value = current(view.state, what);
  const reach = Math.max(4, Math.ceil(Math.abs(value) * 1.5));
  input.min = -reach;
  input.max = reach;
  input.value = value;
  row.querySelector("output").textContent = fixed(value, 2);
}

function current(state, what) {
  if (what.input) return state.x[what.input[0]][what.input[1]];
  const [name, row, column] = what.weight;
  const H = state.W_hh[0].length;
  const sign = state.z_convention === "keeps_old" && row >= H && row < 2 * H ? -1 : 1;
  return sign * (column === null ? state[name][row] : state[name][row][column]);
}

function clampControls(view, onEdit) {
  const { state, unit: u } = view;
  const clamp = state.clamp;
  const gate = element("select", { "aria-label": "Clamped gate" },
    ...["none", "r", "z"].map((g) => element("option", { value: g, selected: (clamp?.gate ?? "none") === g }, g)));
  const who = element("select", { "aria-label": "Clamped units" },
    element("option", { value: "all", selected: clamp && clamp.unit === null }, "all units"),
    element("option", { value: "one", selected: !clamp || clamp.unit !== null }, `unit ${clamp?.unit ?? u}`));
  const level = element("input", { type: "range", min: 0, max: 1, step: 0.01, value: clamp?.value ?? 0,
    class: "gl-slider", "aria-label": "Clamp value" });
  const output = element("output", { class: "gl-value" }, fixed(Number(level.value), 2));
  const send = (done) => {
    output.textContent = fixed(Number(level.value), 2);
    const value = gate.value === "none" ? null
      : { gate: gate.value, value: Number(level.value), unit: who.value === "all" ? null : (clamp?.unit ?? u) };
    onEdit({ clamp: value }, done);
  };
  gate.addEventListener("change", () => send(true));
  who.addEventListener("change", () => send(true));
  level.addEventListener("input", () => send(false));
  level.addEventListener("change", () => send(true));
  return [
    element("p", { class: "gl-hint" }, "Force a gate to a value and watch what it does; 'none' lets it compute again."),
    element("label", { class: "gl-field" }, "gate ", gate),
    element("label", { class: "gl-field" }, "for ", who),
    element("label", { class: "gl-slider-row" }, element("span", { class: "gl-slider-name" }, "value"), level, output),
  ];
}
