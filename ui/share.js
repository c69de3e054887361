// The share link, short: the first characters of this page's address and a button that copies
// all of it. It reads the address bar when it draws and when pressed, not a copy sent by Python:
// a page that steps in a fragment changes the address without redrawing the sidebar.
export default function (component) {
  const { parentElement } = component;
  const preview = parentElement.querySelector(".preview");
  const button = parentElement.querySelector("button");
  const show = () => {
    const href = window.location.href;
    const shown = href.replace(/^https?:\/\//, ""); // the host and page say more than the scheme
    preview.textContent = shown.length > 40 ? shown.slice(0, 40) + "…" : shown;
    preview.title = `${href.length.toLocaleString("en")} characters; the button copies them all`;
  };
  show();
  const timer = setInterval(show, 1000);
  button.onclick = async () => {
    show();
    const done = await copy(window.location.href);
    button.textContent = done ? "Copied" : "Copy failed: use the address bar";
    setTimeout(() => (button.textContent = "Copy link"), 2000);
  };
  return () => clearInterval(timer);
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text); // only on https or localhost
    return true;
  } catch {
    // Plain http: the older way, through a selected text area.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}
