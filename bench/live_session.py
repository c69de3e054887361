"""bench/live.py's learner: one tab of the app, with its websocket's timeline, the state its link
holds, and what each view should show."""

import time
from urllib.parse import parse_qs, urlparse

from bench import cases
from bench.live_page import HARNESS
from bench.page_tools import TIMEOUT, VIEWPORT, idle, nav_link, upload_state
from lessons.explore import run_state
from lessons.links import from_link


def message_type(payload, kind):
    """The type of a websocket frame's Streamlit message (kind: BackMsg or ForwardMsg), or "other"."""
    message = kind()
    try:
        message.ParseFromString(payload.encode() if isinstance(payload, str) else payload)
        return message.WhichOneof("type")
    except Exception:  # not one of Streamlit's; it still counts
        return "other"


class Session:
    """A learner's tab (its own browser context) on the app: the types of the frames it sends and
    receives, in order, and the state its link holds."""

    def __init__(self, browser, url, store):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.url, self.store, self.sent, self.received = url, store, [], []
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(HARNESS)
        self.page = self.context.new_page()

        def socket(ws):
            ws.on("framesent", lambda payload: self.sent.append(message_type(payload, BackMsg)))
            ws.on("framereceived", lambda payload: self.received.append(message_type(payload, ForwardMsg)))

        self.page.on("websocket", socket)

    def state(self):
        """The state the address bar holds (at the limits, a reference into the server's store)."""
        return from_link(parse_qs(urlparse(self.page.url).query)["s"][0], self.store)

    def wait_link(self, holds, timeout=30):
        """The link's state once `holds(state)`, polled on a timer."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                state = self.state()
                if holds(state):
                    return state
            except (KeyError, ValueError):  # no ?s= yet, or one being replaced
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the link did not come to hold the expected state")
            self.page.wait_for_timeout(50)

    def timeline(self, t0, timeout=30):
        """Once the server has ended the run that follows page time `t0` (an event's timeStamp): ms
        from t0 to the page's request for it (rerun_script), to the server's new link arriving
        (page_info_changed) and to the run's end arriving (script_finished), on the page's clock."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.page.evaluate("() => window.__benchSocket")
            # Playwright reports the same frames in the same order, a little later.
            sent, received = list(zip(log["sent"], self.sent)), list(zip(log["received"], self.received))
            rerun = next((t for t, kind in sent if t > t0 and kind == "rerun_script"), None)
            after = [(t, kind) for t, kind in received if rerun is not None and t > rerun]
            link = next((t for t, kind in after if kind == "page_info_changed"), None)
            done = next((t for t, kind in after if kind == "script_finished"), None)
            if done is not None:
                return {"rerun": rerun - t0, "link": None if link is None else link - t0, "finished": done - t0}
            if time.monotonic() > deadline:
                raise RuntimeError("no run of the server ended after the interaction")
            self.page.wait_for_timeout(20)

    def sent_between(self, t_from, t_to):
        """The types of the frames the page sent between two page times."""
        log = self.page.evaluate("() => window.__benchSocket.sent")
        return [kind for t, kind in zip(log, self.sent) if t_from < t < t_to]

    def link_holding(self, t0, holds):
        """ms from page time `t0` to the first address written after it whose state `holds`."""
        for t, address in self.page.evaluate("() => window.__benchHistory"):
            packed = parse_qs(urlparse(address).query).get("s")
            if t > t0 and packed and holds(from_link(packed[0], self.store)):
                return t - t0
        raise RuntimeError("no address written after the interaction holds its state")

    def now(self):
        """The page's clock now (performance.now())."""
        return self.page.evaluate("() => performance.now()")

    def close(self):
        self.context.close()


def open_example(browser, url, store, example):
    """A new session on the cell page showing `example`, its link settled."""
    session = Session(browser, url, store)
    page = session.page
    try:
        page.goto(f"{url}/cell")
        page.locator(".gl-steplabel").wait_for(timeout=TIMEOUT)
        state = cases.default_state()
        if example == "large":
            state = cases.large_state(0)
            upload_state(page, state, "large-0.json")
        session.wait_link(lambda s: s.steps == state.steps and s.step == state.step, timeout=TIMEOUT / 1e3)
        idle(page)
    except Exception:
        session.close()
        raise
    return session


def visit(session, path, label):
    """Go to a page by the sidebar's link; return once its live view is drawn and the server idle."""
    page = session.page
    nav_link(page, label).click()
    page.wait_for_function("(kind) => __bench.live() && __bench.live().classList.contains(kind)", arg=f"gl-{path}",
                           timeout=TIMEOUT)
    idle(page)


def trace_of(state):
    return run_state(state).cells[0][0]


def followed(state):
    return min(state.pages.cell.unit, state.hidden_size - 1)


def step_probe(kind, state):
    """What the live view `kind` must show for `state`: its step, and the followed unit's h there."""
    return {"kind": kind, "t": state.step, "T": state.steps, "h": float(trace_of(state).h[state.step, followed(state)])}


def focus_page(page):
    """Give the keys to the page, not to a control (the live view leaves arrows to inputs)."""
    page.get_by_role("heading", level=1).first.click()


def shown_sign(state):
    """The editor and the tables show z's weights negated under keeps_old (lessons/live_commit.py)."""
    return -1.0 if state.z_convention == "keeps_old" else 1.0
