"""The edit page's input sequence in chromium (issue 17, items 3, 4 and the weights-table bullet of
7): rows added with the toolbar, typed into the blank row, deleted and pasted apply at once; a file
uploaded through the file uploader becomes the sequence; text mode says its table is read-only;
the weights table shows its bias column without scrolling sideways.

Each test opens a short example (3 steps) from a link, so the whole table and its blank row are in
view without scrolling the grid. The state is read from the address bar (driving.state_of).
"""

import io

import numpy as np
import pytest

from lessons import presets
from lessons.state import MAX_STEPS, to_url
from tests.browser.driving import settle, state_of, type_into_cell
from tests.helpers import screenshot

ROW = 35  # px: the grid's row height, header included (tests/browser/driving.py counts the same)
BASE = presets.EXAMPLES["Write once, carry"]()
SHORT = BASE.with_changes(x=BASE.x[:3], step=0)
# The grid's horizontal scroller: its content is wider than its box only when columns are cut off.
SCROLLER = "e => { const s = e.querySelector('.dvn-scroller'); return [s.scrollWidth, s.clientWidth]; }"


def open_edit(page_at, url, state=SHORT, width=1440, height=900, clipboard=False):
    page = page_at(width, height)
    if clipboard:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{url}/edit?s={to_url(state)}")
    page.get_by_role("heading", name="Inputs and weights").wait_for(timeout=60_000)
    settle(page, 60_000)
    return page


def inputs_table(page):
    table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    table.wait_for(state="visible", timeout=20_000)
    return table


def wait_for_change(page, old_search):
    page.wait_for_function("old => location.search !== old", arg=old_search, timeout=30_000)
    settle(page)
    return state_of(page)


def cell_point(table, row, column):
    """Where cell (row, column) of a table is drawn: column 0 is the first x[i] (after the row
    marker and the step number, about 90 px), each about a third of the rest wide with 2 features."""
    box = table.bounding_box()
    return box["x"] + 150 + column * 180, box["y"] + ROW + ROW * row + ROW // 2


def test_the_toolbar_adds_a_step_of_zeros_at_once(app_url, page_at):
    page = open_edit(page_at, app_url)
    table = inputs_table(page)
    old = page.evaluate("location.search")
    table.hover()
    table.locator("xpath=..").locator('[data-testid="stElementToolbar"] button[aria-label="Add row"]').first.click()
    state = wait_for_change(page, old)
    assert state.steps == 4
    assert state.x[:3] == SHORT.x and state.x[3] == (0.0, 0.0)
    screenshot(page, "input_rows_toolbar_add")


def test_the_blank_row_adds_a_step_at_once_and_takes_what_is_typed(app_url, page_at):
    page = open_edit(page_at, app_url)
    table = inputs_table(page)
    old = page.evaluate("location.search")
    page.mouse.click(*cell_point(table, 3, 0))  # the blank row under the 3 steps: a step of zeros, applied
    state = wait_for_change(page, old)
    assert state.steps == 4 and state.x[:3] == SHORT.x and state.x[3] == (0.0, 0.0)
    old = page.evaluate("location.search")
    type_into_cell(page, inputs_table(page), 3, 150, "0.75")  # the new step, numbered and editable
    state = wait_for_change(page, old)
    assert state.steps == 4 and state.x[3] == (0.75, 0.0)


def test_selected_rows_are_deleted(app_url, page_at):
    page = open_edit(page_at, app_url, BASE.with_changes(x=BASE.x[:5], step=0))
    table = inputs_table(page)
    box = table.bounding_box()
    old = page.evaluate("location.search")
    for row in (1, 3):  # the row markers at the left edge select whole rows
        page.mouse.click(box["x"] + 15, box["y"] + ROW + ROW * row + ROW // 2)
    page.keyboard.press("Delete")
    state = wait_for_change(page, old)
    assert state.x == (BASE.x[0], BASE.x[2], BASE.x[4])


@pytest.mark.parametrize("tail", ["", "\r\n"], ids=["plain", "spreadsheet_line_break"])
def test_pasted_rows_fill_and_extend_the_sequence(app_url, page_at, tail):
    page = open_edit(page_at, app_url, clipboard=True)
    table = inputs_table(page)
    rows = [[1, 2], [3, 4], [5, 6], [7, 8], [9, -10]]  # 3 rows over the 3 there, 2 more after them
    page.evaluate("t => navigator.clipboard.writeText(t)", "\r\n".join("\t".join(map(str, r)) for r in rows) + tail)
    old = page.evaluate("location.search")
    page.mouse.click(*cell_point(table, 0, 0))
    page.keyboard.press("Control+V")
    state = wait_for_change(page, old)
    assert np.array_equal(state.x, rows)  # a copy's final line break adds no row of zeros
    screenshot(page, f"input_rows_pasted_{'tail' if tail else 'plain'}")


def test_pasting_past_the_step_limit_is_refused_and_keeps_the_sequence(app_url, page_at):
    page = open_edit(page_at, app_url, clipboard=True)
    table = inputs_table(page)
    page.evaluate("t => navigator.clipboard.writeText(t)", "\n".join(f"{t}\t0" for t in range(MAX_STEPS + 20)))
    page.mouse.click(*cell_point(table, 0, 0))
    page.keyboard.press("Control+V")
    page.get_by_text("Not applied").filter(has_text=f"the limit is {MAX_STEPS}").first.wait_for(timeout=30_000)
    settle(page)
    assert state_of(page) == SHORT
    screenshot(page, "input_rows_over_limit")


def test_text_mode_says_its_table_is_read_only_and_the_text_makes_the_steps(app_url, page_at):
    page = open_edit(page_at, app_url)
    page.get_by_text("text", exact=True).click()
    settle(page)
    page.get_by_text("this table of each distinct token is read-only").wait_for(timeout=20_000)
    table = inputs_table(page)
    table.hover()
    assert table.locator("xpath=..").locator('button[aria-label="Add row"]').count() == 0
    box = page.get_by_label("Text (up to")
    old = page.evaluate("location.search")
    box.fill("abcd")
    box.press("Enter")
    state = wait_for_change(page, old)
    assert state.text == "abcd" and state.steps == 4
    screenshot(page, "input_rows_text_mode")


def upload(page, name, content, mime):
    old = page.evaluate("location.search")
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="load the inputs from a file")
    uploader.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": content})
    return old


def test_an_uploaded_csv_becomes_the_sequence_and_sets_the_input_size(app_url, page_at):
    page = open_edit(page_at, app_url)
    rows = np.round(np.random.default_rng(0).uniform(-1, 1, (12, 3)), 3)
    csv = "a,b,c\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n"
    old = upload(page, "newcomer.csv", csv.encode(), "text/csv")
    state = wait_for_change(page, old)
    assert np.array_equal(state.x, rows) and state.input_size == 3 and state.hidden_size == SHORT.hidden_size
    page.get_by_text("12 steps of 3 features read").wait_for(timeout=20_000)
    assert state.text is None and np.array(state.W_ih).shape == (3 * SHORT.hidden_size, 3)
    screenshot(page, "input_upload_csv")


def test_an_uploaded_npy_becomes_the_sequence(app_url, page_at):
    page = open_edit(page_at, app_url)
    rows = np.linspace(-1, 1, 14).reshape(7, 2)
    buffer = io.BytesIO()
    np.save(buffer, rows)
    old = upload(page, "steps.npy", buffer.getvalue(), "application/octet-stream")
    state = wait_for_change(page, old)
    assert np.array_equal(state.x, rows)
    assert state.W_ih == SHORT.W_ih  # the same width: the weights stay as they were


def test_a_bad_file_names_its_row_and_column_and_keeps_the_state(app_url, page_at):
    page = open_edit(page_at, app_url)
    upload(page, "bad.csv", b"x,y\n1,2\n3,oops\n", "text/csv")
    page.get_by_text("row 3, column 2").wait_for(timeout=30_000)
    settle(page)
    assert state_of(page) == SHORT
    screenshot(page, "input_upload_bad")


@pytest.mark.parametrize("width,height", [(1440, 900), (1280, 720)])
def test_the_weights_table_shows_its_bias_column_without_scrolling(app_url, page_at, width, height):
    page = open_edit(page_at, app_url, BASE, width, height)
    page.get_by_role("tab", name="Weights").click()
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    table.scroll_into_view_if_needed()
    content, shown = table.evaluate(SCROLLER)
    assert content <= shown, f"the weights table is {content} px wide in a {shown} px box: the bias is cut off"
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= width
    screenshot(page, f"weights_table_{width}")


def open_cell_editor(page, x, y, tries=3):
    """Open the editor of the cell drawn at (x, y). A double click on a grid that has not had the
    keyboard's focus yet may only focus it (seen right after the page scrolled), so try again."""
    overlay = page.locator("#portal textarea:visible").first
    for _ in range(tries):
        page.mouse.dblclick(x, y)
        try:
            overlay.wait_for(timeout=3_000)
            return overlay
        except Exception:  # noqa: BLE001 (playwright's TimeoutError): not open yet
            page.keyboard.press("Escape")
    overlay.wait_for(timeout=3_000)
    return overlay


def set_hidden_units(page, units):
    page.get_by_role("tab", name="Weights").click()
    box = page.get_by_label("hidden units")
    old = page.evaluate("location.search")
    box.fill(str(units))
    box.press("Enter")
    page.wait_for_function("old => location.search !== old", arg=old, timeout=60_000)
    settle(page, 60_000)
    page.get_by_role("tab", name="Weights").click()
    settle(page, 60_000)
    table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    table.scroll_into_view_if_needed()
    return table


def test_a_table_too_wide_to_show_keeps_the_bias_in_view_beside_the_unit(app_url, page_at):
    page = open_edit(page_at, app_url, BASE, 1280, 720)
    table = set_hidden_units(page, 6)  # 2 + 6 + 1 columns: more than fit
    state = state_of(page)
    assert state.hidden_size == 6
    content, shown = table.evaluate(SCROLLER)
    assert content > shown  # this table scrolls sideways...
    frame = table.bounding_box()
    old = page.evaluate("location.search")
    # ...but the column right of the unit labels, in view without scrolling, is the bias b.
    overlay = open_cell_editor(page, frame["x"] + 90, frame["y"] + ROW + ROW // 2)
    overlay.fill("3.5")
    page.keyboard.press("Enter")
    after = wait_for_change(page, old)
    assert after.b_ih[0] == 3.5 and after.W_ih == state.W_ih and after.W_hh == state.W_hh
    page.get_by_text("drawn first beside the unit").wait_for(timeout=10_000)
    screenshot(page, "weights_table_6_units")


def test_with_16_units_the_weights_table_is_labelled_and_in_its_column(app_url, page_at):
    page = open_edit(page_at, app_url, BASE, 1440, 900)
    table = set_hidden_units(page, 16)  # its link is too long for the address bar: checked on the page
    page.get_by_text("drawn first beside the unit").wait_for(timeout=10_000)
    editing = table.locator("xpath=ancestor::div[@data-testid='stColumn'][last()]")  # the page's left half
    frame, column = table.bounding_box(), editing.bounding_box()
    assert column["x"] <= frame["x"] and frame["x"] + frame["width"] <= column["x"] + column["width"] + 1
    screenshot(page, "weights_table_16_units")
