// Figures far below the screen wait until the learner scrolls near them, or prints the page.
// Drawing the GRU-versus-LSTM page's two heatmap stacks, a screen below its diagrams, took a third
// of its page switch (bench/README.md).
//
// Streamlit scrolls its main column, not the window: a figure is near when it is within AHEAD of
// that column's visible part (the window's, where there is no such column).
export const AHEAD = 0.25; // of the visible height: a figure this close below (or above) it is drawn

const waiting = new Map(); // element -> what draws it, for the figures not drawn yet
const watchers = new Map(); // scroll container (null: the window) -> its IntersectionObserver

const scroller = (element) => element.closest('[data-testid="stMain"]');

export function isNear(element) {
  const root = scroller(element);
  const view = root ? root.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
  const ahead = AHEAD * (view.bottom - view.top);
  const { top, bottom } = element.getBoundingClientRect();
  return bottom >= view.top - ahead && top <= view.bottom + ahead;
}

// Call `draw` once `element` comes near the visible part of the page (or the page is printed).
export function whenNear(element, draw) {
  forgetGone();
  const root = scroller(element);
  if (!watchers.has(root)) {
    watchers.set(root, new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) run(entry.target);
    }, { root, rootMargin: `${AHEAD * 100}% 0px` }));
  }
  waiting.set(element, draw);
  watchers.get(root).observe(element);
}

function run(element) {
  const draw = waiting.get(element);
  if (!draw) return;
  forget(element);
  draw();
}

function forget(element) {
  waiting.delete(element);
  for (const watcher of watchers.values()) watcher.unobserve(element);
}

// A figure whose page was left before it was drawn: nothing of it is kept.
function forgetGone() {
  for (const element of [...waiting.keys()]) if (!element.isConnected) forget(element);
}

window.addEventListener("beforeprint", () => { // a printed page shows every figure
  forgetGone();
  for (const element of [...waiting.keys()]) run(element);
});
