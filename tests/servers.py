"""The servers and the browser the browser and load tests run against: `streamlit run` on a free
loopback port, healthy once `/_stcore/health` answers "ok" (as streamlit's own e2e_playwright
fixtures wait), and Debian's chromium for Playwright. bench/ starts its servers with these too.

Every server runs from the repository's root, whatever the script, so it reads the repository's
.streamlit/config.toml (XSRF on, no post-run GC, every message sent whole), as deployed.
"""

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Playwright cannot download its own browser here: it launches Debian's (`bash .ci/run` installs it).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app, extra_args=(), timeout=60):
    """`streamlit run app` on a free loopback port; returns (process, base URL) once healthy.

    The server's log goes to a file (`process.log_path`), not a pipe: a pipe nobody reads fills up
    during a long run and stalls the server.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *extra_args,
    ]
    with tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False) as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log.name
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}: {stop_server(process)[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"streamlit did not become healthy within {timeout} s")


def stop_process(process):
    """Terminate a process started here (a server, a proxy), and kill it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def status_mb(pid, field):
    """A memory field of /proc/<pid>/status (VmRSS, VmHWM...) in MB of 2^20 bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def rss_mb(pid):
    """A process's resident memory in MB of 2^20 bytes."""
    return status_mb(pid, "VmRSS")


def stop_server(process):
    """Stop the server; returns its log (then deleted)."""
    stop_process(process)
    with open(process.log_path, errors="replace") as log:
        text = log.read()
    os.unlink(process.log_path)
    return text


@contextlib.contextmanager
def serving(app, extra_args=(), **options):
    """`with serving(app) as url:` a server (start_server) that is stopped when the block ends."""
    process, url = start_server(app, extra_args, **options)
    try:
        yield url
    finally:
        stop_server(process)

