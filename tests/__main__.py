"""The whole suite, as CI runs it (`python3 -m tests`, the README's test command).

Two passes. Every tier but load runs on two workers (pytest-xdist): the browser and app tests
spend most of their time waiting on a server or on chromium, so two at once take about half as
long on this project's 2-core machines. Then the load tier runs alone, as its tests measure the
server's CPU and memory against references taken in the same run, which another worker's tests
would disturb. Arguments go to both passes (`python3 -m tests -x`); `python3 -m pytest` still runs
everything in one process, one test at a time.

First it installs, with Debian's apt, what the suite runs besides Python packages when it is
missing: chromium for the browser tests (browsers cannot be downloaded by Playwright here) and
HAProxy for deploy/haproxy.cfg (tests/load/test_proxy.py). CI runs exactly this command too
(.ci/run), so a fresh machine and CI install the same way.
"""

import os
import shutil
import subprocess
import sys

PASSES = (["-n", "2", "-m", "not load"], ["-m", "load"])
SYSTEM = {"chromium": "/usr/bin/chromium", "haproxy": "/usr/sbin/haproxy"}  # Debian package: its program


def install_system_packages():
    missing = [name for name, program in SYSTEM.items() if not (shutil.which(name) or os.path.exists(program))]
    if not missing:
        return
    if not shutil.which("apt-get"):
        sys.exit(f"The suite needs {', '.join(missing)}; install {'it' if len(missing) == 1 else 'them'} first.")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=environment)
    subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, env=environment)


def main(arguments):
    install_system_packages()
    codes = [subprocess.call([sys.executable, "-m", "pytest", *options, *arguments]) for options in PASSES]
    return next((code for code in codes if code), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
