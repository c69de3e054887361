"""Predict, then reveal: a panel that asks about the numbers before the page shows them.

A page calls it where the numbers would go, inside the fragment that moves with the step:

    hidden = predict_panel(cell_questions(trace, t, state.z_convention, state.tokens()), "cell")
    if hidden:
        placeholder()                      # in place of the diagram, equations and bars
    else:
        ...                                # the numbers, as without the panel

predict_panel(questions, page) -> bool
    Draws a "Predict first" toggle (widget key `key`, off by default). Off: nothing else, returns
    False. On: the current question with its answer widget (a radio, a multiselect, or a number
    input with an optional "never" box), a Reveal button (without an answer it only asks for one), then
    whether the answer was right and why (lessons.predict.check), and a Next question button.
    Returns True while the current question is unanswered: the page hides what would give the
    answer away. After the last question it offers to start again.
Progress (question index, revealed, the answer given) lives in st.session_state[f"{key}-progress"],
tagged with a hash of the questions: new questions (another step, example or unit) start again
at question 1. The panel hides nothing itself.
"""

import hashlib

import streamlit as st

from lessons.predict import Question, check

from .controls import bound

HIDDEN = "Numbers hidden until you answer: make your prediction, then press **Reveal**."


def predict_panel(questions: list[Question], page: str) -> bool:
    """The toggle (the state's `pages.<page>.predict`, so a link can open a lesson in predict mode) and,
    when it is on, the current question. True: the page should hide its numbers."""
    key = f"{page}_predict"
    on = bound(st.toggle, page, "predict", "Predict first",
               help="Answer a question about these numbers before they are shown.")
    if not on:
        return False
    if not questions:
        st.caption("Nothing to predict here.")
        return False
    progress = _progress(questions, key)
    index = progress["index"]
    question = questions[index]
    widget = f"{key}-answer-{progress['id']}-{progress['round']}-{index}"
    with st.container(border=True):
        st.caption(f"Question {index + 1} of {len(questions)}")
        _answer_widget(question, widget, disabled=progress["revealed"])
        if not progress["revealed"]:
            st.button("Reveal", key=f"{key}-reveal", type="primary", on_click=_reveal, args=(key, question, widget))
            if progress.get("nudge"):
                st.caption("Give your answer first, then press Reveal.")
            return True
        correct, feedback = check(question, progress["given"])
        (st.success if correct else st.warning)(_escaped(feedback))
        last = index == len(questions) - 1
        st.button("Start again" if last else "Next question", key=f"{key}-next", on_click=_next, args=(key, last))
    return False


def placeholder():
    """What a page shows in place of its numbers while the answer is pending."""
    st.info(HIDDEN)


def _progress(questions, key):
    """This key's progress, started afresh when the questions are not the ones it was made for."""
    digest = hashlib.sha256("\n".join(q.prompt + "\n" + q.explain for q in questions).encode()).hexdigest()[:16]
    progress = st.session_state.get(f"{key}-progress")
    if progress is None or progress["id"] != digest:
        progress = {"id": digest, "index": 0, "round": 0, "revealed": False, "given": None, "nudge": False}
        st.session_state[f"{key}-progress"] = progress
    return progress


def _answer_widget(question, widget, disabled):
    """The widget for this kind of answer, labelled with the question itself (what a screen reader reads)."""
    label = _escaped(question.prompt)
    if question.multiple:
        st.multiselect(label, question.options, key=widget, disabled=disabled, placeholder="none of them")
    elif question.options is not None:
        st.radio(label, question.options, index=None, key=widget, disabled=disabled)
    else:
        never = question.otherwise is not None and st.checkbox(
            _escaped(question.otherwise), key=f"{widget}-otherwise", disabled=disabled
        )
        st.number_input(
            label, value=None, step=1.0, format="%g", key=widget, disabled=disabled or never, placeholder="a number"
        )


def _read(question, widget):
    """The answer the widgets hold (None: none yet), read from the session so that a value typed just
    before pressing Reveal counts: the click arrives with it, after the button was drawn."""
    value = st.session_state.get(widget)
    if question.multiple:
        return tuple(value or ())  # empty: "none of them", a real answer
    if question.otherwise is not None and st.session_state.get(f"{widget}-otherwise"):
        return question.otherwise
    return value if value is None or question.options is not None else float(value)


def _reveal(key, question, widget):
    # A callback runs before the rerun draws anything, so the page shows its numbers in the same run.
    # Reveal is never disabled: a number typed but not yet committed arrives with the click itself.
    progress, given = st.session_state[f"{key}-progress"], _read(question, widget)
    st.session_state[f"{key}-progress"] = {
        **progress,
        "revealed": given is not None,
        "given": given,
        "nudge": given is None,
    }


def _next(key, last):
    progress = st.session_state[f"{key}-progress"]
    index, round_ = (0, progress["round"] + 1) if last else (progress["index"] + 1, progress["round"])
    st.session_state[f"{key}-progress"] = {
        **progress,
        "index": index,
        "round": round_,
        "revealed": False,
        "given": None,
        "nudge": False,
    }


def _escaped(text):
    """Plain text as Streamlit markdown shows it literally (no $ maths, no * or _ emphasis, no ~ strike)."""
    for mark in ("\\", "$", "*", "_", "~", "`", "[", "]"):
        text = text.replace(mark, "\\" + mark)
    return text
