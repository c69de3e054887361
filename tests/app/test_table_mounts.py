"""When the edit page's tables are mounted afresh (ui/tables.py): only when they must show numbers
they do not already show. Every fresh data editor costs the browser a new grid, and a fresh table
also drops what the learner typed, so both directions matter."""

from tests.app.helpers import app_state, edit_table, open_app, run_checked, seed_edit

TABLES = ("inputs", "weights_r", "weights_z", "weights_h")


def keys(at):
    return {table: next(d.key for d in at.data_editor if d.key.startswith(table + "-")) for table in TABLES}


def without(keys, table):
    return {name: key for name, key in keys.items() if name != table}


def test_an_accepted_weight_edit_keeps_every_table_mounted():
    at = open_app("pages/edit_page.py")
    before = keys(at)
    edit_table(at, "weights_z", edited={1: {"b": "5"}})
    assert app_state(at).b_ih[3] == 5.0
    assert keys(at) == before
    edit_table(at, "weights_z", edited={0: {"b": "-2"}})  # a second edit in the same table applies too
    assert (app_state(at).b_ih[2], app_state(at).b_ih[3]) == (-2.0, 5.0)
    assert keys(at) == before


def test_a_refused_edit_remounts_only_its_table():
    at = open_app("pages/edit_page.py")
    before, state = keys(at), app_state(at)
    edit_table(at, "weights_r", edited={0: {"b": "abc"}})
    assert app_state(at) == state
    after = keys(at)
    assert after["weights_r"] != before["weights_r"]
    assert without(after, "weights_r") == without(before, "weights_r")


def test_a_row_added_to_the_inputs_keeps_the_table_mounted_and_counts_once():
    """A remount after an added row dropped the keys typed into it next (issue 17, item 3): the
    table stays, and its growing delta is applied to the rows it was mounted with."""
    at = open_app("pages/edit_page.py")
    before, steps = keys(at), app_state(at).steps
    edit_table(at, "inputs", added=[{"x[0]": "0", "x[1]": "0"}])  # the blank row, clicked
    assert app_state(at).steps == steps + 1 and app_state(at).x[-1] == (0.0, 0.0)
    assert keys(at) == before
    # typed into the new row: the browser sends an added row's cells with the row, not as an edit
    seed_edit(at, "inputs", {"edited_rows": {}, "added_rows": [{"x[0]": "0.75", "x[1]": "0"}], "deleted_rows": []})
    run_checked(at)
    assert app_state(at).steps == steps + 1 and app_state(at).x[-1] == (0.75, 0.0)
    assert keys(at) == before


def test_numbers_changed_elsewhere_remount_the_tables_that_show_them():
    at = open_app("pages/edit_page.py")
    edit_table(at, "weights_z", edited={1: {"b": "5"}})
    before = keys(at)
    at.radio(key="z_choice").set_value("keeps_old").run()  # z's weights now shown with the other sign
    after = keys(at)
    assert after["weights_z"] != before["weights_z"]
    assert without(after, "weights_z") == without(before, "weights_z")
    shown_bias = next(d for d in at.data_editor if d.key == after["weights_z"]).value.iloc[1]["b"]
    assert float(shown_bias) == -5.0  # the fresh table shows the stored +5 under the other convention

