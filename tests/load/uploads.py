"""Uploads of the largest weight file the limits allow, and the server's memory while they run:
shared by tests/load/test_upload_memory.py and bench/uploads.py.

The largest allowed file: the loader takes files up to 64,000,000 bytes, input and hidden sizes up
to 1024 and up to 4 layers (gru_viz.Limits). A float16 PyTorch nn.GRU(1024, 1024, num_layers=2,
bidirectional=True) stores 31,481,856 numbers, 62,963,712 bytes: more than the 4-layer
unidirectional GRU (50.4 MB), and a 3-layer bidirectional one would pass the byte limit. Read as
float64 it would be 4 times that, 252 MB.

Memory is the server's VmRSS and VmHWM (/proc/PID/status), sampled every 50 ms by a thread.
"""

import asyncio
import threading
import time

import numpy as np

from tests.protocol import Session, run_async
from tests.servers import status_mb

INPUT = HIDDEN = 1024
LAYERS, DIRECTIONS = 2, 2
SAMPLE_S = 0.05
RETURN_S = 10.0  # the target: back within 10 % of the idle server this soon after the last tab closed
SETTLE_S = 2.0
EXPECTED = "beyond the explorer's limits"  # the page's answer to this file: summarised, not explored


def largest_file(seed=0):
    """(name, bytes) of the float16 safetensors of a PyTorch GRU at the largest allowed size."""
    from safetensors.numpy import save

    rng, tensors = np.random.default_rng(seed), {}
    for layer in range(LAYERS):
        inputs = INPUT if layer == 0 else DIRECTIONS * HIDDEN
        for direction in range(DIRECTIONS):
            suffix = f"_l{layer}{'_reverse' if direction else ''}"
            for name, shape in (("weight_ih", (3 * HIDDEN, inputs)), ("weight_hh", (3 * HIDDEN, HIDDEN)),
                                ("bias_ih", (3 * HIDDEN,)), ("bias_hh", (3 * HIDDEN,))):
                tensors[name + suffix] = rng.uniform(-0.03, 0.03, shape).astype(np.float16)
    return "gru-1024x2-bidirectional-f16.safetensors", save(tensors)


def float64_bytes(data):
    """What the file's numbers take as float64: 4 times the float16 data (the header is tiny)."""
    return 4 * (len(data) - 8 - int.from_bytes(data[:8], "little"))


class Sampler:
    """`with Sampler(pid) as s:` VmRSS every 50 ms in s.samples [(seconds, MB)], and VmHWM at the end."""

    def __init__(self, pid):
        self.pid, self.samples, self._stop = pid, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        start = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - start, status_mb(self.pid, "VmRSS")))
            self._stop.wait(SAMPLE_S)

    def __enter__(self):
        self.hwm_before = status_mb(self.pid, "VmHWM")
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.hwm_after = status_mb(self.pid, "VmHWM")

    def peak(self):
        """The highest RSS seen: the sampled maximum, or the kernel's high-water mark when it rose."""
        sampled = max(mb for _, mb in self.samples)
        return max(sampled, self.hwm_after) if self.hwm_after > self.hwm_before else sampled


async def upload_times(url, name, data, uploads):
    """One tab: open the Load page and upload the file `uploads` times; any error but the page's
    refusal to explore the file raises."""
    async with Session(url, timeout=120.0) as tab:
        await tab.open("load")
        for _ in range(uploads):
            await tab.upload("weights_upload", name, data)
        unexpected = [error for error in tab.errors if EXPECTED not in error]
        if unexpected:
            raise RuntimeError(f"upload: {unexpected[0]}")
        return tab


async def in_turn(url, name, data, sessions=4, uploads=10):
    """`uploads` uploads from `sessions` tabs one after another (3, 3, 2, 2 for 10 over 4)."""
    for share in shares(uploads, sessions):
        await upload_times(url, name, data, share)


async def at_once(url, name, data, sessions=3, uploads=10):
    """`uploads` uploads from `sessions` tabs at the same time (4, 3, 3 for 10 over 3)."""
    await asyncio.gather(*(upload_times(url, name, data, share) for share in shares(uploads, sessions)))


def shares(total, parts):
    return [total // parts + (k < total % parts) for k in range(parts)]


def measure(pid, url, scenario, name, data):
    """{"idle", "peak", "after", "seconds"}: RSS (MB) of the settled server, its peak while
    `scenario` (in_turn or at_once) ran, and the first reading within 10 % of idle after the last
    tab closed (or the last of RETURN_S seconds of readings) with its time after the close."""
    time.sleep(SETTLE_S)
    idle = status_mb(pid, "VmRSS")
    with Sampler(pid) as sampler:
        run_async(scenario(url, name, data))
    closed = time.monotonic()
    while True:
        seconds, after = time.monotonic() - closed, status_mb(pid, "VmRSS")
        if after <= 1.1 * idle or seconds >= RETURN_S:
            return {"idle": idle, "peak": sampler.peak(), "after": after, "seconds": seconds}
        time.sleep(SAMPLE_S)
