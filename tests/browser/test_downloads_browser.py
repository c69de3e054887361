"""Every download button in chromium, three times in a row between other interactions: each file
holds what the page shows at the moment of the click (ui/downloads.py says why this failed)."""

import csv
import io

import numpy as np

from gru_viz.weights import model_arrays, read_weights
from lessons.explore import run_state, stored_model
from lessons.export import trace_csv
from lessons.state import from_json
from tests.browser.driving import click_main_button, open_page, settle, state_of, wait_for_state


def same_model(loaded, model):
    """The same class, sizes and conventions (its repr) and the same arrays, to the bit."""
    mine, theirs = model_arrays(loaded), model_arrays(model)
    return repr(loaded) == repr(model) and mine.keys() == theirs.keys() and all(
        np.array_equal(mine[k], theirs[k]) for k in mine
    )


def sidebar_button(page, name):
    return page.locator('[data-testid="stSidebar"]').get_by_role("button", name=name)


def download(page, button):
    """Click `button`; returns the downloaded file's bytes and its suggested name."""
    with page.expect_download(timeout=30_000) as pending:
        button.click()
    with open(pending.value.path(), "rb") as file:
        return file.read(), pending.value.suggested_filename


def check_sidebar_downloads(page):
    """The JSON is the state in the address bar; the CSV is that state's trace, every step."""
    shown = state_of(page)
    data, name = download(page, sidebar_button(page, "Download this state (JSON)"))
    assert name == "gru-state.json"
    assert from_json(data) == shown
    data, name = download(page, sidebar_button(page, "Download the trace (CSV)"))
    text = data.decode("utf-8")
    assert text == trace_csv(run_state(shown).cells[0][0], shown.tokens())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == shown.steps * shown.hidden_size
    assert name.endswith(".csv") and shown.z_convention in name


def test_the_state_and_trace_downloads_hold_the_state_shown_after_steps_and_switches(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.locator('[data-testid="stSidebar"]').get_by_text("Share and save").click()
    settle(page)
    for round_ in range(3):
        before = state_of(page).step
        click_main_button(page, "next")  # the cell page steps in a fragment: the sidebar stays as it was
        assert wait_for_state(page, lambda s, t=before + 1: s.step == t).step == before + 1
        check_sidebar_downloads(page)
        if round_ == 1:  # and once after switching the convention (a full rerun)
            current = state_of(page).z_convention
            choice = "z keeps the old state" if current == "takes_new" else "z takes the new"
            page.locator('[data-testid="stSidebar"]').get_by_text(choice).click()
            wait_for_state(page, lambda s, c=current: s.z_convention != c)
            check_sidebar_downloads(page)


def test_the_model_downloads_on_the_load_page_hold_the_model_shown(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/load", "Load a model")
    for round_ in range(3):
        current = state_of(page).z_convention
        choice = "z keeps the old state" if current == "takes_new" else "z takes the new"
        page.locator('[data-testid="stSidebar"]').get_by_text(choice).click()
        shown = wait_for_state(page, lambda s, c=current: s.z_convention != c)
        model = stored_model(shown).with_z_convention(shown.z_convention)
        for label, fmt in (("Download .safetensors", "safetensors"), ("Download .npz", "npz")):
            data, name = download(page, page.get_by_role("button", name=label))
            assert name == f"gru.{fmt}"
            assert same_model(read_weights(data).model, model), (round_, fmt)
