"""A lesson's own controls are part of the state: a link opens them as they were, moving one puts
it in the link, and the page computes from what the state says (never from a widget's leftover)."""

import pytest

from lessons import presets
from lessons.state import from_url, to_url
from tests.app.helpers import app_state, open_app, run_checked

from .test_lessons import text

# (page file, page, setting, value): one non-default control for every page that has its own.
# The cell page's unit to follow is the live view's own control: tests/app/test_live_view_app.py.
MOVED = [
    ("pages/memory_page.py", "memory", "push", -8.0),
    ("pages/memory_page.py", "memory", "every", True),
    ("pages/gradients_page.py", "gradients", "steps", 400),
    ("pages/gradients_page.py", "gradients", "back", 7),
    ("pages/stacked_page.py", "stacked", "layers", 3),
    ("pages/stacked_page.py", "stacked", "gate", "z"),
    ("pages/gru_vs_lstm_page.py", "gru_vs_lstm", "unit", 3),
    ("pages/train_page.py", "train", "model", "LSTM"),
    ("pages/train_page.py", "train", "hidden", 8),
    ("pages/compare_page.py", "compare", "keep_bias", 0.0),
]


def widget(at, key):
    return next(w for w in at.main if getattr(w, "key", None) == key)


@pytest.mark.parametrize(("file", "page", "setting", "value"), MOVED, ids=[f"{m[1]}.{m[2]}" for m in MOVED])
def test_a_link_opens_a_lessons_control_where_it_was(file, page, setting, value):
    state = presets.random_gru(3, 4).with_setting(page, **{setting: value})
    at = open_app(file, query=to_url(state))
    assert widget(at, f"{page}_{setting}").value == value
    assert getattr(getattr(app_state(at).pages, page), setting) == value


@pytest.mark.parametrize(("file", "page", "setting", "value"), MOVED, ids=[f"{m[1]}.{m[2]}" for m in MOVED])
def test_moving_a_lessons_control_puts_it_in_the_link(file, page, setting, value):
    at = open_app(file, query=to_url(presets.random_gru(3, 4)))
    widget(at, f"{page}_{setting}").set_value(value)
    run_checked(at)
    assert getattr(getattr(from_url(at.query_params["s"]).pages, page), setting) == value


def test_the_gradient_page_at_t_400_opens_at_t_400_and_reads_its_table_where_asked():
    """The issue's example: a teacher's link from the gradients page at T = 400 opened at T = 100."""
    state = presets.random_gru(3, 4).with_setting("gradients", steps=400, back=123)
    at = open_app("pages/gradients_page.py", query=to_url(state))
    assert "on the same 400 steps" in text(at)
    header = [c for c in at.dataframe[0].value.columns if "steps back" in c]
    assert header == ["‖∂h_T−1/∂h_t‖ at k = 123 steps back (t = 276)", "‖∂h_T−1/∂x_t‖ at k = 123 steps back"]


def test_a_unit_past_a_smaller_gru_is_clamped_not_refused():
    wide = presets.random_gru(3, 8).with_setting("memory", unit=7)
    narrow = presets.random_gru(3, 4).with_changes(pages=wide.pages)
    at = open_app("pages/memory_page.py", query=to_url(narrow))
    assert widget(at, "memory_unit").value == 3 and "unit 3" in text(at)


def test_the_stacked_pages_pytorch_example_is_in_the_link():
    state = presets.random_gru(3, 4).with_setting("stacked", example=True)
    at = open_app("pages/stacked_page.py", query=to_url(state))
    assert "pytorch_gru_2layer_bidir.safetensors" in text(at)
    next(b for b in at.button if b.label == "Back to the model built here").click().run()
    assert not app_state(at).pages.stacked.example
    assert not from_url(at.query_params["s"]).pages.stacked.example


def test_a_link_from_the_load_page_opens_the_shipped_examples_summary_but_never_an_uploads():
    from gru_viz import read_weights
    from lessons.explore import state_for_cell
    from tests.helpers import ROOT

    model = read_weights((ROOT / "examples" / "pytorch_gru_2layer_bidir.safetensors").read_bytes()).model
    label = "pytorch_gru_2layer_bidir.safetensors (layer 1, backward)"
    opened = state_for_cell(model, presets.random_gru(3, 4), 1, 1, label)
    at = open_app("pages/load_page.py", query=to_url(opened))
    assert any("Found in pytorch" in h.value for h in at.subheader)
    # The same name on other weights: an upload named like the example shows no summary of it.
    other = opened.with_changes(W_hh=[[0.0] * opened.hidden_size] * (3 * opened.hidden_size))
    at = open_app("pages/load_page.py", query=to_url(other))
    assert not any("Found in" in h.value for h in at.subheader)
