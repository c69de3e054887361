"""The lower bounds of a page switch: a lesson page's own Plotly figures, or its whole first screen,
drawn by a bare page.

bench/live.py's switch part times every page of the app against the floor's switch (one heatmap).
A page that misses may miss because of what the page does, or because of what it shows. To tell
them apart, `write_pages` takes from AppTest at the default example what each lesson page sends
the browser on a switch, into a file the floor app reads (bench/floor_app.py, FLOOR_FIGURES):

- its figures: every Plotly figure's JSON and config, as the page sends them;
- its first screen: every element of the page's run before the rest below its fold is asked for
  (ui/below_fold.py), the sidebar's controls and the lesson's text included, as Streamlit sent them.
  The elements that draw nothing (ui/invisible.py) become empty slots, so every element keeps its
  place in the page.

`switches` times the floor app's page of each alone, the same way. The first screen's ratio to
the floor's switch is what showing that screen costs here with no Python run behind it: when it is
above the target, no change to the page's code short of showing less can meet it.
"""

import base64
import contextlib
import json
import logging

from bench.live_page import settle, timed
from bench.page_tools import TIMEOUT, centre, nav_link

CHARTED = ("conventions", "memory", "gradients", "gru_vs_lstm", "stacked", "compare")  # pages drawing Plotly figures


def lesson_figures(path):
    """[[figure, config], ...]: what the lesson page at url path `path` sends its Plotly charts."""
    from tests.app.helpers import figure_elements, open_app

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" in bare mode
    return [[element["spec"], element["config"]] for element in figure_elements(open_app(f"pages/{path}_page.py"))]


@contextlib.contextmanager
def sent_messages():
    """A list that ends up holding the ForwardMsgs of the last AppTest run inside the block.

    AppTest keeps only the element tree it parses from them; its runner's parser is wrapped to keep
    the messages too (streamlit.testing.v1.local_script_runner: an internal module, Streamlit 1.67)."""
    from streamlit.testing.v1 import local_script_runner

    parse, kept = local_script_runner.parse_tree_from_messages, []

    def keep(messages):
        kept[:] = list(messages)
        return parse(messages)

    local_script_runner.parse_tree_from_messages = keep
    try:
        yield kept
    finally:
        local_script_runner.parse_tree_from_messages = parse


def first_screen(path):
    """[[by the router, base64 ForwardMsg], ...]: the elements of the main area and the sidebar that a
    switch to the page at url path `path` sends before its fold opens, ready for the floor app to
    send again. `by the router`: drawn by app.py (the sidebar, the page's top) rather than by the
    page; the browser keeps the router's elements across a switch and replaces the page's."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.pages_manager import calc_hash
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import run_checked
    from tests.helpers import ROOT
    from ui.invisible import HIDE_JS

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(f"pages/{path}_page.py")
    with sent_messages() as messages:
        run_checked(at)
    router, out = calc_hash(str(ROOT / "app.py")), []
    for sent in messages:
        if sent.WhichOneof("type") != "delta" or sent.metadata.delta_path[0] not in (0, 1):  # main, sidebar
            continue
        msg = ForwardMsg()
        msg.metadata.delta_path[:] = sent.metadata.delta_path
        msg.delta.CopyFrom(sent.delta)
        msg.delta.ClearField("fragment_id")  # the floor's page sends it in a full run
        element = msg.delta.new_element
        if element.WhichOneof("type") == "bidi_component" and HIDE_JS in element.bidi_component.js_content:
            element.empty.SetInParent()  # an invisible component: its slot, empty
        out.append([sent.metadata.active_script_hash == router, base64.b64encode(msg.SerializeToString()).decode()])
    return out


def app_pages():
    """Every page's url path (the home page's "home", its file's name), in the order of the app's sidebar
    (bench/live.py switches in that order)."""
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    sections = at.session_state["_sections"].values()
    return [section_page.url_path or "home" for section in sections for section_page in section]


def write_pages(file, charted=CHARTED, screens=None):
    """Write {"figures": {path: its figures}, "screens": {path: its first screen}} to `file` (for the
    floor app's FLOOR_FIGURES): the figures of the pages `charted`, the first screens of the pages
    `screens` (every page, in the sidebar's order, by default). Returns the same with each page's
    figure count (what its check waits for)."""
    figures = {path: lesson_figures(path) for path in charted}
    sent = {path: first_screen(path) for path in (screens or app_pages())}
    file.write_text(json.dumps({"figures": figures, "screens": sent}))
    return {"figures": {path: len(charts) for path, charts in figures.items()},
            "screens": {path: sum(map(is_figure, messages)) for path, messages in sent.items()}}


def is_figure(sent):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    element = ForwardMsg.FromString(base64.b64decode(sent[1])).delta.new_element
    return element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name == "gru_figure"


def link(page, url_path):
    """The floor's sidebar link to its page at `url_path` (a lesson's figures and its first screen
    share a title's words)."""
    return page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]').first


def switches(page, counts, laps, in_turn=False):
    """{url path: [s]}: the click on the floor's link to each page `counts` names ({url path: its
    figure count}) to its heading and all of its charts drawn, timed in the page as bench/live.py
    times the app's, `laps` times each after a warm-up lap that learns each page's heading. Each
    switch starts from the floor's own page, or with `in_turn` from the page before it in `counts`,
    as bench/live.py goes round the app's sidebar (the last back to the first)."""
    out, headings = {}, {}
    order = list(counts)[1:] + list(counts)[:1] if in_turn else list(counts)
    if in_turn:
        link(page, order[-1]).click()
        page.wait_for_function("(p) => location.pathname.endsWith('/' + p)", arg=order[-1], timeout=TIMEOUT)
    for lap in range(laps + 1):
        for path in order:
            if not in_turn:
                nav_link(page, "floor").click()
                page.wait_for_function("() => __bench.CHECKS.chart('clicks = \\\\d')", timeout=TIMEOUT)
            settle(page)
            if path not in headings:
                link(page, path).click()
                page.wait_for_function("(p) => location.pathname.endsWith('/' + p)", arg=path, timeout=TIMEOUT)
                settle(page)
                headings[path] = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"] h1')?.textContent.trim() ?? ''")
                continue
            xy = centre(link(page, path))
            shown = timed(page, lambda: page.mouse.click(*xy), "page",
                          {"heading": headings[path], "charts": counts[path], "live": None}, "click")
            if lap:
                out.setdefault(path, []).append(shown["ms"] / 1e3)
    return out
