"""The live view in chromium as a learner uses it (ui/live_view.py, static/live/): every stepping
control moves every view at once with no server run, and the step reaches the link once the
learner pauses; a dragged weight redraws every view as it moves, is committed on release, and a
link opened afterwards shows it; presentation mode and the keyboard alone do the same; a state the
browser cannot follow exactly shows the server's numbers and says so."""

import re

import numpy as np

from gru_viz.cells.gru import gru_step
from lessons.explore import run_state, shown_model
from lessons.state import AppState, to_url, validate
from tests.browser.driving import frames_sent, link_step, open_page, settle, shown_step, state_of
from tests.helpers import screenshot


def open_cell(page_at, app_url):
    """(a fresh page on the cell page, with its drawn diagram, the live list of frames it sends)."""
    page = page_at()
    sent = frames_sent(page)
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.locator(".gl-box-diagram svg").wait_for()
    settle(page)
    return page, sent


def equations_text(page):
    return page.locator(".gl-box-equations").inner_text()


def test_every_stepping_control_moves_the_views_at_once_and_the_link_after_the_pause(app_url, page_at):
    page, sent = open_cell(page_at, app_url)
    before, t = equations_text(page), shown_step(page)
    start = len(sent)
    page.get_by_role("button", name="next ›").click()
    assert shown_step(page) == t + 1 and equations_text(page) != before  # painted before any server run
    page.get_by_role("heading", name="One step of the cell").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert shown_step(page) == t + 2
    assert len(sent) == start, "stepping sent the server a message before the pause"
    assert link_step(page, t + 2) == t + 2  # the pause: one message, the link follows
    assert len(sent) == start + 1
    slider = page.get_by_role("slider", name="time step t")
    slider.focus()
    page.keyboard.press("End")
    assert shown_step(page) == 11
    page.get_by_role("button", name="‹ previous").click()
    assert shown_step(page) == 10
    assert link_step(page, 10) == 10
    screenshot(page, "live_cell_step_10")

    open_page(page, f"{app_url}/sequence", "Over the whole sequence")
    canvas = page.locator(".gl-box-heatmaps canvas").first
    canvas.wait_for()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    clicked = shown_step(page)
    assert clicked != 10
    assert link_step(page, clicked) == clicked  # play and pause: test_classroom_browser.py
    screenshot(page, "live_sequence_clicked")


def drag(page, slider, fraction):
    """Drag a range input's thumb from its value to `fraction` of its width, in small moves; returns
    how far (in the slider's units) the pointer moved."""
    box = slider.bounding_box()
    value = float(slider.input_value())
    low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
    y = box["y"] + box["height"] / 2
    x0 = box["x"] + box["width"] * (value - low) / (high - low)
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * fraction, y, steps=8)
    return low + (high - low) * fraction - value


def test_a_drag_redraws_every_view_commits_on_release_and_a_link_keeps_it(app_url, page_at):
    page, sent = open_cell(page_at, app_url)
    page.get_by_role("tab", name="update gate z").click()
    slider = page.get_by_role("slider", name=re.compile(r"W_iz\[0, 0\]"))
    before_state = state_of(page)
    before = (equations_text(page), page.locator(".gl-box-diagram").inner_text())
    start = len(sent)
    target = drag(page, slider, 0.9)
    during = (equations_text(page), page.locator(".gl-box-diagram").inner_text())
    assert during[0] != before[0] and during[1] != before[1], "the views did not follow the drag"
    assert len(sent) == start, "a drag sent the server a message before the release"
    page.mouse.up()
    page.wait_for_function("(w) => true", arg=0)
    deadline = 15_000
    while state_of(page).W_ih == before_state.W_ih and deadline > 0:
        page.wait_for_timeout(200)
        deadline -= 200
    H = before_state.hidden_size
    committed = state_of(page).W_ih[H][0]
    assert committed == float(slider.input_value()) and committed - before_state.W_ih[H][0] > 0.5 * target
    screenshot(page, "live_cell_dragged")

    other = page_at()
    open_page(other, page.url, "One step of the cell")
    other.locator(".gl-box-diagram svg").wait_for()
    other.get_by_role("tab", name="update gate z").click()
    assert float(other.get_by_role("slider", name=re.compile(r"W_iz\[0, 0\]")).input_value()) == committed
    assert equations_text(other) == equations_text(page)


def test_presentation_mode_and_the_keyboard_alone_step_and_edit(app_url, page_at):
    page = page_at(1280, 720)
    open_page(page, f"{app_url}/cell?present=1", "One step of the cell")
    page.locator(".gl-box-diagram svg").wait_for()
    assert page.locator(".gl-live.gl-presentation").count() == 1
    t = shown_step(page)
    next_button = page.get_by_role("button", name="next ›")
    next_button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert shown_step(page) == t + 2
    page.get_by_role("tab", name="reset gate r").focus()
    page.keyboard.press("Enter")
    slider = page.get_by_role("slider", name=re.compile(r"W_ir\[0, 0\]"))
    slider.focus()
    before = equations_text(page)
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # a focused slider takes the arrows: 0.01 each
    assert equations_text(page) != before
    assert shown_step(page) == t + 2  # the arrows nudged the weight, not the step
    screenshot(page, "live_cell_presentation_keyboard")


def sensitive_state():
    """Weights under which two float64 loops that add in different orders end far apart (NumPy's
    own gru_step and gru_forward differ by about 2 after 150 steps): the browser cannot follow the
    server's numbers exactly on its own."""
    rng = np.random.default_rng(2)
    T, I, H = 150, 1, 12
    state = validate(AppState(
        x=tuple(map(tuple, np.round(rng.standard_normal((T, I)), 2).tolist())),
        W_ih=tuple(map(tuple, np.round(rng.standard_normal((3 * H, I)) * 3, 2).tolist())),
        W_hh=tuple(map(tuple, np.round(rng.standard_normal((3 * H, H)) * 3, 2).tolist())),
        b_ih=tuple(np.round(rng.standard_normal(3 * H), 2).tolist()),
        step=T - 1,
    ))
    model, h, states = shown_model(state), np.zeros(H), []
    for x_t in np.array(state.x):
        h = gru_step(model.layers[0][0], x_t, h, reset=model.reset, z_convention=model.z_convention).h
        states.append(h)
    assert np.max(np.abs(np.array(states) - run_state(state).cells[0][0].h)) > 0.1  # still sensitive
    return state


def test_a_state_too_sensitive_to_rounding_shows_the_servers_numbers_and_says_so(app_url, page_at):
    state = sensitive_state()
    page = page_at()
    open_page(page, f"{app_url}/cell?s={to_url(state)}", "One step of the cell")
    page.locator(".gl-box-diagram svg").wait_for()
    note = page.locator(".gl-note")
    assert "sensitive to rounding" in note.inner_text() and "server's states" in note.inner_text()
    cell, t = run_state(state).cells[0][0], state.steps - 1
    numbers = [float(n.get_attribute("data-value")) for n in page.locator(".gl-box-equations .gl-eq-num").all()]
    for value in (cell.r[t, 0], cell.z[t, 0], cell.h_tilde[t, 0], cell.h[t, 0]):
        assert any(abs(value - n) < 5e-4 for n in numbers), (value, numbers)  # shown to 3 decimals
    slider = page.get_by_role("slider", name=re.compile(r"W_ir\[0, 0\]"))
    drag(page, slider, 0.7)
    assert "while you drag" in note.inner_text()
    page.mouse.up()
    page.get_by_text("the views show the server's states").wait_for(timeout=20_000)  # the commit's answer
