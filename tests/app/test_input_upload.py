"""The edit page's input upload and paste box under AppTest (ui/input_import.py): a file becomes
the sequence, its width the input size (with the weights the "input features" box would make),
and a bad file changes nothing and says which row and column stopped it."""

import io

import numpy as np

from lessons import presets
from tests.app.helpers import app_state, open_app, run_checked


def uploader(at):
    return next(f for f in at.file_uploader if f.key.startswith("inputs_file-"))


def upload(at, name, content, mime="text/csv"):
    uploader(at).set_value((name, content, mime))
    return run_checked(at)


def test_a_csv_of_another_width_sets_the_sequence_and_the_sizes_as_the_size_box_does():
    at = open_app("pages/edit_page.py")
    before = app_state(at)
    rows = np.arange(36, dtype=float).reshape(12, 3) / 10
    upload(at, "newcomer.csv", ("x,y,z\n" + "\n".join(",".join(map(str, r)) for r in rows)).encode())
    state = app_state(at)
    assert np.array_equal(state.x, rows) and state.hidden_size == before.hidden_size
    W_ih, W_hh, b_ih = presets.preset_weights("random", 3, before.hidden_size, seed=0)  # the size box's weights
    assert np.array_equal(state.W_ih, W_ih) and np.array_equal(state.W_hh, W_hh) and np.array_equal(state.b_ih, b_ih)
    assert state.b_hh is None and state.clamp is None and state.text is None
    (note,) = [s.value for s in at.success]
    assert "12 steps of 3 features read" in note and "header" in note and "from 2 to 3" in note


def test_a_file_of_the_same_width_keeps_the_weights():
    at = open_app("pages/edit_page.py")
    before = app_state(at)
    buffer = io.BytesIO()
    np.save(buffer, np.ones((4, before.input_size)))
    upload(at, "ones.npy", buffer.getvalue(), "application/octet-stream")
    state = app_state(at)
    assert state.steps == 4 and state.W_ih == before.W_ih and state.W_hh == before.W_hh


def test_a_bad_file_keeps_the_state_and_names_row_and_column():
    at = open_app("pages/edit_page.py")
    before = app_state(at)
    upload(at, "bad.csv", b"1,2\n3,4\n5,[oops](https://evil.example)\n")
    assert app_state(at) == before
    (message,) = [e.value for e in at.error]
    assert "row 3, column 2" in message and "The inputs are as they were" in message
    assert "](https" not in message  # the file's text is shown literally, never as a live link


def test_pasted_numbers_become_the_sequence():
    at = open_app("pages/edit_page.py")
    area = next(t for t in at.text_area if t.key.startswith("inputs_paste-"))
    area.set_value("0.5\t-1\n0.25\t0\n1\t1\n")
    run_checked(at)
    next(b for b in at.button if b.key and b.key.startswith("paste_go-")).click()
    run_checked(at)
    assert app_state(at).x == ((0.5, -1.0), (0.25, 0.0), (1.0, 1.0))


def test_a_file_longer_than_the_limit_is_cut_and_says_so():
    at = open_app("pages/edit_page.py")
    upload(at, "long.csv", "\n".join(f"{t},0" for t in range(250)).encode())
    assert app_state(at).steps == 200
    (note,) = [s.value for s in at.success]
    assert "250 rows; the first 200 were used" in note


def test_text_mode_is_left_for_the_uploaded_numbers():
    at = open_app("pages/edit_page.py")
    at.radio(key=next(r.key for r in at.radio if r.key and r.key.startswith("mode-"))).set_value("text")
    run_checked(at)
    run_checked(at)
    assert app_state(at).text is not None
    upload(at, "two.csv", b"1,2\n3,4\n")
    assert app_state(at).text is None and app_state(at).x == ((1.0, 2.0), (3.0, 4.0))
