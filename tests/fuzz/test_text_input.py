"""The text input: any text becomes tokens and their fixed embedding, exactly and within the
limits, or a StateError; a refused text leaves the state as it was."""

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lessons.embedding import embed, tokenize
from lessons.state import MAX_STEPS, MAX_TEXT, SPLITS, StateError, from_json, from_url, to_json, to_url
from tests.fuzz import EXAMPLES

ANY_CHARACTER = st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Z", "C"])  # C: controls, surrogates
TEXTS = st.one_of(
    st.text(max_size=40),
    st.text(ANY_CHARACTER, max_size=40),
    st.text(st.sampled_from(" \t\n\u00a0\u200b\u2028\u3000\x1c\x00"), max_size=8),  # only (or odd) whitespace
    st.text(st.sampled_from("ab ✓🙂\u0301\u202e\ud800"), min_size=MAX_TEXT - 3, max_size=MAX_TEXT + 3),  # at the limit
    st.integers(1, 120).map(lambda n: "w " * n),  # many words
    st.sampled_from(["e\u0301", "👩‍👩‍👧", "\u202eabc", "a\x00b", "\udfff", " a ", "\n", "x" * MAX_TEXT]),
)
SPLIT_CHOICES = st.one_of(*[st.sampled_from(SPLITS)] * 3, st.sampled_from(["Words", "", "lines", None, ["words"]]))


def refused_by_rule(text, split):
    """The app's stated rules for a text, written apart from the code under test."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # lone surrogates are no text a page can show
    return split not in SPLITS or not text.strip() or len(text) > MAX_TEXT or len(tokenize(text, split)) > MAX_STEPS


@settings(max_examples=1000, deadline=None)
@given(text=TEXTS, split=SPLIT_CHOICES, name=st.sampled_from(sorted(EXAMPLES)))
def test_any_text_is_embedded_exactly_or_refused(text, split, name):
    before = EXAMPLES[name]
    saved = to_json(before)
    try:
        after = before.with_changes(text=text, split=split)
    except StateError as exc:
        event("refused")
        assert refused_by_rule(text, split), exc
        assert to_json(before) == saved
        return
    event("applied")
    assert not refused_by_rule(text, split)
    tokens = tokenize(text, split)
    assert after.tokens() == tokens and after.steps == len(tokens) <= MAX_STEPS
    x = np.array(after.x)
    assert np.array_equal(x, embed(text, split, before.input_size))
    assert np.all(np.abs(x) <= 1)  # 1 itself too: two decimals round 0.996 to 1.0
    assert 0 <= after.step < after.steps
    assert from_json(to_json(after)) == after and from_url(to_url(after)) == after
    assert to_json(before) == saved


@settings(max_examples=200, deadline=None)
@given(value=st.none() | st.integers() | st.floats() | st.lists(st.text(max_size=3), max_size=3) | st.binary())
def test_a_text_that_is_not_a_string_is_refused(value):
    if value is None:
        assert EXAMPLES["Write once, carry"].with_changes(text=value).text is None  # numbers mode
        return
    try:
        EXAMPLES["Write once, carry"].with_changes(text=value)
    except StateError:
        return
    raise AssertionError(f"{value!r} was taken as text")
