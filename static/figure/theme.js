// Streamlit's look for a Plotly figure, as st.plotly_chart gives it (its theme="streamlit"), read
// from the page's theme: the colours and fonts Streamlit writes as CSS variables on every
// component. Python's side stays Streamlit's own: the "streamlit" template that figures are built
// with names its colours by placeholders ("#000001"...), which this replaces, and its layout gets
// the theme's fonts, greys and backgrounds, merged in as Streamlit's frontend merges them
// (frontend/lib/src/components/elements/PlotlyChart/CustomTheme.tsx).

// The placeholders of streamlit/elements/lib/streamlit_plotly_theme.py, in their order.
const CATEGORICAL = 1; // #000001 to #000010
const SEQUENTIAL = 11; // #000011 to #000020
const DIVERGING = 21; // #000021 to #000031
const NAMED = { 32: "green", 33: "red", 34: "blue", 35: "gray30", 36: "gray70", 37: "gray90", 38: "bg", 39: "faded05", 40: "bgMix" };

const placeholder = (n) => `#${String(n).padStart(6, "0")}`;

// The theme's colours and fonts, as the CSS variables on `element` say them now.
export function readTheme(element) {
  const style = getComputedStyle(element);
  const read = (name) => style.getPropertyValue(`--st-${name}`).trim();
  const list = (name) => read(name).split(",").map((colour) => colour.trim()).filter(Boolean);
  const text = read("text-color") || "#31333f";
  return {
    categorical: list("chart-categorical-colors"),
    sequential: list("chart-sequential-colors"),
    diverging: list("chart-diverging-colors"),
    green: read("green-color"), red: read("red-color"), blue: read("blue-color"),
    ...greys(read("background-color") || "#ffffff"),
    text,
    heading: read("heading-color") || text,
    bg: read("background-color") || "#ffffff",
    bgMix: read("secondary-background-color") || "#f0f2f6",
    faded05: withAlpha(text, 0.05),
    border: read("border-color") || "#d5dae5",
    font: read("font") || "sans-serif",
    headingFont: read("heading-font") || read("font") || "sans-serif",
    fontSize: parseFloat(read("base-font-size")) || 16,
  };
}

// Streamlit's greys 30, 70 and 90 (lines, secondary text, primary text) as its Plotly theme takes
// them: its own palette, the light theme's or, on a dark background, the dark theme's (getGray30,
// getGray70 and getGray90 in frontend/lib/src/theme).
const LIGHT = { gray30: "#e6eaf1", gray70: "#808495", gray90: "#262730" };
const DARK = { gray30: "#31333f", gray70: "#e6eaf1", gray90: "#fafafa" };

function greys(background) {
  const hex = /^#([0-9a-f]{6})$/i.exec(background);
  if (!hex) return LIGHT;
  const n = parseInt(hex[1], 16);
  const luminance = (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return luminance > 0.5 ? LIGHT : DARK;
}

// What a redraw depends on: a theme switched from the app's menu changes it.
export const signature = (theme) => JSON.stringify(theme);

// The figure `spec` (Plotly's JSON, as text) in `theme`: a new object.
export function themed(specText, theme) {
  const colours = {};
  const series = (first, count, values) => {
    for (let k = 0; k < count && values.length; k++) colours[placeholder(first + k)] = values[Math.min(k, values.length - 1)];
  };
  series(CATEGORICAL, 10, theme.categorical);
  series(SEQUENTIAL, 10, theme.sequential);
  series(DIVERGING, 11, theme.diverging);
  for (const [n, name] of Object.entries(NAMED)) if (theme[name]) colours[placeholder(Number(n))] = theme[name];
  const spec = JSON.parse(specText.replace(/#0000[0-4]\d/g, (found) => colours[found] || found));
  const layout = (spec.layout ||= {});
  const template = (layout.template ||= {});
  merge((template.layout ||= {}), templateLayout(theme));
  if (layout.title?.text) layout.title = { ...layout.title, text: `<b>${layout.title.text}</b>` };
  return spec;
}

// Streamlit's template layout (CustomTheme.tsx, applyStreamlitThemeTemplateLayout), for the parts
// these figures use: fonts, titles, axes, legends, colour bars and hover labels. Not its axes'
// automargin: every figure here sets its margins, and growing them to fit measured labels redraws
// a stack of heatmap panels several times (measured: 195 ms against 120 ms for GRU versus LSTM's
// four figures; tests/browser/test_figures_browser.py checks that no label leaves its figure).
function templateLayout(t) {
  const small = 0.75 * t.fontSize; // Streamlit's twoSm (12 px) and sm (14 px) sizes
  const smaller = 0.875 * t.fontSize;
  const axisTitle = { font: { color: t.gray70, size: smaller } };
  const axis = {
    zerolinecolor: t.gray30, gridcolor: t.gray30, tickcolor: t.gray30,
    tickfont: { color: t.gray70, size: small }, minor: { gridcolor: t.gray30 },
  };
  return {
    font: { color: t.gray70, family: t.font, size: small },
    title: { font: { family: t.headingFont, size: t.fontSize, color: t.heading }, pad: { l: 0.375 * t.fontSize }, xanchor: "left", x: 0 },
    legend: {
      title: { font: { size: small, color: t.gray70 }, side: "top" },
      valign: "top", bordercolor: "rgba(0,0,0,0)", borderwidth: 0, font: { size: small, color: t.gray90 },
    },
    paper_bgcolor: t.bg,
    plot_bgcolor: t.bg,
    yaxis: { ...axis, ticklabelposition: "outside", title: { ...axisTitle, standoff: 2 * t.fontSize } },
    xaxis: { ...axis, showgrid: false, zeroline: false, title: { ...axisTitle, standoff: 1.5 * t.fontSize } },
    margin: { pad: 0.5 * t.fontSize, r: 0, l: 0 },
    hoverlabel: { bgcolor: t.bg, bordercolor: t.border, font: { color: t.gray70, family: t.font, size: small } },
    coloraxis: {
      colorbar: {
        thickness: 16, xpad: 2 * t.fontSize, ticklabelposition: "outside", outlinecolor: "rgba(0,0,0,0)",
        outlinewidth: 8, len: 0.75, y: 0.5745, title: axisTitle, tickfont: { color: t.gray70, size: small },
      },
    },
  };
}

// lodash's merge, for plain JSON: `extra`'s values go into `target`, objects merged key by key.
function merge(target, extra) {
  for (const [key, value] of Object.entries(extra)) {
    const here = target[key];
    if (value && typeof value === "object" && !Array.isArray(value) && here && typeof here === "object" && !Array.isArray(here)) {
      merge(here, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function withAlpha(colour, alpha) {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!hex) return colour;
  const n = parseInt(hex[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
