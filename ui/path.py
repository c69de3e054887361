"""The lesson path: a short guided order through the pages for a student working alone, with a
line on what each page adds, drawn at the foot of every page on it as previous and next links."""

import streamlit as st

PATH = [  # (page url path, what it adds)
    ("", "What a GRU is for, and how to use this explorer."),
    ("cell", "One step in numbers: the two gates, the candidate and the interpolation."),
    ("sequence", "The same gates over a whole sequence: where the GRU keeps and where it resets."),
    ("edit", "Your own inputs and weights: change one number and watch every gate react."),
    ("conventions", "Why texts disagree about z, and what reset 'after' changes."),
    ("memory", "How long a value survives, and what a closed reset gate wipes."),
    ("gradients", "Why the (1 − z) path keeps gradients alive where a plain RNN loses them."),
    ("gru_vs_lstm", "The same ideas in an LSTM: three gates and a cell state."),
    ("stacked", "Layers on layers, and reading the sequence both ways."),
    ("train", "Watch a GRU learn: gates going from random to purposeful."),
    ("compare", "Trained side by side: when gates matter for accuracy."),
]


def page_file(url_path):
    """The file of the page at `url_path`: pages/<url path>_page.py (home_page.py for the home page)."""
    return f"pages/{url_path or 'home'}_page.py"


def position(url_path):
    """The index of the page at `url_path` on the path, or None."""
    paths = [path for path, _ in PATH]
    return paths.index(url_path) if url_path in paths else None


def footer(page, pages):
    """Previous and next links under `page`, with what each adds; `pages` maps url paths to st.Page."""
    i = position(page.url_path)
    if i is None:
        return
    st.divider()
    st.caption(f"Lesson path · page {i + 1} of {len(PATH)} · {PATH[i][1]}")
    back, forward = st.columns(2)
    if i > 0:
        before = pages[PATH[i - 1][0]]
        back.page_link(before, label=f"Previous: {before.title}", icon=":material/arrow_back:", help=PATH[i - 1][1])
    if i < len(PATH) - 1:
        after = pages[PATH[i + 1][0]]
        forward.page_link(after, label=f"Next: {after.title}", icon=":material/arrow_forward:", help=PATH[i + 1][1])
