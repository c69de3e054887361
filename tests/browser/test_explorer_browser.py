"""The explorer in a real browser: edit, step, switch convention, share, isolation, bad input.
(Every page's screenshots at both sizes: test_lessons_browser.py's tour.)"""

import numpy as np
import pytest

from lessons import presets
from lessons.explore import run_state
from lessons.state import to_url
from tests.browser.conftest import ROOT
from tests.browser.driving import click_main_button, open_page, settle, state_of, type_into_cell
from tests.helpers import screenshot, sequence_figure
from tests.servers import serving
from ui.outline import LINE, column_box


def test_a_deep_link_works_as_a_fresh_servers_first_request(page_at):
    """A teacher restarts the server and students open /cell?s=...: the router must still run."""
    with serving(ROOT / "app.py") as url:
        state = presets.two_speeds().with_changes(step=9, z_convention="keeps_old")
        page = page_at()
        open_page(page, f"{url}/cell?s={to_url(state)}", "One step of the cell")
        page.get_by_text("Step t = 9").wait_for(timeout=20_000)
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Inputs and weights").count() == 1
        assert page.get_by_text("z keeps the old state").count() >= 1


def test_step_with_buttons_and_arrow_keys(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    start = state_of(page).step
    click_main_button(page, "next")
    page.get_by_text(f"Step t = {start + 1}").wait_for(timeout=20_000)
    page.get_by_role("heading", name="One step of the cell").click()  # focus the page, not a control
    page.keyboard.press("ArrowRight")
    page.get_by_text(f"Step t = {start + 2}").wait_for(timeout=20_000)
    page.keyboard.press("ArrowLeft")
    page.get_by_text(f"Step t = {start + 1}").wait_for(timeout=20_000)
    assert state_of(page).step == start + 1


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
    chart_before = page.locator('[data-testid="stPlotlyChart"]').first.inner_html()
    for bad in ("abc", "NaN"):
        editor = page.locator('[data-testid="stDataFrame"]').first
        type_into_cell(page, editor, 1, 150, bad)
        page.get_by_text("Not applied").first.wait_for(timeout=20_000)
        assert state_of(page) == after  # nothing changed
    assert page.locator('[data-testid="stPlotlyChart"]').first.inner_html() == chart_before
    screenshot(page, "edit_refused_input")


def test_edit_a_weight_cell_moves_z_of_that_unit(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/edit", "Inputs and weights")
    page.get_by_role("tab", name="Weights").click()
    page.get_by_role("tab", name="update gate z").click()
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


def test_clicking_a_heatmap_cell_selects_its_step(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/sequence", "Over the whole sequence")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    plot = chart.locator("rect.nsewdrag").nth(2)  # the plot area of the update gate z subplot
    box = plot.bounding_box()
    T = state_of(page).steps
    page.mouse.click(box["x"] + box["width"] * (7.5 / T), box["y"] + box["height"] * 0.25)
    page.wait_for_function("() => location.search.length > 0")
    page.wait_for_timeout(1500)
    settle(page)
    assert state_of(page).step == 7


OUTLINE_AND_PLOT = """
() => {
  const box = document.querySelector('.st-key-heatmaps'), gd = box.querySelector('.js-plotly-plot');
  const after = getComputedStyle(box, '::after'), fl = gd._fullLayout, xa = fl.xaxis;
  const step = Number(getComputedStyle(box).getPropertyValue('--step'));
  const b = box.getBoundingClientRect(), g = gd.getBoundingClientRect();
  const panels = Object.keys(fl).filter(k => /^yaxis[0-9]*$/.test(k)).map(k => [fl[k]._offset, fl[k]._length]);
  return {
    kept: gd.__kept === true,
    outline: [parseFloat(after.left), parseFloat(after.width)],
    column: [g.left - b.left + xa._offset + xa.l2p(step - 0.5), xa.l2p(step + 0.5) - xa.l2p(step - 0.5)],
    chart_top: g.top - b.top,
    panels: panels.sort((p, q) => p[0] - q[0]),
  };
}
"""


def test_the_step_outline_sits_on_its_column_and_the_chart_stays_mounted(app_url, page_at):
    """Stepping moves a CSS outline (ui/outline.py) placed from the figure's layout: it must frame
    the very column Plotly drew, in every panel, and the chart itself must not be redrawn."""
    page = page_at()
    open_page(page, f"{app_url}/sequence", "Over the whole sequence")
    state = state_of(page)
    page.evaluate("() => { document.querySelector('.st-key-heatmaps .js-plotly-plot').__kept = true; }")
    click_main_button(page, "next")
    page.wait_for_function(
        "s => getComputedStyle(document.querySelector('.st-key-heatmaps')).getPropertyValue('--step').trim() == s",
        arg=str(state.step + 1),
        timeout=20_000,
    )
    seen = page.evaluate(OUTLINE_AND_PLOT)
    assert seen["kept"], "the chart was mounted afresh for a step"
    (left, width), (column_left, column_width) = seen["outline"], seen["column"]
    assert left + LINE == pytest.approx(column_left, abs=1)
    assert width - 2 * LINE == pytest.approx(column_width, abs=1)
    assert seen["chart_top"] == pytest.approx(0, abs=1)
    _, _, _, panels = column_box(sequence_figure(state)[1])
    assert np.allclose(seen["panels"], panels, atol=1)
