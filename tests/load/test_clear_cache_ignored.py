"""A client's `clear_cache` no longer clears the caches every session shares (ui/hardening.py).

Streamlit answers BackMsg(clear_cache=True) from any websocket client by clearing st.cache_resource
for the whole server. Here one learner's tab has opened the app (the server's links store, an
st.cache_resource, is made: one miss), a second, hand-made client sends clear_cache, and the first
learner reruns. The server's own counters (/_stcore/metrics, cache_lookups_total: counted live, not
timed) say whether that rerun found the store (a hit) or had to make it again (a second miss).
"""

import re
import urllib.request

from tests.helpers import ROOT
from tests.load.messages import send_back_message
from tests.protocol import Session, run_async
from tests.servers import start_server, stop_server

STORE = "ui.store.store"


def lookups(url, cache):
    """{"hit": n, "miss": n} for one st.cache_resource function, from the server's metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics?families=cache_lookups", timeout=10) as response:
        text = response.read().decode()
    labels = rf'cache="{re.escape(cache)}",cache_type="st_cache_resource",result="(\w+)"'
    pattern = rf"cache_lookups_total\{{{labels}\}} (\d+)"
    return {result: int(count) for result, count in re.findall(pattern, text)}


async def clear_from_another_client(url):
    """(lookups before the clear, lookups after the learner's next rerun, the learner's errors)."""
    async with Session(url, timeout=60.0) as learner:
        await learner.open("cell")
        before = lookups(url, STORE)
        async with Session(url, timeout=60.0) as stranger:
            await stranger.open("home")
            await send_back_message(stranger, clear_cache=True)
            await stranger.rerun("rerun")  # a run after the message: it has been handled by then
        await learner.goto("sequence")
        return before, lookups(url, STORE), learner.errors


def run(app):
    process, url = start_server(app)
    try:
        return (*run_async(clear_from_another_client(url)), stop_server(process))
    except BaseException:
        stop_server(process)
        raise


def test_a_clear_cache_message_leaves_the_shared_caches_as_they_were():
    before, after, errors, log = run(ROOT / "app.py")
    assert errors == []
    assert before["miss"] == 1
    assert after["miss"] == 1, "the store was made again: the clear_cache emptied the shared cache"
    assert after["hit"] > before["hit"]
    assert "ignored a clear_cache message" in log
