"""A protocol tab (tests/protocol.py) that also does what a browser does on its own: it keeps a
cookie, and it reruns a fragment every `run_every` seconds while the server asks it to.

Streamlit's frontend (App.tsx handleAutoRerun, streamlit 1.67) starts a timer per fragment on an
`auto_rerun` message and stops it on `stop_auto_rerun`; each tick sends a rerun of that fragment.
`follow_timers` does the same, one tick after another (a browser's timer does not wait for the
run before it; here a tick waits, so this tab asks a little less than a browser would). It also
keeps what the runs wrote in info boxes, progress bars and text, which is how the training pages say
whether a run trains or waits.
"""

import asyncio
import collections
import secrets
import time

from streamlit.proto.Alert_pb2 import Alert
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from tests.protocol import ProtocolError, Session


def new_browser():
    """The cookie of a browser the app has given an id (ui/browser_id.py), as the handshake sends it."""
    return f"gru_viz_browser={secrets.token_urlsafe(16)}"


class TimedSession(Session):
    def __init__(self, base_url, timeout=60.0, cookie=None):
        super().__init__(base_url, timeout)
        self.cookie = cookie  # "name=value", sent with the websocket's handshake as a browser does
        self.timers = {}  # fragment id -> seconds between its reruns
        self.texts = collections.deque(maxlen=50)  # the latest info boxes' and progress bars' texts
        self.finished = collections.Counter()  # "app" / "fragment" runs that ended

    async def connect(self):
        headers = {"Cookie": self.cookie} if self.cookie else None
        try:
            self._socket = await connect(self.ws_url, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                                         additional_headers=headers, max_size=None, ping_interval=None,
                                         open_timeout=self.timeout)
        except (OSError, TimeoutError, WebSocketException) as exc:
            self.errors.append(f"connect: {exc!r}")
            raise ProtocolError(self.errors[-1]) from None
        self._reader = asyncio.create_task(self._read())

    async def follow_timers(self, seconds, until=None):
        """For `seconds` (or until `until(self)` is true), rerun each timed fragment on its timer.
        Returns how many timed reruns were sent."""
        deadline, sent, due = time.monotonic() + seconds, 0, {}
        while time.monotonic() < deadline and not (until and until(self)):
            if not self.timers:
                await asyncio.sleep(0.05)
                continue
            now = time.monotonic()
            for fragment, interval in self.timers.items():
                due.setdefault(fragment, now + interval)  # a timer first fires one interval after it starts
            fragment = min(self.timers, key=due.get)
            interval, wait = self.timers[fragment], due[fragment] - now
            if wait > 0:
                await asyncio.sleep(min(wait, 0.05))
                continue
            due[fragment] = now + interval
            await self.rerun("timer", fragment_id=fragment)
            sent += 1
        return sent

    def text_seen(self, words):
        return any(words in text for text in self.texts)

    def _handle(self, message):
        kind = message.WhichOneof("type")
        if kind == "auto_rerun":
            self.timers[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment in message.stop_auto_rerun.fragment_ids:
                self.timers.pop(fragment, None)
        elif kind == "script_finished":
            fragment_run = message.script_finished == message.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            if fragment_run or message.script_finished == message.FINISHED_SUCCESSFULLY:
                self.finished["fragment" if fragment_run else "app"] += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "alert" and element.alert.format == Alert.INFO:
                self.texts.append(element.alert.body)
            elif element.WhichOneof("type") == "progress":
                self.texts.append(element.progress.text)
            elif element.WhichOneof("type") == "markdown":  # captions too
                self.texts.append(element.markdown.body)
        super()._handle(message)
