"""Training for the training lesson: toy tasks that need memory, Adam, and a resumable trainer.

    from gru_viz.train import TrainConfig, start, advance
    state = start(TrainConfig(task="recall", model="GRU", hidden_size=16, length=10, steps=600))
    while not state.done:
        state = advance(state, 100)          # chunks of any size give identical results
    state.snapshots[-1].eval_accuracy        # on held-out sequences

tasks.py     delayed recall, running parity, the adding problem, next character (a seeded generator each)
params.py    the network and its read-out as one flat vector
optim.py     gradient clipping and Adam
trainer.py   TrainConfig, TrainingState, start, advance, loss_and_gradient, evaluate
record.py    a state to JSON and back; a trained model's weight file and training record
compare.py   GRU, LSTM and RNN on delayed recall, accuracy against delay
"""

from .compare import CompareJob, compare_jobs, run_job
from .record import from_json, save_trained, to_json, training_record
from .tasks import TASKS, make_task, probe
from .trainer import Snapshot, TrainConfig, TrainingState, advance, evaluate, loss_and_gradient, start

__all__ = [
    "TASKS",
    "make_task",
    "probe",
    "TrainConfig",
    "TrainingState",
    "Snapshot",
    "start",
    "advance",
    "evaluate",
    "loss_and_gradient",
    "to_json",
    "from_json",
    "training_record",
    "save_trained",
    "CompareJob",
    "compare_jobs",
    "run_job",
]
