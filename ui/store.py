"""The server's one store (lessons.store) for links too large to carry their state, opened once."""

import logging

import streamlit as st

from lessons.store import EmbeddedStore, StoreError, default_path


@st.cache_resource(show_spinner=False)
def store():
    """The embedded store at its default path; in memory when that file cannot be opened (links to
    large examples then last as long as this server process, and the log says why)."""
    try:
        return EmbeddedStore()
    except StoreError as exc:
        logging.getLogger(__name__).warning("%s; keeping large links in memory instead of %s", exc, default_path())
        return EmbeddedStore(":memory:")
