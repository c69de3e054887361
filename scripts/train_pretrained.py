"""Make lessons/data/pretrained_gru_recall.safetensors and its training record (.json beside it).

    python scripts/train_pretrained.py          # about a second on one core

A GRU in this app's convention (reset gate before W_h, z takes the new candidate) with 8 units,
trained by gru_viz.train on delayed recall (4 symbols, delay 10) with the training page's defaults.
The weight file is the seed form (W_r, W_z, W_h, b_r, b_z, b_h); the record holds the settings,
the curves, the read-out and the probe sequence. Training is deterministic for a seed, so running
this again writes the same numbers (tests/train/test_pretrained.py retrains the first steps and
compares them with the record).
"""

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads: see ui/blas.py

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gru_viz.train import TrainConfig, advance, save_trained, start  # noqa: E402
from lessons.pretrained import PRETRAINED  # noqa: E402

CONFIG = TrainConfig(task="recall", model="GRU", hidden_size=8, length=10, symbols=4, learning_rate=0.01,
                     steps=1000, seed=0)


def main():
    state = advance(start(CONFIG), CONFIG.steps)
    weights, record = save_trained(state, PRETRAINED, made_by="scripts/train_pretrained.py")
    last = state.snapshots[-1]
    print(f"wrote {weights} and {record}: held-out accuracy {last.eval_accuracy:.1%} after {state.step} steps")


if __name__ == "__main__":
    main()
