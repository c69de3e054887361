"""Make the shipped examples in examples/ and the torch-written fixtures in tests/weights/data/,
and check gru_viz against torch and Keras on all of them.

Run in a throwaway venv (torch and keras are never dependencies of the app or its tests):
    /tmp/torchvenv/bin/pip install torch==2.13.0 keras h5py numpy safetensors
    KERAS_BACKEND=torch /tmp/torchvenv/bin/python tests/reference/make_examples.py

examples/ (each weight file next to <name>_outputs.npz: x (T, I), the framework's output (T, D*H)
and h_n (L*D, H) for x from a zero state, batch 1):
    pytorch_gru.safetensors               nn.GRU(3, 4), torch's own init, stored float32
    pytorch_gru_2layer_bidir.safetensors  nn.GRU(3, 4, num_layers=2, bidirectional=True), float32
    keras_gru_reset_after.keras           keras.layers.GRU(4, reset_after=True) on 3 inputs, float64
    keras_gru_reset_before.keras          keras.layers.GRU(4, reset_after=False) on 3 inputs, float64
The PyTorch files keep torch's float32 weights, as a user's would be; their outputs are torch's
for those very weights in float64 (module.double()), so gru_viz must match them to 1e-12.
tests/weights/data/: gru_float16.safetensors, gru_bfloat16.safetensors (nn.GRU(3, 4) cast by torch,
written by safetensors.torch) with gru_float16.npz / gru_bfloat16.npz (x, output in float64 from
the cast weights), and torch_save.pt (torch.save of a state_dict: a zip holding a pickle, which
gru_viz must refuse).
Then the checks this script asserts (the test suite cannot, as it has no torch): every example
loads in gru_viz and reproduces the stored outputs; model.save(...safetensors) of PyTorch-form
models (nn.GRU with and without bias, nn.LSTM, nn.RNN, stacked and bidirectional, and GRUs and
LSTMs read from Keras) is accepted by torch's load_state_dict(safetensors.torch.load_file(path))
with strict=True, and torch then computes what gru_viz computes, to 1e-12.
"""

import os
import pathlib
import sys
import tempfile

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import safetensors.torch  # noqa: E402
import torch  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(pathlib.Path(__file__).parent))
from make_keras import L, build, rs  # noqa: E402

import gru_viz  # noqa: E402

EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "weights" / "data"
T = 6


def torch_outputs(module, x):
    """torch's output (T, D*H) and h_n (L*D, H) for x (T, I), float64, zero state."""
    with torch.no_grad():
        output, h_n = module.double()(torch.tensor(x)[:, None])
    return output[:, 0].numpy(), h_n[:, 0].numpy()


def pytorch_example(name, seed, **kwargs):
    torch.manual_seed(seed)
    module = torch.nn.GRU(3, 4, **kwargs)  # float32, as torch makes it
    safetensors.torch.save_file(module.state_dict(), EXAMPLES / f"{name}.safetensors")
    x = np.random.default_rng(seed).normal(size=(T, 3))
    output, h_n = torch_outputs(module, x)
    np.savez(EXAMPLES / f"{name}_outputs.npz", x=x, output=output, h_n=h_n)


def keras_example(name, seed, reset_after):
    spec = (3, T, "float64", "sequential", lambda: [rs(L.GRU, 4, reset_after=reset_after)], [])
    model, probe, x, _ = build(name, *spec, seed=seed)
    output = keras.ops.convert_to_numpy(probe(x[None]))[0]
    model.save(EXAMPLES / f"{name}.keras")
    np.savez(EXAMPLES / f"{name}_outputs.npz", x=x, output=output, h_n=output[-1:])


def dtype_fixtures():
    torch.manual_seed(7)
    module = torch.nn.GRU(3, 4)
    x = np.random.default_rng(7).normal(size=(T, 3))
    for dtype in (torch.float16, torch.bfloat16):
        name = f"gru_{str(dtype).removeprefix('torch.')}"
        state = {k: v.to(dtype) for k, v in module.state_dict().items()}
        safetensors.torch.save_file(state, DATA / f"{name}.safetensors")
        exact = torch.nn.GRU(3, 4)
        exact.load_state_dict({k: v.float() for k, v in state.items()})
        output, h_n = torch_outputs(exact, x)
        np.savez(DATA / f"{name}.npz", x=x, output=output, h_n=h_n)
    torch.save(module.state_dict(), DATA / "torch_save.pt")
    for path in [*DATA.glob("*.safetensors"), *EXAMPLES.glob("*.safetensors")]:
        path.chmod(0o644)  # safetensors writes 0600; these are shipped files


def check_examples():
    for path in sorted(EXAMPLES.glob("*_outputs.npz")):
        name = path.name.removesuffix("_outputs.npz")
        (weights,) = [p for p in EXAMPLES.glob(f"{name}.*") if p.suffix != ".npz"]
        ref = np.load(path)
        model = gru_viz.load_weights(weights)
        error = np.abs(model.run(ref["x"]).output - ref["output"]).max()
        tolerance = 1e-6 if "reset_before" in name else 1e-12  # see tests/weights/test_examples.py
        assert error < tolerance, (name, error)
        print(f"{weights.name:40s} max |gru_viz - framework| = {error:.1e}")


def torch_twin(model):
    """The torch module with the shape of a PyTorch-form gru_viz model."""
    cls = {"GRU": torch.nn.GRU, "LSTM": torch.nn.LSTM, "RNN": torch.nn.RNN}[type(model).__name__]
    has_bias = model.layers[0][0].b_ih is not None or model.layers[0][0].b_hh is not None
    return cls(model.input_size, model.hidden_size, num_layers=model.num_layers,
               bidirectional=model.bidirectional, bias=has_bias).double()


def check_torch_accepts_saved_files():
    keras_dir = ROOT / "tests" / "reference" / "keras"
    models = {
        "example GRU": gru_viz.load_weights(EXAMPLES / "pytorch_gru.safetensors"),
        "example 2-layer bidirectional GRU": gru_viz.load_weights(EXAMPLES / "pytorch_gru_2layer_bidir.safetensors"),
        "GRU, takes_new, 3 layers": gru_viz.GRU.random(3, 4, 3, True, reset="after", z_convention="takes_new"),
        "GRU without bias (Keras)": gru_viz.load_weights(keras_dir / "gru_no_bias.keras"),
        "Keras GRU reset_after=True": gru_viz.load_weights(EXAMPLES / "keras_gru_reset_after.keras"),
        "Keras stacked GRU": gru_viz.load_weights(keras_dir / "gru_stacked_head.keras"),
        "Keras bidirectional LSTM": gru_viz.load_weights(keras_dir / "bidir_lstm_stacked.keras"),
        "LSTM 2 layers": gru_viz.LSTM.random(3, 4, 2, True, seed=1),
        "RNN 2 layers": gru_viz.RNN.random(3, 4, 2, False, seed=2),
    }
    x = np.random.default_rng(0).normal(size=(T, 3))
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in models.items():
            path = gru_viz.save_weights(model, pathlib.Path(tmp) / "model.safetensors")
            module = torch_twin(model)
            module.load_state_dict(safetensors.torch.load_file(path), strict=True)
            with torch.no_grad():
                output = module(torch.tensor(x[:, : model.input_size])[:, None])[0][:, 0].numpy()
            error = np.abs(output - model.run(x[:, : model.input_size]).output).max()
            assert error < 1e-12, (name, error)
            print(f"torch load_state_dict(strict=True) accepts model.save of {name}: max error {error:.1e}")


def main():
    torch.set_default_dtype(torch.float32)
    EXAMPLES.mkdir(exist_ok=True)
    DATA.mkdir(exist_ok=True)
    pytorch_example("pytorch_gru", 0)
    pytorch_example("pytorch_gru_2layer_bidir", 1, num_layers=2, bidirectional=True)
    keras_example("keras_gru_reset_after", 2, True)
    keras_example("keras_gru_reset_before", 3, False)
    dtype_fixtures()
    check_examples()
    check_torch_accepts_saved_files()
    print(f"torch {torch.__version__}, keras {keras.__version__} ({keras.backend.backend()})")


if __name__ == "__main__":
    main()
