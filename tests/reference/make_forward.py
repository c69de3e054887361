"""Make the forward reference vectors that tests/test_forward_vs_torch.py checks against.

Run in a throwaway venv (torch is never a dependency of the app or its tests):
    python -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0 numpy safetensors
    /tmp/torchvenv/bin/python tests/reference/make_forward.py

For each case it builds torch.nn.GRU / LSTM / RNN in float64 with torch's own random init, runs
a batch-1 sequence from a random h0 (and c0), and stores in tests/reference/forward/<case>.npz:
    param/<state_dict name>   the weights, as torch names them
    x, h0, c0                 the input (T, I) and initial states (L*D, H)
    output, h_n, c_n          torch's output[:, 0] and h_n[:, 0] (c_n[:, 0])
    gate/l{k}/d{d}/<name>     every gate of every cell, recomputed here with torch ops from the
                              equations in torch's documentation; the script asserts that these
                              recomputed states equal nn.GRU's own output to 1e-12 before saving
    num_parameters            sum(p.numel() for p in module.parameters())
It also writes two weight files straight from torch (safetensors.torch.save_file), so the loader is
tested on bytes torch itself wrote.
"""

import pathlib

import numpy as np
import safetensors.torch
import torch

OUT = pathlib.Path(__file__).parent / "forward"
torch.set_default_dtype(torch.float64)

# (name, kind, T, I, H, num_layers, bidirectional, bias)
CASES = [
    ("gru_small", "gru", 7, 3, 4, 1, False, True),
    ("gru_two_layer", "gru", 9, 2, 5, 2, False, True),
    ("gru_bidir", "gru", 6, 3, 4, 1, True, True),
    ("gru_three_layer_bidir", "gru", 5, 4, 3, 3, True, True),
    ("gru_no_bias", "gru", 6, 2, 3, 1, False, False),
    ("gru_wide", "gru", 12, 16, 32, 1, False, True),
    ("lstm_small", "lstm", 7, 3, 4, 1, False, True),
    ("lstm_two_layer_bidir", "lstm", 6, 3, 4, 2, True, True),
    ("rnn_small", "rnn", 7, 3, 4, 1, False, True),
    ("rnn_two_layer_bidir", "rnn", 6, 3, 4, 2, True, True),
]


def gru_gates(p, x, h0, reverse):
    """r, z, n, h and pre-activations of one GRU direction, per torch's nn.GRU documentation."""
    H = p["W_hh"].shape[1]
    order = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    rec = {k: [None] * x.shape[0] for k in ("r", "z", "n", "h", "a_r", "a_z", "a_n", "hn_rec")}
    h = h0
    for t in order:
        gi = p["W_ih"] @ x[t] + p["b_ih"]
        gh = p["W_hh"] @ h + p["b_hh"]
        a_r, a_z = gi[:H] + gh[:H], gi[H : 2 * H] + gh[H : 2 * H]
        r, z = torch.sigmoid(a_r), torch.sigmoid(a_z)
        a_n = gi[2 * H :] + r * gh[2 * H :]
        n = torch.tanh(a_n)
        h = (1 - z) * n + z * h
        for k, v in dict(r=r, z=z, n=n, h=h, a_r=a_r, a_z=a_z, a_n=a_n, hn_rec=gh[2 * H :]).items():
            rec[k][t] = v
    return {k: torch.stack(v) for k, v in rec.items()}


def lstm_gates(p, x, h0, c0, reverse):
    H = p["W_hh"].shape[1]
    order = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    rec = {k: [None] * x.shape[0] for k in ("i", "f", "g", "o", "c", "h")}
    h, c = h0, c0
    for t in order:
        a = p["W_ih"] @ x[t] + p["b_ih"] + p["W_hh"] @ h + p["b_hh"]
        i, f, o = (torch.sigmoid(a[k * H : (k + 1) * H]) for k in (0, 1, 3))
        g = torch.tanh(a[2 * H : 3 * H])
        c = f * c + i * g
        h = o * torch.tanh(c)
        for k, v in dict(i=i, f=f, g=g, o=o, c=c, h=h).items():
            rec[k][t] = v
    return {k: torch.stack(v) for k, v in rec.items()}


def rnn_gates(p, x, h0, reverse):
    order = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    rec = {k: [None] * x.shape[0] for k in ("a", "h")}
    h = h0
    for t in order:
        a = p["W_ih"] @ x[t] + p["b_ih"] + p["W_hh"] @ h + p["b_hh"]
        h = torch.tanh(a)
        rec["a"][t], rec["h"][t] = a, h
    return {k: torch.stack(v) for k, v in rec.items()}


def make_case(name, kind, T, I, H, L, bidir, bias, seed):
    torch.manual_seed(seed)
    cls = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM, "rnn": torch.nn.RNN}[kind]
    module = cls(I, H, num_layers=L, bidirectional=bidir, bias=bias)
    D = 2 if bidir else 1
    x = torch.randn(T, I)
    h0 = 0.5 * torch.randn(L * D, H)
    c0 = 0.5 * torch.randn(L * D, H)
    with torch.no_grad():
        if kind == "lstm":
            output, (h_n, c_n) = module(x[:, None], (h0[:, None], c0[:, None]))
        else:
            output, h_n = module(x[:, None], h0[:, None])
        out = {"x": x, "h0": h0, "output": output[:, 0], "h_n": h_n[:, 0]}
        if kind == "lstm":
            out.update(c0=c0, c_n=c_n[:, 0])
        state = module.state_dict()
        out.update({f"param/{k}": v for k, v in state.items()})
        layer_input = x
        for l in range(L):
            outs = []
            for d in range(D):
                sfx = f"_l{l}" + ("_reverse" if d else "")
                zeros = torch.zeros(state[f"weight_hh{sfx}"].shape[0])
                p = {
                    "W_ih": state[f"weight_ih{sfx}"],
                    "W_hh": state[f"weight_hh{sfx}"],
                    "b_ih": state.get(f"bias_ih{sfx}", zeros),
                    "b_hh": state.get(f"bias_hh{sfx}", zeros),
                }
                k = l * D + d
                if kind == "gru":
                    gates = gru_gates(p, layer_input, h0[k], d == 1)
                elif kind == "lstm":
                    gates = lstm_gates(p, layer_input, h0[k], c0[k], d == 1)
                else:
                    gates = rnn_gates(p, layer_input, h0[k], d == 1)
                out.update({f"gate/l{l}/d{d}/{g}": v for g, v in gates.items()})
                outs.append(gates["h"])
            layer_input = torch.cat(outs, dim=-1)
        assert torch.allclose(layer_input, output[:, 0], atol=1e-12, rtol=0), name
        out["num_parameters"] = torch.tensor(sum(p.numel() for p in module.parameters()))
    np.savez(OUT / f"{name}.npz", **{k: v.numpy() for k, v in out.items()})
    return module


def main():
    OUT.mkdir(exist_ok=True)
    for seed, case in enumerate(CASES):
        module = make_case(*case, seed=seed)
        if case[0] in ("gru_small", "gru_three_layer_bidir"):
            safetensors.torch.save_file(module.state_dict(), OUT / f"{case[0]}.safetensors")
    print(f"wrote {len(CASES)} cases to {OUT} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
