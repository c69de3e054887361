"""Messages a hand-made client can send that tests/protocol.py's Session has no method for: a
number typed into an st.number_input, and BackMsgs a browser only sends from Streamlit's own menu.

On the wire a number_input's value is a `double_value`, ints included (streamlit 1.67,
elements/widgets/number_input.py registers the widget with value_type="double_value").
"""

import asyncio

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


async def type_number(session, key, value):
    """Type `value` into the number input keyed `key` and wait for the run it starts."""
    widget_id, fragment = session.widgets[key]
    state = WidgetState(id=widget_id, double_value=float(value))
    return await session.rerun(f"type {key}={value}", [state], fragment_id=fragment)


async def send_back_message(session, **fields):
    """Send one BackMsg made of `fields` (e.g. clear_cache=True) and give the server a moment to
    handle it: such messages start no run, so there is no script_finished to wait for. The next
    rerun is queued behind it on the same socket anyway, so this pause only keeps logs in order."""
    await session._socket.send(BackMsg(**fields).SerializeToString())
    await asyncio.sleep(0.2)
