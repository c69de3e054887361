"""Make PyTorch state_dicts of several recurrent modules, and torch's outputs for them.

Run in a throwaway venv (torch is never a dependency of the app or its tests):
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy safetensors
    /tmp/torchvenv/bin/python tests/reference/make_torch_stacks.py

tests/weights/data/<case>.safetensors (the module's whole state_dict, float32, as
safetensors.torch.save_file writes it) next to <case>_outputs.npz: x (T, I) and torch's output of
the stack for x from a zero state, batch 1, computed in float64 (module.double()) for those very
float32 weights, so gru_viz must match it to 1e-12:
    torch_stack_gru_lstm      encoder.gru1 = nn.GRU(3, 4, bidirectional=True), encoder.gru2 =
                              nn.LSTM(8, 5), then head = nn.Linear(5, 2): numbered names
    torch_stack_unnumbered    first = nn.GRU(3, 4), second = nn.RNN(4, 6): no numbers, the shapes
                              give the one order
    torch_stack_alike         layers.0 = nn.GRU(4, 4), layers.1 = nn.GRU(4, 4): alike, so one
                              two-layer GRU; both orders chain, the numbers decide
"""

import pathlib

import numpy as np
import safetensors.torch
import torch

OUT = pathlib.Path(__file__).resolve().parents[1] / "weights" / "data"


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru1 = torch.nn.GRU(3, 4, bidirectional=True)
        self.gru2 = torch.nn.LSTM(8, 5)


class GruLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.head = torch.nn.Linear(5, 2)

    def stack(self, x):
        return self.encoder.gru2(self.encoder.gru1(x)[0])[0]


class Unnumbered(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.first = torch.nn.GRU(3, 4)
        self.second = torch.nn.RNN(4, 6)

    def stack(self, x):
        return self.second(self.first(x)[0])[0]


class Alike(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.GRU(4, 4), torch.nn.GRU(4, 4)])

    def stack(self, x):
        return self.layers[1](self.layers[0](x)[0])[0]


def make(name, module, inputs, seed):
    torch.manual_seed(seed)
    module = module()
    for parameter in module.parameters():  # biases too, so a mix-up of them shows
        torch.nn.init.uniform_(parameter, -0.8, 0.8)
    state = {k: v.contiguous() for k, v in module.state_dict().items()}
    safetensors.torch.save_file(state, OUT / f"{name}.safetensors")
    x = torch.randn(6, 1, inputs, dtype=torch.float64)
    with torch.no_grad():
        output = module.double().stack(x)
    np.savez(OUT / f"{name}_outputs.npz", x=x[:, 0].numpy(), output=output[:, 0].numpy())
    print(name, sorted(module.state_dict()))


if __name__ == "__main__":
    make("torch_stack_gru_lstm", GruLstm, 3, 0)
    make("torch_stack_unnumbered", Unnumbered, 3, 1)
    make("torch_stack_alike", Alike, 4, 2)
