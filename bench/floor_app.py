"""The floor for interaction timings: the least a Streamlit page can do per interaction here.

    streamlit run bench/floor_app.py            (bench/browser.py starts it itself)

Two pages in st.navigation, as the app routes, each with one Plotly heatmap whose title says what
the page now holds (the browser bench waits for that title). The first page has one control, and
each use of it reruns the script and redraws the heatmap. `?control=` picks the control, so each
interaction of the app is judged against the same control here:

- key or click (no parameter): a button, pressed by its shortcut → or clicked; title "clicks = N";
- editor: one small data editor; title "cell = <unit 1's value>";
- select: a selectbox of two options; radio: a radio of two options; title "choice = <option>";
- upload: a file uploader; title "file = <name>";
- slider: a slider from 0 to 100, sent when the thumb is let go; title "value = <value>"
  (bench/live.py: releasing a drag);
- other: the second page's heatmap on the first page (what the sidebar's link "other" shows).

Page switches follow the sidebar's links between the two pages (title "page = other" there); a
first load opens the first page in a new tab.

With FLOOR_FIGURES naming a JSON file (bench/figure_floor.py), two more pages per lesson page, the
lower bounds of a switch to it:

- `<lesson>` draws that lesson page's own Plotly figures under its heading and nothing else, the
  way the app draws them (ui/figure_view.py: plotly.js in the page; bench/static is a link to the
  app's static/, which Streamlit serves beside the main script);
- `<lesson>_screen` sends again what the app sent for that page's first screen, its sidebar's
  controls included, with no Python of the app's behind it.
"""

import base64
import contextlib
import json
import os
import pathlib
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # the app's ui/, for its figures
from ui.figure_view import figure as draw_figure  # noqa: E402

OPTIONS = ["first", "second"]
OTHER_TITLE = "page = other"


def heatmap(title):
    values = np.random.default_rng(len(title) + sum(map(ord, title))).uniform(size=(4, 12)).astype(np.float32)
    figure = go.Figure(go.Heatmap(z=values, zmin=0, zmax=1, colorscale="cividis"))
    figure.update_layout(title=title, height=300)
    st.plotly_chart(figure, key="floor_heatmap")


def floor():
    control = st.query_params.get("control", "key")
    if control == "editor":
        table = st.data_editor(pd.DataFrame({"b": ["3.0", "3.0"]}, index=["unit 0", "unit 1"]), key="floor_table")
        title = f"cell = {table.iloc[1, 0]}"
    elif control == "select":
        title = f"choice = {st.selectbox('example', OPTIONS, key='floor_select')}"
    elif control == "radio":
        title = f"choice = {st.radio('convention', OPTIONS, key='floor_radio')}"
    elif control == "upload":
        upload = st.file_uploader("a state file", key="floor_upload")
        title = f"file = {upload.name if upload else 'none'}"
    elif control == "slider":
        title = f"value = {st.slider('value', 0, 100, 50, key='floor_slider')}"
    elif control == "other":
        title = OTHER_TITLE
    else:
        if "clicks" not in st.session_state:
            st.session_state.clicks = 0
        if st.button("next", key="next_floor", shortcut="Right"):
            st.session_state.clicks += 1
        title = f"clicks = {st.session_state.clicks}"
    heatmap(title)


def other():
    heatmap(OTHER_TITLE)


def figures_page(name, charts):
    def draw():
        st.title(name)
        for k, (figure, config) in enumerate(charts):
            draw_figure(go.Figure(figure), key=f"figure_{k}", config=config, alt=name)  # a diagram may have no traces

    draw.__name__ = f"figures_{name}"  # st.Page tells pages apart by their function's name
    return st.Page(draw, title=name, url_path=name)


def screen_page(name, messages):
    def draw():
        # Streamlit's own message queue, an internal API (Streamlit 1.67): each message keeps the
        # place it had in the app's page (its delta path), so the browser lays it out the same way,
        # and the router's elements are marked as this file's own, which a switch keeps.
        ctx = get_script_run_ctx()
        router = ctx.pages_manager.main_script_hash
        for by_router, message in messages:
            with ctx.run_with_active_hash(router) if by_router else contextlib.nullcontext():
                ctx.enqueue(ForwardMsg.FromString(base64.b64decode(message)))

    draw.__name__ = f"screen_{name}"
    return st.Page(draw, title=f"{name} screen", url_path=f"{name}_screen")


pages = [st.Page(floor, title="floor", default=True), st.Page(other, title="other", url_path="other")]
if os.environ.get("FLOOR_FIGURES"):
    with open(os.environ["FLOOR_FIGURES"]) as file:
        lessons = json.load(file)
    pages += [figures_page(name, charts) for name, charts in lessons["figures"].items()]
    pages += [screen_page(name, messages) for name, messages in lessons["screens"].items()]
st.navigation(pages, expanded=True).run()  # every link shown: the bench clicks them
