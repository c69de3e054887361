"""The "Predict first" panel (ui/predict.py) as a learner uses it, in AppTest.

A tiny script stands in for a page: it builds the questions from the default example's trace at a
step chosen by a number input, calls predict_panel, and writes "numbers shown" only when the
panel does not ask to hide them. Oracle for the answers: the trace, recomputed here.
"""

import numpy as np
from streamlit.testing.v1 import AppTest

from lessons import presets
from lessons.explore import run_state
from tests.app.helpers import run_checked


def panel_page():
    import streamlit as st

    from lessons import presets
    from lessons.explore import run_state
    from lessons.predict import cell_questions, memory_questions
    from ui.predict import placeholder, predict_panel

    state = presets.write_once_carry()
    trace = run_state(state).cells[0][0]
    step = st.number_input("step", 0, state.steps - 1, state.step, key="step")
    if st.session_state.get("page") == "memory":
        questions = memory_questions(trace, step, 0, state.z_convention, state.tokens())
    else:
        questions = cell_questions(trace, step, state.z_convention, state.tokens())
    if predict_panel(questions, "cell"):  # the toggle is the cell page's setting in the state
        placeholder()
    else:
        st.markdown("numbers shown")


def open_panel(page="cell"):
    at = AppTest.from_function(panel_page, default_timeout=30)
    at.session_state["page"] = page
    return run_checked(at)


def shown(at):
    return any(m.value == "numbers shown" for m in at.markdown)


def reveal(at):
    at.button(key="cell_predict-reveal").click()
    run_checked(at)


def trace():
    return run_state(presets.write_once_carry()).cells[0][0]


def test_off_by_default_and_on_hides_the_numbers_until_revealed():
    at = open_panel()
    assert at.toggle(key="cell_predict").value is False and shown(at)
    at.toggle(key="cell_predict").set_value(True).run()
    assert not shown(at) and "Numbers hidden until you answer" in at.info[0].value
    assert "Question 1 of 3" in at.caption[0].value
    assert "Which units will keep at least 90%" in at.multiselect[0].label


def test_a_wrong_answer_says_not_quite_and_why():
    at = open_panel()
    at.toggle(key="cell_predict").set_value(True).run()
    at.multiselect[0].set_value(["unit 0", "unit 1"]).run()  # step 2 writes: neither unit keeps
    reveal(at)
    z = trace().z[2]
    assert shown(at) and not at.success
    feedback = at.warning[0].value
    assert feedback.startswith("Not quite") and "none of them" in feedback
    assert f"{1 - z[0]:.1%}" in feedback and f"z = {z[1]:.3f}" in feedback
    assert at.multiselect[0].disabled  # the answer stays as given


def test_a_right_answer_is_correct_and_next_moves_on():
    at = open_panel()
    at.toggle(key="cell_predict").set_value(True).run()
    reveal(at)  # leaving the multiselect empty answers "none of them", which is right at step 2
    assert at.success[0].value.startswith("Correct")
    at.button(key="cell_predict-next").click().run()
    assert not shown(at) and "Question 2 of 3" in at.caption[0].value
    cell = trace()
    expected = "rise" if cell.h[2, 1] > cell.h_prev[2, 1] else "fall"  # unit 1 moves most at step 2
    assert "unit 1" in at.radio[0].label
    at.radio[0].set_value(expected).run()
    reveal(at)
    assert at.success[0].value.startswith(f"Correct: {expected}") and shown(at)


def test_reveal_without_an_answer_only_asks_for_one():
    at = open_panel()
    at.toggle(key="cell_predict").set_value(True).run()
    at.button(key="cell_predict-reveal").click().run()
    at.button(key="cell_predict-next").click().run()
    at.button(key="cell_predict-reveal").click().run()  # question 2: no radio chosen yet
    assert not shown(at) and not at.success and not at.warning
    assert any("Give your answer first" in c.value for c in at.caption)


def test_progress_starts_again_when_the_step_changes():
    at = open_panel()
    at.toggle(key="cell_predict").set_value(True).run()
    reveal(at)
    at.button(key="cell_predict-next").click().run()
    assert "Question 2 of 3" in at.caption[0].value
    at.number_input(key="step").set_value(3).run()
    assert "Question 1 of 3" in at.caption[0].value and not shown(at)
    assert "step t = 3" in at.multiselect[0].label and at.multiselect[0].value == []


def test_the_memory_question_takes_never_as_an_answer():
    at = open_panel("memory")
    at.toggle(key="cell_predict").set_value(True).run()
    assert "less than half" in at.number_input[1].label
    at.number_input[1].set_value(4).run()
    reveal(at)
    assert at.warning[0].value.startswith("Not quite: you said 4 steps; the answer is never within these 9 steps")
    left = np.prod(1 - trace().z[3:, 0])
    assert f"{left:.1%} is still left" in at.warning[0].value
    at.button(key="cell_predict-next").click().run()
    assert "Question 2 of 3" in at.caption[0].value and "raise or lower" in at.radio[0].label
    at.toggle(key="cell_predict").set_value(False).run()  # off: the numbers show whatever is pending
    assert shown(at) and not at.radio
    at.toggle(key="cell_predict").set_value(True).run()  # the same questions: the progress stays
    assert "Question 2 of 3" in at.caption[0].value


def test_checking_the_never_box_answers_never():
    at = open_panel("memory")
    at.toggle(key="cell_predict").set_value(True).run()
    at.checkbox[0].check().run()
    reveal(at)
    assert at.success[0].value.startswith("Correct: never within these 9 steps")
