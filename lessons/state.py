"""The app's one state object: what the learner sees, validated, frozen, and serializable.

Everything a teacher's link must restore lives here: the input sequence (numbers, or text that a
fixed embedding turns into numbers), the GRU's weights, the conventions, the selected step and an
optional clamp on one gate. It round-trips through JSON (download and upload) and through a
compact URL parameter (JSON, zlib, base64url), after the playground's `state.ts` idea of one
schema for defaults, URL and validation.

Weights are stored as PyTorch lays them out (W_ih (3H, I), W_hh (3H, H), b_ih (3H,), b_hh (3H,)
or None) in the z_convention "takes_new"; the convention shown is a separate field, and the shown
model is the stored one rewritten (exactly) in that convention.
"""

import base64
import json
import math
import zlib
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from gru_viz.conventions import RESET_POSITIONS, Z_CONVENTIONS

from .page_settings import Pages, SettingError, checked

MAX_STEPS = 200
MAX_INPUT = 8
MAX_HIDDEN = 16
MAX_TEXT = 200
MAX_WEIGHT = 1e6  # larger weights saturate every gate; the app says so rather than compute them
MAX_URL_CHARS = 8000  # the encoded state in a link; larger states share as a JSON file instead
MAX_JSON_BYTES = 200_000
GATES = ("r", "z")
SPLITS = ("characters", "words")


class StateError(ValueError):
    """A state (from JSON, a link or a widget) was refused; the message says what and why."""


@dataclass(frozen=True)
class Clamp:
    """Force one gate ('r' or 'z') of one unit (or all units, unit=None) to a value in [0, 1]."""

    gate: str
    value: float
    unit: int | None = None


@dataclass(frozen=True)
class AppState:
    x: tuple  # (T, I) numbers; with text set, the embedded tokens (kept in sync)
    W_ih: tuple  # (3H, I), rows r, z, h~
    W_hh: tuple  # (3H, H)
    b_ih: tuple  # (3H,)
    b_hh: tuple | None = None  # (3H,) recurrent biases (PyTorch and Keras reset_after have them)
    reset: str = "before"
    z_convention: str = "takes_new"  # the convention shown
    step: int = 0
    clamp: Clamp | None = None
    text: str | None = None  # set in text mode: x is embed(text)
    split: str = "characters"
    example: str = ""  # the preset or file the weights came from, for labels
    pages: Pages = field(default_factory=Pages)  # each lesson page's own controls (lessons.page_settings)

    @property
    def steps(self):
        return len(self.x)

    @property
    def input_size(self):
        return len(self.x[0])

    @property
    def hidden_size(self):
        return len(self.W_hh[0])

    def tokens(self):
        """Token labels for the time axis: the text's tokens, else 't=0', 't=1', ..."""
        if self.text is not None:
            from .embedding import tokenize

            return tokenize(self.text, self.split)
        return [f"t={t}" for t in range(self.steps)]

    def with_changes(self, **changes):
        """A validated copy with fields replaced (StateError if the result is not a valid state).

        A clamp states what a unit does ("z = 0.05: takes 5 % of the candidate, keeps 95 %"), so a
        change of the z convention alone keeps that behaviour: a clamped z becomes 1 - z, and h
        is unchanged, as it is for every other number the switch rewrites.
        """
        switching = changes.get("z_convention", self.z_convention) != self.z_convention
        if switching and "clamp" not in changes and self.clamp is not None and self.clamp.gate == "z":
            changes["clamp"] = replace(self.clamp, value=1.0 - self.clamp.value)
        return validate(replace(self, **changes))

    def with_setting(self, page, **changes):
        """A validated copy with some of one lesson page's controls changed (see lessons.page_settings)."""
        try:
            pages = self.pages.with_setting(page, **changes)
        except TypeError:
            raise StateError(f"the {page} page has no such setting") from None
        return self.with_changes(pages=pages)


def _matrix(value, name, rows=None, cols=None):
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON integer past float's range
        raise StateError(f"{name} must be a table of numbers") from None
    if array.ndim != 2 or array.size == 0:
        raise StateError(f"{name} must be a non-empty table of numbers, got shape {array.shape}")
    if rows is not None and array.shape[0] != rows or cols is not None and array.shape[1] != cols:
        raise StateError(f"{name} must have shape ({rows}, {cols}), got {array.shape}")
    return _finite(array, name)


def _vector(value, name, size):
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise StateError(f"{name} must be a list of numbers") from None
    if array.shape != (size,):
        raise StateError(f"{name} must have {size} numbers, got shape {array.shape}")
    return _finite(array, name)


def _finite(array, name):
    if not np.all(np.isfinite(array)):
        raise StateError(f"{name} contains NaN or inf; only finite numbers are allowed")
    if np.any(np.abs(array) > MAX_WEIGHT):
        raise StateError(f"{name} has a value beyond ±{MAX_WEIGHT:g}, the limit")
    return array


def _nested(array):
    """A tuple (of tuples) of Python floats: hashable, JSON-ready, exact."""
    return tuple(map(_nested, array)) if array.ndim > 1 else tuple(float(v) for v in array)


def _shown(value):
    """A field's value as quoted in a refusal: a hostile file may put 200 kB into any field."""
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits
        return "a number too long to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _unicode(text, name):
    """Refuse lone surrogates (JSON's \\ud800 escapes make them): UTF-8, which the page and the
    embedding need, cannot encode them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StateError(f"{name} holds characters that are not valid Unicode text") from None


def validate(state: AppState) -> AppState:
    """The state with every field checked and normalised, or a StateError that says what is wrong."""
    if state.reset not in RESET_POSITIONS:
        raise StateError(f"reset must be 'before' or 'after', got {_shown(state.reset)}")
    if state.z_convention not in Z_CONVENTIONS:
        raise StateError(f"z_convention must be 'takes_new' or 'keeps_old', got {_shown(state.z_convention)}")
    x = _matrix(state.x, "the input")
    T, I = x.shape
    if T > MAX_STEPS:
        raise StateError(f"the input has {T} steps; the limit is {MAX_STEPS}")
    if I > MAX_INPUT:
        raise StateError(f"the input has {I} features; the limit is {MAX_INPUT}")
    W_hh = _matrix(state.W_hh, "W_hh")
    H = W_hh.shape[1]
    if H > MAX_HIDDEN:
        raise StateError(f"the GRU has {H} hidden units; the limit is {MAX_HIDDEN}")
    W_hh = _matrix(W_hh, "W_hh", 3 * H, H)
    W_ih = _matrix(state.W_ih, "W_ih", 3 * H, I)
    b_ih = _vector(state.b_ih, "b_ih", 3 * H)
    b_hh = None if state.b_hh is None else _vector(state.b_hh, "b_hh", 3 * H)
    if not isinstance(state.step, (int, np.integer)) or isinstance(state.step, bool):
        raise StateError(f"step must be a whole number, got {_shown(state.step)}")
    step = min(max(int(state.step), 0), T - 1)
    clamp = state.clamp
    if clamp is not None:
        if isinstance(clamp, dict):
            clamp = Clamp(**clamp)
        if clamp.gate not in GATES:
            raise StateError(f"a clamp forces 'r' or 'z', not {_shown(clamp.gate)}")
        if not isinstance(clamp.value, (int, float)) or not 0.0 <= clamp.value <= 1.0:
            raise StateError(f"a clamped gate value must be in [0, 1], got {_shown(clamp.value)}")
        if clamp.unit is not None and (
            not isinstance(clamp.unit, int) or isinstance(clamp.unit, bool) or not 0 <= clamp.unit < H
        ):
            raise StateError(f"clamp unit must be between 0 and {H - 1}, got {_shown(clamp.unit)}")
        clamp = Clamp(clamp.gate, float(clamp.value), clamp.unit)
    # Checked even without text: the editor offers the stored split when text mode is switched on.
    if not isinstance(state.split, str) or state.split not in SPLITS:
        raise StateError(f"split must be one of {SPLITS}")
    text = state.text
    if text is not None:
        if not isinstance(text, str):
            raise StateError("the text must be a string")
        if not text.strip():
            raise StateError("the text is empty; type a word or a sentence")
        if len(text) > MAX_TEXT:
            raise StateError(f"the text has {len(text)} characters; the limit is {MAX_TEXT}")
        _unicode(text, "the text")
        from .embedding import embed

        x = embed(text, state.split, I)
        if len(x) > MAX_STEPS:
            raise StateError(f"the text makes {len(x)} tokens; the limit is {MAX_STEPS}")
        step = min(step, len(x) - 1)
    if not isinstance(state.example, str) or len(state.example) > 100:
        raise StateError("example must be a short name")
    _unicode(state.example, "the example's name")
    try:
        pages = checked(state.pages, H)
    except SettingError as exc:  # its words name the setting and what it may hold, never the value given
        raise StateError(str(exc)) from None
    except TypeError:
        raise StateError("a page setting is not one the app offers") from None
    return AppState(
        x=_nested(x),
        W_ih=_nested(W_ih),
        W_hh=_nested(W_hh),
        b_ih=_nested(b_ih),
        b_hh=None if b_hh is None else _nested(b_hh),
        reset=state.reset,
        z_convention=state.z_convention,
        step=step,
        clamp=clamp,
        text=text,
        split=state.split,
        example=state.example,
        pages=pages,
    )


# ---- JSON and URL codecs -------------------------------------------------------------------


def to_json(state: AppState) -> str:
    """Canonical JSON (sorted keys, exact floats): equal states give equal text."""
    return json.dumps(asdict(state), sort_keys=True, separators=(",", ":"), allow_nan=False)


def from_json(text) -> AppState:
    """A validated state from JSON text or bytes; StateError for anything else."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise StateError(f"the state file has {len(text):,} bytes; the limit is {MAX_JSON_BYTES:,}")
        try:
            text = text.decode("utf-8-sig")  # -sig: a file Windows Notepad saved starts with a BOM
        except UnicodeDecodeError:
            raise StateError("the state file is not UTF-8 text") from None
    if len(text) > MAX_JSON_BYTES:
        raise StateError(f"the state has {len(text):,} characters; the limit is {MAX_JSON_BYTES:,}")
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise StateError("the state is nested deeper than any state the app writes") from None
    except json.JSONDecodeError as exc:  # the position, never Python's own wording
        raise StateError(f"the state is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except ValueError:  # NaN or Infinity (see _refuse_constant), or an integer of thousands of digits
        raise StateError("the state holds a number the app does not accept (NaN, infinity or a huge integer)") from None
    if not isinstance(data, dict):
        raise StateError("the state must be a JSON object")
    known = set(AppState.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise StateError(f"the state has {len(unknown)} field{'s' * (len(unknown) > 1)} the app does not know "
                         f"(it knows {', '.join(sorted(known))})")
    missing = {"x", "W_ih", "W_hh", "b_ih"} - set(data)
    if missing:
        raise StateError(f"the state lacks {', '.join(sorted(missing))}")
    if isinstance(data.get("clamp"), dict):
        try:
            data["clamp"] = Clamp(**data["clamp"])
        except TypeError:
            raise StateError("clamp must have gate, value and unit") from None
    elif data.get("clamp") is not None:
        raise StateError("clamp must be an object or null")
    try:
        return validate(AppState(**data))
    except TypeError:
        raise StateError("the state has a field of the wrong kind") from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number the app accepts")


def to_url(state: AppState) -> str:
    """The state as a compact URL-safe string (zlib + base64url of the JSON), or StateError if
    it is longer than MAX_URL_CHARS."""
    packed = pack(to_json(state))
    if len(packed) > MAX_URL_CHARS:
        raise StateError(
            f"this example is too large for a link ({len(packed):,} characters; the limit is "
            f"{MAX_URL_CHARS:,}); share it as a JSON file instead"
        )
    return packed


def pack(text: str) -> str:
    """JSON text as a link's value: zlib, then base64url without its padding."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")


def from_url(packed: str) -> AppState:
    """A validated state from to_url's string; StateError for a bad or tampered link."""
    if not isinstance(packed, str) or len(packed) > MAX_URL_CHARS:
        raise StateError("the link's state is too long or not text")
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, MAX_JSON_BYTES + 1)  # bounded: a tiny link cannot inflate to gigabytes
    except (ValueError, zlib.error):
        raise StateError("the link's state is damaged (it is not what the app writes)") from None
    if len(text) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise StateError("the link's state unpacks to more than the app ever writes")
    return from_json(text)


def arrays(state: AppState):
    """The weights as float64 arrays: (W_ih, W_hh, b_ih, b_hh or None)."""
    b_hh = None if state.b_hh is None else np.array(state.b_hh)
    return np.array(state.W_ih), np.array(state.W_hh), np.array(state.b_ih), b_hh


def finite_float(text):
    """A float from user text, or StateError saying why not ('abc', '', 'nan', 'inf' are refused)."""
    try:
        shown = str(text)
    except ValueError:  # an integer of more than 4,300 digits refuses to become text
        raise StateError("that number has too many digits") from None
    try:
        value = float(shown.strip())
    except ValueError:
        raise StateError(f"{shown[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise StateError(f"{shown[:20]!r} is not a finite number")
    return value
