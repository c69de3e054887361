// The step bar of the live view: previous, next, a slider over the steps, play with its speed,
// and the ← and → keys. Every control moves the step in the browser at once; the server hears of
// the step once the learner pauses (main.js sends it PAUSE_MS after the last press).
//
// The keys: one listener per tab, for whichever live view is on the page. Every press counts,
// however fast: each moves the step by one before the next is read.
import { element } from "./dom.js";

export const PAUSE_MS = 300;
const SPEEDS = [[0.5, "½ step/s"], [1, "1 step/s"], [2, "2 steps/s"], [4, "4 steps/s"]];

// Where an arrow key already means something: typing, sliders, radios, menus, tabs, tables.
const OWN_ARROWS =
  "input, textarea, select, [contenteditable], [role=slider], [role=radio], [role=radiogroup], " +
  "[role=listbox], [role=option], [role=combobox], [role=menu], [role=menuitem], [role=tab], " +
  "[role=grid], [data-testid^=stDataFrame], [data-testid^=stDataEditor], [data-testid=data-grid-canvas]";

const keys = (window.__gruLiveKeys ??= { bar: null });
if (!keys.listening) {
  keys.listening = true;
  document.addEventListener("keydown", (event) => {
    const delta = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!delta || !keys.bar || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.composedPath()[0];
    if (target instanceof Element && target.closest(OWN_ARROWS)) return;
    event.preventDefault(); // the page would otherwise scroll sideways
    keys.bar.press(delta);
  });
}

// `options`: tokens, moveTo(t), follows() (the step now), onPause() (play stopped).
export function stepBar(root, options) {
  const T = options.tokens.length;
  const back = element("button", { type: "button", class: "gl-button", title: "One step back (←)" }, "‹ previous");
  const next = element("button", { type: "button", class: "gl-button", title: "One step forward (→)" }, "next ›");
  const slider = element("input", {
    type: "range", min: 0, max: Math.max(T - 1, 0), step: 1, value: 0, class: "gl-slider",
    "aria-label": "time step t", disabled: T < 2,
  });
  const play = element("button", { type: "button", class: "gl-button gl-play", disabled: T < 2 }, "▶ play");
  const speed = element("select", { class: "gl-speed", "aria-label": "Playing speed" },
    ...SPEEDS.map(([value, label]) => element("option", { value, selected: value === 1 }, label)));
  const label = element("div", { class: "gl-steplabel" });
  root.append(element("div", { class: "gl-steprow" }, back, next, slider, play, speed), label);

  let timer = null;
  const move = (t) => options.moveTo(t);
  back.addEventListener("click", () => move(options.follows() - 1));
  next.addEventListener("click", () => move(options.follows() + 1));
  slider.addEventListener("input", () => move(Number(slider.value)));
  const stop = () => {
    clearInterval(timer);
    timer = null;
    play.textContent = "▶ play";
    options.onPause?.();
  };
  const start = () => {
    if (options.follows() >= T - 1) move(0); // play again from the start
    play.textContent = "❚❚ pause";
    timer = setInterval(() => {
      if (options.follows() >= T - 1) stop();
      else move(options.follows() + 1);
    }, 1000 / Number(speed.value));
  };
  play.addEventListener("click", () => (timer ? stop() : start()));
  speed.addEventListener("change", () => { if (timer) { clearInterval(timer); timer = null; start(); } });

  const bar = {
    element: root,
    playing: () => timer !== null,
    press: (delta) => move(options.follows() + delta),
    update({ step }) {
      back.disabled = step <= 0;
      next.disabled = step >= T - 1;
      slider.value = step;
      label.textContent = `Step t = ${step} of ${T} · token “${shorten(options.tokens[step] ?? "", 20)}”`;
    },
    destroy() {
      clearInterval(timer);
      if (keys.bar === bar) keys.bar = null;
    },
  };
  keys.bar = bar; // the newest live view on the page takes the keys
  return bar;
}

function shorten(text, most) {
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
}
