"""What the browser bench reads and does on a page: the checks that a chart shows given numbers,
the websocket meter, waiting for Streamlit to go idle (the browser tests' IDLE check), the mouse
and keyboard moves that are set up before a clock starts, and the loop that times an interaction
(run_scenario). bench/browser.py and bench/floors.py time the interactions with these.
"""

import time

from bench import cases
from tests.browser.driving import IDLE

VIEWPORT = {"width": 1440, "height": 900}
TIMEOUT = 60_000  # ms; a busy 2-core machine can take seconds for the first large figures
EDIT_COLUMN_X = 80  # px from the data editor's left edge: the first data column, x[0] (index column ~50 px)

TEXT_IN_CHART = """
pattern => [...document.querySelectorAll('.js-plotly-plot')].some(gd => new RegExp(pattern).test(gd.textContent))
"""
# A sequence heatmap that outlines step t, holds `cells` (T*H) cells, and shows `value` as z of
# (unit, at): the number the interaction must change, at the step where it changes most.
SEQUENCE_SHOWS = """
([unit, t, at, value, cells]) => [...document.querySelectorAll('.js-plotly-plot')].some(gd => {
  // The outlined step: the --step of the CSS outline over the chart (ui/outline.py).
  const box = gd.closest('[class*="st-key-"]');
  if (!box || getComputedStyle(box).getPropertyValue('--step').trim() !== String(t) || !gd._fullData) return false;
  // The update gate's heatmap (its click markers exist only for small sequences): z[unit][step].
  const k = gd._fullData.findIndex(d => d.type === 'heatmap' && d.name === 'update gate z');
  if (k < 0) return false;
  const z = gd._fullData[k].z;
  if (!z || !z[unit] || z.length * z[0].length !== cells) return false;
  return Math.abs(z[unit][at] - value) < 1e-6;
})
"""


class Meter:
    """Every websocket frame the page receives: its size, kept with its payload for the figure count."""

    def __init__(self, page):
        self.frames = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload):
        self.frames.append(payload)

    def mark(self):
        return len(self.frames)

    def since(self, mark):
        """(bytes, figure JSON bytes) of the frames received after `mark`."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        frames = self.frames[mark:]
        total, figures = 0, 0
        for payload in frames:
            data = payload.encode() if isinstance(payload, str) else payload
            total += len(data)
            message = ForwardMsg()
            try:
                message.ParseFromString(data)
            except Exception:  # not one of Streamlit's messages; its bytes still count
                continue
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "plotly_chart":  # the floor's heatmap
                    figures += len(element.plotly_chart.spec.encode())
                elif element.WhichOneof("type") == "bidi_component":  # the app's (ui/figure_view.py)
                    if element.bidi_component.component_name == "gru_figure":
                        figures += len(element.bidi_component.json.encode())
        return total, figures


def idle(page):
    """Wait until Streamlit runs no script, then a little longer, before the next interaction."""
    page.wait_for_function(IDLE, timeout=TIMEOUT)
    page.wait_for_timeout(250)


def wait_text(page, pattern):
    page.wait_for_function(TEXT_IN_CHART, arg=pattern, timeout=TIMEOUT)


def diagram_title(t):
    return rf"One GRU step at t = {t}(?!\d)"


def sequence_probe(state, unit, at=None):
    """What the sequence heatmaps must show for `state` (computed before the clock starts): the
    outlined step, and z of `unit` at step `at` (default: the outlined one)."""
    at = state.step if at is None else at
    return [unit, state.step, at, cases.z_value(state, unit, at), state.steps * state.hidden_size]


def not_yet(page, js, arg):
    """Refuse to time an interaction whose expected picture is already on the page: the wait would
    end at once and measure nothing."""
    if page.evaluate(js, arg):
        raise RuntimeError(f"the page already shows what this interaction should lead to ({arg})")


def wait_sequence(page, probe):
    page.wait_for_function(SEQUENCE_SHOWS, arg=probe, timeout=TIMEOUT)


def nav_link(page, label):
    """The sidebar navigation's link to the page named `label`."""
    return page.locator('[data-testid="stSidebarNav"] a', has_text=label).first


def open_weights_table(page, gate="update gate z"):
    """Open the edit page's Weights tab, then its table of `gate`: each tab's rerun draws it
    (pages/edit_page.py). The Weights panel's own gate tab, not the live view's of the same name
    beside it; the locator waits for the rerun that draws it."""
    page.get_by_role("tab", name="Weights").first.click()
    tab = page.get_by_role("tabpanel", name="Weights").get_by_role("tab", name=gate)
    tab.click()
    page.wait_for_function("(el) => el.getAttribute('aria-selected') === 'true'", arg=tab.element_handle())
    idle(page)


def go(page, label, heading):
    """Switch page with the sidebar's navigation (a reload would start a new session)."""
    nav_link(page, label).click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    idle(page)


def sidebar_uploader(page):
    """The sidebar's state-file uploader ("Share and save")."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]').first


def upload_file(uploader, file):
    """Give `uploader` the file (name, bytes, mime), as a drop onto it would."""
    name, data, mime = file
    uploader.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def upload_state(page, state, name):
    upload_file(sidebar_uploader(page), cases.state_file(state, name))


def centre(locator):
    """Where to click `locator`, found before the clock starts: Playwright's own click first waits
    for the element to be visible and still for a few frames, which the floor's key press skips."""
    locator.wait_for(state="visible", timeout=TIMEOUT)
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def type_into_cell(page, editor, row, text):
    """Open the cell (row, column x[0]) of a data editor and type `text` into it, without Enter."""
    editor.wait_for(state="visible", timeout=TIMEOUT)
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    x, y = box["x"] + EDIT_COLUMN_X, box["y"] + 35 + 35 * row + 17
    overlay = page.locator("#portal textarea:visible").first
    for attempt in range(5):
        # A table may remount after an edit; a double-click on a new one opens its editor
        # only once the pointer has moved onto it and selected the cell, and (on a busy machine)
        # once it has finished mounting: so select, double-click, and try again.
        page.mouse.move(5, 5)
        page.mouse.click(x, y)
        page.wait_for_timeout(100)
        page.mouse.dblclick(x, y)
        try:
            overlay.wait_for(timeout=3000)
            break
        except Exception:
            if attempt == 4:
                raise
    overlay.fill(text)


def run_scenario(page, meter, before, act, repeats):
    """[(seconds, bytes, figure bytes)] of `repeats` timed interactions (after one to warm up)."""
    out, mark, elapsed = [], None, None
    for i in range(repeats + 1):
        idle(page)
        if mark is not None:
            out.append((elapsed, *meter.since(mark)))
        if before:
            before(i)
        mark = meter.mark()
        t0 = time.perf_counter()
        act(i)
        elapsed = time.perf_counter() - t0
    idle(page)
    out.append((elapsed, *meter.since(mark)))
    return out[1:]


def first_loads(browser, url, shows, repeats):
    """[(seconds, bytes, figure bytes)] of `repeats` first loads of `url` (after one to warm up),
    each a new tab in a browser context of its own (a new session, nothing cached): from the
    navigation's start until `shows(page)` returns."""
    out = []
    for _ in range(repeats + 1):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            meter = Meter(page)
            t0 = time.perf_counter()
            page.goto(url)
            shows(page)
            elapsed = time.perf_counter() - t0
            idle(page)
            out.append((elapsed, *meter.since(0)))
        finally:
            context.close()
    return out[1:]
