"""Every lesson control is part of the one state: checked like the rest, carried by JSON and links."""

import json
from dataclasses import fields

import pytest

from lessons import presets
from lessons.page_settings import PAGE_NAMES, Pages, max_gradient_steps
from lessons.state import StateError, from_json, from_url, to_json, to_url


@pytest.fixture
def state():
    return presets.EXAMPLES["Write once, carry"]()


def other_value(spec):
    """A value of a setting other than its default, taken from its own table (choices or range)."""
    if "choices" in spec.metadata:
        return next(option for option in spec.metadata["choices"] if option != spec.default)
    low, high = spec.metadata["range"]
    return high if spec.default != high else low


def every_setting():
    for page in fields(Pages):
        for spec in fields(page.default_factory):
            yield pytest.param(page.name, spec, id=f"{page.name}.{spec.name}")


@pytest.mark.parametrize(("page", "spec"), list(every_setting()))
def test_every_setting_survives_a_link_and_a_json_file(state, page, spec):
    name, value = spec.name, other_value(spec)
    if spec.metadata.get("unit"):
        value = state.hidden_size - 1  # a unit the GRU has
    if (page, name) == ("gradients", "back"):
        value = 50  # a point within the default length
    changed = state.with_setting(page, **{name: value})
    assert getattr(getattr(changed.pages, page), name) == value
    assert getattr(getattr(changed.pages, page), name) != getattr(getattr(state.pages, page), name)
    assert from_url(to_url(changed)) == changed
    assert from_json(to_json(changed)) == changed


@pytest.mark.parametrize(
    ("page", "changes", "words"),
    [
        ("gradients", {"steps": 4000}, "between 10 and 400"),
        ("gradients", {"steps": 10.5}, "whole number"),
        ("gradients", {"scale": float("nan")}, "finite"),
        ("gradients", {"gru": "<script>"}, "must be one of"),
        ("stacked", {"layers": 4}, "must be one of 1, 2, 3"),
        ("stacked", {"bidirectional": 1}, "must be one of False, True"),
        ("train", {"task": "chess"}, "must be one of"),
        ("train", {"hidden": True}, "must be one of 4, 8, 16"),
        ("memory", {"push": "8"}, "must be a number"),
    ],
)
def test_a_setting_outside_its_table_is_refused_in_the_apps_words(state, page, changes, words):
    with pytest.raises(StateError, match=words) as refused:
        state.with_setting(page, **changes)
    assert "<script>" not in str(refused.value)


def test_a_json_file_naming_an_unknown_page_or_setting_is_refused_without_quoting_it(state):
    data = json.loads(to_json(state))
    for pages in ({"[evil](https://x.example)": {}}, {"cell": {"[evil](https://x.example)": 1}}, {"cell": 3}, [1]):
        data["pages"] = pages
        with pytest.raises(StateError) as refused:
            from_json(json.dumps(data))
        assert "evil" not in str(refused.value)


def test_a_file_from_before_the_page_settings_opens_with_every_default(state):
    data = json.loads(to_json(state))
    del data["pages"]
    assert from_json(json.dumps(data)).pages == Pages()


def test_units_follow_the_gru_when_it_shrinks_and_the_gradient_length_its_work_limit():
    wide = presets.random_gru(hidden_size=4)
    for page in ("cell", "memory", "gru_vs_lstm"):
        wide = wide.with_setting(page, unit=3)
    narrow = presets.random_gru(hidden_size=2).with_changes(pages=wide.pages)
    assert narrow.pages.memory.unit == narrow.pages.gru_vs_lstm.unit == narrow.pages.cell.unit == 1

    long = presets.random_gru(hidden_size=4).with_setting("gradients", steps=400, back=399)
    assert (long.pages.gradients.steps, long.pages.gradients.back) == (400, 399)
    sixteen = presets.random_gru(hidden_size=16).with_changes(pages=long.pages)
    assert sixteen.pages.gradients.steps == max_gradient_steps(16) == 400
    shorter = long.with_setting("gradients", steps=50)
    assert shorter.pages.gradients.back == 49  # a reading point past the end moves to the first state


def test_a_new_training_task_keeps_at_least_its_own_shortest_length():
    state = presets.random_gru().with_setting("train", task="recall", length=1)
    assert state.with_setting("train", task="parity").pages.train.length == 2


def test_every_page_with_controls_has_settings():
    assert set(PAGE_NAMES) == {"cell", "memory", "gradients", "stacked", "gru_vs_lstm", "train", "compare"}
