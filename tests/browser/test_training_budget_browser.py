"""The training budget belongs to the browser, not the tab (issue 18): the app gives a browser its
id in a cookie, and a new tab of the same browser sees what an earlier tab spent."""

import re

from tests.browser.driving import click_main_button, open_page, settle

USED = re.compile(r"Training CPU used by this browser this hour: ([\d.]+) s")


def used(page):
    """The seconds the budget line shows as spent, waiting for the line to appear."""
    page.get_by_text("Training CPU used by this browser").first.wait_for(timeout=30_000)
    return float(USED.search(page.locator("body").inner_text()).group(1))


def test_a_new_tab_of_the_same_browser_shares_the_training_budget(app_url, page_at):
    first = page_at(1280, 720)
    open_page(first, f"{app_url}/train", "Train a network")
    first.wait_for_function("() => document.cookie.includes('gru_viz_browser=')", timeout=30_000, polling=100)
    [cookie] = [c for c in first.context.cookies() if c["name"] == "gru_viz_browser"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cookie["value"]) and cookie["sameSite"] == "Strict"
    click_main_button(first, "Start")
    first.wait_for_function(
        "() => { const m = document.body.innerText.match(/this hour: ([\\d.]+) s/); return m && +m[1] >= 0.5; }",
        timeout=60_000, polling=100,
    )
    click_main_button(first, "Stop")
    settle(first)
    spent = used(first)

    second = first.context.new_page()  # the same browser: it sends the cookie
    open_page(second, f"{app_url}/train", "Train a network")
    click_main_button(second, "Start")
    assert used(second) >= spent >= 0.5
    click_main_button(second, "Stop")
