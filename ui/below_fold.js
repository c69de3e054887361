// The fold of a lesson page (ui/below_fold.py): this element draws nothing, marks its fragment's
// block with data-gv-fold ("waiting" or "shown", which bench/live_page.py reads), and, while the
// rest is not drawn, asks for it once the fold comes near the screen and the browser is idle. It
// starts watching only once the components above it have mounted: until a figure's script runs, its
// slot has no height, and the fold would look near when it is not.
export default function (component) {
  const fold = hide(component.parentElement)?.parentElement; // hide: ui/invisible.py's (no row gap)
  const shown = Boolean(component.data?.shown);
  if (fold) {
    fold.dataset.gvFold = shown ? "shown" : "waiting";
    // Room for the rest while it waits: without it the page ends at the fold, and scrolling cannot
    // bring the fold near the screen.
    fold.style.minHeight = shown ? "" : "100vh";
  }
  if (shown) return undefined;
  let gone = false;
  const ask = () => { if (!gone) component.setTriggerValue("near", true); };
  // Unmounted (the page was left, or the rest came): the block keeps no mark and no room of ours.
  const leave = () => {
    gone = true;
    if (fold) { delete fold.dataset.gvFold; fold.style.minHeight = ""; }
  };
  if (!fold) {
    ask();
    return leave;
  }
  import(new URL("app/static/figure/nearby.js", document.baseURI).href).then(
    ({ whenNear }) => laidOut(fold, () => whenNear(fold, () => idle(ask))),
    ask, // the app's scripts did not load: the rest is drawn at once
  );
  return leave;
}

const idle = (then) => (window.requestIdleCallback ? requestIdleCallback(then, { timeout: 500 }) : setTimeout(then, 0));

// A component's slot stays empty until its script has drawn into it (the fold's own slot is hidden).
const EMPTY = '[data-testid="stMain"] [data-testid="stBidiComponentRegular"] > div:empty';
const WAIT_AT_MOST = 3000; // ms: a component that never draws does not keep the rest away for good

function laidOut(fold, then) {
  const began = performance.now();
  const pendingAbove = () => [...document.querySelectorAll(EMPTY)].some((slot) => {
    const container = slot.closest('[data-testid="stElementContainer"]');
    return (slot.compareDocumentPosition(fold) & Node.DOCUMENT_POSITION_FOLLOWING)
      && container?.dataset.stale !== "true" && container?.style.display !== "none";
  });
  const check = () => {
    if (!fold.isConnected) return;
    if (pendingAbove() && performance.now() - began < WAIT_AT_MOST) requestAnimationFrame(check);
    else then();
  };
  check();
}
