"""A weight file's own strings are shown as themselves on the load page: the file's name, its tensor
names (the "ignored keys" note), Keras layer names and the keras_version metadata, in the heading,
the notes and the refusal message. None may make a link, fetch an image, run KaTeX, open a dialog,
reach another host or paint outside its element; a plain file name stays findable by its text."""

import io
import json
import time
import zipfile

import h5py
import numpy as np
from safetensors import safe_open
from safetensors.numpy import save

from gru_viz.weights.errors import shown
from tests.browser.driving import open_page, settle
from tests.browser.test_user_strings_browser import JOINER, watched
from tests.helpers import ROOT, screenshot

EXAMPLES = ROOT / "examples"
PAYLOADS = [
    "[Click](https://evil.example/phish)",
    "![x](http://127.0.0.9:9/track.png)",
    r"$\color{red}\rule{1400px}{900px}$",
    "<img src=x onerror=alert(1)>",
    "unbalanced ` back`ticks and ** stars * _",
    "www.evil.example :red[red] :material/home:",
    "y" * 10_000,
]
H5_SAFE = [p for p in PAYLOADS if "/" not in p]  # HDF5 reads '/' in a name as a path
# Streamlit's upload request refuses (HTTP 400) a file name of a few thousand characters before the
# page sees it, so file names are cut to this; tensor, layer and version strings go in whole.
NAME_MAX = 1000


def as_shown(text, limit):
    """What lessons.text.literal lets the reader see: white space folded, cut to `limit` with '…'."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pytorch_file(extra_names=(), keep_gru=True):
    """The shipped PyTorch GRU (with its gru_viz metadata), plus one small tensor per extra name."""
    path = EXAMPLES / "pytorch_gru.safetensors"
    with safe_open(str(path), framework="numpy") as f:
        tensors = {k: f.get_tensor(k) for k in f.keys()} if keep_gru else {}
        metadata = f.metadata()
    tensors.update({name: np.zeros(2, np.float32) for name in extra_names})
    return save(tensors, metadata=metadata if keep_gru else None)


def keras_file(version):
    """The shipped Keras GRU as a .keras archive whose metadata.json gives `version` as keras_version."""
    packed = io.BytesIO()
    with zipfile.ZipFile(EXAMPLES / "keras_gru_reset_after.keras") as source, zipfile.ZipFile(packed, "w") as out:
        for member in source.namelist():
            data = source.read(member)
            if member == "metadata.json":
                data = json.dumps({**json.loads(data), "keras_version": version}).encode()
            out.writestr(member, data)
    return packed.getvalue()


def weights_h5_file(layer_names):
    """The shipped Keras GRU's .weights.h5, plus a non-recurrent layer with weights per name."""
    with zipfile.ZipFile(EXAMPLES / "keras_gru_reset_after.keras") as source:
        data = source.read("model.weights.h5")
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "r+") as f:
        for name in layer_names:
            f.create_dataset(f"layers/{name}/vars/0", data=np.zeros(2))
    return buffer.getvalue()


def upload(page, name, data):
    page.locator('[data-testid="stMainBlockContainer"] [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    settle(page)


def shown_text(element):
    return " ".join(element.inner_text().replace(JOINER, "").split())  # the joiner draws nothing


def assert_literal(page, element, expected, seen, timeout=30):
    """`element` shows `expected` as plain text (once the upload's rerun has drawn it), draws no link,
    image or KaTeX and stays inside the page."""
    element.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while expected not in shown_text(element) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert expected in shown_text(element), (expected[:100], shown_text(element)[:300])
    assert element.locator("a:not([href^='#']), img, .katex, code").count() == 0  # a heading's anchor is '#'
    box, width = element.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] < 300, box
    assert seen == {"dialogs": [], "elsewhere": []}


def heading(page):
    return page.locator('[data-testid="stHeading"]').filter(has_text="Found in").first


def caption(page, words):
    """The caption holding `words` (plain words: the DOM holds joiners around dots and colons)."""
    return page.locator('[data-testid="stCaptionContainer"]').filter(has_text=words).first


def test_a_file_name_and_its_tensor_names_show_literally(app_url, page_at):
    page = page_at(1440, 900)
    seen = watched(page)
    open_page(page, f"{app_url}/load", "Load a model")
    upload(page, "pytorch_gru.safetensors", pytorch_file())
    page.get_by_text("Found in pytorch_gru.safetensors").wait_for(timeout=20_000)  # no invisible character
    for payload in PAYLOADS:
        upload(page, payload[:NAME_MAX] + ".safetensors", pytorch_file([payload]))
        name = as_shown(payload[:NAME_MAX] + ".safetensors", 80)
        assert_literal(page, heading(page), f"Found in {name}", seen)
        notes = caption(page, "ignored 1 key")
        assert_literal(page, notes, f"ignored 1 key(s) that are not the recurrent layer's: {shown(payload)}", seen)
    notes.scroll_into_view_if_needed()
    screenshot(page, "load_hostile_tensor_names")
    upload(page, "z" * 10_000 + ".safetensors", pytorch_file())  # refused by the widget, harmlessly
    assert_literal(page, heading(page), f"Found in {name}", seen)
    page.wait_for_timeout(500)  # an image or a script would have been asked for by now
    assert seen == {"dialogs": [], "elsewhere": []}


def test_a_refusal_quotes_the_files_names_literally(app_url, page_at):
    page = page_at(1440, 900)
    seen = watched(page)
    open_page(page, f"{app_url}/load", "Load a model")
    for payload in PAYLOADS:
        upload(page, payload[:NAME_MAX], pytorch_file([payload], keep_gru=False))
        error = page.locator('[data-testid="stAlertContentError"]').filter(has_text="was not loaded").first
        assert_literal(page, error, f"{as_shown(payload[:NAME_MAX], 80)} was not loaded: no recurrent weights found "
                       f"(keys: {shown(payload)})", seen)
    screenshot(page, "load_hostile_refusal")
    assert seen == {"dialogs": [], "elsewhere": []}


def test_keras_layer_names_and_version_show_literally(app_url, page_at):
    page = page_at(1440, 900)
    seen = watched(page)
    open_page(page, f"{app_url}/load", "Load a model")
    for i, payload in enumerate(PAYLOADS):
        upload(page, f"model-{i}.keras", keras_file(payload))  # a new name: the page reads each upload once
        version = f"Keras {as_shown(payload[:20], 80)} file"
        assert_literal(page, caption(page, "read from config"), version, seen)
    upload(page, "model.weights.h5", weights_h5_file(H5_SAFE))
    listed = ", ".join(shown(n) for n in sorted(H5_SAFE)[:8])
    notes = caption(page, "ignored layers")
    assert_literal(page, notes, f"ignored layers that are not recurrent: {' '.join(listed.split())}", seen)
    notes.scroll_into_view_if_needed()
    screenshot(page, "load_hostile_keras_names")
    assert seen == {"dialogs": [], "elsewhere": []}
