"""Make the ONNX files torch exports, and the outputs gru_viz must reproduce for them.

Run in a throwaway venv (torch is never a dependency of the app or its tests):
    /tmp/torchvenv/bin/pip install torch==2.13.0 onnx==1.23.2 onnxscript numpy
    /tmp/torchvenv/bin/python tests/reference/make_onnx.py

examples/onnx_gru_2layer_bidir.onnx      nn.GRU(3, 4, num_layers=2, bidirectional=True) in a module,
                                         exported by torch.onnx.export (dynamo=True, torch's default)
tests/weights/data/torchscript_export_lstm.onnx
                                         nn.LSTM(3, 4, num_layers=2) exported by the older
                                         TorchScript exporter (dynamo=False): its initial states
                                         are built in the graph (Shape, Gather, Concat, Expand)
Each file sits next to <name>_outputs.npz: x (T, I), torch's output (T, D*H) and h_n (L*D, H) for x
from a zero state, batch 1. The files keep torch's float32 weights, as a user's would be; the
outputs are torch's for those very weights in float64 (module.double()), so gru_viz must match
them to 1e-12.
"""

import io
import pathlib

import numpy as np
import onnx
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]


class Recurrent(torch.nn.Module):
    """What a notebook exports: a module whose forward returns the recurrent layer's outputs."""

    def __init__(self, layer):
        super().__init__()
        self.rnn = layer

    def forward(self, x):
        return self.rnn(x)[0]


def export(layer, path, dynamo, seed):
    torch.manual_seed(seed)
    module = Recurrent(layer).eval()
    x = torch.randn(6, 1, 3)
    buffer = io.BytesIO()
    torch.onnx.export(module, (x,), buffer, dynamo=dynamo, input_names=["x"], output_names=["y"],
                      **({} if dynamo else {"opset_version": 17}))
    model = onnx.load_model_from_string(buffer.getvalue())
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())
    double = Recurrent(layer).double().eval()
    with torch.no_grad():
        output, state = double.rnn(x.double())
    h_n = state[0] if isinstance(state, tuple) else state
    np.savez(path.with_name(path.name.removesuffix(".onnx") + "_outputs.npz"), x=x[:, 0].double().numpy(),
             output=output[:, 0].numpy(), h_n=h_n[:, 0].numpy())
    print(path.relative_to(ROOT), path.stat().st_size, "bytes:", [n.op_type for n in model.graph.node])


if __name__ == "__main__":
    torch.manual_seed(0)
    gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    export(gru, ROOT / "examples" / "onnx_gru_2layer_bidir.onnx", dynamo=True, seed=1)
    torch.manual_seed(2)
    lstm = torch.nn.LSTM(3, 4, num_layers=2)
    export(lstm, ROOT / "tests" / "weights" / "data" / "torchscript_export_lstm.onnx", dynamo=False, seed=3)
