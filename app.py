"""GRU Gate Explorer: the router. It sets up the page, draws the shared sidebar and runs the lesson."""

import streamlit as st

from ui import path, session, sidebar, view

session.enter_router()  # before st.navigation: this run goes through the router (see session.ensure_routed)
st.set_page_config(page_title="GRU Gate Explorer", page_icon=":material/all_inclusive:", layout="wide")


def make_sections():
    explore = [
        st.Page("pages/home.py", title="Welcome", icon=":material/home:", default=True),
        st.Page("pages/cell.py", title="One step of the cell", icon=":material/memory:", url_path="cell"),
        st.Page("pages/sequence.py", title="Over the whole sequence", icon=":material/grid_on:", url_path="sequence"),
        st.Page("pages/edit.py", title="Inputs and weights", icon=":material/edit:", url_path="edit"),
        st.Page("pages/load.py", title="Load a model", icon=":material/upload_file:", url_path="load"),
    ]
    lessons = [
        st.Page(
            "pages/conventions.py", title="The convention trap", icon=":material/swap_horiz:", url_path="conventions"
        ),
        st.Page("pages/memory.py", title="Memory and reset", icon=":material/history:", url_path="memory"),
        st.Page(
            "pages/gradients.py", title="Why gates help gradients", icon=":material/show_chart:", url_path="gradients"
        ),
        st.Page(
            "pages/gru_vs_lstm.py", title="GRU versus LSTM", icon=":material/compare_arrows:", url_path="gru_vs_lstm"
        ),
        st.Page("pages/stacked.py", title="Stacked and bidirectional", icon=":material/layers:", url_path="stacked"),
    ]
    training = [
        st.Page("pages/train.py", title="Train a network", icon=":material/model_training:", url_path="train"),
        st.Page(
            "pages/compare.py",
            title="GRU, LSTM and RNN side by side",
            icon=":material/query_stats:",
            url_path="compare",
        ),
    ]
    return {"Explore": explore, "Lessons": lessons, "Training": training}


# Made once per session: st.Page resolves its file on disk, and for twelve pages on every run that
# was 9 % of the server's time while a class of 40 worked through a lesson (py-spy, bench/load.py).
if "_sections" not in st.session_state:
    st.session_state._sections = make_sections()
sections = st.session_state._sections
view.apply()
page = st.navigation(sections, position="top" if view.presenting() else "sidebar")
st.session_state.page_path = page.url_path or "home"  # names the figures' downloads
# The cell and sequence pages step on their own (in a fragment); on the training pages the
# explorer's step means nothing.
sidebar.draw(with_steps=page.url_path not in ("cell", "sequence", "train", "compare"))
session.keep_link()
try:
    page.run()
finally:
    session.leave_router()
path.footer(page, {p.url_path: p for section in sections.values() for p in section})
