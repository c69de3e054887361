"""A shared link from any page, with a control moved, opens exactly that view in a fresh browser.

For every page: move one non-default control the way a learner does (click, key press, typing),
copy the address bar, open it in a new browser context (its own session, nothing shared), and
check that the control shows the moved value there and that the state is the same.
"""


import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.driving import open_page, settle, state_of, wait_for_state
from tests.helpers import screenshot


def widget(page, testid, label):
    """The Streamlit widget of this kind whose label is `label` (sidebar or main)."""
    return page.locator(f'[data-testid="{testid}"]').filter(has=page.get_by_text(label, exact=True)).first


def pick_radio(label, option):
    def act(page):
        widget(page, "stRadio", label).get_by_text(option, exact=True).click()

    def shown(page):
        return widget(page, "stRadio", label).get_by_role("radio", name=option).is_checked()

    return act, shown


def pick_select(label, option):
    def act(page):
        widget(page, "stSelectbox", label).click()
        page.get_by_role("option", name=option, exact=True).click()

    def shown(page):
        return widget(page, "stSelectbox", label).get_by_role("combobox").input_value() == option

    return act, shown


def pick_live_select(label, value):
    """A native <select> of the live view (static/live/editor.js); its change is sent at once."""
    def act(page):
        page.get_by_role("combobox", name=label).select_option(value)
        page.wait_for_function(  # the change reaches the link after its round trip
            "(v) => new URLSearchParams(location.search).get('s') !== v", arg=page.evaluate(
                "() => new URLSearchParams(location.search).get('s')"), timeout=20_000, polling=100)

    def shown(page):
        return page.get_by_role("combobox", name=label).input_value() == value

    return act, shown


def press_slider(label, key, times, value):
    def act(page):
        thumb = widget(page, "stSlider", label).get_by_role("slider")
        thumb.focus()
        for _ in range(times):
            thumb.press(key)

    def shown(page):
        thumb = widget(page, "stSlider", label).locator('[data-testid="stSliderThumbValue"]')
        return float(thumb.inner_text()) == value

    return act, shown


def type_number(tab, label, value):
    def act(page):
        page.get_by_role("tab", name=tab).click()
        box = widget(page, "stNumberInput", label).locator("input")
        box.fill(str(value))
        box.press("Enter")

    def shown(page):
        page.get_by_role("tab", name=tab).click()
        return widget(page, "stNumberInput", label).locator("input").input_value() == str(value)

    return act, shown


def toggle(label):
    def act(page):
        widget(page, "stCheckbox", label).get_by_text(label, exact=True).click()

    def shown(page):
        return widget(page, "stCheckbox", label).get_by_role("checkbox").is_checked()

    return act, shown


def open_example(name):
    def act(page):
        pick_select("Or an example", name)[0](page)
        page.get_by_role("button", name="Open the example").click()

    def shown(page):
        # The summary is drawn by the rerun after the button's callback: wait for it, not one look.
        found = page.get_by_role("heading", name=f"Found in {name}")
        try:
            found.wait_for(timeout=20_000)
        except PlaywrightTimeout:
            return False
        return found.is_visible()

    return act, shown


# (url path, heading, how a learner moves one control and how the view shows it, what the state then holds)
PAGES = [
    ("", "GRU Gate Explorer", pick_select("Example", "Reset wipes the past"),
     lambda s: s.example == "Reset wipes the past"),
    ("cell", "One step of the cell", pick_live_select("Unit to follow", "1"), lambda s: s.pages.cell.unit == 1),
    ("sequence", "Over the whole sequence", pick_radio("Update gate convention", "z keeps the old state"),
     lambda s: s.z_convention == "keeps_old"),
    ("edit", "Inputs and weights", type_number("Weights", "hidden units", 6), lambda s: s.hidden_size == 6),
    ("load", "Load a model", open_example("pytorch_gru.safetensors"),
     lambda s: s.example == "pytorch_gru.safetensors"),
    ("conventions", "The convention trap", pick_radio("Reset gate applied", "after W_hn (PyTorch, Keras)"),
     lambda s: s.reset == "after"),
    ("memory", "Memory and reset", press_slider("Make this unit keep more (+) or less (−)", "Home", 1, -8),
     lambda s: s.pages.memory.push == -8.0),
    ("gradients", "Why gates help gradients", press_slider("Sequence length T", "End", 1, 400),
     lambda s: s.pages.gradients.steps == 400),
    ("gru_vs_lstm", "GRU versus LSTM", pick_select("Unit shown in the diagrams", "unit 1"),
     lambda s: s.pages.gru_vs_lstm.unit == 1),
    ("stacked", "Stacked and bidirectional", pick_radio("Layers", "3"), lambda s: s.pages.stacked.layers == 3),
    ("train", "Train a network", pick_radio("Model", "LSTM"), lambda s: s.pages.train.model == "LSTM"),
    ("compare", "GRU, LSTM and RNN side by side", pick_radio("The keeping gate starts", "neutral (PyTorch's init)"),
     lambda s: s.pages.compare.keep_bias == 0.0),
]


@pytest.mark.parametrize(("path", "heading", "control", "holds"), PAGES, ids=[p[0] or "home" for p in PAGES])
def test_a_link_from_every_page_opens_the_same_view_in_a_fresh_browser(app_url, page_at, path, heading, control,
                                                                       holds):
    act, shown = control
    teacher = page_at(1440, 900)
    open_page(teacher, f"{app_url}/{path}", heading)
    act(teacher)
    settle(teacher)
    assert shown(teacher), "the control did not move"
    assert holds(wait_for_state(teacher, holds, 15)), "the link did not take the moved control"
    link = teacher.url

    student = page_at(1440, 900)  # a new context: its own session
    open_page(student, link, heading)
    assert student.url.split("?")[0] == link.split("?")[0]
    assert shown(student), f"the link from /{path} did not restore the moved control"
    assert state_of(student) == state_of(teacher)
    screenshot(student, f"link_restores_{path or 'home'}")
