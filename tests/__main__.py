"""The whole suite, as CI runs it (`python3 -m tests`, the README's test command).

Two passes. Every tier but load runs on two workers (pytest-xdist): the browser and app tests
spend most of their time waiting on a server or on chromium, so two at once take about half as
long on this project's 2-core machines. Then the load tier runs alone, as its tests measure the
server's CPU and memory against references taken in the same run, which another worker's tests
would disturb. Arguments go to both passes (`python3 -m tests -x`); `python3 -m pytest` still runs
everything in one process, one test at a time.
"""

import subprocess
import sys

PASSES = (["-n", "2", "-m", "not load"], ["-m", "load"])


def main(arguments):
    codes = [subprocess.call([sys.executable, "-m", "pytest", *options, *arguments]) for options in PASSES]
    return next((code for code in codes if code), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
