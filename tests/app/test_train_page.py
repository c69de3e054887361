"""The training pages as a learner uses them (AppTest): start, ticks, stop and resume, the budget,
the snapshot slider and play, downloads and exploring; the live side-by-side comparison."""

import functools

import numpy as np
import pytest

from gru_viz.train import TrainConfig, advance, start
from gru_viz.train.compare import CompareSettings
from lessons.pretrained import LABEL
from lessons.training_queue import TrainingQueue
from tests.app.helpers import app_state, array_of, figure_elements, open_app
from ui import clock as clock_module
from ui import compare_live, training
from ui.blas import set_blas_threads
from ui.training import due


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    how, before = set_blas_threads(1)  # as the app does (ui/blas.py)
    yield
    if before is not None:
        set_blas_threads(before)


@pytest.fixture(autouse=True)
def own_line(monkeypatch):
    """Each test its own server-wide line: a test's sessions do not leave the line when they end
    (a closed tab's turn lapses after a few seconds), and the next test must not wait behind them."""
    monkeypatch.setattr(training, "QUEUE", TrainingQueue(training.training_worker.SLOTS))
    # AppTest's reruns come faster than the live panel's timer; each stands for one timer tick here
    # (tests/lessons/test_training_line.py holds `due` to its interval).
    monkeypatch.setattr(training, "due", lambda rate_key: True)


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(at):
    return at.session_state["train_run"]


def chart(at, key):
    """The plotly figure of the chart with this key, as a dict."""
    return next(e["spec"] for e in figure_elements(at) if e["key"] == key)


def started(steps=None, **widgets):
    at = open_app("pages/train_page.py")
    if steps is not None:
        at.select_slider(key="train_steps").set_value(steps)
    for key, value in widgets.items():
        widget = next(w for kind in ("select_slider", "slider", "radio", "selectbox", "toggle")
                      for w in at.get(kind) if w.key == key)
        widget.set_value(value)
    at.run()
    return ok(at.button(key="train_start").click().run())


def test_the_page_opens_names_its_convention_and_waits_for_start():
    at = ok(open_app("pages/train_page.py"))
    assert "z near 0 keeps the old state" in at.caption[0].value
    assert any("press **Start**" in info.value for info in at.info)
    assert at.button(key="train_resume").disabled


def test_start_trains_in_ticks_and_the_curves_grow():
    at = started(steps=5000)
    assert at.session_state["train_running"]
    first = run(at).step
    ok(at.run())
    second = run(at).step
    assert 0 < first < second < 5000  # each rerun of the fragment trained one tick
    assert f"step {second:,} of 5,000" in at.get("progress")[0].proto.text
    figure = chart(at, "train_curves")
    np.testing.assert_array_equal(array_of(figure["data"][0]["x"]), np.arange(1, second + 1))  # a point per step
    assert training.BUDGETS.spent(at.session_state["_browser_id"][0]) > 0  # the worker's CPU, charged


def test_stop_pauses_and_resume_ends_where_one_uninterrupted_run_ends():
    at = started(steps=200)  # the first tick trains 10 steps (ui/training.FIRST_TICK): stopped well before the end
    ok(at.button(key="train_stop").click().run())
    paused = run(at).step
    assert not at.session_state["train_running"]
    ok(at.run())
    assert run(at).step == paused and "(stopped)" in at.get("progress")[0].proto.text
    ok(at.button(key="train_resume").click().run())
    for _ in range(50):
        if run(at).done:
            break
        ok(at.run())
    whole = advance(start(TrainConfig(steps=200)), 200)  # the page's defaults, in one chunk
    np.testing.assert_array_equal(run(at).params, whole.params)
    assert run(at).loss == whole.loss


def spent_budget(at, seconds):
    """`at`'s browser has already spent `seconds` of training CPU (in another tab, say)."""
    browser = f"budget-test-{id(at)}"
    at.session_state["_browser_id"] = (browser, True)
    training.BUDGETS.charge(browser, seconds)
    return at


def test_the_cpu_budget_stops_training_and_says_so():
    at = spent_budget(open_app("pages/train_page.py"), 59.999)
    ok(at.run())
    ok(at.button(key="train_start").click().run())
    ok(at.run())
    assert not at.session_state["train_running"]
    assert any("used its 60 s of training CPU" in w.value for w in at.warning)
    assert at.button(key="train_start").disabled and at.button(key="train_resume").disabled


def test_a_run_trains_at_most_once_per_tick_interval_however_often_the_page_reruns(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(clock_module.st, "session_state", {})
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: clock[0])
    assert due("train_rate")
    assert not due("train_rate") and due("compare_rate")  # the two pages' runs tick apart
    clock[0] += 0.5 * training.TICK_EVERY
    assert not due("train_rate")
    clock[0] += 0.4 * training.TICK_EVERY
    assert due("train_rate")


def press_anyway(button):
    """Press a button the way a hand-made client can: AppTest, like a browser, refuses a disabled
    one, but the server receives a trigger for any widget id it drew."""
    button.proto.disabled = False
    return button.click()


def test_a_disabled_start_pressed_by_a_hand_made_client_changes_nothing():
    # A browser draws Start disabled while a run goes on, or with no CPU left; a client that speaks
    # the protocol can press it anyway. Before issue 18 every press started a new run (275 ms of CPU).
    at = started(steps=5000)
    ok(at.run())
    going = run(at)
    assert at.button(key="train_start").disabled and going.step > 0
    for _ in range(3):
        ok(press_anyway(at.button(key="train_start")).run())
        assert run(at).step >= going.step and run(at).config == going.config  # the same run, not restarted
    spent = spent_budget(open_app("pages/train_page.py"), 60.0)
    ok(spent.run())
    assert spent.button(key="train_start").disabled
    ok(press_anyway(spent.button(key="train_start")).run())
    ok(press_anyway(spent.button(key="train_resume")).run())
    assert [key for key in ("train_run", "train_pending", "train_running") if key in spent.session_state
            and spent.session_state[key]] == []  # nothing started, nothing waiting


def test_a_run_waits_in_the_servers_line_while_the_slots_are_taken_and_then_trains(monkeypatch):
    monkeypatch.setattr(training, "QUEUE", TrainingQueue(1, lease=60.0))
    monkeypatch.setattr(training.training_worker, "SLOTS", 1)
    training.QUEUE.ask("another student's run")  # holds the only slot
    at = started(steps=200)
    ok(at.run())
    assert at.session_state.get("train_run") is None  # not started: it waits
    assert any("Waiting for a free training slot: this run is number 1 in line" in info.value for info in at.info)
    training.QUEUE.leave("another student's run")
    ok(at.run())
    ok(at.run())
    assert run(at).step > 0
    assert not any("Waiting for a free training slot" in info.value for info in at.info)


def finished(**widgets):
    at = started(steps=200, **widgets)
    for _ in range(50):
        if not at.session_state["train_running"]:
            break
        ok(at.run())
    assert run(at).done
    return at


def test_the_snapshot_slider_and_play_walk_through_training():
    at = finished()
    steps = [s.step for s in run(at).snapshots]
    assert at.select_slider(key="train_snapshot").value == steps[-1]  # the newest, by default
    ok(at.select_slider(key="train_snapshot").set_value(0).run())
    assert chart(at, "train_gates")["layout"]["title"]["text"] == "The probe sequence at step 0"
    assert any(m.value.startswith("**Step 0**") for m in at.markdown)
    ok(at.button(key="train_play").click().run())
    assert at.session_state["train_playing"] and at.select_slider(key="train_snapshot").value == steps[1]
    ok(at.run())
    assert at.select_slider(key="train_snapshot").value == steps[2]


def test_a_trained_gru_reads_out_its_memory_unit_and_goes_to_the_explorer():
    at = finished()
    reading = next(m.value for m in at.markdown if m.value.startswith("**Step 200**"))
    assert "Unit" in reading and "carries the symbol:" in reading and "plain RNN" not in reading
    labels = [b.label for b in at.get("download_button")]
    assert {"Weights (.safetensors)", "Weights (.npz)", "Training record (.json)"} <= set(labels)
    ok(at.button(key="train_explore").click().run())
    state = app_state(at)
    assert state.example == "Trained GRU (recall)" and state.hidden_size == 16
    np.testing.assert_allclose(np.array(state.W_hh), run(at).model().layers[0][0].W_hh)


@pytest.mark.parametrize("model,gate,sentence", [("LSTM", "forget gate f (1 keeps)", "forget gate f near 1"),
                                                 ("RNN", "state h", "A plain RNN has no gate")])
def test_lstm_and_rnn_runs_show_their_own_gates_and_words(model, gate, sentence):
    at = finished(train_model=model)
    titles = [a["text"] for a in chart(at, "train_gates")["layout"]["annotations"]]
    assert gate in titles
    reading = next(m.value for m in at.markdown if m.value.startswith("**Step 200**"))
    assert sentence in reading and "update gate" not in reading


def test_changing_settings_leaves_the_shown_run_alone():
    at = finished()
    before = run(at)
    ok(at.select_slider(key="train_hidden").set_value(8).run())
    assert run(at) is before
    assert any("differ from the run shown" in c.value for c in at.caption)


def test_the_pretrained_gru_is_a_preset_in_the_sidebar():
    at = open_app("pages/cell_page.py")
    ok(at.selectbox(key="example_choice").set_value(LABEL).run())
    assert app_state(at).example == LABEL and app_state(at).hidden_size == 8


def test_the_side_by_side_page_shows_the_shipped_table_and_runs_the_small_one_live(monkeypatch):
    # The page's own fifteen runs (five delays, three models) at 100 steps instead of 400: a third of
    # the CPU, and delay 2 is learned either way. A tick as long as a run: the page reruns about once
    # a run instead of four times (chunk sizes never change a run: gru_viz.train.trainer).
    monkeypatch.setattr(compare_live, "CompareSettings", functools.partial(CompareSettings, steps=100))
    monkeypatch.setattr(training, "TICK_SECONDS", 5.0)
    at = ok(open_app("pages/compare_page.py"))
    neutral = chart(at, "compare_neutral")
    assert [trace["name"] for trace in neutral["data"]] == ["GRU (shipped)", "LSTM (shipped)", "RNN (shipped)"]
    ok(at.button[0].click().run())
    for _ in range(80):
        if not at.session_state["compare_running"]:
            break
        ok(at.run())
    rows = at.session_state["compare_rows"]
    assert len(rows) == 15 and {r["model"] for r in rows} == {"GRU", "LSTM", "RNN"}
    live = chart(at, "compare_live_chart")
    assert [trace["name"] for trace in live["data"]] == ["GRU (live)", "LSTM (live)", "RNN (live)"]
    assert rows[0]["accuracy"] == 1.0  # delay 2 is easy for everyone


@pytest.mark.parametrize("task", ["parity", "adding", "text"])
def test_every_task_trains_and_is_watched_on_the_page(task):
    at = open_app("pages/train_page.py")
    ok(at.selectbox(key="train_task").set_value(task).run())
    ok(at.select_slider(key="train_steps").set_value(200).run())
    ok(at.button(key="train_start").click().run())
    for _ in range(50):
        if not at.session_state["train_running"]:
            break
        ok(at.run())
    assert run(at).done and run(at).config.task == task
    assert chart(at, "train_gates")["layout"]["title"]["text"] == "The probe sequence at step 200"
    reading = next(m.value for m in at.markdown if m.value.startswith("**Step 200**"))
    assert ("never reads" in reading) == (task == "text")
