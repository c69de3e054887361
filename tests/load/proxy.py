"""Debian's HAProxy running the repository's deploy/haproxy.cfg in front of a server, for the load
tests (tests/load/test_proxy.py): on a free loopback port, ready once the app's health check answers
"ok" through it. `bash .ci/run` installs haproxy where it is missing."""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from tests.helpers import ROOT
from tests.servers import free_port, stop_process

CONFIG = ROOT / "deploy" / "haproxy.cfg"


def haproxy_binary():
    """HAProxy's path, or an AssertionError that says how to install it (a missing proxy is a
    failure, not a skip: the deploy config would go untested)."""
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None)
    assert found, "haproxy is not installed: `apt-get install -y haproxy` (bash .ci/run installs it)"
    return found


@contextlib.contextmanager
def proxying(replica_url, timeout=30):
    """`with proxying("http://127.0.0.1:8501") as url:` the app through deploy/haproxy.cfg."""
    port = free_port()
    env = dict(os.environ, GRU_EXPLORER_BIND=f"127.0.0.1:{port}",
               GRU_EXPLORER_REPLICA=replica_url.removeprefix("http://"))
    with tempfile.NamedTemporaryFile(prefix="haproxy-", suffix=".log", delete=False) as log:
        # -db: stay in the foreground, as a test's child
        process = subprocess.Popen([haproxy_binary(), "-db", "-f", str(CONFIG)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, f"haproxy exited with {process.returncode}: {_read(log.name)}"
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"haproxy did not pass the health check: {_read(log.name)}"
            time.sleep(0.2)
        yield url
    finally:
        stop_process(process)
        os.unlink(log.name)


def _read(path):
    with open(path, errors="replace") as log:
        return log.read()[-2000:]
