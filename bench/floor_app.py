"""The floor for interaction timings: the least a Streamlit page can do per interaction here.

    streamlit run bench/floor_app.py            (bench/app.py and bench/browser.py start it themselves)

One button (→ is its shortcut); each click reruns the script and redraws one Plotly heatmap whose
title says how many clicks there were (the browser bench waits for that title). With `?editor=1`
the page instead shows one small data editor and the heatmap, whose title shows the edited cell:
the floor of typing a number into a table, which costs more than a key press in Streamlit's
frontend alone. The benches time our pages against this page in the same run.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

if st.query_params.get("editor") == "1":
    table = st.data_editor(pd.DataFrame({"b": ["3.0", "3.0"]}, index=["unit 0", "unit 1"]), key="floor_table")
    title, seed = f"cell = {table.iloc[1, 0]}", len(str(table.iloc[1, 0]))
else:
    if "clicks" not in st.session_state:
        st.session_state.clicks = 0
    if st.button("next", key="next_floor", shortcut="Right"):
        st.session_state.clicks += 1
    title, seed = f"clicks = {st.session_state.clicks}", st.session_state.clicks
values = np.random.default_rng(seed).uniform(size=(4, 12)).astype(np.float32)
figure = go.Figure(go.Heatmap(z=values, zmin=0, zmax=1, colorscale="cividis"))
figure.update_layout(title=title, height=300)
st.plotly_chart(figure, key="floor_heatmap")
