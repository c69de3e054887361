// The live view's downloads: what is on screen as an .svg or a .png file, made in the browser.
//
// The files stand alone: a white background, dark text whatever the page's theme (the views draw
// in currentColor, light on Streamlit's dark theme), every style written on its element, and fonts
// named by family only (no font file and no network: a viewer without the family uses its own
// fallback, as a browser does).

const NS = "http://www.w3.org/2000/svg";
const INK = "#222"; // the text colour of the figures' own downloads (gru_viz/figures/diagram.py)
const PAPER = "#ffffff";
// Named before a generic sans-serif: the widths the diagram's boxes are made for, where the page's
// web font is missing (an image drawn from the file never loads it, and Linux's usual sans-serif,
// DejaVu Sans, is about 5 % wider and ran out of the boxes).
const FALLBACKS = 'Arial, Helvetica, "Liberation Sans"';
// What an SVG element's look depends on; each is written on the copy's element as computed.
const PROPERTIES = [
  "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
  "stroke-linejoin", "stroke-linecap", "paint-order", "opacity", "visibility", "display",
  "font-family", "font-size", "font-weight", "font-style", "font-variant-numeric",
  "text-anchor", "dominant-baseline", "baseline-shift",
];

// A standalone copy of `svg` as SVG text: the size it has on screen, the light theme's colours.
export function svgText(svg) {
  const { width, height } = shownSize(svg);
  const saved = svg.getAttribute("style");
  // Computed in the light theme's colours: currentColor becomes INK, the theme's background white.
  svg.style.setProperty("color", INK);
  svg.style.setProperty("--st-background-color", PAPER);
  const copy = svg.cloneNode(true);
  try {
    const originals = [svg, ...svg.querySelectorAll("*")];
    const copies = [copy, ...copy.querySelectorAll("*")];
    originals.forEach((original, k) => {
      const computed = getComputedStyle(original);
      const style = copies[k].style;
      for (const name of PROPERTIES) style.setProperty(name, computed.getPropertyValue(name));
      style.setProperty("font-family", computed.fontFamily.replace(/(^|,\s*)sans-serif\s*$/, `$1${FALLBACKS}, sans-serif`));
    });
  } finally {
    if (saved === null) svg.removeAttribute("style");
    else svg.setAttribute("style", saved);
  }
  copy.setAttribute("xmlns", NS);
  copy.setAttribute("width", width);
  copy.setAttribute("height", height);
  copy.style.setProperty("color", INK);
  for (const name of ["max-width", "width", "height"]) copy.style.removeProperty(name); // the attributes say it
  const box = copy.viewBox.baseVal; // all zeros (or null) without a viewBox: then the picture is in px
  const paper = document.createElementNS(NS, "rect");
  const area = box?.width ? box : { x: 0, y: 0, width, height };
  for (const [name, value] of Object.entries({ ...pick(area), fill: PAPER })) paper.setAttribute(name, value);
  copy.insertBefore(paper, copy.firstChild);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

const pick = ({ x, y, width, height }) => ({ x, y, width, height });

// The element's size on screen in CSS px; where it is not laid out, a canvas's own pixels or an
// SVG's viewBox.
function shownSize(element) {
  const rect = element.getBoundingClientRect();
  if (rect.width > 0 && rect.height > 0) return { width: Math.round(rect.width), height: Math.round(rect.height) };
  if (element instanceof HTMLCanvasElement) return { width: element.width, height: element.height };
  const box = element.viewBox?.baseVal;
  return { width: Math.round(box?.width || 300), height: Math.round(box?.height || 150) };
}

// Downloads `svgElement` as an .svg file named `filename`; returns the Blob.
export function downloadSvg(svgElement, filename) {
  const blob = new Blob([svgText(svgElement)], { type: "image/svg+xml" });
  save(blob, filename);
  return blob;
}

// Downloads a .png of `source` (an SVG element, a canvas, or a function returning either) on white,
// `scale` pixels per CSS pixel it takes on screen. Resolves to the Blob.
export async function downloadPng(source, filename, scale = 2) {
  const blob = await pngBlob(typeof source === "function" ? source() : source, scale);
  save(blob, filename);
  return blob;
}

export async function pngBlob(source, scale = 2) {
  const { width, height } = shownSize(source);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  context.fillStyle = PAPER;
  context.fillRect(0, 0, canvas.width, canvas.height);
  const image = source instanceof HTMLCanvasElement ? source : await svgImage(source);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the PNG could not be made"))), "image/png"));
}

// The SVG as an image (a data: URL: no request leaves the page, and the canvas stays readable).
function svgImage(svg) {
  const image = new Image();
  const loaded = new Promise((resolve, reject) => {
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("the SVG could not be drawn"));
  });
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText(svg));
  return loaded;
}

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link); // a link in the document: the element itself may sit in a shadow root
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // the download has read it by then
}
