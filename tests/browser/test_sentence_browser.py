"""A whole model in a real browser: a Keras sentiment model and a PyTorch next-token module are each
uploaded with their vocabulary, a sentence is typed, and the prediction and every layer's gates show
(tests/reference/make_models.py made them, and the frameworks' predictions)."""

import numpy as np

from tests.browser.driving import open_page, settle, wait_drawn
from tests.browser.test_load_browser import upload
from tests.helpers import ROOT, screenshot

MODELS = ROOT / "tests" / "reference" / "models"


def type_sentence(page, model, vocabulary, sentence):
    upload(page, MODELS / model)
    page.get_by_text("Try it on a sentence").wait_for(timeout=20_000)
    uploaders = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stFileUploaderDropzoneInput"]')
    uploaders.nth(1).set_input_files(str(MODELS / vocabulary))  # the weights' uploader, then the vocabulary's
    settle(page)
    box = page.locator('[data-testid="stTextInput"] input').first
    box.wait_for(timeout=20_000)
    box.fill(sentence)
    box.press("Enter")
    settle(page)
    # The prediction's bars drawn (not the notes' words: they say "after the whole sentence" too).
    page.wait_for_function("() => document.querySelectorAll('.gv-figure .barlayer .bartext').length > 0",
                           timeout=30_000)
    wait_drawn(page)


def show_all(page):
    """Scroll every figure into view, so that those far below draw (static/figure/nearby.js)."""
    figures = page.locator(".gv-figure")
    for k in range(figures.count()):
        figures.nth(k).scroll_into_view_if_needed()
        page.wait_for_timeout(150)
    wait_drawn(page)


def bar_values(page):
    """The numbers written beside the prediction's bars, as the page draws them."""
    texts = page.evaluate("""() => [...document.querySelectorAll('.gv-figure .barlayer .bartext')]
                                     .map((t) => t.textContent)""")
    return [float(t) for t in texts]


def test_a_keras_sentiment_model_shows_kerass_prediction_and_its_gates(app_url, page_at):
    page = page_at(1280, 900)
    open_page(page, f"{app_url}/load", "Load a model")
    ref = np.load(MODELS / "keras_sentiment.npz")
    type_sentence(page, "keras_sentiment.keras", "keras_sentiment_vocab.txt", str(ref["sentence"]))
    shown = sorted(bar_values(page), reverse=True)
    np.testing.assert_allclose(shown, np.sort(ref["prediction"])[::-1], atol=5e-4)  # written to 3 decimals
    show_all(page)
    for title in ("layer 0, GRU, forward", "layer 0, GRU, backward", "layer 1, GRU"):
        assert page.get_by_text(title, exact=True).count() == 1
    screenshot(page, "sentence_keras")
    page.get_by_text("Try it on a sentence").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "sentence_keras_top")


def test_a_torch_next_token_module_names_unknown_words_and_the_next_token(app_url, page_at):
    page = page_at(1280, 900)
    open_page(page, f"{app_url}/load", "Load a model")
    type_sentence(page, "torch_next_token.safetensors", "torch_next_token_vocab.json", "the film was splendid")
    page.get_by_text("Not in the vocabulary: splendid").wait_for(timeout=20_000)
    page.locator(".gv-figure").get_by_text("The next token").first.wait_for(timeout=20_000)
    assert len(bar_values(page)) == 5
    show_all(page)
    assert page.get_by_text("layer 1, LSTM", exact=True).count() == 1
    screenshot(page, "sentence_torch")
