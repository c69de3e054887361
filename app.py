"""GRU Gate Explorer: the router. It sets up the page, draws the shared sidebar and runs the lesson."""

import streamlit as st

from ui import session, sidebar

session.leave_legacy_pages_mode()  # before st.navigation, which would hide that this run is legacy
st.set_page_config(page_title="GRU Gate Explorer", page_icon=":material/all_inclusive:", layout="wide")

lessons = [
    st.Page("pages/home.py", title="Welcome", icon=":material/home:", default=True),
    st.Page("pages/cell.py", title="One step of the cell", icon=":material/memory:", url_path="cell"),
    st.Page("pages/sequence.py", title="Over the whole sequence", icon=":material/grid_on:", url_path="sequence"),
    st.Page("pages/edit.py", title="Inputs and weights", icon=":material/edit:", url_path="edit"),
    st.Page("pages/load.py", title="Load a model", icon=":material/upload_file:", url_path="load"),
]
page = st.navigation(lessons)
sidebar.draw()
page.run()
