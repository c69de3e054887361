"""`import gru_viz` is the NumPy core alone: no streamlit, pandas or plotly (the figure builders,
gru_viz.figures, bring plotly in: pip install '.[figures]'), and nothing from the app."""

import json
import subprocess
import sys

from tests.helpers import ROOT

HEAVY = ("streamlit", "pandas", "plotly", "lessons", "ui", "safetensors", "h5py")


def loaded_after(code):
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in json.loads(done.stdout)}


def test_import_gru_viz_loads_no_streamlit_pandas_or_plotly():
    loaded = loaded_after("import gru_viz")
    assert "gru_viz" in loaded and "numpy" in loaded
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_a_model_runs_backprops_and_saves_without_them(tmp_path):
    code = (f"import numpy as np, gru_viz\nm = gru_viz.GRU.random(3, 4)\nt = m.run(np.ones((5, 3)))\n"
            f"gru_viz.backward(m, t, d_h_n=np.ones_like(t.h_n))\ngru_viz.gradient_flow(m, np.ones((5, 3)))\n"
            f"assert gru_viz.load_weights(gru_viz.save_weights(m, {str(tmp_path / 'm.npz')!r})) == m")
    loaded = loaded_after(code)
    assert not loaded & {"streamlit", "pandas", "plotly"}


def test_the_figure_builders_bring_plotly_but_not_streamlit():
    loaded = loaded_after("import gru_viz.figures.sequence")
    assert "plotly" in loaded and "streamlit" not in loaded
