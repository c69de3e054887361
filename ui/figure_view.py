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
  }, () => {  // the app's static files are not served (server.enableStaticServing, or a copy without static/)
    component.parentElement.textContent = "This figure could not be drawn: the app's scripts did not load.";
  });
  return () => { gone = true; };
}
"""
_component = st.components.v2.component("gru_figure", js=LOADER, isolate_styles=False)  # plotly.js styles the document


OWN_SCRIPTS = ("figure/figure.js", "figure/nearby.js", "figure/theme.js")  # under STATIC, in git


def script_ready(static=STATIC):
    """Whether the figures' scripts are in `static` for Streamlit to serve: this module's own, and
    plotly.js, copied there from the plotly package if it is not yet (atomically: a second server
    starting at once sees a whole file or none). If not, the figures are drawn by st.plotly_chart."""
    log = logging.getLogger(__name__)
    if not all((static / name).is_file() for name in OWN_SCRIPTS):
        log.warning("%s lacks the figures' scripts (static/figure/): figures use st.plotly_chart", static)
        return False
    target = static / SCRIPT
    if target.is_file():
        return True
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    copy = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as original, tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as copy:
            shutil.copyfileobj(original, copy)
        os.chmod(copy.name, 0o644)  # readable by a server run as another user
        os.replace(copy.name, target)
    except OSError as exc:
        log.warning("plotly.js could not be copied to %s (%s): figures use st.plotly_chart", target, exc)
        if copy is not None:
            with contextlib.suppress(OSError):
                os.unlink(copy.name)
        return False
    return True


READY = script_ready() and st.get_option("server.enableStaticServing")


SENT = 64  # figures whose JSON is kept: a cached figure is drawn again on every visit of its page
_sent = collections.OrderedDict()  # id(figure) -> (a weak reference to it, its JSON)
_sent_lock = threading.RLock()  # a finalizer (_forget) may run inside as_json, in the same thread


def as_json(fig):
    """Plotly's JSON of `fig`, made once per figure object: the pages' figures are cached
    (ui.compute.cached_figure), and serializing one costs 5 to 20 ms a run. The last SENT are kept,
    and a figure that is gone (a training tick's, a presentation copy replaced) takes its JSON
    with it: what is kept is the JSON of figures the caches hold."""
    with _sent_lock:
        known = _sent.get(id(fig))
        if known is not None and known[0]() is fig:
            _sent.move_to_end(id(fig))
            return known[1]
    text = pio.to_json(fig, validate=False)
    with _sent_lock:
        _sent[id(fig)] = (weakref.ref(fig), text)
        weakref.finalize(fig, _forget, id(fig))
        while len(_sent) > SENT:
            _sent.popitem(last=False)
    return text


def _forget(key):
    with _sent_lock:
        known = _sent.get(key)
        if known is not None and known[0]() is None:  # not a newer figure that took the same id
            del _sent[key]


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

