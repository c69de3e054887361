// When the server cannot be reached, Streamlit opens a "Connection error" dialog that asks "Are you
// connected to the internet?". Its text is fixed in Streamlit's own page script, with no setting;
// this watches the page for that dialog and says what a learner needs to know instead. It runs
// in the browser alone, so it keeps working once the server is gone.
const TITLE = "The lesson's server cannot be reached";
const KEPT =
  "It may be restarting, or the network may be down. Your place is kept in this page's address: " +
  "when the server is back, reload the page, or open the same link later, to continue where you were.";
const NOT_KEPT =
  "It may be restarting, or the network may be down. This view was too large to keep in the page's " +
  "address, so a reload starts from the default example: download the state (JSON) once the server is back.";

export default function ({ parentElement }) {
  hide(parentElement);
  if (window.__gruConnection) return;
  window.__gruConnection = new MutationObserver(reword);
  window.__gruConnection.observe(document.body, { childList: true, subtree: true, characterData: true });
}

function reword() {
  for (const title of document.querySelectorAll("[role=dialog] h2")) {
    const body = title.nextElementSibling;
    if (title.textContent !== "Connection error" || !body) continue;
    // Only the "not responding" messages; other connection errors keep Streamlit's own words.
    if (!/not responding|still running/i.test(body.textContent)) continue;
    const text = new URLSearchParams(window.location.search).has("s") ? KEPT : NOT_KEPT;
    title.textContent = TITLE;
    body.textContent = text;
  }
}
