"""When the edit page's tables are mounted afresh (ui/tables.py): only when they must show numbers
they do not already show. Every fresh data editor costs the browser a new grid, and a fresh table
also drops what the learner typed, so both directions matter. The page draws only the open tab's
table (pages/edit_page.py), so a table that comes back into view starts from the numbers it must
show."""

from tests.app.helpers import EDIT_TABS, app_state, edit_table, editor, open_app, open_tab, run_checked, seed_edit


def key(at, table):
    return editor(at, table + "-").key


def shown(at, table, row, column):
    return float(editor(at, table + "-").value.iloc[row][column])


def test_an_accepted_weight_edit_keeps_its_table_mounted():
    at = open_app("pages/edit_page.py")
    before = key(at, "weights_z")
    edit_table(at, "weights_z", edited={1: {"b": "5"}})
    assert app_state(at).b_ih[3] == 5.0
    assert key(at, "weights_z") == before
    edit_table(at, "weights_z", edited={0: {"b": "-2"}})  # a second edit in the same table applies too
    assert (app_state(at).b_ih[2], app_state(at).b_ih[3]) == (-2.0, 5.0)
    assert key(at, "weights_z") == before


def test_a_refused_edit_remounts_its_table_with_the_last_good_numbers():
    at = open_app("pages/edit_page.py")
    before, state = key(at, "weights_r"), app_state(at)
    edit_table(at, "weights_r", edited={0: {"b": "abc"}})
    assert app_state(at) == state
    assert key(at, "weights_r") != before
    assert shown(at, "weights_r", 0, "b") == state.b_ih[0]


def test_a_row_added_to_the_inputs_keeps_the_table_mounted_and_counts_once():
    """A remount after an added row dropped the keys typed into it next (issue 17, item 3): the
    table stays, and its growing delta is applied to the rows it was mounted with."""
    at = open_app("pages/edit_page.py")
    before, steps = key(at, "inputs"), app_state(at).steps
    edit_table(at, "inputs", added=[{"x[0]": "0", "x[1]": "0"}])  # the blank row, clicked
    assert app_state(at).steps == steps + 1 and app_state(at).x[-1] == (0.0, 0.0)
    assert key(at, "inputs") == before
    # typed into the new row: the browser sends an added row's cells with the row, not as an edit
    seed_edit(at, "inputs", {"edited_rows": {}, "added_rows": [{"x[0]": "0.75", "x[1]": "0"}], "deleted_rows": []})
    run_checked(at)
    assert app_state(at).steps == steps + 1 and app_state(at).x[-1] == (0.75, 0.0)
    assert key(at, "inputs") == before


def test_numbers_changed_elsewhere_remount_the_table_that_shows_them():
    at = open_app("pages/edit_page.py")
    edit_table(at, "weights_z", edited={1: {"b": "5"}})
    before = key(at, "weights_z")
    at.radio(key="z_choice").set_value("keeps_old").run()  # z's weights now shown with the other sign
    assert key(at, "weights_z") != before
    assert shown(at, "weights_z", 1, "b") == -5.0  # the fresh table shows the stored +5 under the other convention


def test_a_table_shown_again_after_its_tab_was_closed_shows_the_numbers_applied():
    """The browser forgets a closed tab's editor, and the one drawn when the tab opens again holds
    no edits: it must be drawn from the state, not from the rows it was first mounted with."""
    at = open_app("pages/edit_page.py")
    edit_table(at, "weights_z", edited={1: {"b": "5"}})
    for table in ("weights_r", "inputs", "weights_z"):
        open_tab(at, *EDIT_TABS[table])
    assert shown(at, "weights_z", 1, "b") == 5.0
    edit_table(at, "weights_z", edited={0: {"b": "-2"}})  # and an edit there applies to those numbers
    assert (app_state(at).b_ih[2], app_state(at).b_ih[3]) == (-2.0, 5.0)
