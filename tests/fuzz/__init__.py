"""Hostile input, everywhere: property-based fuzzing of every parser a user can reach.

The test files here fuzz the number tables (lessons.table_edits), the text input, the JSON and
URL codecs of the state, and weight files; drive the same refusals through the app's session
under AppTest; push extreme but valid states through every computation a lesson makes; and test
the saturation note. The strategies and checks the files share live below. Every test sets max_examples
itself: the suite's cases are counted, and it must stay fast on a 2-core machine.
"""

import json
import warnings

import numpy as np
from hypothesis import event
from hypothesis import strategies as st

from lessons import presets
from lessons.explore import run_state
from lessons.state import StateError, from_json, from_url, to_json, to_url, validate

EXAMPLES = {name: factory() for name, factory in presets.EXAMPLES.items()}
EXAMPLE_JSON = {name: to_json(state) for name, state in EXAMPLES.items()}

# What a person types into a number cell, and what a forged client could put there instead.
NUMBER_LIKE = st.from_regex(r"\s*[-+]?(\d{1,4}(_\d{1,3})?)?(\.\d{0,5})?([eE][-+]?\d{1,4})?\s*", fullmatch=True)
TRICKY_WORDS = st.sampled_from(
    [
        "nan",
        "NaN",
        "-nan",
        "inf",
        "-Infinity",
        "+iNF",
        "1e400",
        "-1e400",
        "1e-400",
        "0x10",
        "1,5",
        "1.5.2",
        "",
        " ",
        "\t",
        "½",
        "١٢٣",
        "１２",
        "1e",
        ".",
        "-",
        "+.5",
        "1_000",
        "--1",
        "None",
        "true",
        "9" * 400,
        "0." + "0" * 400 + "1",
        "1e999999999",
        "1e6",
        "1000001",
        "-1000000",
        "\x00",
        "1\x00",
        "🙂",
        "1 2",
    ]
)
FLOATS_AS_TEXT = st.floats().flatmap(lambda v: st.sampled_from([repr(v), str(v), f"{v:.4f}", f"{v:e}", f"{v:g}"]))
FORGED_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**400), 10**400)
    | st.floats()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)
CELL_TEXTS = NUMBER_LIKE | TRICKY_WORDS | FLOATS_AS_TEXT | st.text(max_size=12)
CELL_VALUES = CELL_TEXTS | FORGED_VALUES  # a browser sends text or None; a forged delta anything JSON holds

# Any JSON value, with the numbers and strings that broke parsers before: integers past float's
# range, floats at its edges, lone surrogates (JSON's \ud800 escapes), long strings.
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**400), 10**400)
    | st.integers(-3, 300)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1e6, -1e6, 1e6 + 1, 5e-324, 1.7976931348623157e308, 0.0, -0.0, 0.5, 1.0])
    | st.text(max_size=8)
    | st.text(st.characters(codec=None, categories=["Cs"]), min_size=1, max_size=3)
    | st.sampled_from(["before", "after", "takes_new", "keeps_old", "r", "z", "characters", "words", "x" * 300])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=24,
)

PATHS = ("x", "W_ih", "W_hh", "b_ih", "b_hh", "reset", "z_convention", "step", "clamp", "text", "split", "example")
# Values a valid state may hold, so that changed states are often still valid and reach the checks
# after validation (half the draws), beside anything JSON can hold (the other half).
PLAUSIBLE = {
    "reset": st.sampled_from(["before", "after"]),
    "z_convention": st.sampled_from(["takes_new", "keeps_old"]),
    "step": st.integers(-5, 250),
    "text": st.none() | st.text(min_size=1, max_size=30),
    "split": st.sampled_from(["characters", "words"]),
    "example": st.text(max_size=30),
    "b_hh": st.none(),
}
NUMBERS = st.floats(-1e6, 1e6) | st.integers(-1_000_000, 1_000_000)


@st.composite
def edited_states(draw):
    """A real state's JSON object with one to three places changed: a whole field, one number in
    a table, a row made longer or shorter, a clamp's part, or a field added or removed."""
    data = json.loads(EXAMPLE_JSON[draw(st.sampled_from(sorted(EXAMPLE_JSON)))])
    for _ in range(draw(st.integers(1, 3))):
        field = draw(st.sampled_from(PATHS + ("unknown",)))
        how = draw(st.sampled_from(["replace", "cell", "row", "remove", "clamp", "scale"]))
        table = data.get(field)
        if how == "cell" and isinstance(table, list) and table:
            row = draw(st.integers(0, len(table) - 1))
            if isinstance(table[row], list) and table[row]:
                table[row][draw(st.integers(0, len(table[row]) - 1))] = draw(NUMBERS | JSON_SCALARS)
            else:
                table[row] = draw(NUMBERS | JSON_SCALARS)
        elif how == "row" and isinstance(table, list) and table:
            row = draw(st.integers(0, len(table) - 1))
            if draw(st.booleans()):
                table.insert(row, table[row] if draw(st.booleans()) else draw(JSON_VALUES))
            else:
                del table[row]
        elif how == "scale" and isinstance(table, list):
            factor = draw(st.sampled_from([1e6, 1e7, -1.0, 1e300]))
            try:
                with np.errstate(over="ignore"):  # past float's range: inf, written as JSON's Infinity
                    data[field] = (np.array(table, dtype=float) * factor).tolist()
            except (TypeError, ValueError, OverflowError):
                pass  # not a table of numbers (any more): leave it
        elif how == "remove":
            data.pop(field, None)
        elif how == "clamp":
            data["clamp"] = draw(
                st.fixed_dictionaries(
                    {
                        "gate": st.sampled_from(["r", "z", "h"]) | JSON_SCALARS,
                        "value": st.floats(-0.5, 1.5) | JSON_SCALARS,
                    },
                    optional={"unit": st.integers(-1, 17) | JSON_SCALARS, "extra": JSON_SCALARS},
                )
            )
        else:
            data[field] = draw(PLAUSIBLE.get(field, NUMBERS) | JSON_VALUES)
    return data


def json_text(value):
    """JSON text for any value the strategies make; Python's NaN and inf as JSON's forbidden constants."""
    return json.dumps(value, allow_nan=True)


@st.composite
def damaged_texts(draw):
    """A real state's JSON bytes with characters replaced, inserted or deleted, or cut short."""
    text = bytearray(EXAMPLE_JSON[draw(st.sampled_from(sorted(EXAMPLE_JSON)))].encode())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from(b'0123456789.-+eE,[]{}":ntfalsrue \\') | st.integers(0, 255))
        if how == "replace":
            text[at] = byte
        elif how == "insert":
            text.insert(at, byte)
        else:
            del text[at]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return bytes(text)


def assert_usable(state):
    """An accepted state is canonical and the app can compute it without a warning."""
    assert validate(state) == state
    assert from_json(to_json(state)) == state and to_json(from_json(to_json(state))) == to_json(state)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cell = run_state(state).cells[0][0]
    assert np.all(np.isfinite(cell.h)) and len(state.tokens()) == state.steps and 0 <= state.step < state.steps
    try:
        assert from_url(to_url(state)) == state
    except StateError as exc:
        assert "too large for a link" in str(exc)


def usable_or_refused(parse, value):
    """parse(value) either refuses with StateError or gives a state the app can use (assert_usable);
    hypothesis' statistics count which. Returns the refusal, or None."""
    try:
        state = parse(value)
    except StateError as exc:
        event("refused")
        return exc
    event("accepted")
    assert_usable(state)
    return None
