"""bench/live.py's interactions, each timed in the page: steps, drags, presses, a typed weight,
page switches and first loads."""

import json
import os
import re
import time

import numpy as np

from bench import cases
from bench.live_page import HARNESS, settle, timed
from bench.live_session import focus_page, followed, shown_sign, step_probe, trace_of
from bench.live_targets import MOUSE_HZ, MOVES_A_CALL, PRESS_GAP_S, PRESSES
from bench.page_tools import TIMEOUT, VIEWPORT, centre, open_weights_table, type_into_cell

# ---- the rows ---------------------------------------------------------------------------------------


def steps(session, kind, how, repeats):
    """[s] of `repeats` steps (after a warm-up) by the → key or the "next ›" button, each from rest
    (the last one's pause and run over), to the frame that shows the new step; the walk turns at
    either end."""
    page, out = session.page, []
    state, direction = session.state(), 1
    for i in range(repeats + 1):
        direction = cases.bounce(state, direction)
        state = state.with_changes(step=state.step + direction)
        probe = step_probe(kind, state)
        if how == "key":
            focus_page(page)
            key = "ArrowRight" if direction > 0 else "ArrowLeft"
            shown = timed(page, lambda: page.keyboard.press(key), "step", probe, "keydown")
        else:
            xy = centre(page.get_by_role("button", name="next ›" if direction > 0 else "‹ previous", exact=True))
            shown = timed(page, lambda: page.mouse.click(*xy), "step", probe, "click")
        if i:
            out.append(shown["ms"] / 1e3)
        session.timeline(shown["t0"])  # the pause's one message, and its run
        session.wait_link(lambda s: s.step == probe["t"])
        settle(page)
    return out


def frame_floors(session, repeats):
    """The frame floors on the cell page: {"key": [s] of a key press nothing handles to its next
    frame, "drag": samples of a bare range input dragged like the live view's slider}."""
    page, keys = session.page, []
    for i in range(repeats + 1):
        settle(page)
        focus_page(page)
        shown = timed(page, lambda: page.keyboard.press("Shift"), "always", None, "keydown")
        if i:
            keys.append(shown["ms"] / 1e3)
    settle(page)
    page.evaluate("() => __bench.drag(null)")
    box = page.locator("#bench-bare").bounding_box()
    dragged = drag_along(page, box, 0.5, 0)
    page.evaluate("() => document.getElementById('bench-bare').remove()")
    return {"key": keys, "drag": dragged["samples"]}


def drag_along(page, box, start, i):
    """Press the thumb of the range input in `box` (its value at `start` of the track), go to and fro
    across the middle of the track a pixel a move at MOUSE_HZ, stop at another place each `i`, and
    let go: __bench.stopDrag()'s result, read before letting go."""
    y = box["y"] + box["height"] / 2
    thumb = box["x"] + box["width"] * start
    middle, span = box["x"] + box["width"] / 2, 24
    path = [thumb + (middle - thumb) * k / 10 for k in range(1, 11)]
    path += [middle + k for k in range(span)] + [middle + k for k in range(span, -span, -1)]
    path += [middle + k for k in range(-span, span // 3 + 3 * (i % 5))]
    page.mouse.move(thumb, y)
    page.mouse.down()
    try:
        # A few moves a call: Playwright's driver sends them one after another, where one call a
        # move would add Python's round trip to every gap (on a loaded machine, gaps over the live
        # view's 300 ms pause, which then commits mid-drag).
        t0, every = time.perf_counter(), MOVES_A_CALL / MOUSE_HZ
        for k in range(MOVES_A_CALL, len(path), MOVES_A_CALL):
            time.sleep(max(0.0, t0 + (k // MOVES_A_CALL) * every - time.perf_counter()))
            page.mouse.move(path[k], y, steps=MOVES_A_CALL)
        dragged = page.evaluate("() => __bench.stopDrag()")
    finally:
        page.mouse.up()
    return dragged


def presses(session, server_pid, rounds):
    """Rounds of 20 → presses in one second on the cell page: per round, the presses lost, whether
    the link reached the last press's step, the frames sent before and after the pause (and the
    reruns among the latter), and the server's CPU s during the presses, over as long idle
    before, and for the pause's run; "span": ms from the first keydown to the last."""
    page = session.page
    out = {name: [] for name in ("lost", "link", "span", "sent_during", "sent_after", "runs_after", "cpu",
                                 "idle_cpu", "pause_cpu")}
    window = PRESSES * PRESS_GAP_S + 0.2  # the presses and a little: over before the pause's message
    for _ in range(rounds):
        state, direction, want = session.state(), 1, []
        for _ in range(PRESSES):
            direction = cases.bounce(state, direction)
            state = state.with_changes(step=state.step + direction)
            want.append((direction, state.step))
        focus_page(page)
        settle(page)
        c0 = cpu_seconds(server_pid)
        time.sleep(window)
        out["idle_cpu"].append(cpu_seconds(server_pid) - c0)
        page.evaluate("() => __bench.presses()")
        sent, c0, t0 = len(session.sent), cpu_seconds(server_pid), time.perf_counter()
        for k, (direction, _) in enumerate(want):
            time.sleep(max(0.0, t0 + k * PRESS_GAP_S - time.perf_counter()))
            page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
        time.sleep(max(0.0, t0 + window - time.perf_counter()))
        out["cpu"].append(cpu_seconds(server_pid) - c0)
        out["sent_during"].append(len(session.sent) - sent)
        shown = page.evaluate("() => __bench.stopPresses()")
        out["lost"].append(sum(seen != t for (_, t), seen in zip(want, shown["steps"])) + PRESSES - len(shown["steps"]))
        out["span"].append(shown["times"][-1] - shown["times"][0])
        sent, c0, now = len(session.sent), cpu_seconds(server_pid), session.now()
        try:
            session.wait_link(lambda s: s.step == want[-1][1], timeout=15)
            out["link"].append(True)
        except RuntimeError:
            out["link"].append(False)
        session.timeline(now)
        settle(page)
        out["pause_cpu"].append(cpu_seconds(server_pid) - c0)
        after = session.sent[sent:]
        out["sent_after"].append(len(after))
        out["runs_after"].append(after.count("rerun_script"))
    return out


def cpu_seconds(pid):
    """The process's user + system CPU seconds so far (/proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drags(session, kind, repeats):
    """`repeats` drags (after a warm-up) of the followed unit's W_iz[u, 0] slider (static/live/
    editor.js): {"events": the input events' samples, pooled; "releases": [s] from letting go to
    the link holding the weight; "server": each release's Session.timeline; "notes"}."""
    page = session.page
    out = {"events": [], "releases": [], "server": [], "long": [], "early": 0, "notes": set()}
    page.locator(".gl-editor").get_by_role("tab", name="update gate z").click()
    for i in range(repeats + 1):
        settle(page)
        state = session.state()
        unit, H = followed(state), state.hidden_size
        label = f"W_iz[{unit}, 0] · x[0]"
        slider = page.locator(".gl-editor").get_by_role("slider", name=label, exact=True)
        slider.scroll_into_view_if_needed()  # below the fold on the edit page
        box = slider.bounding_box()
        low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
        start = float(slider.input_value())
        page.evaluate("(label) => __bench.drag(label)", label)
        began = session.now()
        # The drag, then its release: drag_along lets go, and the armed clock notes that pointerup.
        page.evaluate("([e, c, a, t]) => __bench.arm(e, c, a, t)", ["pointerup", "always", None, TIMEOUT])
        dragged = drag_along(page, box, (start - low) / (high - low), i)
        let_go = page.evaluate("() => __bench.result")
        shown = dragged["value"]
        if len(dragged["samples"]) < 60 or shown == start:
            raise RuntimeError(f"the drag made {len(dragged['samples'])} input events, from {start} to {shown}")
        if dragged["unpainted"]:
            out["notes"].add(f"{dragged['unpainted']} input events never painted")
        if i:
            out["long"] += dragged["long"]
        weight = shown_sign(state) * shown
        holds = lambda s: s.W_ih[H + unit][0] == weight  # noqa: E731
        session.wait_link(holds, timeout=15)
        server = session.timeline(let_go["t0"])
        check_views(page, kind, state, unit, weight)
        # A run before the release: the 300 ms pause (static/live/main.js queue) ran out mid-drag.
        early = session.sent_between(began, let_go["t0"]).count("rerun_script")
        if i:
            out["events"] += dragged["samples"]
            out["releases"].append(session.link_holding(let_go["t0"], holds) / 1e3)
            out["server"].append(server)
            out["early"] += early
    out["notes"] = sorted(out["notes"])
    return out


def check_views(page, kind, state, unit, weight):
    """Refuse a drag whose views do not show the dragged weight's numbers (the clock would have
    timed the wrong frames): the followed unit's h at the step, from the NumPy trace."""
    W_ih = np.array(state.W_ih)
    W_ih[state.hidden_size + unit, 0] = weight
    probe = step_probe(kind, state.with_changes(W_ih=W_ih, example=""))
    if not page.evaluate("(probe) => __bench.CHECKS.step(probe)", probe):
        raise RuntimeError(f"after the drag the {kind} page does not show h = {probe['h']:.6f} for unit {unit}")


def table_edits(session, repeats):
    """{"times": [s] of `repeats` weights typed (after a warm-up) into the edit page's update-gate
    table, from Enter to the live heatmaps' tooltip over the cell the weight moves most showing its
    new value; "server": each one's Session.timeline}."""
    page, out = session.page, {"times": [], "server": []}
    open_weights_table(page)
    for i in range(repeats + 1):
        settle(page)
        state, value, unit = session.state(), 1 + (i + 1) / 8, 1
        new = typed(state, unit, shown_sign(state) * value)
        moved = np.abs(trace_of(new).z[:, unit] - trace_of(state).z[:, unit])
        at = int(np.argmax(moved))
        if moved[at] < 1e-3:
            raise RuntimeError("the typed weight barely moves the update gate: nothing to see")
        type_into_cell(page, page.locator('[data-testid="stDataFrame"]').filter(visible=True).first, unit, f"{value:g}")
        hover_cell(page, at, unit, state)
        expected = float(trace_of(new).z[at, unit])
        shown = timed(page, lambda: page.keyboard.press("Enter"), "tooltip", expected, "keydown")
        session.wait_link(lambda s: (s.W_ih, s.b_ih) == (new.W_ih, new.b_ih), timeout=15)
        server = session.timeline(shown["t0"])
        if i:
            out["times"].append(shown["ms"] / 1e3)
            out["server"].append(server)
    return out


def typed(state, unit, weight):
    """`state` with `weight` in the table cell the bench types into: unit's row of the update gate,
    the first column drawn. That is x[0], or, where the table is too wide to show whole (more than
    ui/tables.py's FITS = 5 columns), the bias, drawn first."""
    H, b_ih, W_ih = state.hidden_size, np.array(state.b_ih), np.array(state.W_ih)
    if state.input_size + H + 1 + (state.b_hh is not None) > 5:
        b_ih[H + unit] = weight
    else:
        W_ih[H + unit, 0] = weight
    return state.with_changes(W_ih=W_ih, b_ih=b_ih, example="")


def hover_cell(page, t, unit, state):
    """Rest the pointer on the live update-gate heatmap's cell (step t, unit): at the page limits a
    cell is under 2 px wide, so move a pixel at a time until the tooltip names that step."""
    canvas = page.locator('.st-key-live_view canvas[data-q="z"]').first.bounding_box()
    x = canvas["x"] + canvas["width"] * (t + 0.5) / state.steps
    y = canvas["y"] + canvas["height"] * (unit + 0.5) / state.hidden_size
    tip = page.locator(".st-key-live_view .gl-hm-tooltip")
    for _ in range(6):
        page.mouse.move(x, y)
        page.wait_for_timeout(50)
        named = re.search(r"unit (\d+), step (\d+) ", tip.text_content() or "")
        if named and (int(named[1]), int(named[2])) == (unit, t):
            return
        if named:
            x += 1 if int(named[2]) < t else -1 if int(named[2]) > t else 0
            y += 1 if int(named[1]) < unit else -1 if int(named[1]) > unit else 0
    raise RuntimeError(f"the pointer found no heatmap cell of unit {unit} at step {t}")


def page_signature(session):
    """What the page now shown ends with: its heading, its charts above its fold (ui/below_fold.py),
    its live view (if any)."""
    page = session.page
    settle(page)
    # Charts drawn after the run (a background timing) count too: wait until the count of drawn
    # charts has held for a second (ten at most, then the count as it is).
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function("""() => {
      const drawn = [...document.querySelectorAll('[data-testid="stMain"] .gv-figure')].filter(__bench.settled).length;
      const now = performance.now(), seen = window.__benchCharts;
      if (!seen || seen.drawn !== drawn) window.__benchCharts = { drawn, since: now };
      return now - window.__benchCharts.since > 1000;
    }""", timeout=10_000, polling=100)
    except Timeout:
        pass
    shown = page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]');
      const root = __bench.live();
      return {
        heading: main.querySelector('h1')?.textContent.trim() ?? '',
        charts: __bench.aboveFold([...main.querySelectorAll('.gv-figure')]).length,
        kind: root ? ['cell', 'sequence', 'edit'].find((k) => root.classList.contains('gl-' + k)) : null,
      };
    }""")
    view = None
    if shown["kind"]:
        state = session.state()
        view = {"kind": shown["kind"], "t": state.step, "T": state.steps}
    return {"heading": shown["heading"], "charts": shown["charts"], "live": view}


def page_switches(session, laps):
    """{"times": {page path: [s]}, "server": {path: [Session.timeline]}, "signatures": {path:
    page_signature}}: every page of the sidebar
    in turn (its order, then back to the first), each timed from the click on its link to the page
    shown as its signature (learnt on a first lap) says."""
    page = session.page
    links = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
                               .map((a) => new URL(a.href).pathname.replace(/^\\//, ''))""")
    signatures, times, servers = {}, {}, {}
    for _lap in range(laps + 1):
        for path in links[1:] + links[:1]:
            link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
            if path not in signatures:
                link.click()
                page.wait_for_function("(p) => location.pathname.endsWith('/' + p)", arg=path, timeout=TIMEOUT)
                signatures[path] = page_signature(session)
                continue
            xy = centre(link)
            shown = timed(page, lambda: page.mouse.click(*xy), "page", signatures[path], "click")
            times.setdefault(path or "home", []).append(shown["ms"] / 1e3)
            servers.setdefault(path or "home", []).append(session.timeline(shown["t0"]))
            settle(page)
    return {"times": times, "server": servers, "signatures": {path or "home": s for path, s in signatures.items()}}


def first_loads(browser, url, check, arg, repeats):
    """[s] of `repeats` first loads of `url` (after one that warms the server), each in a new context:
    from the navigation's start to the frame where CHECKS[check](arg) holds."""
    out = []
    for i in range(repeats + 1):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            context.add_init_script(HARNESS + f"\n__bench.load({json.dumps(check)}, {json.dumps(arg)}, {TIMEOUT});")
            page = context.new_page()
            page.goto(url, wait_until="commit")
            shown = page.evaluate("() => __bench.result")
            if "error" in shown:
                raise RuntimeError(shown["error"])
            if i:
                out.append(shown["ms"] / 1e3)
        finally:
            context.close()
    return out
