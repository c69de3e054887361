"""Classroom features in a real browser: presentation mode at projector size, the keyboard alone,
play and pause, a PNG download, and predict-then-reveal. (Every control's accessible name:
test_lessons_browser.py's tour, on the pages it opens anyway.)"""

from tests.browser.driving import click_main_button, open_page, settle, state_of
from tests.helpers import screenshot


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
    page.wait_for_function("s => !location.search.includes(s)", arg=f"s={page.url.split('s=')[1].split('&')[0]}")
    settle(page)
    assert step_of(page) == start + 1
    screenshot(page, "presentation_sequence_1280x720")
    page.get_by_role("button", name="Exit").click()
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=20_000)


def test_the_keyboard_alone_reaches_and_presses_next(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    start = step_of(page)
    for _ in range(80):  # Tab through the page until "next" has the focus, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.innerText || '').trim().startsWith('next')"):
            break
    else:
        raise AssertionError("Tab never reached the next button")
    page.keyboard.press("Enter")
    page.get_by_text(f"Step t = {start + 1}").wait_for(timeout=20_000)


def test_play_moves_the_step_and_pause_stops_it(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/sequence", "Over the whole sequence")
    start = step_of(page)
    click_main_button(page, "play")
    page.wait_for_function(
        "s => new URLSearchParams(location.search).get('s') && document.body.innerText.includes('pause')", arg=None
    )
    page.wait_for_timeout(3500)  # 1 step a second
    moved = step_of(page)
    assert moved >= start + 2
    click_main_button(page, "pause")
    settle(page)
    paused = step_of(page)
    page.wait_for_timeout(2500)
    assert step_of(page) == paused


def test_the_camera_button_downloads_a_png_named_after_the_view(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    with page.expect_download(timeout=30_000) as download:
        chart.locator(".modebar-btn").first.click()
    name = download.value.suggested_filename
    assert name == "gru-cell-cell_diagram-step2-z_takes_new-reset_before.png"
    with open(download.value.path(), "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_predict_then_reveal_hides_the_numbers_until_answered(app_url, page_at):
    page = page_at()
    open_page(page, f"{app_url}/cell", "One step of the cell")
    page.get_by_text("Predict first").click()
    page.get_by_text("Numbers hidden until you answer").wait_for(timeout=20_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # the diagram is hidden
    screenshot(page, "predict_question")
    page.get_by_role("button", name="Reveal").click()  # "none of them" is an answer: the default example keeps none
    page.get_by_text("Correct").first.wait_for(timeout=20_000)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=20_000)  # revealed
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
