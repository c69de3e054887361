"""Drawing one figure in chromium without the app, and reading where Plotly put its text.

A figure builder's layout defects (a label out of its box, a title over tick labels) show in the
SVG that plotly.js draws. These helpers draw a Figure with the plotly.js that the Python package
ships (the same major version as Streamlit's) in a bare page, and return bounding boxes in CSS px.
"""

import json
import pathlib

import plotly

from tests.browser.offline import block_other_hosts

PLOTLY_JS = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def blank_plot_page(browser, width=1200, height=1600):
    """A page of a fresh context, offline (offline.block_other_hosts), with plotly.js loaded and one
    empty <div id="chart">."""
    context = browser.new_context(viewport={"width": width, "height": height})
    block_other_hosts(context)
    page = context.new_page()
    page.set_content('<html><body style="margin:0"><div id="chart"></div></body></html>')
    page.add_script_tag(path=str(PLOTLY_JS))
    return page


def draw(page, fig, width):
    """Draw `fig` at `width` px into the page's chart div, as Streamlit does (Plotly.newPlot)."""
    page.evaluate(
        """([spec, width]) => { const chart = document.getElementById('chart');
             chart.style.width = width + 'px'; Plotly.purge(chart);
             return Plotly.newPlot(chart, spec.data, spec.layout, {displayModeBar: false}); }""",
        [json.loads(fig.to_json()), width],
    )


# JS: an element's box in CSS px.
BOX = (
    "e => { const r = e.getBoundingClientRect();"
    " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
)
# JS: the diagram's node texts and shapes, in the order of the nodes (node_parts draws them so).
NODE_BOXES = """(root) => {
  const box = BOX;
  const shapes = [...root.querySelectorAll('.shapelayer path')].map(box);
  const texts = [...root.querySelectorAll('.scatterlayer .trace.scatter')].pop().querySelectorAll('.textpoint text');
  return [...texts].map((t, i) => ({text: t.textContent, lines: [...t.querySelectorAll('tspan.line')].map(box),
                                      box: box(t), shape: shapes[i]}));
}""".replace("BOX", BOX)

# JS: for every subscript in the diagram's node texts, its box and the box of the first visible
# character after it on the same line (Plotly writes <sub> as a 70 % tspan, then text).
SUBSCRIPTS = r"""(root) => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const pairs = [];
  for (const sub of root.querySelectorAll('.scatterlayer .textpoint tspan[style*="font-size:70%"]')) {
    const line = sub.closest('tspan.line');
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let node, seen = false;
    while ((node = walker.nextNode())) {
      if (sub.contains(node)) { seen = true; continue; }
      if (!seen) continue;
      const i = node.data.search(/[^\s\u200b]/);
      if (i < 0) continue;
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      pairs.push({sub: sub.textContent, after: node.data.slice(i), subBox: box(sub.getBoundingClientRect()),
                  afterBox: box(range.getBoundingClientRect())});
      break;
    }
  }
  return pairs;
}"""


def overlap(a, b, slack=0.0):
    """Whether boxes a and b (dicts of left, right, top, bottom) overlap by more than `slack` px."""
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def inside(inner, outer, slack=0.0):
    """Whether box `inner` lies within box `outer`, `slack` px allowed on each side."""
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def text_out_of_node(node):
    """The lines of a diagram node's text that leave its shape's box (a box, or a pill whose round
    corners lie outside any line of text): empty when all fits. A line is tested over its glyphs'
    body, 5 px above and below its middle, not over the line box's spacing."""
    out = []
    for line in node["lines"]:
        middle = (line["top"] + line["bottom"]) / 2
        body = dict(left=line["left"], right=line["right"], top=middle - 5, bottom=middle + 5)
        if not inside(body, node["shape"], slack=-2.5):  # the outline's half width: text stays off it
            out.append(line)
    return out
