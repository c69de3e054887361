"""GRU Gate Explorer: the router. It sets up the page, draws the shared sidebar and runs the lesson.

`streamlit run app.py` serves `app` (st.App, at the end): Streamlit imports this file once to find
it, then runs the file as a script for every visit and rerun, and each run is `route()`.
"""

import contextlib

import streamlit as st

import ui.hardening  # noqa: F401  (on import, the server ignores a client's clear_cache: it clears everyone's caches)
from ui import below_fold, fair_share, page_top, path, session, sidebar, view


def make_sections():
    # Each file is named after its page, not its url path (pages/cell_page.py is /cell): AppTest
    # starts every run in Streamlit's legacy pages/ layout (see without_legacy_pages), which runs
    # a file of pages/ alone, without this router, when the file's name is the page asked for.
    # For the same reason the home page names a url path (its address is "/" all the same).
    explore = [
        st.Page("pages/home_page.py", title="Welcome", icon=":material/home:", url_path="home", default=True),
        st.Page("pages/cell_page.py", title="One step of the cell", icon=":material/memory:", url_path="cell"),
        st.Page(
            "pages/sequence_page.py", title="Over the whole sequence", icon=":material/grid_on:", url_path="sequence"
        ),
        st.Page("pages/edit_page.py", title="Inputs and weights", icon=":material/edit:", url_path="edit"),
        st.Page("pages/load_page.py", title="Load a model", icon=":material/upload_file:", url_path="load"),
    ]
    lessons = [
        st.Page(
            "pages/conventions_page.py",
            title="The convention trap",
            icon=":material/swap_horiz:",
            url_path="conventions",
        ),
        st.Page("pages/memory_page.py", title="Memory and reset", icon=":material/history:", url_path="memory"),
        st.Page(
            "pages/gradients_page.py",
            title="Why gates help gradients",
            icon=":material/show_chart:",
            url_path="gradients",
        ),
        st.Page(
            "pages/gru_vs_lstm_page.py",
            title="GRU versus LSTM",
            icon=":material/compare_arrows:",
            url_path="gru_vs_lstm",
        ),
        st.Page(
            "pages/stacked_page.py", title="Stacked and bidirectional", icon=":material/layers:", url_path="stacked"
        ),
    ]
    training = [
        st.Page("pages/train_page.py", title="Train a network", icon=":material/model_training:", url_path="train"),
        st.Page(
            "pages/compare_page.py",
            title="GRU, LSTM and RNN side by side",
            icon=":material/query_stats:",
            url_path="compare",
        ),
    ]
    return {"Explore": explore, "Lessons": lessons, "Training": training}


@fair_share.metered()  # a session that keeps the server busy waits its turn (ui/fair_share.py)
def route():
    """One run of the app: the page's settings, the navigation, the shared sidebar, the lesson."""
    # An emoji icon is drawn by the browser itself; a :material: one is fetched from a font host.
    st.set_page_config(page_title="GRU Gate Explorer", page_icon="🔁", layout="wide")
    # Made once per session: st.Page resolves its file on disk, and for twelve pages on every run
    # that was 9 % of the server's time while a class of 40 worked through a lesson (py-spy,
    # bench/load.py).
    if "_sections" not in st.session_state:
        st.session_state._sections = make_sections()
    sections = st.session_state._sections
    view.apply()
    page = st.navigation(sections, position="top" if view.presenting() else "sidebar")
    st.session_state.page_path = page.url_path or "home"  # names the figures' downloads
    page_top.to_top_on_change(st.session_state.page_path)
    below_fold.opened(st.session_state.page_path)  # a page opens with its first screen only
    # The live view steps the cell, sequence and edit pages in the browser (ui/live_view.py); on
    # the training pages the explorer's step means nothing.
    sidebar.draw(with_steps=page.url_path not in ("cell", "sequence", "edit", "train", "compare"))
    session.keep_link()
    view.notices()  # the link's problems, on the page when the sidebar is hidden
    page.run()
    path.footer(page, {p.url_path: p for section in sections.values() for p in section})


@contextlib.asynccontextmanager
async def without_legacy_pages(_app):
    """Runs once, when the server starts and before it takes a visit.

    A folder named pages/ beside the main script is Streamlit's legacy multipage layout, kept
    until st.navigation has been called once in the server's process. Until then a visit gets a
    sidebar listing the files' names, and a visit to /cell runs the file of pages/ named cell
    alone, without this router, or says "Page not found" when no file has that name. On a fresh
    server that is every first visitor (a class opening the teacher's link together). Called
    here, outside any session, st.navigation does nothing but end that layout, so the very first
    visit already goes through `route()`. (Streamlit 1.67, pinned in requirements.txt: navigation
    ends the layout before it looks for a session; tests/browser/test_first_load.py holds the app
    to it on fresh servers.)
    """
    st.navigation([st.Page(route)])
    yield


if __name__ == "__main__":  # a run of the app
    route()
else:  # `streamlit run app.py` imports this file once, before it serves anything
    app = st.App("app.py", lifespan=without_legacy_pages)
