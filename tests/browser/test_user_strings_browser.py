"""A user's string is shown as itself: a link's example label and a typed text reach Markdown, and
neither may make a link, fetch an image, run KaTeX, open a dialog or paint outside its element."""

import pytest

from lessons import presets
from lessons.state import to_url
from lessons.text import JOINER
from tests.browser.offline import refused
from tests.helpers import screenshot

PAYLOADS = [
    "[Click for the answers](https://evil.example/phish)",
    "![x](http://127.0.0.9:9/track.png)",
    r"$\color{red}\rule{1400px}{900px}$",
    "<img src=x onerror=alert(1)>",
    "unbalanced ` back`ticks and ** stars *",
    "www.evil.example and :red[red] :material/home:",
]


def watched(page):
    """Record every dialog; `elsewhere` is the live list of requests for other hosts that the
    page_at fixture refuses (tests/browser/offline.py)."""
    seen = {"dialogs": [], "elsewhere": refused(page)}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return seen


def assert_shown_as_itself(page, element, payload, seen):
    element.wait_for(timeout=30_000)
    shown = " ".join(element.inner_text().replace(JOINER, "").split())  # the joiner draws nothing
    assert " ".join(payload.split()) in shown
    assert element.locator("a:not([href^='#']), img, .katex").count() == 0  # a heading's own anchor is '#...'
    box, width = element.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] < 200
    assert seen == {"dialogs": [], "elsewhere": []}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_links_example_label_shows_literally_in_the_heading(app_url, page_at, payload):
    page = page_at(1440, 900)
    seen = watched(page)
    state = presets.two_speeds().with_changes(example=payload)
    page.goto(f"{app_url}/?s={to_url(state)}")
    heading = page.locator('[data-testid="stHeading"]').filter(has_text="The current example").first
    assert_shown_as_itself(page, heading, payload, seen)
    page.wait_for_timeout(500)  # an image or a script would have been asked for by now
    assert seen == {"dialogs": [], "elsewhere": []}


def test_a_typed_text_shows_literally_on_the_sequence_page(app_url, page_at):
    payload = "Hi [Login to see grades](https://evil.example/login) `x` $y$"
    page = page_at(1440, 900)
    seen = watched(page)
    state = presets.two_speeds().with_changes(text=payload, split="words")
    page.goto(f"{app_url}/sequence?s={to_url(state)}")
    line = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="read as words").first
    assert_shown_as_itself(page, line, payload, seen)
    screenshot(page, "user_text_sequence")
