"""The app state's validation and its JSON and URL codecs: exact round trips, and hostile input refused."""

import base64
import json
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons import presets
from lessons.state import (
    MAX_URL_CHARS,
    AppState,
    Clamp,
    StateError,
    finite_float,
    from_json,
    from_url,
    to_json,
    to_url,
)

EXAMPLES = [factory() for factory in presets.EXAMPLES.values()]


@pytest.mark.parametrize("state", EXAMPLES, ids=lambda s: s.example)
def test_json_and_url_round_trip_exactly(state):
    state = state.with_changes(step=1, z_convention="keeps_old", clamp=Clamp("z", 0.25, 1))
    assert from_json(to_json(state)) == state
    assert from_url(to_url(state)) == state
    assert len(to_url(state)) < MAX_URL_CHARS


def test_text_mode_round_trips_and_rebuilds_its_embedding():
    state = EXAMPLES[0].with_changes(text="hello there", split="words")
    assert state.steps == 2 and from_url(to_url(state)) == state


def test_a_state_too_large_for_a_link_says_so():
    rng = np.random.default_rng(0)
    big = EXAMPLES[0].with_changes(x=rng.normal(size=(200, 8)), W_ih=rng.normal(size=(48, 8)),
                                   W_hh=rng.normal(size=(48, 16)), b_ih=rng.normal(size=48), b_hh=None)
    with pytest.raises(StateError, match="too large for a link"):
        to_url(big)
    assert from_json(to_json(big)) == big  # the JSON file still carries it


@pytest.mark.parametrize("change, message", [
    (dict(x=np.full((3, 2), np.nan)), "NaN"),
    (dict(x=np.zeros((201, 2))), "limit is 200"),
    (dict(x=np.zeros((3, 9))), "limit is 8"),
    (dict(W_hh=np.zeros((51, 17))), "limit is 16"),
    (dict(W_ih=np.zeros((6, 3))), "shape"),
    (dict(b_ih=np.zeros(5)), "6 numbers"),
    (dict(W_hh=np.full((6, 2), 2e6)), "limit"),
    (dict(reset="middle"), "reset"),
    (dict(z_convention="sideways"), "z_convention"),
    (dict(step="3"), "whole number"),
    (dict(clamp=Clamp("q", 0.5)), "clamp"),
    (dict(clamp=Clamp("z", 1.5)), r"\[0, 1\]"),
    (dict(clamp=Clamp("z", 0.5, 7)), "unit"),
    (dict(text=""), "empty"),
    (dict(text="x" * 201), "limit is 200"),
])
def test_invalid_states_are_refused_with_a_reason(change, message):
    with pytest.raises(StateError, match=message):
        EXAMPLES[0].with_changes(**change)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '"s"', '{"x": 1}', '{"unknown": 1}',
                                  '{"x": [[1]], "W_ih": [[1]], "W_hh": [[1]], "b_ih": [1], "clamp": 3}',
                                  '{"x": [[NaN]], "W_ih": [[1]], "W_hh": [[1]], "b_ih": [1]}',
                                  '{"x": [[Infinity]], "W_ih": [[1]], "W_hh": [[1]], "b_ih": [1]}',
                                  "[" * 100_000 + "]" * 100_000])
def test_bad_json_is_refused_as_a_state_error(text):
    with pytest.raises(StateError):
        from_json(text)


def test_a_link_that_inflates_to_megabytes_is_refused_cheaply():
    bomb = base64.urlsafe_b64encode(zlib.compress(b" " * 5_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < MAX_URL_CHARS
    with pytest.raises(StateError, match="unpacks to more"):
        from_url(bomb)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)
fields = st.fixed_dictionaries({}, optional={name: json_values for name in AppState.__dataclass_fields__})


@settings(max_examples=600, deadline=None)
@given(data=fields)
def test_any_json_object_is_a_valid_state_or_a_state_error(data):
    try:
        state = from_json(json.dumps(data))
    except StateError:
        return
    assert from_json(to_json(state)) == state


@settings(max_examples=600, deadline=None)
@given(packed=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: base64.urlsafe_b64encode(b).decode()))
def test_any_link_is_a_state_or_a_state_error(packed):
    try:
        from_url(packed)
    except StateError:
        pass


@settings(max_examples=300, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=5))
def test_a_tampered_real_link_is_refused_or_still_valid(flips):
    packed = bytearray(to_url(EXAMPLES[1]).encode())
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for position, value in flips:
        packed[position % len(packed)] = alphabet[value % len(alphabet)]
    try:
        state = from_url(packed.decode())
    except StateError:
        return
    assert from_url(to_url(state)) == state


@settings(max_examples=1000, deadline=None)
@given(text=st.text(max_size=30))
def test_a_typed_cell_is_a_finite_number_or_refused(text):
    try:
        value = finite_float(text)
    except StateError as exc:
        assert str(exc)
        return
    assert np.isfinite(value)


def test_a_state_file_saved_with_a_byte_order_mark_loads():
    state = presets.two_speeds()
    assert from_json(b"\xef\xbb\xbf" + to_json(state).encode()) == state
    assert from_json("\ufeff" + to_json(state)) == state


@pytest.mark.parametrize("text, python_words", [
    ("[" * 100_000 + "]" * 100_000, "recursion"),
    ('{"x": ' + "9" * 5000 + "}", "int_max_str_digits"),
    ('{"x": [[1, 2]], "W_ih": NaN}', "NaN is not"),
    ('{"x": [[1, 2]', "Expecting"),
])
def test_a_refused_state_file_is_explained_in_the_apps_words_not_pythons(text, python_words):
    with pytest.raises(StateError) as refused:
        from_json(text)
    message = str(refused.value)
    assert python_words not in message and len(message) < 200 and message.startswith("the state")


def test_unknown_field_names_are_never_quoted_back():
    data = json.loads(to_json(presets.two_speeds()))
    data["[Click for the answers](https://evil.example/phish)" + "x" * 10_000] = 1
    with pytest.raises(StateError, match="1 field the app does not know") as refused:
        from_json(json.dumps(data))
    assert "evil" not in str(refused.value)
