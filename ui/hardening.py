"""Client messages that would act on every session are ignored: imported once by app.py, before the
server takes a visit.

Streamlit's websocket accepts a `BackMsg(clear_cache=True)` from any client, and answers it by
clearing st.cache_data and st.cache_resource for the whole server (AppSession.handle_backmsg ->
_handle_clear_cache_request, "Because this cache is global, it will be cleared for all users").
A browser sends it from the "Clear cache" item of the developer menu, which
`client.toolbarMode = "viewer"` hides; a hand-made client can still send it, and it would make the
whole class recompute every figure at once, as often as it likes. No Streamlit setting turns the
message off (streamlit 1.67's config.py has none), so this replaces
AppSession._handle_clear_cache_request with one that logs once and does nothing. A developer who
needs a clean cache restarts the server.

Read from streamlit 1.67.0, runtime/app_session.py. If Streamlit's internals change (the method
is renamed, or handle_backmsg no longer dispatches to it), the import raises, and the server does
not start, rather than silently serving without the guard.

The other BackMsg types, read in the same version: rerun_script, stop_script, set_run_on_save,
app_heartbeat, file_urls_request and load_git_info act on the sender's own session only
(backend_operation_request checks its session id); debug_disconnect_websocket and
debug_shutdown_runtime are refused by the websocket handler unless global.developmentMode or
global.e2eTest is on.
"""

import inspect
import logging

from streamlit.runtime.app_session import AppSession

_LOG = logging.getLogger(__name__)
STREAMLIT_READ = "1.67.0"  # the version whose code this was read from


_warned = []


def _ignore_clear_cache(session):
    if not _warned:  # once per server: a client sending it in a loop must not flood the log either
        _warned.append(session.id)
        _LOG.warning("ignored a clear_cache message (session %s; later ones silently): the caches are shared "
                     "by every session", session.id)


_ignore_clear_cache.guard = True  # marks the patch, so a second import does not wrap it again


def ignore_clear_cache():
    """Make every session ignore clear_cache (idempotent); raise if Streamlit no longer works the way
    this was written against."""
    current = getattr(AppSession, "_handle_clear_cache_request", None)
    if getattr(current, "guard", False):
        return
    source = inspect.getsource(AppSession.handle_backmsg)
    if current is None or "self._handle_clear_cache_request()" not in source:
        raise RuntimeError(
            f"ui.hardening was written against streamlit {STREAMLIT_READ}'s AppSession, which dispatched "
            "clear_cache to _handle_clear_cache_request; this Streamlit does not. Read its "
            "runtime/app_session.py again and update ui/hardening.py."
        )
    AppSession._handle_clear_cache_request = _ignore_clear_cache


ignore_clear_cache()
