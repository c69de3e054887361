"""The first visits to a freshly started server, in chromium, watched from before the first paint.

A folder named pages/ beside the main script is Streamlit's legacy multipage layout until
st.navigation has run once in the server's process: a sidebar listing the files' names ("cell
page", "home page", "app"), and a visit to /cell that runs a file of pages/ alone or says "Page not
found". app.py ends that layout when the server starts (app.without_legacy_pages). The layout is
per process, so every test here starts its own server and is its first visitor.

A script installed before the page's own records every label the sidebar's navigation ever shows
(a MutationObserver sees each change before it can be painted) and every dialog.
"""

import pathlib
import re

import pytest

from tests.helpers import ARTIFACTS, screenshot
from tests.servers import serving

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))
# What the legacy layout would list: the main script and every file of pages/, by name.
FILE_NAMES = {"app"} | {f.stem.replace("_", " ") for f in PAGE_FILES} | {f.stem for f in PAGE_FILES}

WATCH = """
window.seen = {labels: [], dialogs: []};
const look = () => {
  for (const link of document.querySelectorAll('[data-testid="stSidebarNav"] a')) {
    const text = (link.querySelector('[data-testid="stMarkdownContainer"]') || link).innerText.trim();
    if (!window.seen.labels.includes(text)) window.seen.labels.push(text);
  }
  for (const dialog of document.querySelectorAll('[role="dialog"]')) {
    const text = dialog.innerText.trim();
    if (!window.seen.dialogs.includes(text)) window.seen.dialogs.push(text);
  }
};
new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true});
const frames = () => { look(); if (performance.now() < 15000) requestAnimationFrame(frames); };
requestAnimationFrame(frames);
"""
NAV_LABELS = "() => [...document.querySelectorAll('[data-testid=\"stSidebarNavLink\"]')].map(a => a.innerText)"
CURRENT = '[data-testid="stSidebarNavLink"][aria-current="page"]'


def first_visit(page_at, url, name):
    """Open `url` in a new browser session watched from before its first paint; what it shows at
    once is saved as first_load_<name>_0_opened.png."""
    page = page_at(1440, 900)
    page.add_init_script(WATCH)
    page.goto(url)
    early_screenshot(page, f"first_load_{name}_0_opened")
    return page


def early_screenshot(page, name):
    """The viewport as it is now (a full-page screenshot would wait for the page to settle)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), timeout=90_000)


def wait_routed(page, title):
    """Wait until the lesson `title` is drawn with the router's sidebar: its navigation (sections,
    the current page marked) and its shared controls."""
    page.locator(CURRENT).filter(has_text=title).wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebar"] .st-key-z_choice').wait_for(timeout=60_000)


def assert_never_listed_files(page):
    seen = page.evaluate("window.seen")
    assert seen["labels"], "the sidebar's navigation was never seen"
    assert not set(seen["labels"]) & FILE_NAMES, f"the sidebar listed file names: {seen['labels']}"
    assert seen["dialogs"] == [], seen["dialogs"]


def assert_routed_from_the_first_paint(page, url, url_path, title, heading, name):
    """The first visit shows the router's sidebar and the page asked for, never the file names."""
    page.locator('[data-testid="stSidebar"]').wait_for(timeout=60_000)
    early_screenshot(page, f"first_load_{name}_1_sidebar")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    wait_routed(page, title)
    assert page.url.split("?")[0] == f"{url}/{url_path}"  # still the address asked for
    labels = page.evaluate(NAV_LABELS)
    assert len(labels) == len(PAGE_FILES) and any(title in label for label in labels), labels
    sections = page.locator('[data-testid="stNavSectionHeader"]').all_inner_texts()
    assert sections == ["Explore", "Lessons", "Training"]
    assert_never_listed_files(page)
    screenshot(page, f"first_load_{name}_2_drawn")


# /cell is the class's test below: its first session is the first visit to /cell.
@pytest.mark.parametrize(
    "url_path, title, heading",
    [
        ("", "Welcome", "GRU Gate Explorer"),
        ("sequence", "Over the whole sequence", "Over the whole sequence"),
        ("gradients", "Why gates help gradients", "Why gates help gradients"),
    ],
)
def test_first_visit_to_a_fresh_server_gets_the_router_from_the_first_paint(page_at, url_path, title, heading):
    with serving(ROOT / "app.py") as url:
        name = url_path or "home"
        page = first_visit(page_at, f"{url}/{url_path}", name)
        assert_routed_from_the_first_paint(page, url, url_path, title, heading, name)


def test_a_class_opening_the_link_together_all_get_the_router(page_at):
    """Three sessions open /cell on a fresh server, each before the one before it is drawn; the
    first is the server's first visitor to /cell."""
    with serving(ROOT / "app.py") as url:
        pages = [first_visit(page_at, f"{url}/cell", f"cell_class_{i}") for i in range(3)]
        for i, page in enumerate(pages):
            title = "One step of the cell"
            assert_routed_from_the_first_paint(page, url, "cell", title, title, f"cell_class_{i}")


def test_no_page_file_is_named_like_a_url_path():
    """AppTest starts every run in the legacy layout, which runs a file of pages/ alone (no router,
    no shared sidebar) when its name, as Streamlit reads it, is the url path asked for."""
    url_paths = set(re.findall(r'url_path="([^"]+)"', (ROOT / "app.py").read_text()))
    assert len(url_paths) == len(PAGE_FILES)  # every page names its url path, the home page too
    legacy_names = {re.sub(r"^[0-9]*[_ -]*", "", f.stem) for f in PAGE_FILES}  # Streamlit's page_icon_and_name
    assert not legacy_names & url_paths
