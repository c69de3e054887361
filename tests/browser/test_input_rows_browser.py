"""The edit page's input sequence in chromium (issue 17, items 3, 4 and the weights-table bullet of
7): rows added with the toolbar, typed into the blank row, deleted and pasted apply at once; a file
uploaded through the file uploader becomes the sequence; text mode says its table is read-only;
the weights table shows its bias column without scrolling sideways.

Each test opens a short example (3 steps) from a link, so the whole table and its blank row are in
view without scrolling the grid. The state is read from the address bar (driving.state_of).
Opening the edit page is most of a test's time, so each test is one session whose checks run in
turn, each starting from the state the check before it asserted.
"""

import io

import numpy as np

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


def add_with_the_toolbar(page, before):
    """The toolbar's "Add row" appends a step of zeros at once."""
    table = inputs_table(page)
    old = page.evaluate("location.search")
    table.hover()
    button = table.locator("xpath=..").locator('[data-testid="stElementToolbar"] button[aria-label="Add row"]').first
    button.wait_for(state="visible", timeout=20_000)
    # The button's own click event: on a loaded machine the grid, still redrawing, is seen over the
    # floating toolbar for seconds and a pointer click waits on it (the button is what is tested).
    button.dispatch_event("click")
    state = wait_for_change(page, old)
    assert state.x == (*before, (0.0, 0.0)), f"the toolbar's Add row did not append a step of zeros: {state.x}"
    screenshot(page, "input_rows_toolbar_add")
    return state


def add_with_the_blank_row(page, before):
    """A click in the blank row under the steps adds a step of zeros at once; the new step is
    numbered and editable: what is typed into it is applied."""
    rows = len(before)
    old = page.evaluate("location.search")
    page.mouse.click(*cell_point(inputs_table(page), rows, 0))  # the blank row under the steps
    state = wait_for_change(page, old)
    assert state.x == (*before, (0.0, 0.0)), "a click in the blank row did not add a step of zeros"
    old = page.evaluate("location.search")
    type_into_cell(page, inputs_table(page), rows, 150, "0.75")
    state = wait_for_change(page, old)
    assert state.x == (*before, (0.75, 0.0)), "the value typed into the new step was not applied"
    return state


def delete_rows(page, before, rows):
    """Rows selected by their markers at the left edge are deleted by the Delete key."""
    box = inputs_table(page).bounding_box()
    old = page.evaluate("location.search")
    for row in rows:
        page.mouse.click(box["x"] + 15, box["y"] + ROW + ROW * row + ROW // 2)
    page.keyboard.press("Delete")
    state = wait_for_change(page, old)
    assert state.x == tuple(x for i, x in enumerate(before) if i not in rows), f"rows {rows} were not deleted"
    return state


def text_mode(page):
    """Text mode says its table is read-only (no Add row) and the text typed makes the steps."""
    # The radio's own option: another "text" may be on the page (a table cell, a menu left open).
    page.get_by_role("radiogroup", name="Input as").get_by_text("text", exact=True).click()
    settle(page)
    page.get_by_text("this table of each distinct token is read-only").wait_for(timeout=20_000)
    table = inputs_table(page)
    table.hover()
    assert table.locator("xpath=..").locator('button[aria-label="Add row"]').count() == 0, "text mode can add rows"
    box = page.get_by_label("Text (up to")
    old = page.evaluate("location.search")
    box.fill("abcd")
    box.press("Enter")
    state = wait_for_change(page, old)
    assert state.text == "abcd" and state.steps == 4, "the text typed did not make the steps"
    screenshot(page, "input_rows_text_mode")


def test_the_toolbar_adds_a_step_of_zeros_at_once(app_url, page_at):
    add_with_the_toolbar(open_edit(page_at, app_url), SHORT.x)


def test_the_blank_row_adds_a_step_selected_rows_are_deleted_and_text_mode_makes_its_own(app_url, page_at):
    """One session, each step starting from the state the one before it checked: the blank row adds
    a step and takes what is typed, selected rows are deleted, then text mode. (The toolbar's Add
    row, clicked after an edit, added nothing in chromium here: it has its own session.)"""
    page = open_edit(page_at, app_url)
    state = add_with_the_blank_row(page, SHORT.x)  # 4 steps
    delete_rows(page, state.x, (1, 3))
    text_mode(page)


def paste(page, rows, tail=""):
    """Paste `rows` (tab-separated lines, as a spreadsheet copies them) at the first cell."""
    page.evaluate("t => navigator.clipboard.writeText(t)", "\r\n".join("\t".join(map(str, r)) for r in rows) + tail)
    page.mouse.click(*cell_point(inputs_table(page), 0, 0))
    page.keyboard.press("Control+V")


def test_pasted_rows_fill_and_extend_the_sequence_and_too_many_are_refused(app_url, page_at):
    page = open_edit(page_at, app_url, clipboard=True)
    paste(page, [(t, 0) for t in range(MAX_STEPS + 20)])
    page.get_by_text("Not applied").filter(has_text=f"the limit is {MAX_STEPS}").first.wait_for(timeout=30_000)
    settle(page)
    assert state_of(page) == SHORT, "a paste past the step limit changed the sequence"
    screenshot(page, "input_rows_over_limit")
    old = page.evaluate("location.search")
    rows = [[1, 2], [3, 4], [5, 6], [7, 8], [9, -10]]  # 3 rows over the 3 there, 2 more after them
    paste(page, rows)
    assert np.array_equal(wait_for_change(page, old).x, rows), "the pasted rows did not fill and extend"
    screenshot(page, "input_rows_pasted_plain")
    old = page.evaluate("location.search")
    rows = [[-1, 2], [-3, 4], [-5, 6], [-7, 8], [-9, 10], [0.5, 0.25]]  # 5 over the 5 there, 1 more
    paste(page, rows, tail="\r\n")  # as a spreadsheet copies: a line break after the last row
    assert np.array_equal(wait_for_change(page, old).x, rows), "a copy's final line break added a row"
    screenshot(page, "input_rows_pasted_tail")


def upload(page, name, content, mime):
    old = page.evaluate("location.search")
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="load the inputs from a file")
    uploader.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": content})
    return old


def test_a_bad_file_is_refused_and_uploaded_npy_and_csv_files_become_the_sequence(app_url, page_at):
    """One session: a refused file keeps the state (SHORT), the npy then replaces its steps, and the
    csv after it, with a third feature, sets the input size."""
    page = open_edit(page_at, app_url)
    upload(page, "bad.csv", b"x,y\n1,2\n3,oops\n", "text/csv")
    page.get_by_text("row 3, column 2").wait_for(timeout=30_000)
    settle(page)
    assert state_of(page) == SHORT, "a bad file changed the state"
    screenshot(page, "input_upload_bad")

    rows = np.linspace(-1, 1, 14).reshape(7, 2)
    buffer = io.BytesIO()
    np.save(buffer, rows)
    state = wait_for_change(page, upload(page, "steps.npy", buffer.getvalue(), "application/octet-stream"))
    assert np.array_equal(state.x, rows), "the npy file did not become the sequence"
    assert state.W_ih == SHORT.W_ih, "the same width: the weights stay as they were"

    rows = np.round(np.random.default_rng(0).uniform(-1, 1, (12, 3)), 3)
    csv = "a,b,c\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n"
    state = wait_for_change(page, upload(page, "newcomer.csv", csv.encode(), "text/csv"))
    assert np.array_equal(state.x, rows) and state.input_size == 3 and state.hidden_size == SHORT.hidden_size
    page.get_by_text("12 steps of 3 features read").wait_for(timeout=20_000)
    assert state.text is None and np.array(state.W_ih).shape == (3 * SHORT.hidden_size, 3)
    screenshot(page, "input_upload_csv")


def weights_table(page):
    table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    table.scroll_into_view_if_needed()
    return table


def settled_width(page, table):
    """The grid's [content, box] widths once two reads 200 ms apart agree (it redraws after a resize)."""
    seen = table.evaluate(SCROLLER)
    for _ in range(25):
        page.wait_for_timeout(200)
        seen, before = table.evaluate(SCROLLER), seen
        if seen == before:
            break
    return seen


def assert_bias_in_view(page, width, height):
    """The weights table's columns all fit its box: the bias column is not cut off."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(f"() => window.innerWidth === {width}", polling=100)
    settle(page)
    table = weights_table(page)
    content, shown = settled_width(page, table)
    assert content <= shown, f"at {width}: the table is {content} px wide in a {shown} px box: the bias is cut off"
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
    return weights_table(page)


def bias_beside_the_unit_when_too_wide(page):
    """With 6 units at 1280x720 the table scrolls sideways, but the column right of the unit
    labels, in view without scrolling, is the bias b: typing there sets it."""
    table = set_hidden_units(page, 6)  # 2 + 6 + 1 columns: more than fit
    state = state_of(page)
    assert state.hidden_size == 6
    content, shown = table.evaluate(SCROLLER)
    assert content > shown, "with 6 units the table should scroll sideways"
    frame = table.bounding_box()
    old = page.evaluate("location.search")
    overlay = open_cell_editor(page, frame["x"] + 90, frame["y"] + ROW + ROW // 2)
    overlay.fill("3.5")
    page.keyboard.press("Enter")
    after = wait_for_change(page, old)
    assert after.b_ih[0] == 3.5 and after.W_ih == state.W_ih and after.W_hh == state.W_hh, "the bias was not set"
    page.get_by_text("drawn first beside the unit").wait_for(timeout=10_000)
    screenshot(page, "weights_table_6_units")


def sixteen_units_labelled_and_in_their_column(page):
    """With 16 units (a link too long for the address bar: checked on the page) the table is
    labelled and stays in the page's left half."""
    table = set_hidden_units(page, 16)
    page.get_by_text("drawn first beside the unit").wait_for(timeout=10_000)
    editing = table.locator("xpath=ancestor::div[@data-testid='stColumn'][last()]")  # the page's left half
    frame, column = table.bounding_box(), editing.bounding_box()
    assert column["x"] <= frame["x"] and frame["x"] + frame["width"] <= column["x"] + column["width"] + 1, (
        "the 16-unit table leaves its column"
    )
    screenshot(page, "weights_table_16_units")


def test_the_weights_table_keeps_its_bias_column_in_view_at_both_sizes_and_any_width(app_url, page_at):
    """One session of the default example: the bias column fits at 1440x900 and at 1280x720 (the
    window resized), a table too wide to show keeps the bias beside the unit (6 units, 1280x720),
    and 16 units are labelled and in their column (1440x900)."""
    page = open_edit(page_at, app_url, BASE, 1440, 900)
    page.get_by_role("tab", name="Weights").click()
    settle(page)
    assert_bias_in_view(page, 1440, 900)
    assert_bias_in_view(page, 1280, 720)
    bias_beside_the_unit_when_too_wide(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    sixteen_units_labelled_and_in_their_column(page)
