"""A Plotly figure drawn by plotly.js in the page: a Components v2 element (static/figure/).

Why not st.plotly_chart: it draws a figure through React and its own wrapper, and measured in
chromium that costs about twice what plotly.js alone takes for the same figure. The lesson pages'
switches missed their target by that much (bench/README.md, "The page switch's lower bound").
The element looks as st.plotly_chart's does (static/figure/theme.js applies Streamlit's theme),
keeps Plotly's own download button and hover, and takes the page's width.

plotly.js is the copy the plotly package ships. Streamlit serves files only from the app's
static/ folder (`server.enableStaticServing`), so it is copied there once, under its version's
name: an upgrade of plotly is a new file, never an old one from the browser's cache. No CDN: a
classroom may be offline.
"""

import collections
import contextlib
import logging
import os
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import plotly
import plotly.io as pio
import streamlit as st

STATIC = Path(__file__).resolve().parent.parent / "static"
SCRIPT = f"vendor/plotly-{plotly.__version__}.min.js"  # under STATIC, in .gitignore
LOADER = """
export default function (component) {
  let gone = false;
  import(new URL("app/static/figure/figure.js", document.baseURI).href).then(({ mount }) => {
    if (!gone) mount(component);
  });
  return () => { gone = true; };
}
"""
_component = st.components.v2.component("gru_figure", js=LOADER, isolate_styles=False)  # plotly.js styles the document


def script_ready(static=STATIC):
    """Whether plotly.js is in `static` for Streamlit to serve, copying the plotly package's there
    if it is not (atomically: a second server starting at once sees a whole file or none)."""
    target = static / SCRIPT
    if target.is_file():
        return True
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as copy:
            shutil.copyfileobj(source.open("rb"), copy)
        os.replace(copy.name, target)
    except OSError as exc:
        logging.getLogger(__name__).warning("plotly.js could not be copied to %s (%s): figures use st.plotly_chart",
                                            target, exc)
        with contextlib.suppress(OSError, NameError):
            os.unlink(copy.name)
        return False
    return True


READY = script_ready()


SENT = 64  # figures whose JSON is kept: a cached figure is drawn again on every visit of its page
_sent = collections.OrderedDict()  # id(figure) -> (a weak reference to it, its JSON)
_sent_lock = threading.Lock()


def as_json(fig):
    """Plotly's JSON of `fig`, made once per figure object: the pages' figures are cached
    (ui.compute.cached_figure), and serializing one costs 5 to 20 ms a run. The last SENT are kept;
    a figure that is gone takes its JSON with it."""
    with _sent_lock:
        known = _sent.get(id(fig))
        if known is not None and known[0]() is fig:
            _sent.move_to_end(id(fig))
            return known[1]
    text = pio.to_json(fig, validate=False)
    with _sent_lock:
        _sent[id(fig)] = (weakref.ref(fig), text)
        while len(_sent) > SENT:
            _sent.popitem(last=False)
    return text


def figure(fig, *, key, config, alt, where=None):
    """Draw the Plotly figure `fig` in `where` (a container; None: the page) with Plotly's
    `config`, and `alt` for screen readers."""
    if not READY:
        return (where or st).plotly_chart(fig, key=key, config=config, alt=alt)
    data = {
        "spec": as_json(fig),
        "config": config,
        "alt": alt,
        "height": fig.layout.height,
        "script": f"app/static/{SCRIPT}",
    }
    with where if where is not None else contextlib.nullcontext():
        return _component(key=key, data=data, width="stretch", height="content")

