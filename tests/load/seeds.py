"""One session changing the stacked page's random seed again and again at the page limits (200
steps, 8 inputs, 16 units, three bidirectional layers): every seed is a new stacked trace (2.5 MB)
and a new figure (0.5 MB) kept in the server's shared cache. tests/load/test_shared_cache_bound.py
holds the server's memory growth to the cache's budget; bench/cache_memory.py prints it.

The state is too large for a link, so it goes in the links' store (lessons.links) at the path the
server reads from GRU_VIZ_STORE, and the session opens the link's reference, as a teacher's large
link would.
"""

import asyncio

from bench.cases import large_state
from lessons.links import to_link
from lessons.store import EmbeddedStore
from tests.load.messages import type_number
from tests.protocol import Session
from tests.servers import rss_mb

SETTLE = 2.0  # seconds for the server to finish a run's work before RSS is read


def large_link(store_path):
    """The ?s= value of the page-limits state, kept in the store at `store_path`."""
    return to_link(large_state(), EmbeddedStore(store_path))


async def change_seeds(url, pid, link, seeds, on_seed=None):
    """Open the stacked page on `link` with three bidirectional layers, warm up on seed 0, then type
    seeds 1..`seeds`; returns (RSS before in MB, RSS after, the session's errors). `on_seed(seed,
    rss)` is called after every 25th."""
    async with Session(url, timeout=120.0) as session:
        await session.open("stacked", "s=" + link)
        await session.choose("stacked_layers", session.options["stacked_layers"].index("3"))
        await type_number(session, "stacked_seed", 0)
        await asyncio.sleep(SETTLE)
        before = rss_mb(pid)
        for seed in range(1, seeds + 1):
            await type_number(session, "stacked_seed", seed)
            if on_seed is not None and seed % 25 == 0:
                on_seed(seed, rss_mb(pid))
        await asyncio.sleep(SETTLE)
        return before, rss_mb(pid), session.errors
