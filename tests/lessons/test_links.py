"""Every state the explorer allows fits in a link: small ones carry themselves, large ones a
reference to the server's store, and a reference the store lacks is refused in plain words."""

import numpy as np
import pytest

from lessons import presets
from lessons.links import REFERENCE, from_link, to_link
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, MAX_URL_CHARS, StateError, from_url, to_json, to_url
from lessons.store import EmbeddedStore, StoreError


@pytest.fixture
def store(tmp_path):
    return EmbeddedStore(tmp_path / "store.sqlite3")


def largest_state(seed=0):
    """A state at every limit of the explorer, full-precision random numbers (nothing compresses)."""
    rng = np.random.default_rng(seed)
    H, I, T = MAX_HIDDEN, MAX_INPUT, MAX_STEPS
    return presets.random_gru().with_changes(
        x=rng.normal(size=(T, I)), W_ih=rng.normal(size=(3 * H, I)), W_hh=rng.normal(size=(3 * H, H)),
        b_ih=rng.normal(size=3 * H), b_hh=rng.normal(size=3 * H), step=T - 1,
    )


def test_a_small_state_carries_itself(store):
    state = presets.EXAMPLES["Write once, carry"]()
    link = to_link(state, store)
    assert not link.startswith(REFERENCE) and from_url(link) == state


@pytest.mark.parametrize("inputs", [4, 8])
def test_a_state_too_large_for_a_link_is_kept_and_referred_to(store, inputs):
    """The issue's case: 16 hidden units with 4 or 8 inputs made a 13-16k-character link, which the
    address bar lost; the link is now a short reference that opens the same state."""
    rng = np.random.default_rng(inputs)
    x, W_ih = rng.normal(size=(10, inputs)), rng.normal(size=(3 * MAX_HIDDEN, inputs))
    state = largest_state().with_changes(x=x, W_ih=W_ih)
    with pytest.raises(StateError, match="too large for a link"):
        to_url(state)
    link = to_link(state, store)
    assert link.startswith(REFERENCE) and len(link) == 33
    assert from_link(link, store) == state
    assert to_link(state, store) == link  # the same state, the same reference: nothing new is kept


def test_the_largest_state_is_kept_by_reference(store):
    state = largest_state()
    assert len(to_json(state)) > 5 * MAX_URL_CHARS
    assert from_link(to_link(state, store), store) == state


def test_another_process_opening_the_same_file_reads_the_reference(tmp_path):
    first, second = EmbeddedStore(tmp_path / "s.sqlite3"), EmbeddedStore(tmp_path / "s.sqlite3")
    link = to_link(largest_state(), first)
    assert from_link(link, second) == largest_state()


@pytest.mark.parametrize("value", ["~", "~abc", "~" + "g" * 32, "~" + "0" * 33, "~../../etc/passwd"])
def test_a_damaged_reference_is_refused(store, value):
    with pytest.raises(StateError, match="damaged"):
        from_link(value, store)


def test_a_reference_the_store_lacks_says_so(store):
    with pytest.raises(StateError, match="no longer keeps"):
        from_link("~" + "0" * 32, store)


def test_references_expire_unless_opened_and_the_store_stays_within_its_bytes(tmp_path):
    now = [1000.0]
    store = EmbeddedStore(tmp_path / "s.sqlite3", ttl=100, max_bytes=250, clock=lambda: now[0])
    a, b = store.put(b"a" * 100), store.put(b"b" * 100)
    now[0] += 90
    assert store.get(a) == b"a" * 100  # read: its time to live starts again
    now[0] += 20
    assert store.get(b) is None and store.get(a) is not None  # b expired; a was read 20 s ago
    c, d = store.put(b"c" * 100), store.put(b"d" * 100)  # 300 bytes: over the bound
    assert store.get(d) is not None and store.get(c) is not None and store.get(a) is None


def test_a_stored_object_is_validated_again_when_it_is_read(store):
    key = store.put(b'{"x": [[1e400]]}')
    with pytest.raises(StateError):
        from_link(REFERENCE + key, store)


def test_a_broken_store_becomes_a_message_not_a_traceback(tmp_path):
    store = EmbeddedStore(tmp_path / "s.sqlite3")
    store._db.close()
    with pytest.raises(StateError, match="could not keep it"):
        to_link(largest_state(), store)
    with pytest.raises(StateError, match="could not read"):
        from_link("~" + "0" * 32, store)
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match="cannot be opened"):
        EmbeddedStore(tmp_path / "file" / "store.sqlite3")  # its directory is a file
