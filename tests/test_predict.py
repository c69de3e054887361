"""Predict, then reveal (lessons.predict): every answer against the trace's own arrays.

Oracles: the recorded gates and states (z, h_prev, h~, h), with the kept share and the survival
product computed here from them, independently of lessons.memory and gru_viz.figures; and
behaviour: an exact change of convention keeps every answer, the same z read under the other
convention flips which units keep.
"""

import numpy as np
import pytest

import gru_viz
from lessons import presets
from lessons.explore import run_state, stored_model
from lessons.predict import Question, cell_questions, check, memory_questions

X = np.random.default_rng(11).normal(size=(12, 3))
CONVENTIONS = ["takes_new", "keeps_old"]


def random_trace(z_convention, seed=0, hidden_size=5, reset="before"):
    model = gru_viz.GRU.random(3, hidden_size, reset=reset, z_convention=z_convention, seed=seed)
    return model.run(X).cells[0][0]


def kept_share(z, z_convention):
    return 1.0 - z if z_convention == "takes_new" else z


def by_kind(questions):
    return {q.kind: q for q in questions}


def write_once():
    state = presets.write_once_carry()
    return state, run_state(state).cells[0][0]


# ---- one step of the cell ----------------------------------------------------------------------


@pytest.mark.parametrize("z_convention", CONVENTIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_keep_answer_is_the_units_keeping_at_least_90_percent(z_convention, seed):
    trace = random_trace(z_convention, seed)
    for t in range(len(X)):
        shown_z = np.round(trace.z[t], 3)  # judged on the z the prompt shows
        expected = tuple(f"unit {u}" for u in np.flatnonzero(kept_share(shown_z, z_convention) >= 0.9 - 1e-12))
        keep = by_kind(cell_questions(trace, t, z_convention))["keep"]
        assert keep.answer == expected and keep.multiple
        assert all(f"{z:.3f}" in keep.prompt for z in trace.z[t])


def test_the_same_z_read_under_the_other_convention_flips_which_units_keep():
    state, takes = write_once()  # W_hh = 0: z depends on x only, so both functions record the same z
    model = stored_model(state)
    keeps = gru_viz.GRU(model.layers, reset=model.reset, z_convention="keeps_old").run(np.array(state.x)).cells[0][0]
    np.testing.assert_array_equal(keeps.z, takes.z)
    assert by_kind(cell_questions(takes, 3, "takes_new"))["keep"].answer == ("unit 0",)  # z = 0.002, 0.953
    assert by_kind(cell_questions(keeps, 3, "keeps_old"))["keep"].answer == ("unit 1",)
    for t in range(state.steps):  # every z here is below 0.1 or above 0.9: the sets are complements
        a = set(by_kind(cell_questions(takes, t, "takes_new"))["keep"].answer)
        b = set(by_kind(cell_questions(keeps, t, "keeps_old"))["keep"].answer)
        assert a.isdisjoint(b) and a | b == {"unit 0", "unit 1"}


def test_an_exact_change_of_convention_keeps_every_answer_and_mirrors_z():
    model = gru_viz.GRU.random(3, 4, seed=4)
    takes = model.run(X).cells[0][0]
    keeps = model.with_z_convention("keeps_old").run(X).cells[0][0]
    for t in range(len(X)):
        a, b = cell_questions(takes, t, "takes_new"), cell_questions(keeps, t, "keeps_old")
        assert [q.answer for q in a] == [q.answer for q in b]
        assert f"{1 - takes.z[t, 0]:.3f}" in by_kind(b)["keep"].prompt and "z keeps the old state" in b[0].prompt


@pytest.mark.parametrize("z_convention", CONVENTIONS)
@pytest.mark.parametrize("reset", ["before", "after"])
def test_direction_is_the_sign_of_the_change_of_the_unit_that_moves(z_convention, reset):
    trace = random_trace(z_convention, seed=3, reset=reset)
    asked = set()
    for t in range(len(X)):
        direction = by_kind(cell_questions(trace, t, z_convention))["direction"]
        u = int(direction.prompt.split("unit ")[1].split()[0])
        moved = np.abs(trace.h[t] - trace.h_prev[t])
        assert moved[u] >= np.sort(moved)[::-1][3]  # one of the four units that move most
        change = trace.h[t, u] - trace.h_prev[t, u]
        expected = "rise" if change >= 0.01 else "fall" if change <= -0.01 else "stay (moves by less than 0.01)"
        assert direction.answer == expected
        take = 1 - kept_share(trace.z[t, u], z_convention)
        assert f"takes {take:.1%} of h̃ = {trace.h_tilde[t, u]:.3f}" in direction.explain
        assert f"to {trace.h[t, u]:.3f}" in direction.explain
        asked.add(u)
    assert len(asked) > 1  # the step rotates through the units


def test_write_once_carry_questions_say_what_the_example_does():
    state, trace = write_once()
    at_3 = by_kind(cell_questions(trace, 3, "takes_new", state.tokens()))
    assert at_3["direction"].answer.startswith("stay")  # unit 0 holds what it wrote at step 2
    assert "unit 0" in at_3["direction"].prompt and "0.930" in at_3["direction"].prompt
    at_2 = by_kind(cell_questions(trace, 2, "takes_new", state.tokens()))
    assert at_2["keep"].answer == ()  # the write step: both units take the candidate
    assert at_2["gate"].answer == "the update gate z" and "z[1] = 0.953" in at_2["gate"].explain
    assert "token" not in at_2["keep"].prompt  # numbers have no token of their own to name
    assert "(token 'b')" in cell_questions(trace, 1, "takes_new", ["a", "b", "c"])[0].prompt


def test_the_same_trace_gives_the_same_questions():
    state, trace = write_once()
    again = run_state(state).cells[0][0]
    assert cell_questions(trace, 4, "takes_new") == cell_questions(again, 4, "takes_new")
    assert memory_questions(trace, 1, 1, "takes_new") == memory_questions(again, 1, 1, "takes_new")


def test_a_convention_other_than_the_traces_is_refused():
    trace = random_trace("takes_new")
    with pytest.raises(ValueError, match="was run under 'takes_new'"):
        cell_questions(trace, 0, "keeps_old")
    with pytest.raises(ValueError, match="step"):
        cell_questions(trace, len(X), "takes_new")


# ---- memory --------------------------------------------------------------------------------------


def fade_steps(trace, start, unit, z_convention):
    """Steps after `start` until the running product of kept shares drops below 1/2; None: never."""
    left = 1.0
    for n, t in enumerate(range(start + 1, trace.z.shape[0]), start=1):
        left *= kept_share(trace.z[t, unit], z_convention)
        if left < 0.5:
            return n
    return None


@pytest.mark.parametrize("z_convention", CONVENTIONS)
def test_fade_answer_is_where_the_survival_curve_drops_below_half(z_convention):
    traces = [random_trace(z_convention, seed) for seed in range(3)]
    two = presets.two_speeds().with_changes(z_convention=z_convention)
    traces.append(run_state(two).cells[0][0])
    for trace in traces:
        T, H = trace.z.shape
        for start in range(T - 1):
            for unit in range(H):
                fade = by_kind(memory_questions(trace, start, unit, z_convention))["fade"]
                n = fade_steps(trace, start, unit, z_convention)
                assert fade.otherwise == f"never within these {T - 1 - start} step" + "s" * (T - 2 - start > 0)
                if n is None:
                    assert fade.answer == fade.otherwise
                else:
                    assert fade.answer == n and fade.tolerance == max(1.0, 0.2 * n)


def test_write_once_carry_holds_unit_0_and_drops_unit_1():
    _, trace = write_once()
    held = by_kind(memory_questions(trace, 2, 0, "takes_new"))
    assert held["fade"].answer == "never within these 9 steps"
    left = np.prod(1 - trace.z[3:, 0])
    assert f"{left:.1%} is still left" in held["fade"].explain
    assert held["longest"].answer == "unit 0"
    assert by_kind(memory_questions(trace, 2, 1, "takes_new"))["fade"].answer == 1


def test_the_lever_flips_with_the_convention():
    model = gru_viz.GRU.random(3, 4, seed=2)
    takes = model.run(X).cells[0][0]
    keeps = model.with_z_convention("keeps_old").run(X).cells[0][0]
    assert by_kind(memory_questions(takes, 2, 1, "takes_new"))["lever"].answer == "lower z (towards 0)"
    assert by_kind(memory_questions(keeps, 2, 1, "keeps_old"))["lever"].answer == "raise z (towards 1)"
    assert by_kind(memory_questions(takes, 2, 1, "takes_new"))["fade"].answer == \
        by_kind(memory_questions(keeps, 2, 1, "keeps_old"))["fade"].answer


@pytest.mark.parametrize("z_convention", CONVENTIONS)
def test_longest_is_the_unit_with_the_largest_product_and_only_when_clear(z_convention):
    trace = random_trace(z_convention, seed=5)
    for start in range(len(X) - 1):
        products = np.prod(kept_share(trace.z[start + 1 :], z_convention), axis=0)
        ranked = np.sort(products)[::-1]
        longest = by_kind(memory_questions(trace, start, 0, z_convention)).get("longest")
        if ranked[0] - ranked[1] >= 0.01:
            assert longest.answer == f"unit {int(np.argmax(products))}"
        else:
            assert longest is None


def test_nothing_to_ask_at_the_last_step():
    trace = random_trace("takes_new")
    assert memory_questions(trace, len(X) - 1, 0, "takes_new") == []


# ---- checking answers ------------------------------------------------------------------------------


def test_every_generated_answer_checks_as_correct():
    _, trace = write_once()
    questions = [q for t in range(12) for q in cell_questions(trace, t, "takes_new")]
    questions += [q for s in range(11) for u in (0, 1) for q in memory_questions(trace, s, u, "takes_new")]
    for q in questions:
        correct, feedback = check(q, q.answer)
        assert correct and feedback.startswith("Correct") and q.explain in feedback


def test_check_judges_each_kind_of_answer():
    pick = Question("Which?", "keep", ("unit 0", "unit 1", "unit 2"), ("unit 0", "unit 2"), "Why.", multiple=True)
    assert check(pick, ["unit 2", "unit 0"])[0]  # order does not matter
    correct, feedback = check(pick, ["unit 0"])
    assert not correct and feedback == "Not quite: you said unit 0; the answer is unit 0 and unit 2. Why."
    assert check(Question("?", "keep", ("unit 0",), (), "", multiple=True), [])[0]  # "none" is an answer
    one = Question("Rise?", "direction", ("rise", "fall"), "fall", "Because.")
    assert check(one, "fall") == (True, "Correct: fall. Because.")
    assert not check(one, "rise")[0] and not check(one, None)[0]
    text = "never within these 9 steps"
    steps = Question("How many?", "fade", None, 5.0, "", tolerance=1.0, otherwise=text)
    assert check(steps, 6)[0] and check(steps, 4.0)[0] and not check(steps, 7)[0]
    assert not check(steps, text)[0]
    never = Question("How many?", "fade", None, text, "", otherwise=text)
    assert check(never, text)[0] and not check(never, 9)[0]
    assert "you said 9 steps" in check(never, 9)[1]
