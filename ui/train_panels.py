"""The two live parts of the training page, each a fragment that redraws on its own:
progress and curves (which also trains, one tick per redraw), and the gates at a snapshot.

Session keys: train_run (the TrainingState), train_running, train_rate (steps per CPU second),
train_playing, train_snapshot (the chosen snapshot's step), train_follow (keep showing the newest).
"""

import json

import streamlit as st

from gru_viz import gradient_flow
from gru_viz.figures.training import gradient_flow_lines, snapshot_heatmaps, training_curves
from gru_viz.train import Snapshot, evaluate, probe, training_record
from gru_viz.weights import model_bytes
from lessons.watch import memory_unit, probe_run

from . import fair_share, training
from .charts import show
from .compute import session_memo

PLAY_EVERY = 0.9  # seconds per snapshot when playing
WATCH_EVERY = 2.0  # seconds between redraws of the gates while training runs


def begin(config):
    """Start a new run (the Start button's callback): it joins the server's line and starts, step 0
    and the first snapshot, at its first turn. Refused while a run goes on or with no CPU left:
    the button is drawn disabled then, but a hand-made client can press it all the same."""
    if st.session_state.get("train_running") or training.cpu_left() <= 0:
        return
    st.session_state.train_run = None
    st.session_state.train_pending = config
    st.session_state.train_running = True
    st.session_state.train_rate = None
    st.session_state.train_follow = True
    st.session_state.train_playing = False
    st.session_state.pop("train_snapshot", None)


def set_running(flag):
    """Stop, or resume a run that can go on (the Resume button checks that first)."""
    st.session_state.train_running = flag
    if not flag:
        st.session_state.pop("train_pending", None)
        training.leave_line("train_rate")


def live():
    """Progress, numbers and curves; while running, each redraw first trains one tick."""
    running = st.session_state.get("train_running", False)

    @st.fragment(run_every=training.TICK_EVERY if running else None)
    @fair_share.metered()
    def panel():
        run = _train_one_tick()
        if st.session_state.get("train_running") and training.waiting_line("train_rate"):
            st.info(training.waiting_line("train_rate"))
        if run is None:
            if not st.session_state.get("train_running"):
                st.info("Choose a task and a model, then press **Start**. The curves appear here.")
            return
        config, task = run.config, run.config.the_task
        numbers, curves = st.columns([1, 3], gap="medium")
        with numbers:
            state = "" if st.session_state.get("train_running") or run.done else " (stopped)"
            st.progress(run.step / config.steps, text=f"step {run.step:,} of {config.steps:,}{state}")
            last = run.snapshots[-1]
            recent = ("–", "–")
            if run.loss:
                recent = (f"{_mean(run.loss[-20:]):.4f}", f"{_mean(run.accuracy[-20:]):.1%}")
            st.markdown(
                f"Last 20 batches: loss **{recent[0]}**, accuracy **{recent[1]}**  \n"
                f"Held-out sequences at step {last.step}: accuracy **{last.eval_accuracy:.1%}**  \n"
                f"Chance: {task.chance:.0%}"
            )
            st.caption(training.budget_line(), help=training.BUDGET_NOTE)
        with curves:
            show(_once(("curves", config, run.step), lambda: _curves(run)), "train_curves")
        if training.cpu_left() <= 0 and not run.done:
            st.warning(
                f"This browser has used its {training.BUDGET_SECONDS:.0f} s of training CPU for this hour; "
                "training stopped here. Everything trained so far stays explorable below."
            )

    panel()


def _train_one_tick():
    """While running: start the pending run or train the current one one tick, when the server's
    line gives it its turn; stop at the end or when the budget is spent. The run shown."""
    run = st.session_state.get("train_run")
    if not st.session_state.get("train_running"):
        return run
    if training.cpu_left() > 0 and (run is None or not run.done) and training.due("train_rate"):
        pending = st.session_state.get("train_pending")
        ticked = training.tick(run if pending is None else pending, "train_rate")
        if ticked is not pending:
            st.session_state.pop("train_pending", None)
            st.session_state.train_run = ticked
            if run is None:
                st.rerun()  # the whole page: the first snapshot's views appear
            run = ticked
    if run is not None and run.done or training.cpu_left() <= 0:
        set_running(False)
        st.rerun()  # the whole page: the timer stops, the snapshots and downloads catch up
    return run


def watch():
    """The probe's gates at a chosen snapshot, a play button, and the gradient flow at start and end."""
    running, playing = st.session_state.get("train_running", False), st.session_state.get("train_playing", False)

    @st.fragment(run_every=PLAY_EVERY if playing else WATCH_EVERY if running else None)
    @fair_share.metered()
    def panel():
        run = st.session_state.get("train_run")
        if run is None:
            return
        snapshots = views(run)
        steps = [s.step for s in snapshots]
        if st.session_state.get("train_playing"):
            current = st.session_state.get("train_snapshot", steps[0])
            later = [s for s in steps if s > current]
            if later:
                st.session_state.train_snapshot = later[0]
            else:
                st.session_state.train_playing = False
                st.rerun()
        elif st.session_state.get("train_follow", True) or st.session_state.get("train_snapshot") not in steps:
            st.session_state.train_snapshot = steps[-1]
        slider, button = st.columns([5, 1], vertical_alignment="bottom")
        chosen = slider.select_slider(
            "Snapshot (training step)", steps, key="train_snapshot", on_change=_moved_slider, args=(steps[-1],)
        )
        if button.button(
            "pause" if st.session_state.get("train_playing") else "play",
            width="stretch",
            icon=":material/pause:" if st.session_state.get("train_playing") else ":material/play_arrow:",
            key="train_play",
            disabled=len(steps) < 2,
        ) and len(steps) >= 2:  # a disabled button can still be pressed by a hand-made client
            _toggle_play(steps)
            st.rerun()
        snap = snapshots[steps.index(chosen)]
        trace, tokens = _once(("probe", run.config, snap.step), lambda: probe_run(run, snap.params))
        left, right = st.columns([3, 2], gap="medium")
        gates = _once(
            ("gates", run.config, snap.step),
            lambda: snapshot_heatmaps(trace, tokens, title=f"The probe sequence at step {snap.step}"),
        )
        show(gates, "train_gates", where=left)
        with right:
            st.markdown(_reading(run, snap, trace))
            first, end = snapshots[0], snapshots[-1]
            flow = _once(("flow", run.config, first.step, end.step), lambda: _flow(run, first, end, tokens))
            show(flow, "train_flow")
            st.caption(
                "How much a change to the state at step t still moves the last state: before training "
                "(dashed) and now. Falling to the left means the past is forgotten; flat means it still counts."
            )

    panel()


def _curves(run):
    config = run.config
    return training_curves(
        run.loss,
        run.accuracy,
        [s.step for s in run.snapshots],
        [s.eval_accuracy for s in run.snapshots],
        model=config.model,
        chance=config.the_task.chance,
        planned_steps=config.steps,
    )


def _flow(run, first, end, tokens):
    probe_x = probe(run.config.the_task)[0]
    flows = [gradient_flow(run.model(s.params), probe_x) for s in (first, end)]
    return gradient_flow_lines(
        *flows,
        tokens,
        model=run.config.model,
        start_step=first.step,
        end_step=end.step,
        title="Gradient flow on the probe",
    )


MEMO = 8  # a few views of the run: the newest snapshot's, the one chosen, the curves


def _once(key, make):
    """`make()` once per `key` in this session. A run's parameters at a step follow from its
    settings and that step alone (runs are deterministic, however they are chunked), so a view of
    (config, step) never changes: a rerun that trains nothing (another widget, a play tick, a
    hand-made client pressing a disabled button twenty times) redraws from here. Plotly figures
    cost 100 to 160 ms each to build; the train page has three."""
    return session_memo("_train_memo", MEMO, key, make)


def views(run):
    """The run's snapshots, and its current parameters as one more when it stopped between two (so
    the gates are shown where training stands; the run's own snapshot schedule is left as it is).
    While it trains, only its snapshots: the views then change once a snapshot, not on every tick."""
    snapshots = list(run.snapshots)
    if snapshots[-1].step != run.step and not st.session_state.get("train_running"):
        loss, accuracy = _once(("evaluate", run.config, run.step), lambda: evaluate(run.config, run.params))
        snapshots.append(Snapshot(step=run.step, params=run.params, eval_loss=loss, eval_accuracy=accuracy))
    return snapshots


def _moved_slider(newest):
    st.session_state.train_follow = st.session_state.get("train_snapshot") == newest


def _toggle_play(steps):
    playing = not st.session_state.get("train_playing", False)
    st.session_state.train_playing = playing
    st.session_state.train_follow = False
    if playing and st.session_state.get("train_snapshot") == steps[-1]:
        st.session_state.train_snapshot = steps[0]  # from the start


def _reading(run, snap, trace):
    """A few sentences on what the gates do at this snapshot, with its numbers."""
    config = run.config
    lines = [f"**Step {snap.step}**: held-out accuracy {snap.eval_accuracy:.1%}, loss {snap.eval_loss:.3f}."]
    if config.model == "GRU" and config.task == "recall":
        memory = memory_unit(trace)
        numbers = (
            f"at the marked step its update gate is z = {memory.write:.2f} (1 writes the candidate), and "
            f"through the {config.length} steps that follow 1 − z never drops below {memory.keep_min:.2f} "
            f"(1 keeps the old value), so **{memory.survives:.0%}** of what it wrote reaches the question."
        )
        if memory.survives >= 0.2:
            lines.append(f"Unit {memory.unit} carries the symbol: {numbers}")
        else:
            lines.append(f"No unit carries the symbol yet. The best, unit {memory.unit}: {numbers}")
        start = (
            "near 0.12 everywhere, keeping a little of everything"
            if config.keep_bias
            else "about one half everywhere, neither writing nor keeping"
        )
        if snap.step > 0:
            lines.append(f"Move the slider back to step 0: there z is {start}. Training turns it into a switch.")
        else:
            lines.append(
                f"Untrained, z is {start}: each step keeps only part of the past. Move the slider on "
                "and watch one unit's z turn into a switch: bright at the marked step, dark after it."
            )
    elif config.model == "GRU":
        lines.append("Bright z: the unit writes its candidate at that step; dark z: it keeps what it had.")
    elif config.model == "LSTM":
        lines.append("An LSTM keeps with its forget gate f near 1 and writes with its input gate i.")
    else:
        lines.append("A plain RNN has no gate: every step rewrites the whole state.")
    if config.task == "text":
        lines.append(
            "Held-out accuracy is measured on the text's last fifth, which training never reads. When it "
            "falls while the accuracy on training batches still climbs, the network is memorising this "
            "short text rather than learning how English goes on."
        )
    return "\n\n".join(lines)


def downloads(run):
    """The trained network as weight files, its training record, and a way to explore it."""
    model = run.model()
    name = f"{run.config.model.lower()}_{run.config.task}_{run.step}steps"
    columns = st.columns(3)
    columns[0].download_button(
        "Weights (.safetensors)", model_bytes(model, "safetensors"), file_name=f"{name}.safetensors", width="stretch"
    )
    columns[1].download_button("Weights (.npz)", model_bytes(model, "npz"), file_name=f"{name}.npz", width="stretch")
    columns[2].download_button(
        "Training record (.json)",
        json.dumps(training_record(run, f"{name}.safetensors")),
        file_name=f"{name}.json",
        mime="application/json",
        width="stretch",
    )


def _mean(values):
    return sum(values) / len(values)
