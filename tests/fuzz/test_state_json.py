"""The JSON state (download and upload): real states with fields replaced, text damaged, and any
bytes at all are a valid, usable state or a StateError, never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.state import from_json
from tests.fuzz import damaged_texts, edited_states, json_text, usable_or_refused


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=edited_states())
def test_a_state_file_with_fields_changed_is_valid_or_refused(data):
    refusal = usable_or_refused(from_json, json_text(data))
    assert refusal is None or 0 < len(str(refusal)) < 400


@settings(max_examples=600, deadline=None)
@given(blob=damaged_texts())
def test_a_damaged_state_file_is_valid_or_refused(blob):
    usable_or_refused(from_json, blob)


@settings(max_examples=300, deadline=None)
@given(blob=st.binary(max_size=200) | st.text(max_size=50).map(lambda t: t.encode("utf-16")))
def test_any_bytes_are_a_state_or_refused(blob):
    usable_or_refused(from_json, blob)
