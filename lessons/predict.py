"""Predict, then reveal: questions made from the live trace, each with its answer and the reason.

    questions = cell_questions(trace, step=3, z_convention="takes_new", tokens=state.tokens())
    questions = memory_questions(trace, start=2, unit=0, z_convention="takes_new")
    correct, feedback = check(questions[0], ("unit 0",))

Every question is about numbers the page is about to show, and gives in its prompt the numbers a
learner needs to reason it out (the gates), never the result (the new state, the share left).
The z convention decides what the same z means, so the answers follow it (gru_viz.conventions):
    takes_new:  h_t = (1 - z) h_{t-1} + z h~_t      a unit keeps 1 - z of its old value
    keeps_old:  h_t = z h_{t-1} + (1 - z) h~_t      a unit keeps z of its old value
The same trace always gives the same questions (no randomness): units are picked by what they do
(the unit whose state moves most, in turn with the step), so a class sees the same quiz.
Traces are one sequence, arrays (T, H), as `GRU.run(x).cells[0][0]` gives them.
"""

import math
from dataclasses import dataclass

import numpy as np

from gru_viz.conventions import convention

from .memory import survival

KEEP = 0.9  # "keeps its value": at least this share of h_{t-1} stays
STAY = 0.01  # a state moving less than this "stays"
AMONG = 4  # the direction question takes turns among the units that move most, at most this many
RISE, FALL, STAYS = "rise", "fall", f"stay (moves by less than {STAY})"
GATES = ("the update gate z", "the reset gate r", "the tanh of the candidate", "the input x_t alone")


@dataclass(frozen=True)
class Question:
    """One question and everything needed to judge an answer to it.

    prompt     the question, with the numbers it needs (plain text)
    kind       what it asks about: "keep", "direction", "gate" (cell); "fade", "lever", "longest" (memory)
    options    the choices (a tuple of str), or None when the answer is a number
    answer     the right choice (str), the right subset (tuple of str, when `multiple`), or a number;
               for a number question it may instead be `otherwise`
    explain    why, from the numbers of the current example
    multiple   any subset of the options may be chosen (an empty one means "none")
    tolerance  a number question: how far from `answer` an answer still counts as right
    otherwise  a number question: the one answer that is not a number (e.g. "never within these 9 steps")
    """

    prompt: str
    kind: str
    options: tuple | None
    answer: object
    explain: str
    multiple: bool = False
    tolerance: float = 0.0
    otherwise: str | None = None


def check(question: Question, answer) -> tuple[bool, str]:
    """(correct, feedback): whether `answer` is right, and a sentence that says so with the reason.

    `answer` is one option (str), a collection of options (multiple), or a number or
    `question.otherwise` (a number question); None means no answer and is never right.
    """
    if answer is None:
        correct = False
    elif question.multiple:
        answer = tuple(o for o in question.options if o in set(answer))  # in the options' order
        correct = set(answer) == set(question.answer)
    elif question.options is not None or isinstance(answer, str) or isinstance(question.answer, str):
        correct = answer == question.answer
    else:
        correct = abs(float(answer) - float(question.answer)) <= question.tolerance
    if correct:
        return True, f"Correct: {describe(question, answer)}. {question.explain}"
    said = "no answer" if answer is None else describe(question, answer)
    return False, f"Not quite: you said {said}; the answer is {describe(question, question.answer)}. {question.explain}"


def describe(question: Question, answer) -> str:
    """An answer as words: 'units 0 and 2', 'none of them', '3 steps', 'rise'."""
    if question.multiple:
        return _and(list(answer)) or "none of them"
    if isinstance(answer, str):
        return answer
    number = float(answer)
    if question.kind == "fade":
        return f"{number:g} step" + ("" if number == 1 else "s")
    return f"{number:g}"


# ---- one step of the cell ------------------------------------------------------------------------


def cell_questions(trace, step, z_convention, tokens=None) -> list[Question]:
    """Questions about step `step` itself (from h_{t-1} and x_t to h_t), the step the cell page shows.

    keep       which units keep at least 90 % of h_{t-1} (several answers), from the z of every unit
    direction  will h[u] rise, fall or stay, from h_{t-1}[u], h~[u] and z[u]
    gate       which gate decides how far h[u] moves towards h~[u]
    Unit u: the units ranked by how far their state moves at this step; the step picks one of the
    first few in turn, so stepping through the sequence asks about different units.
    """
    t = _checked(trace, step, z_convention)
    at = _at_step(t, tokens)
    meaning = convention(z_convention)
    name, formula, keep_name = meaning.label, meaning.formula, meaning.kept_name
    z = np.asarray(trace.z[t], dtype=float)
    H = z.shape[0]
    units = [f"unit {u}" for u in range(H)]

    # Judged on z to the 3 decimals the prompt shows (in thousandths, exactly), so a learner who
    # reads the prompt right is always right, even next to the 90 % line.
    thousandths = np.rint(z * 1000).astype(int)
    kept_thousandths = thousandths if meaning.z_on == "h_prev" else 1000 - thousandths  # the kept share, likewise
    keepers = tuple(units[u] for u in range(H) if kept_thousandths[u] >= 1000 * KEEP)
    shares = ", ".join(f"unit {u} keeps {kept_thousandths[u] / 1000:.1%} (z = {z[u]:.3f})" for u in range(H))
    verdict = (f"So {_and(keepers)} keep{'s' if len(keepers) == 1 else ''} at least {KEEP:.0%}."
               if keepers else f"So no unit keeps {KEEP:.0%} or more.")
    keep = Question(
        prompt=(f"At step t = {t}{at}, the update gate is z = [{_listed(z)}], under '{name}' ({formula}). "
                f"Which units will keep at least {KEEP:.0%} of their old value h_{{t−1}}? "
                "Leave the answer empty for none."),
        kind="keep", options=tuple(units), answer=keepers, multiple=True,
        explain=f"Under '{name}' a unit keeps {keep_name} of its old value: {shares}. {verdict}",
    )

    u = _moving_unit(trace, t)
    old, new, h = float(trace.h_prev[t, u]), float(trace.h_tilde[t, u]), float(trace.h[t, u])
    take = float(trace.take[t, u])
    moved = h - old
    direction = STAYS if abs(moved) < STAY else RISE if moved > 0 else FALL
    how = {RISE: "it rises", FALL: "it falls", STAYS: f"a change smaller than {STAY}: it stays"}[direction]
    toward = ("h_t always lands between h_{t−1} and h̃_t, so it rises exactly when the candidate is above the old "
              "value, by the share of the gap that it takes.")
    step_question = Question(
        prompt=(f"At step t = {t}{at}, unit {u} starts from h_{{t−1}}[{u}] = {_n(old)}, its candidate is "
                f"h̃[{u}] = {_n(new)} and its update gate z[{u}] = {z[u]:.3f} ('{name}'). "
                f"Will h[{u}] rise, fall or stay?"),
        kind="direction", options=(RISE, FALL, STAYS), answer=direction,
        explain=(f"z for unit {u} is {z[u]:.3f} under '{name}', so h_t takes {take:.1%} of h̃ = {_n(new)} and keeps "
                 f"{1 - take:.1%} of h_{{t−1}} = {_n(old)}: it moves from {_n(old)} to {_n(h)}, {how}. {toward}"),
    )

    shut, open_ = str(meaning.keeps_at), str(1 - meaning.keeps_at)
    gate = Question(
        prompt=(f"At step t = {t}, unit {u} moves from h_{{t−1}}[{u}] = {_n(old)} towards its candidate "
                f"h̃[{u}] = {_n(new)}. What decides how far it goes?"),
        kind="gate", options=GATES, answer=GATES[0],
        explain=(f"The update gate. Under '{name}' ({formula}), z[{u}] = {z[u]:.3f}, so unit {u} goes "
                 f"{take:.1%} of the way, to {_n(h)}. z = {shut} would have kept {_n(old)}; z = {open_} would have "
                 f"copied the candidate {_n(new)}. The reset gate (r[{u}] = {float(trace.r[t, u]):.3f}) acts "
                 "earlier, inside the candidate: it sets how much of h_{t−1} the candidate may read. tanh only "
                 "keeps the candidate within (−1, 1), and x_t reaches h only through the gates and the candidate."),
    )
    return [keep, step_question, gate]


def _moving_unit(trace, t):
    """The unit this step asks about: ranked by |h_t - h_{t-1}| (largest first, ties by index), the
    step takes its turn among the first AMONG."""
    moved = np.abs(np.asarray(trace.h[t]) - np.asarray(trace.h_prev[t]))
    ranked = sorted(range(moved.shape[0]), key=lambda u: (-moved[u], u))
    return ranked[t % min(len(ranked), AMONG)]


# ---- memory: how long a value lasts ------------------------------------------------------------


def memory_questions(trace, start, unit, z_convention, tokens=None) -> list[Question]:
    """Questions about what is left, at later steps, of the value unit `unit` holds at step `start`.

    fade     how many steps until less than half of it is left (a number, or "never within these
             N steps"), from the z range of the later steps; judged on the survival curve
             lessons.memory.survival, within 1 step or a fifth of the answer
    lever    should z go up or down for the unit to keep its value longer (the convention's question)
    longest  which unit still holds the largest share at the last step (only when one is clearly
             ahead: by at least 1 percentage point)
    No questions at the last step: nothing comes after it.
    """
    s = _checked(trace, start, z_convention)
    T, H = trace.z.shape
    if not 0 <= unit < H:
        raise ValueError(f"unit must be in 0..{H - 1}, got {unit}")
    if s == T - 1:
        return []
    N = T - 1 - s
    at = _at_step(s, tokens)
    meaning = convention(z_convention)
    name, keep_name = meaning.label, meaning.kept_name
    z = np.asarray(trace.z[s + 1 :, unit], dtype=float)  # (N,)
    keep = np.asarray(trace.keep[s + 1 :, unit], dtype=float)
    left = survival(trace, s)[s + 1 :, unit]  # left[n - 1]: the share n steps after s
    below = np.flatnonzero(left < 0.5)
    never = f"never within these {N} step" + ("" if N == 1 else "s")
    steady = float(np.mean(keep))
    if below.size:
        n = int(below[0]) + 1
        shown = [k for k in range(1, n + 1) if k <= 3 or k == n]
        trail = ", ".join(("…, " if k == n and k > 4 else "") + f"{left[k - 1]:.1%} after {k}" for k in shown)
        fade_answer = float(n)
        ending = (f"{trail} step{'s' if n > 1 else ''}. Less than half is left {n} step{'s' if n > 1 else ''} after "
                  f"step {s}, at step {s + n}.")
    else:
        fade_answer = never
        if steady >= 1.0:  # z exactly 0 or 1 (a clamp): nothing is ever replaced
            pace = "it never shrinks at all."
        else:  # the product of N shares is at most their mean to the N (AM-GM), so this is >= N
            pace = (f"at its average kept share, {steady:.5f} a step, half would be gone after about "
                    f"{math.log(0.5) / math.log(steady):.0f} steps (ln 0.5 / ln {steady:.5f}).")
        ending = f"after all {N} later steps {left[-1]:.1%} is still left, so it never falls below half here; {pace}"
    fade = Question(
        prompt=(f"At step s = {s}{at}, unit {unit} holds h_s[{unit}] = {_n(float(trace.h[s, unit]))}. In the {N} "
                f"steps after it, z[{unit}] is {_spread(z)} ('{name}'). How many steps after step {s} until "
                f"less than half of that value is left? (Or: {never}.)"),
        kind="fade", options=None, answer=fade_answer, otherwise=never,
        tolerance=float(max(1.0, 0.2 * fade_answer)) if below.size else 0.0,
        explain=(f"Under '{name}' each step keeps {keep_name} of what is left (here "
                 f"{_spread(keep)}); what is left is their running product: {ending}"),
    )

    up, down = "raise z (towards 1)", "lower z (towards 0)"
    lever = Question(
        prompt=(f"Under '{name}', to make unit {unit} hold on to its value from step {s} longer, would you raise "
                "or lower its update gate z?"),
        kind="lever", options=(up, down), answer=up if meaning.kept_slope > 0 else down,
        explain=(f"Under '{name}' ({meaning.formula}) the kept share is {keep_name}. Unit {unit}'s z averages "
                 f"{z.mean():.3f} after step {s}, so it keeps {steady:.1%} a step; z = "
                 f"{meaning.keeps_at} would keep everything. Under the other convention "
                 "the same unit has the mirrored z (1 − z), and the answer flips."),
    )
    questions = [fade, lever]

    last = survival(trace, s)[-1]  # (H,): each unit's share left at the last step
    order = sorted(range(H), key=lambda u: (-last[u], u))
    if H > 1 and last[order[0]] - last[order[1]] >= 0.01:
        means = np.mean(np.asarray(trace.z[s + 1 :], dtype=float), axis=0)
        held = ", ".join(f"unit {u} {last[u]:.1%}" for u in range(H))
        questions.append(Question(
            prompt=(f"After step s = {s}, the update gate averages z = [{_listed(means)}] ('{name}'). Which unit will "
                    f"still hold the largest share of its step-{s} value at the last step, t = {T - 1}?"),
            kind="longest", options=tuple(f"unit {u}" for u in range(H)), answer=f"unit {order[0]}",
            explain=(f"Under '{name}' the kept share is {keep_name}; multiplied over the {N} steps, what is left at "
                     f"t = {T - 1} is: {held}. Unit {order[0]} keeps the most."),
        ))
    return questions


# ---- shared -----------------------------------------------------------------------------------


def _checked(trace, step, z_convention):
    """The step as an int, after checking it and that the convention is the one the trace ran under
    (a different one would silently give every answer about the mirrored z)."""
    convention(z_convention)  # a ValueError naming the valid ones
    if trace.z_convention != z_convention:
        raise ValueError(f"the trace was run under {trace.z_convention!r}, not {z_convention!r}")
    if np.ndim(trace.z) != 2:
        raise ValueError(f"questions need one sequence, z of shape (T, H); got {np.shape(trace.z)}")
    T = trace.z.shape[0]
    t = int(step)
    if not 0 <= t < T:
        raise ValueError(f"step must be in 0..{T - 1}, got {step}")
    return t


def _at_step(t, tokens):
    """" (token 'b')" when the step has a token other than its own number."""
    if tokens is None or t >= len(tokens) or tokens[t] == f"t={t}":
        return ""
    return f" (token '{tokens[t]}')"


def _spread(values):
    """'0.953 at every step', or 'between 0.950 and 0.960 (0.955 on average)', as the prompt shows them."""
    low, high = f"{np.min(values):.3f}", f"{np.max(values):.3f}"
    if low == high:
        return f"{low} at every step"
    return f"between {low} and {high} ({np.mean(values):.3f} on average)"


def _and(items):
    """'a', 'a and b', 'a, b and c'; '' for none."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _n(value, digits=3):
    return f"{round(float(value), digits) + 0.0:.{digits}f}"  # + 0.0: no "-0.000"


def _listed(values):
    return ", ".join(f"{float(v):.3f}" for v in values)
