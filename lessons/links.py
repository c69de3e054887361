"""The ?s= value of a link: the state itself while it fits, else a short reference to it in a store.

A state at the explorer's limits (T = 200, I = 8, H = 16) is 2,848 float64 numbers: about 30,000
characters in a link even as raw bytes, which no address bar, proxy or balancer can be relied on
to carry (nginx refuses request lines over 8 kB by default). So beyond MAX_URL_CHARS the state is
kept in lessons.store and the link reads `~` and its 32-character key. `~` is outside base64url,
so the two kinds of value cannot be confused.
"""

from .state import MAX_URL_CHARS, StateError, from_json, from_url, pack, to_json
from .store import KEY, StoreError

REFERENCE = "~"


def to_link(state, store):
    """The ?s= value for `state`: the packed state as to_url makes it, or a reference to it kept in `store`."""
    text = to_json(state)  # once: a large state's JSON costs milliseconds, and this runs at every change
    packed = pack(text)
    if len(packed) <= MAX_URL_CHARS:
        return packed
    try:
        return REFERENCE + store.put(text.encode())
    except StoreError as exc:
        raise StateError(f"this example is too large for a link, and the server could not keep it ({exc})") from None


def from_link(value, store):
    """The state a ?s= value names; StateError for a damaged link or a reference the store lacks."""
    if not isinstance(value, str) or not value.startswith(REFERENCE):
        return from_url(value)
    key = value[len(REFERENCE):]
    if not KEY.fullmatch(key):
        raise StateError("the link's reference is damaged (it is not what the app writes)")
    try:
        data = store.get(key)
    except StoreError as exc:
        raise StateError(f"the server could not read the example this link refers to ({exc})") from None
    if data is None:
        raise StateError(
            "this link refers to an example the server no longer keeps (links to large examples are kept "
            "for 30 days after they were last opened)"
        )
    return from_json(data)

