"""ui/hardening.py: a client's clear_cache leaves the caches every session shares as they were, and
the guard refuses to start on a Streamlit whose AppSession no longer works as it was read."""

import types

import pytest
import streamlit as st
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession

import ui.hardening as hardening

made = []


@st.cache_resource(show_spinner=False)
def _shared_resource():
    made.append(1)
    return object()


def test_a_clear_cache_message_leaves_st_cache_resource_as_it_was():
    first = _shared_resource()
    session = types.SimpleNamespace(id="a hand-made client", _session_state={})
    session._handle_clear_cache_request = types.MethodType(AppSession._handle_clear_cache_request, session)
    AppSession.handle_backmsg(session, BackMsg(clear_cache=True))
    assert _shared_resource() is first
    assert len(made) == 1


def test_the_guard_refuses_a_streamlit_that_no_longer_dispatches_clear_cache(monkeypatch):
    def handle_backmsg(self, msg):  # a future Streamlit routing the message elsewhere
        return None

    monkeypatch.setattr(AppSession, "handle_backmsg", handle_backmsg)
    monkeypatch.setattr(AppSession, "_handle_clear_cache_request", lambda self: None)
    with pytest.raises(RuntimeError, match="update ui/hardening.py"):
        hardening.ignore_clear_cache()


def test_the_guard_refuses_a_streamlit_without_the_method(monkeypatch):
    monkeypatch.delattr(AppSession, "_handle_clear_cache_request")
    with pytest.raises(RuntimeError, match="streamlit 1.67.0"):
        hardening.ignore_clear_cache()


def test_importing_twice_patches_once():
    patched = AppSession._handle_clear_cache_request
    hardening.ignore_clear_cache()
    assert AppSession._handle_clear_cache_request is patched and patched.guard
