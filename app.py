"""GRU Gate Explorer: the router. It sets up the page and lists the lessons; each lives in pages/."""

import streamlit as st

st.set_page_config(page_title="GRU Gate Explorer", page_icon="🔁", layout="wide")

lessons = [
    st.Page("pages/home.py", title="Welcome", icon="🏠", default=True),
]
st.navigation(lessons).run()
