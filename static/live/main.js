// The live view's controller: one per mounted element (ui/live_view.py). It holds what the learner
// sees (the state's numbers, the step, the followed unit), runs the GRU in the browser on every
// change (forward.js) and redraws the views; the server hears of a change once the learner pauses.
//
// The server stays the source of truth. Each message carries a sequence number, the server echoes
// the last one it processed (data.applied), and the view takes the server's state whenever nothing
// of its own is still waiting: after an accepted change that is the same state, after a refused
// one it is the last good state, and the refusal's message shows above the views.
import { forward, largestDifference } from "./forward.js";
import { stepBar, PAUSE_MS } from "./stepping.js";
import { editor } from "./editor.js";
import * as heatmaps from "./heatmaps.js";
import * as numbers from "./numbers.js";
import * as equations from "./equations.js";
import * as diagram from "./diagram.js";
import { downloadPng, downloadSvg } from "./export.js";
import { element } from "./dom.js";

const EXACT = 1e-12; // the browser's states must match the server's this closely to be shown as its own
const live = new WeakMap(); // parentElement -> Live
// Where the browser's float64 pass drifts from the server's (forward.js): what the views show.
const SENSITIVE = {
  server: "These weights make the sequence sensitive to rounding: the views show the server's states, computed exactly.",
  own: "These weights make the sequence sensitive to rounding: while you drag, the views show the browser's " +
    "own numbers, which may differ from the server's in the last steps; letting go shows the server's.",
};
const STYLESHEETS = ["controls.css", "live.css"];
const ANSWERS = ["diagram", "equations", "numbers"]; // hidden while a predict-then-reveal question is open

export function mount(component) {
  const host = component.parentElement;
  let view = live.get(host);
  if (!view || view.shape !== shape(component.data)) {
    view?.flush(); // a change still waiting goes before the views are rebuilt
    view?.destroy();
    view = new Live(host, component.data, view);
    live.set(host, view);
  }
  view.receive(component);
  return () => {}; // the element keeps its controller across reruns; destroy() runs on a new shape
}

// What the views are built for: a change of any of it builds them anew (the numbers alone only
// update them, at frame rate).
function shape(data) {
  const { state } = data;
  return JSON.stringify([data.view, data.presentation, data.tokens, data.words.name, state.reset,
    state.W_ih.length, state.W_ih[0].length, state.b_hh === null, state.text_mode]);
}

class Live {
  // `before`: the controller these views replace (a convention switched, a page re-laid out). It
  // hands over its count of messages and what the learner sees, so a step still on its way to the
  // server stays on screen instead of flicking back until the server has it.
  constructor(host, data, before = null) {
    this.kind = data.view;
    this.shape = shape(data);
    this.epoch = before?.epoch ?? Math.random().toString(36).slice(2, 10);
    this.sent = before?.sent ?? 0; // messages sent; the last one's id is `${epoch}:${sent}`
    this.handed = before && { step: before.step, unit: before.unit };
    this.pending = null; // changes not yet sent
    this.timer = null;
    this.root = element("div", { class: `gl-live gl-${this.kind}` });
    // The element may be a shadow root (Streamlit isolates a component's styles): its stylesheets
    // go inside it, served beside this script and cached by the browser.
    const sheets = STYLESHEETS.map((name) => element("link", { rel: "stylesheet", href: new URL(name, import.meta.url).href }));
    host.replaceChildren(...sheets, this.root);
    this.pressed = false;
    this.root.addEventListener("pointerdown", () => { this.pressed = true; clearTimeout(this.timer); });
    this.released = () => { this.pressed = false; this.wait(); };
    window.addEventListener("pointerup", this.released);
    window.addEventListener("pointercancel", this.released);
    this.build(data);
  }

  build(data) {
    const options = {
      style: data.style, words: data.words, tokens: data.tokens, presentation: data.presentation,
      onStep: (t) => this.moveTo(t),
    };
    this.root.classList.toggle("gl-presentation", data.presentation);
    this.note = element("div", { class: "gl-note", role: "status", "aria-live": "polite" });
    this.bar = stepBar(element("div", { class: "gl-stepbar" }), {
      tokens: data.tokens, presentation: data.presentation,
      moveTo: (t) => this.moveTo(t), follows: () => this.step, onPause: () => this.flush(),
    });
    this.root.append(this.bar.element, this.note);
    this.views = {};
    this.boxes = {};
    const add = (name, module, where, extra = {}) => {
      const box = element("div", { class: `gl-box gl-box-${name}` });
      where.append(box);
      this.boxes[name] = box;
      this.views[name] = module.create(box, { ...options, ...extra });
      return box;
    };
    const edits = (where) => {
      this.editor = editor(where, { onEdit: (change, done) => this.edit(change, done), style: data.style });
    };
    if (this.kind === "cell") {
      const top = element("div", { class: "gl-columns" });
      const left = element("div", { class: "gl-main" });
      const side = element("div", { class: "gl-side" });
      top.append(left, side);
      this.root.append(top);
      add("diagram", diagram, left);
      edits(side);
      add("equations", equations, this.root);
      add("numbers", numbers, this.root);
    } else if (this.kind === "sequence") {
      add("heatmaps", heatmaps, this.root);
    } else {
      add("heatmaps", heatmaps, this.root, { compact: true });
      edits(this.root);
    }
    this.root.append(this.exports());
  }

  // The downloads: the format chosen in the sidebar, a name that says what and which step (the
  // server writes the name, lessons.export.figure_filename; the step is the one on screen).
  exports() {
    const row = element("div", { class: "gl-exports" });
    const name = () => {
      const { name: named, step_mark: mark, format } = this.data.download;
      return `${named.replace(mark, `step${this.step}`)}.${format}`;
    };
    const heatmaps = this.views.heatmaps;
    const svg = () => (heatmaps ? heatmaps.vector() : this.root.querySelector(".gl-box-diagram svg"));
    const save = () => {
      if (this.data.download.format === "svg") downloadSvg(svg(), name());
      else downloadPng(heatmaps ? heatmaps.image() : svg(), name(), heatmaps ? 1 : 2);
    };
    this.downloadButton = button("Download", save);
    row.append(this.downloadButton);
    return row;
  }

  destroy() {
    clearTimeout(this.timer);
    window.removeEventListener("pointerup", this.released);
    window.removeEventListener("pointercancel", this.released);
    this.bar.destroy();
    for (const part of Object.values(this.views)) part.destroy?.();
  }

  // A rerun's data: take the server's state unless a change of ours is still on its way.
  receive(component) {
    this.send = (message) => component.setTriggerValue("commit", message);
    const data = component.data;
    this.data = data;
    const waiting = this.pending || (this.sent && data.applied !== this.lastId());
    if (!waiting || !this.state) {
      this.state = structuredClone(data.state);
      this.step = data.state.step;
      this.unit = data.state.unit;
      this.own = false; // the numbers are the server's, so its states can be checked
      if (waiting && this.handed) { // new views while our step is on its way: keep showing it
        this.step = this.state.step = Math.min(this.handed.step, this.state.x.length - 1);
        this.unit = Math.min(this.handed.unit, this.state.W_hh[0].length - 1);
      }
    }
    this.downloadButton.textContent = data.download.format === "svg" ? "Download SVG" : "Download PNG";
    this.note.textContent = data.message || "";
    this.note.classList.toggle("gl-refused", Boolean(data.message));
    this.compute();
    this.render();
  }

  lastId() {
    return `${this.epoch}:${this.sent}`;
  }

  // The trace of what is shown: the browser's own, or, where its states drift from the server's
  // (weights that amplify rounding), each step run from the server's states (forward.js).
  compute() {
    this.trace = forward(this.state);
    if (!this.own) { // the server's numbers: is the browser's own pass exact on them?
      this.sensitive = largestDifference(this.trace.h, this.data.states) > EXACT;
      if (this.sensitive) this.trace = forward(this.state, Float64Array.from(this.data.states));
    }
  }

  render() {
    const view = {
      trace: this.trace, step: this.step, unit: this.unit, clamp: this.state.clamp, state: this.state,
      words: this.data.words, tokens: this.data.tokens,
    };
    this.bar.update(view);
    for (const name of ANSWERS) this.boxes[name]?.toggleAttribute("hidden", Boolean(this.data.hidden));
    for (const part of Object.values(this.views)) part.update(view);
    this.editor?.update(view);
    if (!this.data.message) this.note.textContent = this.sensitive ? SENSITIVE[this.own ? "own" : "server"] : "";
    this.root.setAttribute("aria-label", Object.values(this.views).map((v) => v.describe()).join(" "));
  }

  moveTo(t) {
    const step = Math.min(Math.max(t, 0), this.state.x.length - 1);
    if (step === this.step) return;
    this.step = step;
    this.state.step = step;
    this.queue({ step });
    this.render();
  }

  // A change from the editor: { unit }, { weight: [name, row, column, value] } (value as shown),
  // { input: [t, i, value] } or { clamp }. `done` is true on release: send it now.
  edit(change, done) {
    if ("unit" in change) {
      this.unit = change.unit;
      this.queue({ unit: change.unit });
    } else {
      if ("weight" in change) applyWeight(this.state, change.weight);
      if ("input" in change) this.state.x[change.input[0]][change.input[1]] = change.input[2];
      if ("clamp" in change) this.state.clamp = change.clamp;
      this.own = true;
      this.compute();
      this.queue(change);
    }
    this.render();
    if (done) this.flush();
  }

  queue(change) {
    const pending = (this.pending ??= {});
    if ("step" in change) pending.step = change.step;
    if ("unit" in change) pending.unit = change.unit;
    if ("clamp" in change) pending.clamp = change.clamp;
    if ("weight" in change) (pending.weights ??= new Map()).set(change.weight.slice(0, 3).join(), change.weight);
    if ("input" in change) (pending.inputs ??= new Map()).set(change.input.slice(0, 2).join(), change.input);
    this.wait();
  }

  // The pause before a message starts when the learner stops: not while play runs (its pause
  // button sends), nor while a pointer is down (a held slider thumb is not a pause; letting go is).
  wait() {
    clearTimeout(this.timer);
    if (this.pending && !this.pressed && !this.bar.playing()) this.timer = setTimeout(() => this.flush(), PAUSE_MS);
  }

  // One message for everything since the last: the step where the learner stopped, every edit.
  flush() {
    clearTimeout(this.timer);
    if (!this.pending || this.bar.playing()) return;
    const { weights, inputs, ...rest } = this.pending;
    const message = { ...rest, seq: `${this.epoch}:${++this.sent}` };
    if (weights) message.weights = [...weights.values()];
    if (inputs) message.inputs = [...inputs.values()];
    this.pending = null;
    this.send(message);
  }
}

// The state stores z's rows the seed's way; under keeps_old the editor shows them negated.
function applyWeight(state, [name, row, column, shown]) {
  const H = state.W_hh[0].length;
  const sign = state.z_convention === "keeps_old" && row >= H && row < 2 * H ? -1 : 1;
  if (column === null) state[name][row] = sign * shown;
  else state[name][row][column] = sign * shown;
}

function button(label, onClick) {
  const b = element("button", { type: "button", class: "gl-button" }, label);
  b.addEventListener("click", onClick);
  return b;
}
