// A Plotly figure drawn by plotly.js itself (ui/figure_view.py). st.plotly_chart draws the same
// figure through React and its own wrapper at about twice the cost of plotly.js alone, which put
// every lesson page with figures over its page-switch target (bench/README.md measures both).
//
// plotly.js is the plotly package's own copy, served as a static file and loaded once per tab.
// A figure keeps its element across reruns: new numbers are a Plotly.react, which redraws only
// what changed.
import { readTheme, signature, themed } from "./theme.js";

let plotly = null; // the promise of window.Plotly, shared by every figure of the tab
const shown = new WeakMap(); // parentElement -> Figure
const AHEAD = 0.5; // of the window's height: a figure this close below (or above) the screen is drawn
const waiting = new Map(); // box -> Figure, not drawn yet because it is far from the screen
let watcher = null;

function near(box) {
  const { top, bottom } = box.getBoundingClientRect();
  const ahead = AHEAD * window.innerHeight;
  return bottom >= -ahead && top <= window.innerHeight + ahead;
}

function waitUntilNear(figure) {
  if (!watcher) {
    watcher = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const waiter = entry.isIntersecting && waiting.get(entry.target);
        if (!waiter) continue;
        waiting.delete(entry.target);
        watcher.unobserve(entry.target);
        waiter.draw();
      }
    }, { rootMargin: `${AHEAD * 100}% 0px` });
    window.addEventListener("beforeprint", () => { // a printed page shows every figure
      for (const [box, waiter] of [...waiting]) {
        waiting.delete(box);
        watcher.unobserve(box);
        waiter.draw(true);
      }
    });
  }
  waiting.set(figure.box, figure);
  watcher.observe(figure.box);
}

function load(url) {
  if (!plotly) {
    plotly = new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const script = document.createElement("script");
      script.src = new URL(url, document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { plotly = null; reject(new Error("plotly.js did not load")); };
      document.head.append(script);
    });
  }
  return plotly;
}

export function mount(component) {
  const host = component.parentElement;
  let figure = shown.get(host);
  if (!figure) {
    figure = new Figure(host);
    shown.set(host, figure);
  }
  figure.receive(component.data);
  return () => {}; // the element keeps its figure across reruns; Streamlit removes the element itself
}

class Figure {
  constructor(host) {
    this.host = host;
    this.box = document.createElement("div");
    this.box.className = "gv-figure";
    this.box.setAttribute("role", "figure");
    host.replaceChildren(this.box);
    this.width = 0;
    this.resizing = new ResizeObserver(() => { // the column's width changed (a window resized, the sidebar closed)
      const width = this.box.clientWidth;
      if (this.drawn && width && width !== this.width) window.Plotly.Plots.resize(this.box);
      this.width = width;
    });
    this.resizing.observe(this.box);
    this.data = null;
    this.drawn = null; // what was last drawn: [spec text, config text, theme]
  }

  receive(data) {
    this.data = data;
    this.box.setAttribute("aria-label", data.alt || "");
    if (data.height) this.box.style.minHeight = `${data.height}px`; // its room before plotly.js has drawn
    load(data.script).then(() => this.draw(), (error) => { this.box.textContent = `This figure could not be drawn: ${error.message}.`; });
  }

  // A figure far below the screen waits until the learner scrolls near it (or prints the page):
  // drawing the GRU-versus-LSTM page's two heatmap stacks, a screen below its diagrams, took a
  // third of its page switch (bench/README.md). Until then it keeps its room (its height) and says
  // data-pending="offscreen".
  draw(now = false) {
    if (!this.data || !window.Plotly) return;
    if (!this.drawn && !now && !near(this.box)) {
      this.box.dataset.pending = "offscreen";
      waitUntilNear(this);
      return;
    }
    delete this.box.dataset.pending;
    const { spec, config } = this.data;
    // Streamlit mounts the element again when the theme changes (light, dark, the system's): the
    // theme is read on every mount, and a figure is redrawn only if it or its data changed.
    const theme = readTheme(this.host);
    const wanted = [spec, JSON.stringify(config), signature(theme)];
    if (this.drawn && wanted.every((part, k) => part === this.drawn[k])) return;
    this.drawn = wanted;
    const figure = themed(spec, theme);
    window.Plotly.react(this.box, figure.data || [], figure.layout, { ...config, responsive: false });
  }
}
