"""Loading weights in a real browser: a real file becomes the explored model; a hostile one bounces."""

import pickle

from tests.browser.driving import open_page, settle, state_of
from tests.helpers import ROOT, screenshot


def upload(page, path):
    dropzone = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stFileUploaderDropzoneInput"]')
    dropzone.set_input_files(str(path))  # a new file replaces the previous one
    settle(page)


def test_upload_a_real_file_then_a_hostile_one(app_url, page_at, tmp_path):
    page = page_at()
    open_page(page, f"{app_url}/load", "Load a model")
    upload(page, ROOT / "examples" / "pytorch_gru.safetensors")
    page.get_by_text("Found in pytorch_gru.safetensors").wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.length > 0")
    state = state_of(page)
    assert state.reset == "after" and state.z_convention == "keeps_old" and state.hidden_size == 4
    screenshot(page, "load_pytorch_gru")

    hostile = tmp_path / "model.pt"
    hostile.write_bytes(pickle.dumps({"weight_ih_l0": 1}))
    upload(page, hostile)
    page.get_by_text("model.pt was not loaded").wait_for(timeout=20_000)
    assert state_of(page) == state  # the PyTorch model is still the one explored
    screenshot(page, "load_refused_pickle")

    page.locator('[data-testid="stSidebarNav"]').get_by_text("One step of the cell").click()
    page.get_by_role("heading", name="One step of the cell").wait_for(timeout=20_000)
    settle(page)
    page.get_by_text("Convention: z keeps the old state").wait_for(timeout=20_000)
    assert page.get_by_text("reset after").count() >= 1
