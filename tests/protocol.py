"""A minimal Streamlit client that speaks the browser's websocket protocol, for the load tests
(tests/load) and the load and memory benches (bench/load.py, bench/memory.py).

One `Session` is one browser tab: it opens `/_stcore/stream`, sends `BackMsg.rerun_script` with the
tab's query string, page and widget states, and reads the `ForwardMsg` stream the way the frontend
does (lib/streamlit/proto; frontend/connection/src/WebsocketConnection.tsx for the handshake).
What it keeps is only what later interactions need: the widget ids seen in the deltas (a keyed
widget's id ends with its key), the fragment each widget lives in, the pages from `navigation`, and
the query string the server last set (`page_info_changed`). tests/servers.py starts the server.

Protocol facts this relies on (streamlit 1.67, read from its source):
- the handshake offers the subprotocols ["streamlit", token]; the token is the XSRF cookie in a
  browser, but the server checks it only to read an auth cookie, so a placeholder is enough;
- the server replaces a message with a `ref_hash` reference only when the client listed that hash
  in `ClientState.cached_message_hashes`; this client lists none, so every message comes whole
  (a `ref_hash` is counted as an error rather than fetched);
- a run ends with `script_finished`; FINISHED_EARLY_FOR_RERUN means another run follows (st.rerun),
  so an interaction ends at the first FINISHED_SUCCESSFULLY or FINISHED_FRAGMENT_RUN_SUCCESSFULLY;
- an upload is two steps, as the server's upload route reads them (web/server/starlette/
  starlette_routes.py, create_upload_routes): PUT the file as multipart form data (one part) to
  /_stcore/upload_file/<session id>/<file id>, the session id from `new_session.initialize`, with
  the XSRF token both in the `_streamlit_xsrf` cookie and the X-Xsrftoken header (the route
  compares the two, _check_xsrf); then rerun with the widget's FileUploaderState naming that file
  id (elements/widgets/file_uploader.py looks the bytes up by it).
"""

import asyncio
import collections
import concurrent.futures
import json
import time
import urllib.request
import uuid

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

ID_PREFIX = "$$ID-"  # streamlit.runtime.state.common.GENERATED_ELEMENT_ID_PREFIX, then "-<hash>-<key>"
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def run_async(coroutine):
    """asyncio.run in a thread of its own: in the same pytest process, Playwright's sync API (the
    browser tests) keeps an event loop running in the main thread, where asyncio.run refuses."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ProtocolError(RuntimeError):
    """The server did something a browser could not have handled (or never answered)."""


def widget_key(widget_id):
    """The user key at the end of a keyed widget's id ('$$ID-<hash>-next_page' -> 'next_page'), or None."""
    if not widget_id.startswith(ID_PREFIX):
        return None
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else None


class Session:
    """One tab of the app: connect, then interact; every interaction returns its latency in seconds.

    Errors the server reports (exception elements, error alerts, compile errors, a `ref_hash`,
    a page not found) are collected in `errors`, with the interaction they happened in.
    """

    def __init__(self, base_url, timeout=60.0, claim_cached=False):
        self.base_url = base_url
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.session_id = ""  # the server's id for this tab, from new_session: uploads name it
        # claim_cached: tell the server, as a browser does, that every message it marked cacheable is
        # held here, so it may send a repeat as a reference (which this client counts as an error)
        self.claim_cached = claim_cached
        self.cached = set()
        self.timeout = timeout
        self.query_string = ""
        self.page_hash = ""  # the page now shown, from `navigation`; every rerun names it, as the browser does
        self.widgets = {}  # user key -> (widget id, fragment id or ""), as of the last run
        self.options = {}  # user key -> a radio's or selectbox's option labels
        self._drawn = {}  # the same for the run in progress
        self.pages = {}  # url path -> page script hash, from `navigation`
        self.elements = collections.Counter()  # element kind ("plotly_chart", "html"...) -> times drawn
        self.errors = []
        self.kind = "connect"  # the interaction in progress, for error messages
        self._socket = None
        self._reader = None
        self._finished = None

    async def connect(self):
        # Browsers send no websocket pings; the server pings and the client library answers.
        try:
            self._socket = await connect(self.ws_url, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                                         max_size=None, ping_interval=None, open_timeout=self.timeout)
        except (OSError, TimeoutError, WebSocketException) as exc:
            self.errors.append(f"connect: {exc!r}")
            raise ProtocolError(self.errors[-1]) from None
        self._reader = asyncio.create_task(self._read())

    async def close(self):
        if self._socket is not None:
            await self._socket.close()
            await asyncio.gather(self._reader, return_exceptions=True)
            self._socket = None

    async def __aenter__(self):
        await self.connect()
        return self

    async def __aexit__(self, *exc):
        await self.close()

    # ---- interactions ----

    async def open(self, url_path, query_string=""):
        """Load a page the way a browser does on first paint: the pages are not known yet, so the
        URL's path names the page; the URL's query goes along; no widget has a value yet."""
        self.query_string = query_string
        return await self.rerun("open", page_script_hash="", page_name=url_path)

    async def goto(self, url_path):
        """Follow a navigation link to another page. The browser drops the URL's query on a page
        change (App.tsx sendRerunBackMsg keeps only embed parameters), so this does too."""
        self.query_string = ""
        return await self.rerun(f"goto {url_path}", page_script_hash=self.pages[url_path])

    async def click(self, key):
        widget_id, fragment = self.widgets[key]
        state = WidgetState(id=widget_id, trigger_value=True)
        return await self.rerun(f"click {key}", [state], fragment_id=fragment)

    async def send_live(self, message, key="live_view"):
        """Send the live view's message, as its script does when the learner pauses or lets go of
        a slider (setTriggerValue("commit", message): a Components v2 element's triggers travel
        as one JSON list under the element's trigger id)."""
        from streamlit.components.v2.bidi_component.main import _make_trigger_id

        widget_id, fragment = self.widgets[key]
        state = WidgetState(id=_make_trigger_id(widget_id, "events"),
                            json_trigger_value=json.dumps([{"event": "commit", "value": message}]))
        return await self.rerun(f"live {sorted(message)}", [state], fragment_id=fragment)

    async def choose(self, key, index):
        """Pick option `index` of a radio or selectbox. On the wire the choice is the option's label
        as shown (streamlit 1.67's RadioSerde), not its index."""
        widget_id, fragment = self.widgets[key]
        state = WidgetState(id=widget_id, string_value=self.options[key][index])
        return await self.rerun(f"choose {key}", [state], fragment_id=fragment)

    async def open_tab(self, key, label):
        """Open the tab `label` of the stateful tabs `key` (on the wire: the tab's label)."""
        widget_id, fragment = self.widgets[key]
        state = WidgetState(id=widget_id, string_value=label)
        return await self.rerun(f"open tab {label}", [state], fragment_id=fragment)

    async def edit_table(self, key_prefix, edited_rows):
        """Edit cells of the data editor whose key starts with key_prefix: {"row": {"column": "text"}}."""
        matches = [key for key in self.widgets if key.startswith(key_prefix)]
        if len(matches) != 1:
            self.errors.append(f"edit: expected one editor keyed {key_prefix}*, found {matches}")
            raise ProtocolError(self.errors[-1])
        widget_id, fragment = self.widgets[matches[0]]
        edit = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
        state = WidgetState(id=widget_id, string_value=json.dumps(edit))
        return await self.rerun(f"edit {matches[0]}", [state], fragment_id=fragment)

    async def upload(self, key_prefix, name, data):
        """Upload `data` as the file `name` to the file uploader whose key starts with key_prefix,
        as the browser does (see the module docstring); returns the seconds until the run ended."""
        matches = [key for key in self.widgets if key.startswith(key_prefix)]
        if len(matches) != 1:
            self.errors.append(f"upload: expected one uploader keyed {key_prefix}*, found {matches}")
            raise ProtocolError(self.errors[-1])
        widget_id, fragment = self.widgets[matches[0]]
        file_id = str(uuid.uuid4())
        path = f"/_stcore/upload_file/{self.session_id}/{file_id}"
        start = time.perf_counter()
        await asyncio.to_thread(put_file, self.base_url + path, name, data, self.timeout)
        info = UploadedFileInfo(file_id=file_id, name=name, size=len(data),
                                file_urls=FileURLs(file_id=file_id, upload_url=path, delete_url=path))
        state = WidgetState(id=widget_id)
        state.file_uploader_state_value.uploaded_file_info.append(info)
        return time.perf_counter() - start + await self.rerun(f"upload {matches[0]}", [state], fragment_id=fragment)

    async def clear_cache(self):
        """Ask the server to clear st.cache_data and st.cache_resource (shared by every session)."""
        await self._socket.send(BackMsg(clear_cache=True).SerializeToString())

    async def rerun(self, kind, widget_states=(), *, page_script_hash=None, page_name="", fragment_id=""):
        """Send one rerun_script and wait for the run (and any st.rerun it makes) to finish."""
        self.kind = kind
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query_string
        client.page_script_hash = self.page_hash if page_script_hash is None else page_script_hash
        client.page_name = page_name
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(widget_states)
        client.cached_message_hashes.extend(sorted(self.cached))
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-US"
        self._finished = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        try:
            await self._socket.send(message.SerializeToString())
        except WebSocketException as exc:
            self.errors.append(f"{kind}: could not send ({exc!r})")
            raise ProtocolError(self.errors[-1]) from None
        try:
            await asyncio.wait_for(asyncio.shield(self._finished), self.timeout)
        except TimeoutError:
            self.errors.append(f"{kind}: no script_finished within {self.timeout:g} s")
            raise ProtocolError(self.errors[-1]) from None
        return time.perf_counter() - start

    # ---- the forward stream ----

    async def _read(self):
        try:
            async for data in self._socket:
                message = ForwardMsg()
                message.ParseFromString(data)
                self._handle(message)
        except Exception as exc:  # a dropped connection ends the lesson; say why
            if self._socket is not None and not isinstance(exc, asyncio.CancelledError):
                self._fail(f"{self.kind}: connection lost ({exc!r})")
        else:
            self._fail(f"{self.kind}: the server closed the connection")

    def _fail(self, text):
        if self._finished is not None and not self._finished.done():
            self.errors.append(text)
            self._finished.set_exception(ProtocolError(text))

    def _handle(self, message):
        kind = message.WhichOneof("type")
        if self.claim_cached and message.metadata.cacheable:
            self.cached.add(message.hash)
        if kind == "new_session":  # sent at the start of every run, fragment runs included
            self._drawn = {}
            self.session_id = message.new_session.initialize.session_id or self.session_id
        elif kind == "delta":
            self._delta(message.delta)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
            self.page_hash = message.navigation.page_script_hash
        elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
            exception = message.session_event.script_compilation_exception
            self.errors.append(f"{self.kind}: compile error {exception.message}")
        elif kind == "page_not_found":
            self.errors.append(f"{self.kind}: page not found {message.page_not_found.page_name!r}")
        elif kind == "ref_hash":
            self.errors.append(f"{self.kind}: unexpected cached reference {message.ref_hash}")
        elif kind == "script_finished":
            status = message.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self._fail(f"{self.kind}: the script did not compile")
            elif status in DONE:
                # A full run draws every widget, so the ones it did not draw are gone (the browser
                # forgets them too); a fragment run redraws only its own.
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.widgets = self._drawn
                else:
                    self.widgets.update(self._drawn)
                if self._finished is not None and not self._finished.done():
                    self._finished.set_result(status)

    def _delta(self, delta):
        if delta.WhichOneof("type") == "add_block" and delta.add_block.WhichOneof("type") == "tab_container":
            key = widget_key(delta.add_block.tab_container.id)  # stateful tabs (on_change) are widgets
            if key:
                self._drawn[key] = (delta.add_block.tab_container.id, delta.fragment_id)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        if kind == "exception":  # with client.showErrorDetails = "none" its message is redacted
            self.errors.append(f"{self.kind}: exception {element.exception.type}: {element.exception.message}")
            return
        if kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.append(f"{self.kind}: error shown: {element.alert.body}")
            return
        self.elements[kind] += 1
        body = getattr(element, kind)
        widget_id = body.id if "id" in body.DESCRIPTOR.fields_by_name else ""
        key = widget_key(widget_id) if widget_id else None
        if key and key != "None":  # an unkeyed widget's id ends with "-None"
            self._drawn[key] = (widget_id, delta.fragment_id)
            if kind in ("radio", "selectbox"):
                self.options[key] = list(body.options)


def put_file(url, name, data, timeout):
    """PUT one file as multipart form data with a matching XSRF cookie and header (blocking)."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    token, boundary = generate_xsrf_token_string(), uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="PUT", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "X-Xsrftoken": token, "Cookie": f"_streamlit_xsrf={token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status != 204:
                raise ProtocolError(f"upload of {name}: HTTP {response.status}")
    except OSError as exc:
        raise ProtocolError(f"upload of {name}: {exc}") from None
