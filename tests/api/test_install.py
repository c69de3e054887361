"""The library installs on its own and README.md's "## The library" section runs as written.

A fresh virtual environment (no system site packages) in a temporary directory outside the repo
gets `pip install '<repo>[figures]'` from pip's configured index, then runs every python block of
the section, in order and in one process as a notebook would, from a working directory outside
the repo: each `print(...)  # text` line must print exactly `text`. The repo is copied first
(without .git and caches) so that pip's build files land in the copy, not in the working tree.
About a minute: the venv and the install dominate.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

SECTION = "## The library"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
EXPECTED = re.compile(r"^\s*print\(.*?\)\s+# (.+)$")
IGNORED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", "build", "*.egg-info", "artifacts", ".venv")


def library_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n{SECTION}\n") + 1
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end >= 0 else len(text)]


def readme_blocks():
    return BLOCK.findall(library_section())


def expected_output(code):
    return [m.group(1).rstrip() for line in code.splitlines() if (m := EXPECTED.match(line))]


def test_the_library_section_has_runnable_blocks_that_say_what_they_print():
    blocks = readme_blocks()
    assert len(blocks) >= 4
    code = "\n".join(blocks)
    assert len(expected_output(code)) >= 6
    for call in ("GRU.random", "model.run", "trace.cell.z", "gru_viz.backward", "gru_viz.gradient_flow",
                 "gru_viz.save_weights", "gru_viz.load_weights", "from gru_viz.figures"):
        assert call in code, call


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """(python, work directory): a fresh venv with '<repo copy>[figures]' installed, outside the repo."""
    base = tmp_path_factory.mktemp("install")
    assert ROOT not in base.parents
    source = base / "repo"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, env=env, timeout=300)
    python = base / "venv" / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"{source}[figures]"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    work = base / "work"
    work.mkdir()
    return python, work, env


def run(venv, code):
    python, work, env = venv
    return subprocess.run([str(python), "-c", code], cwd=work, capture_output=True, text=True, env=env, timeout=300)


def test_the_installed_package_is_gru_viz_alone_with_its_data(venv):
    done = run(venv, "import gru_viz, gru_viz.train.tasks as t, importlib.util as u\n"
                     "print(gru_viz.__file__)\n"
                     "print(len(t.make_task('text').text) > 1000)\n"
                     "print([n for n in ('lessons', 'ui', 'pages', 'app') if u.find_spec(n)])")
    assert done.returncode == 0, done.stderr
    where, data, app = done.stdout.splitlines()
    assert "site-packages" in where and str(ROOT) not in where
    assert data == "True"  # gru_viz/data/harbour.txt came along
    assert app == "[]"


def test_every_python_block_of_the_library_section_runs_and_prints_what_it_says(venv):
    code = "\n\n".join(readme_blocks())
    done = run(venv, code)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == expected_output(code)
    work = venv[1]
    for made in ("gru.safetensors", "keeps.npz", "gates.html"):
        assert (work / made).stat().st_size > 0, made
