"""The URL state (?s=...): damaged real links, links that unpack to hostile JSON, and anything
that is not text at all are a valid state or a StateError, never another exception."""

import base64
import json
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.state import MAX_JSON_BYTES, MAX_URL_CHARS, StateError, from_url, to_url
from tests.fuzz import EXAMPLES, edited_states, json_text, usable_or_refused

LINKS = {name: to_url(state) for name, state in EXAMPLES.items()}
URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def pack(raw):
    """What to_url does to JSON bytes, for bytes that to_url would never write."""
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


@st.composite
def damaged_links(draw):
    """A real link with characters replaced, inserted or deleted (from the link's alphabet, or a
    browser's: %, =, +, /, spaces, non-ASCII), or cut short."""
    link = list(LINKS[draw(st.sampled_from(sorted(LINKS)))])
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(link) - 1))
        char = draw(st.sampled_from(URL_ALPHABET) | st.sampled_from(["%", "=", "+", "/", " ", "é", "%20", "\x00"]))
        how = draw(st.sampled_from(["replace", "insert", "delete"]))
        if how == "replace":
            link[at] = char
        elif how == "insert":
            link.insert(at, char)
        else:
            del link[at]
    if draw(st.booleans()):
        link = link[: draw(st.integers(0, len(link)))]
    return "".join(link)


@settings(max_examples=600, deadline=None)
@given(link=damaged_links())
def test_a_damaged_link_is_a_state_or_refused(link):
    usable_or_refused(from_url, link)


@settings(max_examples=500, deadline=None)
@given(data=edited_states())
def test_a_well_packed_link_with_a_hostile_state_is_valid_or_refused(data):
    """The link's packing is intact, so what it carries reaches the state's validation."""
    refusal = usable_or_refused(from_url, pack(json_text(data).encode("utf-8", "surrogatepass")))
    assert refusal is None or 0 < len(str(refusal)) < 400


@settings(max_examples=300, deadline=None)
@given(
    raw=st.binary(max_size=300)
    | st.sampled_from([b"", b"null", b"[]", b"{}", b"\xef\xbb\xbf{}", b" " * 100])
    | st.integers(MAX_JSON_BYTES - 2, MAX_JSON_BYTES + 2).map(lambda n: json.dumps({"x": " " * n}).encode())
)
def test_a_link_that_packs_any_bytes_is_refused_or_valid(raw):
    link = pack(raw)
    refusal = usable_or_refused(from_url, link)
    if len(link) > MAX_URL_CHARS:  # too long for a link, whatever it holds
        assert refusal is not None


@settings(max_examples=200, deadline=None)
@given(
    value=st.none()
    | st.integers()
    | st.binary(max_size=20)
    | st.lists(st.text(max_size=3), max_size=2)
    | st.text(URL_ALPHABET, min_size=MAX_URL_CHARS - 2, max_size=MAX_URL_CHARS + 2)
)
def test_a_link_that_is_not_short_text_is_refused(value):
    try:
        from_url(value)
    except StateError:
        return
    raise AssertionError(f"{value!r:.60} opened as a state")
