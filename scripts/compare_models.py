"""Make gru_viz/data/compare_recall.json: GRU, LSTM and RNN on delayed recall, accuracy against delay.

    python scripts/compare_models.py            # a few minutes on one core

Every run: our trainer (gru_viz.train), delayed recall with 4 symbols, 16 hidden units, 1500 steps
of Adam (learning rate 0.01, batches of 32, gradient norm clipped at 1), accuracy on 256 held-out
sequences at the end; three seeds per point, for two starts of the keeping gate (PyTorch's
initialisation, and the GRU's update gate / LSTM's forget gate biased to keep by 2; the plain RNN
has no gate, so it runs once). The training page shows the table and runs a small version live.
"""

import datetime
import json
import os
import platform
import sys
import time
from dataclasses import asdict, replace

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads: see ui/blas.py

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from gru_viz.train.compare import SHIPPED, CompareSettings, compare_jobs, run_job  # noqa: E402

SETTINGS = CompareSettings(hidden_size=16, steps=1500, learning_rate=0.01, delays=(2, 5, 10, 20, 30, 50),
                           seeds=(0, 1, 2))


def main():
    rows, began = [], time.process_time()
    for keep_bias in (0.0, 2.0):
        settings = replace(SETTINGS, keep_bias=keep_bias,
                           models=SETTINGS.models if keep_bias == 0 else ("GRU", "LSTM"))
        for job in compare_jobs(settings):
            rows.append(run_job(settings, job))
            row = rows[-1]
            print(f"{row['model']:4} k={row['delay']:2} seed {row['seed']} keep_bias {keep_bias:g}: "
                  f"{row['accuracy']:.3f}", flush=True)
    result = {
        "format": "gru-viz-compare",
        "version": 1,
        "task": "delayed recall, 4 symbols, distractors between the symbol and the question",
        "settings": {**asdict(SETTINGS), "keep_bias": [0.0, 2.0], "eval_sequences": 256},
        "made_by": "scripts/compare_models.py (gru_viz.train)",
        "date": datetime.date.today().isoformat(),
        "cpu_seconds": round(time.process_time() - began, 1),
        "machine": f"{platform.machine()}, numpy {np.__version__}, one BLAS thread",
        "rows": rows,
    }
    SHIPPED.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SHIPPED} ({result['cpu_seconds']} s CPU)")


if __name__ == "__main__":
    main()
