"""The explorer in a real browser: edit, switch convention, share, isolation, bad input.
(Stepping, play, heatmap clicks and drags: test_live_view_browser.py. Every page's screenshots at
both sizes: test_lessons_browser.py's tour.)"""

import numpy as np

from lessons import presets
from lessons.explore import run_state
from lessons.state import to_url
from tests.browser.conftest import ROOT
from tests.browser.driving import click_main_button, link_step, open_page, settle, state_of, type_into_cell
from tests.helpers import screenshot
from tests.servers import serving


def test_a_deep_link_works_as_a_fresh_servers_first_request(page_at):
    """A teacher restarts the server and students open /cell?s=...: the router must still run."""
    with serving(ROOT / "app.py") as url:
        state = presets.two_speeds().with_changes(step=9, z_convention="keeps_old")
        page = page_at()
        open_page(page, f"{url}/cell?s={to_url(state)}", "One step of the cell")
        page.get_by_text("Step t = 9").wait_for(timeout=20_000)
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Inputs and weights").count() == 1
        assert page.get_by_text("z keeps the old state").count() >= 1


def test_switch_convention_flips_the_caption_and_keeps_the_step(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.get_by_text("z keeps the old state", exact=True).click()
    settle(page)
    page.get_by_text("Convention: z keeps the old state").wait_for(timeout=20_000)
    assert state_of(page).z_convention == "keeps_old"


def test_edit_an_input_cell_and_refuse_bad_numbers(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/edit", "Inputs and weights")
    editor = page.locator('[data-testid="stDataFrame"]').first
    before = state_of(page)
    old_search = page.evaluate("location.search")
    type_into_cell(page, editor, 0, 150, "0.75")
    screenshot(page, "edit_after_typing")
    page.wait_for_function("old => location.search !== old", arg=old_search, timeout=20_000)
    after = state_of(page)
    assert after.x[0][0] == 0.75 and after.x[1:] == before.x[1:]
    views_before = page.locator(".gl-live").get_attribute("aria-label")  # what the live view shows
    for bad in ("abc", "NaN"):
        editor = page.locator('[data-testid="stDataFrame"]').first
        type_into_cell(page, editor, 1, 150, bad)
        page.get_by_text("Not applied").first.wait_for(timeout=20_000)
        assert state_of(page) == after  # nothing changed
    assert page.locator(".gl-live").get_attribute("aria-label") == views_before
    screenshot(page, "edit_refused_input")


def test_edit_a_weight_cell_moves_z_of_that_unit(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/edit", "Inputs and weights")
    page.get_by_role("tab", name="Weights").click()
    # the Weights tab's own gate tabs (the live view beside it has sliders under the same names)
    page.get_by_role("tabpanel", name="Weights").get_by_role("tab", name="update gate z").click()
    settle(page)
    editor = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first  # the z table
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    before = state_of(page)
    old_search = page.evaluate("location.search")
    # The z table's columns: index, x[0], x[1], h[0], h[1], bias: the bias column is the last one.
    type_into_cell(page, editor, 1, box["width"] - 40, "-4")
    page.wait_for_function("old => location.search !== old", arg=old_search, timeout=20_000)
    state = state_of(page)
    assert state.b_ih[3] == -4.0 and before.b_ih[3] != -4.0  # unit 1's update-gate bias (rows r0 r1 z0 z1 ...)
    z_before, z_after = (run_state(s).cells[0][0].z[:, 1] for s in (before, state))
    assert np.all(z_after < z_before)  # a lower bias shuts unit 1's update gate at every step
    screenshot(page, "edit_weight_z")


def test_share_link_opens_the_same_state_and_sessions_stay_apart(app_url, page_at):
    teacher = page_at()
    open_page(teacher, f"{app_url}/cell", "One step of the cell")
    click_main_button(teacher, "next")
    teacher.get_by_text("Step t = 3").wait_for(timeout=20_000)
    teacher.get_by_text("z keeps the old state", exact=True).click()
    settle(teacher)
    assert link_step(teacher, 3) == 3  # the step reaches the link once the teacher pauses
    link = teacher.url
    student = page_at()  # a second browser context: its own session
    open_page(student, link, "One step of the cell")
    student.get_by_text("Step t = 3").wait_for(timeout=20_000)
    assert state_of(student) == state_of(teacher)
    click_main_button(student, "next")
    student.get_by_text("Step t = 4").wait_for(timeout=20_000)
    teacher.reload()
    settle(teacher)
    teacher.get_by_text("Step t = 3").wait_for(timeout=20_000)  # the teacher's view did not move
