// The arrow keys step the lesson: every press counts, even one made while the page redraws.
//
// One listener per browser tab counts the presses: `net` is the sum of +1 (→) and -1 (←) since
// the tab opened. It sends that running total, never a single press, so when presses arrive
// while Python is busy the last total carries all of them and Python applies the difference from
// the total it applied before (ui/keys.py). `epoch` names this tab's count.
export default function (component) {
  const { setStateValue, parentElement } = component;
  hide(parentElement);
  const keys = (window.__gruArrowKeys ??= {
    epoch: Math.random().toString(36).slice(2),
    net: 0,
    send: null,
  });
  if (!keys.listening) {
    keys.listening = true;
    document.addEventListener("keydown", (event) => press(keys, event));
  }
  const send = (value) => setStateValue("presses", value);
  keys.send = send;
  return () => {
    if (keys.send === send) keys.send = null; // a page without stepping does not count presses
  };
}

// Where an arrow key already means something: typing, sliders, radios, menus, tabs, tables.
const OWN_ARROWS =
  "input, textarea, select, [contenteditable], [role=slider], [role=radio], [role=radiogroup], " +
  "[role=listbox], [role=option], [role=combobox], [role=menu], [role=menuitem], [role=tab], " +
  "[role=grid], [data-testid^=stDataFrame], [data-testid^=stDataEditor], [data-testid=data-grid-canvas]";

function press(keys, event) {
  const delta = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (!delta || !keys.send || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = event.composedPath()[0];
  if (target instanceof Element && target.closest(OWN_ARROWS)) return;
  event.preventDefault(); // the page would otherwise scroll sideways
  keys.net += delta;
  keys.send({ epoch: keys.epoch, net: keys.net });
}
