"""The floor for interaction timings: the least a Streamlit page can do per interaction here.

One button; each click reruns the script and redraws one Plotly heatmap whose title says how many
clicks there were (the browser bench waits for that title). bench/app.py times our pages against
this page in the same run.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

if "clicks" not in st.session_state:
    st.session_state.clicks = 0
if st.button("next", key="next_floor", shortcut="Right"):
    st.session_state.clicks += 1
n = st.session_state.clicks
values = np.random.default_rng(n).uniform(size=(4, 12)).astype(np.float32)
figure = go.Figure(go.Heatmap(z=values, zmin=0, zmax=1, colorscale="cividis"))
figure.update_layout(title=f"clicks = {n}", height=300)
st.plotly_chart(figure, key="floor_heatmap")
