"""The sidebar's share link in chromium: a one-line preview with a copy button, not 2,700 characters
across the sidebar, and the copied link opens the very state shown (ui/share.py)."""

from tests.browser.driving import click_main_button, link_step, open_page, settle, state_of
from tests.helpers import screenshot


def test_the_share_link_is_one_short_line_and_copies_a_link_to_the_state_shown(app_url, page_at):
    page = page_at(1440, 900, permissions=["clipboard-read", "clipboard-write"])
    open_page(page, f"{app_url}/cell", "One step of the cell")
    bar = page.locator('[data-testid="stSidebar"]')
    bar.get_by_text("Share and save").click()
    settle(page)
    copy = bar.get_by_role("button", name="Copy link")
    copy.wait_for(timeout=20_000)
    has_copy = page.get_by_role("button", name="Copy link")  # (relative to each container)
    share = bar.locator('[data-testid="stElementContainer"]').filter(has=has_copy)
    height = share.bounding_box()["height"]
    assert height < 60, f"the share element is {height:.0f} px tall"
    preview = bar.locator("code.preview").inner_text()  # CSS locators reach into the shadow root
    assert preview.startswith(app_url.split("//")[1] + "/cell?s=") and preview.endswith("…") and len(preview) == 41
    screenshot(page, "share_link_sidebar")
    start = state_of(page).step
    click_main_button(page, "next")  # a step in the live view: the sidebar is not redrawn
    page.get_by_text(f"Step t = {start + 1}").first.wait_for(timeout=30_000)
    assert link_step(page, start + 1) == start + 1  # the link follows once the learner pauses
    shown = state_of(page)
    copy.click()
    bar.get_by_role("button", name="Copied").wait_for(timeout=10_000)
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url and link.startswith(f"{app_url}/cell?s=")
    other = page_at(1440, 900)  # a new context: its own session
    open_page(other, link, "One step of the cell")
    assert state_of(other) == shown
    other.get_by_text(f"Step t = {shown.step}").first.wait_for(timeout=20_000)
