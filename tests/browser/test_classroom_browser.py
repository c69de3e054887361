"""Classroom features in a real browser: presentation mode at projector size, the keyboard alone,
play and pause, a PNG download, and predict-then-reveal. (Every control's accessible name:
test_lessons_browser.py's tour, on the pages it opens anyway.)"""

from tests.browser.driving import link_step, open_page, settle, shown_step, state_of
from tests.helpers import screenshot

# The focused element's text, inside shadow roots too (the live view renders in one).
FOCUSED = """() => {
  let focused = document.activeElement;
  while (focused && focused.shadowRoot && focused.shadowRoot.activeElement) focused = focused.shadowRoot.activeElement;
  return (focused && focused.innerText) || "";
}"""


def step_of(page):
    return state_of(page).step


def test_presentation_mode_at_projector_size_steps_on_the_arrow_keys(app_url, page_at):
    page = page_at(1280, 720)
    open_page(page, f"{app_url}/sequence?present=1", "Over the whole sequence")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # no editing controls
    assert page.get_by_role("button", name="Exit").is_visible()
    start = step_of(page)
    page.get_by_role("heading", name="Over the whole sequence").click()  # the page has the focus, no control
    page.keyboard.press("ArrowRight")
    assert shown_step(page) == start + 1  # at once, in the browser
    assert link_step(page, start + 1) == start + 1  # and in the link after the pause
    screenshot(page, "presentation_sequence_1280x720")
    page.get_by_role("button", name="Exit").click()
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=20_000)


def test_the_keyboard_alone_reaches_and_presses_next(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    start = step_of(page)
    for _ in range(80):  # Tab through the page until "next" has the focus, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED).strip().startswith("next"):
            break
    else:
        raise AssertionError("Tab never reached the next button")
    page.keyboard.press("Enter")
    page.get_by_text(f"Step t = {start + 1}").wait_for(timeout=20_000)
    page.keyboard.press("Enter")  # the focus stays on next
    page.get_by_text(f"Step t = {start + 2}").wait_for(timeout=20_000)


def test_play_moves_the_step_and_pause_stops_it(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/sequence", "Over the whole sequence")
    start = step_of(page)
    page.get_by_role("button", name="▶ play").click()
    page.wait_for_timeout(3500)  # 1 step a second, in the browser: the link waits for the pause
    assert step_of(page) == start
    page.get_by_role("button", name="❚❚ pause").click()
    paused = shown_step(page)
    assert paused >= start + 2
    page.wait_for_timeout(2500)
    assert shown_step(page) == paused and step_of(page) == paused  # stopped, and the link has it


def test_the_download_button_saves_a_png_named_after_the_view(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.locator(".gl-box-diagram svg").wait_for()
    page.get_by_role("button", name="next ›").click()  # the name says the step on screen
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download PNG").click()
    name = download.value.suggested_filename
    assert name == "gru-cell-cell_diagram-step3-z_takes_new-reset_before.png"
    with open(download.value.path(), "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_predict_then_reveal_hides_the_numbers_until_answered(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.get_by_text("Predict first").click()
    page.get_by_text("Numbers hidden until you answer").wait_for(timeout=20_000)
    for view in ("diagram", "equations", "numbers"):  # hidden; the step bar stays
        page.locator(f".gl-box-{view}").wait_for(state="hidden", timeout=20_000)
    assert page.locator(".gl-steplabel").is_visible()
    screenshot(page, "predict_question")
    page.get_by_role("button", name="Reveal").click()  # "none of them" is an answer: the default example keeps none
    page.get_by_text("Correct").first.wait_for(timeout=20_000)
    page.locator(".gl-box-diagram svg").wait_for(timeout=20_000)  # revealed
    screenshot(page, "predict_revealed")


def test_the_address_bar_keeps_the_state_after_changing_page(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.get_by_text("z keeps the old state", exact=True).click()
    settle(page)
    before = state_of(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Over the whole sequence").click()
    page.get_by_role("heading", name="Over the whole sequence").wait_for(timeout=20_000)
    page.wait_for_function("() => new URLSearchParams(location.search).has('s')", timeout=20_000)
    assert state_of(page) == before  # a link copied now opens this exact view
