"""A model of 512 units in a real browser: a PyTorch module's state_dict (an nn.Embedding, an
nn.GRU of 512 units, an nn.Linear) and its vocabulary are uploaded, a paragraph is typed, and the
layer's gates draw whole; then its units are sorted by memory, cut to the first 16, and followed."""

import re

from safetensors.numpy import save_file

from tests.app.test_real_sizes import WORDS, H, big_model
from tests.browser.driving import open_page, settle, wait_drawn
from tests.browser.test_load_browser import upload
from tests.helpers import screenshot


def choose(page, label, option):
    """Pick `option` in the selectbox labelled `label`."""
    box = page.locator(f'[data-testid="stSelectbox"]:has-text("{label}")').first
    box.scroll_into_view_if_needed()
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)
    wait_drawn(page)


def heatmap_rows(page, title):
    """The units (rows) of the first panel of the heatmaps titled `title`, once Plotly has drawn it
    (scrolled to: a figure far below the screen waits to draw)."""
    # Each .gv-figure is the plot itself; the theme bolds titles.
    find = """(title) => [...document.querySelectorAll('.gv-figure')]
        .find((p) => p.layout && (p.layout.title?.text || '').replace(/<[^>]+>/g, '') === title)"""
    for k in range(page.locator(".gv-figure").count()):
        page.locator(".gv-figure").nth(k).scroll_into_view_if_needed()
        if page.evaluate(f"(title) => Boolean(({find})(title))", title):
            break
    page.wait_for_function(f"(title) => Boolean(({find})(title))", arg=title, timeout=30_000)
    return page.evaluate(f"(title) => ({find})(title)._fullData[0].z.length", title)  # z: (units, T)


def test_a_512_unit_gru_draws_whole_then_sorted_cut_and_followed(app_url, page_at, tmp_path):
    arrays, words = big_model()
    model, vocabulary = tmp_path / "big_gru.safetensors", tmp_path / "big_vocab.json"
    save_file(arrays, model)
    vocabulary.write_text(words)

    page = page_at(1280, 900)
    open_page(page, f"{app_url}/load", "Load a model")
    upload(page, model)
    page.get_by_text("Try it on a sentence").wait_for(timeout=20_000)
    uploaders = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stFileUploaderDropzoneInput"]')
    uploaders.nth(1).set_input_files(str(vocabulary))
    settle(page)
    box = page.locator('[data-testid="stTextInput"] input').first
    box.wait_for(timeout=20_000)
    box.fill(" ".join(WORDS[(7 * k) % len(WORDS)] for k in range(200)))
    box.press("Enter")
    settle(page)
    page.wait_for_function("() => document.querySelectorAll('.gv-figure .barlayer .bartext').length > 0",
                           timeout=30_000)
    assert heatmap_rows(page, "layer 0, GRU") == H  # every unit, no cut to 16
    wait_drawn(page)
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")  # nothing spills
    screenshot(page, "real_size_all_units")

    choose(page, "layer 0, GRU: order the units by", "memory: mean z, highest first")
    choose(page, "Units shown", "the first 16 in this order")
    assert heatmap_rows(page, "layer 0, GRU: the first 16 of 512 units, by memory") == 16
    page.locator('[data-testid="stSelectbox"]:has-text("order the units by")').first.scroll_into_view_if_needed()
    wait_drawn(page)
    screenshot(page, "real_size_controls")
    page.get_by_text("Following the first 3 units in this order").wait_for(timeout=20_000)
    lines = page.locator(".gv-figure").last
    lines.scroll_into_view_if_needed()
    page.wait_for_function("""() => { const p = [...document.querySelectorAll('.gv-figure')].pop();
                                      return p.data && p.data.length === 9; }""", timeout=30_000)  # 3 units, 3 panels
    wait_drawn(page)
    screenshot(page, "real_size_sorted_followed")
    page.get_by_text("lands between").first.evaluate("e => e.scrollIntoView({block: 'start'})")  # each unit's step
    page.wait_for_timeout(200)
    assert page.get_by_text(re.compile(r"^Unit \d+ keeps \d+% of its old value")).count() == 3
    screenshot(page, "real_size_followed_step")

    expander = page.get_by_text("layer 0, GRU: edit a followed unit's weights")  # the first followed unit's rows
    expander.click()
    table = page.locator('[data-testid="stDataFrame"]').last
    table.wait_for(timeout=20_000)
    table.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    screenshot(page, "real_size_unit_table")
