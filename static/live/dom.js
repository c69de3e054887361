// Building elements without innerHTML: every text goes in as a text node, so a learner's token
// (any string they typed) is never read as markup.
export function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    made.setAttribute(name, value === true ? "" : String(value));
  }
  made.append(...children.filter((child) => child != null));
  return made;
}

// live.css, linked once into the document (or the shadow root) that holds `container`; a promise
// that settles when it applies (a view read before then is laid out without it).
export function linkStylesheet(container) {
  const href = new URL("./live.css", import.meta.url).href;
  const root = container.getRootNode();
  const holder = root instanceof ShadowRoot ? root : document.head;
  let link = [...root.querySelectorAll("link[rel=stylesheet]")].find((known) => known.href === href); // main.js's own
  if (link?.sheet) return Promise.resolve();
  if (!link) {
    link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    holder.append(link);
  }
  return new Promise((settle) => {
    link.addEventListener("load", settle, { once: true });
    link.addEventListener("error", settle, { once: true });
  });
}

// An element of `tag` with `className` and (as text, never HTML) `text`.
export function textElement(tag, className = "", text = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}
