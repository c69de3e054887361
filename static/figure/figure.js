// A Plotly figure drawn by plotly.js itself (ui/figure_view.py). st.plotly_chart draws the same
// figure through React and its own wrapper at about twice the cost of plotly.js alone, which put
// every lesson page with figures over its page-switch target (bench/README.md measures both).
//
// plotly.js is the plotly package's own copy, served as a static file and loaded once per tab.
// A figure keeps its element across reruns: new numbers are a Plotly.react, which redraws only
// what changed.
import { isNear, whenNear } from "./nearby.js";
import { readTheme, signature, themed } from "./theme.js";

let plotly = null; // the promise of window.Plotly, shared by every figure of the tab
const shown = new WeakMap(); // parentElement -> Figure
const resizing = new ResizeObserver((entries) => { // a column's width changed (a window resized, the sidebar closed)
  for (const entry of entries) figures.get(entry.target)?.resized();
});
const figures = new Map(); // box -> Figure, for every figure on the page

// A figure whose element Streamlit removed (its page was left): plotly.js lets go of it.
function forgetGone() {
  for (const [box, figure] of [...figures]) {
    if (box.isConnected) continue;
    figures.delete(box);
    resizing.unobserve(box);
    if (figure.drawn) window.Plotly?.purge(box);
  }
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
  forgetGone();
  const host = component.parentElement;
  let figure = shown.get(host);
  if (!figure) {
    figure = new Figure(host);
    shown.set(host, figure);
  }
  figure.receive(component.data);
  return () => {}; // the element keeps its figure across reruns; forgetGone() lets go of a removed one
}

class Figure {
  constructor(host) {
    this.host = host;
    this.box = document.createElement("div");
    this.box.className = "gv-figure";
    this.box.setAttribute("role", "figure");
    host.replaceChildren(this.box);
    figures.set(this.box, this);
    resizing.observe(this.box);
    this.width = 0;
    this.near = false; // once near the screen, it is drawn and kept up to date wherever it is
    this.data = null;
    this.drawn = null; // what was last drawn: [spec text, config text, theme]
  }

  receive(data) {
    this.data = data;
    this.box.setAttribute("aria-label", data.alt || "");
    this.box.style.minHeight = data.height ? `${data.height}px` : ""; // its room before plotly.js has drawn
    load(data.script).then(() => this.draw(), (error) => this.failed(error));
  }

  // Far below the screen, a figure keeps its room (its height), says data-pending="offscreen" and
  // waits (nearby.js); once drawn, it follows every rerun wherever it is.
  draw() {
    if (!this.data || !window.Plotly) return;
    if (!this.near && !(this.near = isNear(this.box))) {
      if (!this.box.dataset.pending) {
        this.box.dataset.pending = "offscreen";
        whenNear(this.box, () => { this.near = true; this.draw(); });
      }
      return;
    }
    delete this.box.dataset.pending;
    const { spec, config } = this.data;
    // Streamlit mounts the element again when the theme changes (light, dark, the system's): the
    // theme is read on every mount, and a figure is redrawn only if it or its data changed.
    const theme = readTheme(this.host);
    const wanted = [spec, JSON.stringify(config), signature(theme)];
    if (this.drawn && wanted.every((part, k) => part === this.drawn[k])) return;
    const figure = themed(spec, theme);
    window.Plotly.react(this.box, figure.data || [], figure.layout, { ...config, responsive: false })
      .then(() => { this.drawn = wanted; this.width = this.box.clientWidth; }, (error) => this.failed(error));
  }

  resized() {
    const width = this.box.clientWidth;
    if (this.drawn && width && width !== this.width) window.Plotly.Plots.resize(this.box);
    this.width = width;
  }

  failed(error) {
    this.drawn = null;
    this.box.textContent = `This figure could not be drawn (${error?.message || error}). Reload the page to try again.`;
  }
}
