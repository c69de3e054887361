"""Make the Keras reference files that tests/weights/test_keras.py loads and checks.

Run in a throwaway venv (torch and keras are never dependencies of the app or its tests):
    /tmp/torchvenv/bin/pip install torch==2.13.0 keras h5py numpy safetensors
    KERAS_BACKEND=torch /tmp/torchvenv/bin/python tests/reference/make_keras.py [case ...]

Each case builds a Keras 3 model (torch backend) whose recurrent layers are GRU (reset_after True
or False), LSTM or SimpleRNN, stacked or wrapped in Bidirectional, gives every variable random
numbers (Keras would start biases at zero, which would hide a bias mix-up), and writes to
tests/reference/keras/:
    <case>.keras           model.save: a zip of config.json, metadata.json and model.weights.h5
    <case>.weights.h5      model.save_weights: the same HDF5 file, without any config
    <case>.npz             x (T, I) and Keras' own output of the recurrent stack for x, batch 1,
                           zero initial state: (T, D*H) with return_sequences, else (D*H,);
                           num_parameters: count_params() summed over the recurrent layers
Models run in float64 (keras.config.set_floatx and set_dtype_policy) unless the case says
float32, so the only difference left is the arithmetic Keras does itself. It is not all float64:
in keras 3.15.1, keras.src.backend.common.dtypes.result_type("float64", "float64") is "float32",
and the torch backend's ops.matmul casts both operands to that type. GRU(reset_after=True) and
LSTM run through torch.matmul directly (keras/src/backend/torch/rnn.py, _fallback_gru and
_fallback_lstm) and stay float64; GRU(reset_after=False) and SimpleRNN run their cells' ops.matmul
and carry float32 rounding (~1e-7). tests/weights/test_keras.py compares each at what it can hold.
"""

import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).parent / "keras"
L = keras.layers


def rs(layer_cls, units, **kwargs):
    return layer_cls(units, return_sequences=True, **kwargs)


# name: (I, T, floatx, style, recurrent layers, layers after the stack)
CASES = {
    "gru_reset_after": (3, 6, "float64", "sequential", lambda: [rs(L.GRU, 4)], []),
    "gru_reset_before": (3, 6, "float64", "sequential", lambda: [rs(L.GRU, 4, reset_after=False)], []),
    "gru_no_bias": (3, 6, "float64", "functional", lambda: [rs(L.GRU, 4, use_bias=False)], []),
    "gru_float32": (3, 6, "float32", "sequential", lambda: [rs(L.GRU, 4)], []),
    "lstm": (3, 6, "float64", "functional", lambda: [rs(L.LSTM, 4)], []),
    "simple_rnn": (3, 6, "float64", "sequential", lambda: [rs(L.SimpleRNN, 4)], []),
    "gru_stacked_head": (2, 7, "float64", "sequential",
                         lambda: [rs(L.GRU, 4), L.Dropout(0.3), rs(L.GRU, 4), rs(L.GRU, 4)],
                         lambda: [L.Dense(2)]),
    "gru_before_stacked": (3, 5, "float64", "functional",
                           lambda: [rs(L.GRU, 3, reset_after=False), rs(L.GRU, 3, reset_after=False)], []),
    "gru_last_state": (3, 6, "float64", "functional", lambda: [rs(L.GRU, 4), L.GRU(4)], []),
    "bidir_gru": (3, 6, "float64", "functional", lambda: [L.Bidirectional(rs(L.GRU, 4))], lambda: [L.Dense(1)]),
    "bidir_gru_before": (3, 6, "float64", "sequential",
                         lambda: [L.Bidirectional(rs(L.GRU, 3, reset_after=False))], []),
    "bidir_lstm_stacked": (3, 5, "float64", "sequential",
                           lambda: [L.Bidirectional(rs(L.LSTM, 3)), L.Bidirectional(rs(L.LSTM, 3))], []),
    "bidir_rnn_stacked": (2, 5, "float64", "functional",
                          lambda: [L.Bidirectional(rs(L.SimpleRNN, 3)), L.Bidirectional(rs(L.SimpleRNN, 3))], []),
    # Stacks whose layers differ (gru_viz.Stack): the course notebook's model, then kinds and widths.
    "mixed_bidir_then_gru": (3, 6, "float64", "sequential",
                             lambda: [L.Bidirectional(rs(L.GRU, 4)), rs(L.GRU, 4)], []),
    "mixed_kinds_widths": (3, 6, "float64", "functional",
                           lambda: [L.Bidirectional(rs(L.LSTM, 3)), rs(L.GRU, 5, reset_after=False),
                                    rs(L.SimpleRNN, 2)], lambda: [L.Dense(2)]),
}


def randomise(layer, rng):
    """Random numbers in every variable, so that a swapped gate or bias cannot go unnoticed."""
    layer.set_weights([rng.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])


def build(name, I, T, floatx, style, recurrent, head, seed):
    """(model to save, model whose output is the recurrent stack's, x, the stack's parameter count)."""
    keras.config.set_floatx(floatx)
    keras.config.set_dtype_policy(floatx)  # the policy, not floatx, sets a new layer's variable dtype
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    stack, after = recurrent(), head() if head else []
    if style == "sequential":
        model = keras.Sequential([keras.Input((T, I)), *stack, *after], name=name)
    else:
        inputs = keras.Input((T, I))
        y = inputs
        for layer in [*stack, *after]:
            y = layer(y)
        model = keras.Model(inputs, y, name=name)
    for layer in model.layers:
        randomise(layer, rng)
    probe_in = keras.Input((T, I))  # the same layer objects, called again, without the head
    y = probe_in
    for layer in stack:
        y = layer(y)
    probe = keras.Model(probe_in, y)
    x = rng.normal(size=(T, I)).astype(floatx)
    return model, probe, x, sum(layer.count_params() for layer in stack)


def make_case(name, spec, seed, out=OUT):
    model, probe, x, num_parameters = build(name, *spec, seed=seed)
    output = keras.ops.convert_to_numpy(probe(x[None]))[0]
    model.save(out / f"{name}.keras")
    model.save_weights(out / f"{name}.weights.h5")
    np.savez(out / f"{name}.npz", x=x.astype(np.float64), output=output.astype(np.float64),
             num_parameters=num_parameters)
    return model


def main(names):
    """Every case, or only the cases named (each keeps its seed, its place in CASES)."""
    OUT.mkdir(exist_ok=True)
    made = [make_case(name, spec, seed) for seed, (name, spec) in enumerate(CASES.items())
            if not names or name in names]
    print(f"wrote {len(made)} cases to {OUT} with keras {keras.__version__} on {keras.backend.backend()}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
