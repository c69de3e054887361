"""Every lesson control that changes what a page shows, as part of the one app state.

Each page's controls are one small frozen dataclass; `Pages` holds one of each and is the
AppState's `pages` field, so the link and the JSON file carry them and a teacher's link from the
gradients page at T = 400 opens at T = 400. One table per page says what each field may hold (the
field's `metadata`: a tuple of choices, or a (low, high) range), after the playground's `state.ts`:
the defaults, the widgets' options and the validation come from the same place.

Some limits depend on the GRU: a unit to follow must exist (below H), and the gradient page's
length stops where its work reaches views.MAX_WORK. Like the step, those are clamped rather than
refused, so growing or shrinking the GRU on the edit page never breaks another page's settings.
"""

import math
from dataclasses import dataclass, field, fields, replace

from gru_viz.train import TASKS


class SettingError(ValueError):
    """A page setting was refused; lessons.state turns it into a StateError."""


def choice(default, options, **extra):
    return field(default=default, metadata={"choices": tuple(options), **extra})


def between(default, low, high, **extra):
    return field(default=default, metadata={"range": (low, high), **extra})


UNIT = {"unit": True}  # a unit of the GRU: clamped below its hidden size

GRU_CHOICES = ("the current example's GRU", "long-memory preset", "random (seed 0)")
# Each gradient flow costs O(T H^2): the page's length stops where T * H^2 reaches MAX_WORK. At that
# size (T = 400, H = 16) the RNN, GRU and LSTM flows together took 27-30 ms on this project's 2-core
# server, with one BLAS thread or the default (measured 2026-11-25).
MAX_WORK = 400 * 16**2
STACKED_SHOWN = ("h", "z", "r", "h_tilde")
TIMED_SIZES = ("this example", "200 steps, 16 inputs, 64 units", "1000 steps, 32 inputs, 128 units")

# The training page's choices (gru_viz.train.TrainConfig holds the run they make).
MODELS = ("GRU", "LSTM", "RNN")
HIDDEN_SIZES = (4, 8, 16)  # 16: the explorer pages show up to 16 units, so every trained GRU can go there
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03)
STEP_CHOICES = (200, 500, 1000, 2000, 5000)
MAX_LENGTH = 50
DEFAULT_LENGTH = {"recall": 10, "parity": 20, "adding": 20, "text": 32}


@dataclass(frozen=True)
class CellPage:
    unit: int = between(0, 0, 15, **UNIT)  # the unit the equations follow
    predict: bool = choice(False, (False, True))  # predict-then-reveal: the numbers wait for an answer


@dataclass(frozen=True)
class MemoryPage:
    unit: int = between(0, 0, 15, **UNIT)
    push: float = between(0.0, -8.0, 8.0)  # added to the unit's update-gate bias, towards keeping
    every: bool = choice(False, (False, True))  # force r of every unit, or of the followed one only
    predict: bool = choice(False, (False, True))


@dataclass(frozen=True)
class GradientsPage:
    gru: str = choice(GRU_CHOICES[1], GRU_CHOICES)
    steps: int = between(100, 10, 400)  # and at most MAX_WORK // H**2
    scale: float = between(1.0, 0.25, 4.0)
    back: int | None = between(None, 0, 399)  # where the table reads the lines; None: as far back as T allows


@dataclass(frozen=True)
class StackedPage:
    layers: int = choice(2, (1, 2, 3))
    bidirectional: bool = choice(True, (False, True))
    seed: int = between(0, 0, 999)
    example: bool = choice(False, (False, True))  # the shipped PyTorch file instead of random weights
    gate: str = choice("h", STACKED_SHOWN)


@dataclass(frozen=True)
class VersusPage:
    unit: int = between(0, 0, 15, **UNIT)
    timed: str = choice(TIMED_SIZES[0], TIMED_SIZES)


@dataclass(frozen=True)
class TrainPage:
    task: str = choice("recall", tuple(TASKS))
    model: str = choice("GRU", MODELS)
    hidden: int = choice(16, HIDDEN_SIZES)
    length: int = between(10, 1, MAX_LENGTH)  # and at least the task's own minimum
    symbols: int = between(4, 2, 8)
    learning_rate: float = choice(0.01, LEARNING_RATES)
    steps: int = choice(1000, STEP_CHOICES)
    seed: int = between(0, 0, 9999)
    keep: bool = choice(False, (False, True))


@dataclass(frozen=True)
class ComparePage:
    keep_bias: float = choice(2.0, (2.0, 0.0))


@dataclass(frozen=True)
class Pages:
    cell: CellPage = field(default_factory=CellPage)
    memory: MemoryPage = field(default_factory=MemoryPage)
    gradients: GradientsPage = field(default_factory=GradientsPage)
    stacked: StackedPage = field(default_factory=StackedPage)
    gru_vs_lstm: VersusPage = field(default_factory=VersusPage)
    train: TrainPage = field(default_factory=TrainPage)
    compare: ComparePage = field(default_factory=ComparePage)

    def with_setting(self, page, **changes):
        """A copy with some of one page's settings replaced (not yet checked: see `checked`)."""
        if page not in PAGE_NAMES:
            raise SettingError(f"there is no page called {page[:30]!r} with settings")
        return replace(self, **{page: replace(getattr(self, page), **changes)})


PAGE_NAMES = tuple(f.name for f in fields(Pages))
SPECS = {(page.name, spec.name): spec for page in fields(Pages) for spec in fields(page.default_factory)}


def checked(pages, hidden_size):
    """`pages` (a Pages, or the dict a JSON file holds) with every setting checked and normalised for
    a GRU of `hidden_size` units; SettingError says which setting is wrong and why."""
    if isinstance(pages, dict):
        pages = _from_dict(pages)
    if not isinstance(pages, Pages):
        raise SettingError("the page settings must be an object")
    normal = {}
    for page in fields(Pages):
        settings = getattr(pages, page.name)
        normal[page.name] = replace(
            settings, **{f.name: _value(page.name, f, getattr(settings, f.name), hidden_size) for f in fields(settings)}
        )
    pages = Pages(**normal)
    return _with_limits(pages, hidden_size)


def _from_dict(data):
    unknown = set(data) - set(PAGE_NAMES)
    if unknown:
        raise SettingError(f"the page settings name {len(unknown)} page(s) the app does not have")
    made = {}
    for page in fields(Pages):
        given = data.get(page.name, {})
        if not isinstance(given, dict):
            raise SettingError(f"the {page.name} page's settings must be an object")
        cls = page.default_factory
        known = {f.name for f in fields(cls)}
        if set(given) - known:
            raise SettingError(f"the {page.name} page has no setting of that name (it has {', '.join(sorted(known))})")
        made[page.name] = cls(**given)
    return Pages(**made)


def _value(page, spec, value, hidden_size):
    """One setting checked against its field's table entry: choices, or a range of its type."""
    name = f"the {page} page's {spec.name}"
    kind = bool if isinstance(spec.default, bool) else type(spec.default) if spec.default is not None else int
    if value is None and spec.default is None:
        return None
    if "choices" in spec.metadata:
        options = spec.metadata["choices"]
        # bool is an int in Python, and 1 == 1.0: compare kinds too, so True never passes for 1.
        for option in options:
            if value == option and isinstance(value, bool) == isinstance(option, bool):
                return option
        raise SettingError(f"{name} must be one of {', '.join(map(str, options))}")
    low, high = spec.metadata["range"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingError(f"{name} must be a number")
    if not math.isfinite(value):
        raise SettingError(f"{name} must be a finite number")
    if kind is int and value != int(value):
        raise SettingError(f"{name} must be a whole number")
    if not low <= value <= high and not spec.metadata.get("unit"):
        raise SettingError(f"{name} must be between {low:g} and {high:g}")
    value = kind(value)
    if spec.metadata.get("unit"):
        value = min(max(value, 0), hidden_size - 1)
    return value


def _with_limits(pages, hidden_size):
    """The limits that depend on more than one field (clamped, like the step)."""
    gradients = pages.gradients
    steps = min(gradients.steps, max_gradient_steps(hidden_size))
    back = None if gradients.back is None else min(gradients.back, steps - 1)
    train = pages.train
    length = max(train.length, TASKS[train.task].min_length)
    return replace(
        pages,
        gradients=replace(gradients, steps=steps, back=back),
        train=replace(train, length=length),
    )


def max_gradient_steps(hidden_size):
    """The gradient page's longest sequence for this GRU: its work T * H^2 stays under MAX_WORK."""
    return min(400, MAX_WORK // hidden_size**2)


def options(page, name):
    """A setting's choices (for a radio or a select box) or its (low, high) range (for a slider)."""
    metadata = SPECS[page, name].metadata
    return metadata.get("choices", metadata.get("range"))
