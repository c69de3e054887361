"""Make the gradient reference vectors that tests/backprop/test_backward_vs_torch.py checks against.

Run from the repository root in a throwaway venv (torch is never a dependency of the app or its
tests; this script does not import gru_viz):
    python -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchvenv/bin/python tests/reference/make_gradients.py

For each case it builds torch.nn.GRU / LSTM / RNN in float64 with torch's own random init, runs a
sequence (or a batch) from a random h0 (and c0), and takes torch autograd's gradients of
    loss = sum(output * d_output) + sum(h_n * d_h_n) (+ sum(c_n * d_c_n))
for fixed random d_output, d_h_n, d_c_n: any loss's gradients are these for its own d_output and
d_h_n, so this tests backprop for every loss at once. Stored in tests/reference/gradients/<case>.npz
(batch 1 cases drop torch's batch axis, as the forward references do):
    param/<state_dict name>       the weights, as torch names them
    x, h0, c0                     the input (T, I) or (T, B, I) and initial states (L*D, [B,] H)
    d_output, d_h_n, d_c_n        the upstream gradients defining the loss
    grad/<state_dict name>        d loss / d each parameter
    grad/x, grad/h0, grad/c0      d loss / d the input and initial states
    flow/state, flow/input        (one-sequence cases) gradient_flow's norms: for the last layer's
                                  forward cell, || d h_{T-1} / d (h_t, c_t) ||_F from
                                  torch.autograd.functional.jacobian of the rest of the run
                                  started at that state, and || d h_{T-1} / d x_t ||_F from the
                                  Jacobian of the whole network's h_n row with respect to x
    kind, reset, z_convention     what the case is ("gru", "after", "keeps_old" for nn.GRU)
torch's nn.GRU is reset="after", z on h_prev ("keeps_old"). The "gru_reset_before*" cases use the
seed's GRU (reset="before", "takes_new"), which torch has no module for: a step loop of torch ops
written from the equations (tests/reference/make_forward.py does the same for the gates), whose
gradients come from torch autograd. The script first checks that the same loop written for
reset="after", keeps_old matches nn.GRU's output and autograd gradients to 1e-12.
"""

import pathlib

import numpy as np
import torch

OUT = pathlib.Path(__file__).parent / "gradients"
torch.set_default_dtype(torch.float64)

# (name, kind, T, I, H, num_layers, bidirectional, bias, batch or None)
CASES = [
    ("rnn_small", "rnn", 7, 3, 4, 1, False, True, None),
    ("rnn_two_layer_bidir", "rnn", 6, 3, 4, 2, True, True, None),
    ("rnn_batched", "rnn", 5, 2, 3, 2, True, True, 3),
    ("gru_small", "gru", 7, 3, 4, 1, False, True, None),
    ("gru_two_layer_bidir", "gru", 6, 3, 4, 2, True, True, None),
    ("gru_no_bias", "gru", 6, 2, 3, 1, False, False, None),
    ("gru_batched", "gru", 5, 3, 4, 2, True, True, 3),
    ("gru_reset_before_small", "gru_before", 7, 3, 4, 1, False, True, None),
    ("gru_reset_before_two_layer_bidir", "gru_before", 6, 3, 4, 2, True, True, None),
    ("lstm_small", "lstm", 7, 3, 4, 1, False, True, None),
    ("lstm_two_layer_bidir", "lstm", 6, 3, 4, 2, True, True, None),
    ("lstm_batched", "lstm", 5, 2, 3, 2, True, True, 3),
]
MODULES = {"gru": torch.nn.GRU, "gru_before": torch.nn.GRU, "lstm": torch.nn.LSTM, "rnn": torch.nn.RNN}


class HandWrittenGRU:
    """A GRU network of torch ops written from the equations, either reset position and z side,
    with nn.GRU's weights, stacking and output; autograd differentiates it."""

    def __init__(self, state, num_layers, bidirectional, reset, z_convention):
        self.state, self.L, self.D = state, num_layers, 2 if bidirectional else 1
        self.reset, self.takes_new = reset, z_convention == "takes_new"

    def __call__(self, x, h0):
        """x (T, B, I), h0 (L*D, B, H) -> (output (T, B, D*H), h_n (L*D, B, H)), like nn.GRU."""
        layer_input, h_n = x, []
        for l in range(self.L):
            outs = []
            for d in range(self.D):
                sfx = f"_l{l}" + ("_reverse" if d else "")
                states = self.cell(layer_input, h0[l * self.D + d], sfx, reverse=d == 1)
                outs.append(states)
                h_n.append(states[0] if d == 1 else states[-1])
            layer_input = torch.cat(outs, dim=-1)
        return layer_input, torch.stack(h_n)

    def cell(self, x, h, sfx, reverse):
        W_ih, W_hh = self.state[f"weight_ih{sfx}"], self.state[f"weight_hh{sfx}"]
        zeros = torch.zeros(W_hh.shape[0])
        b_ih, b_hh = self.state.get(f"bias_ih{sfx}", zeros), self.state.get(f"bias_hh{sfx}", zeros)
        H = W_hh.shape[1]
        W_hr, W_hz, W_hn = W_hh[:H], W_hh[H : 2 * H], W_hh[2 * H :]
        states = [None] * x.shape[0]
        for t in range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0]):
            gi = x[t] @ W_ih.T + b_ih
            r = torch.sigmoid(gi[..., :H] + h @ W_hr.T + b_hh[:H])
            z = torch.sigmoid(gi[..., H : 2 * H] + h @ W_hz.T + b_hh[H : 2 * H])
            if self.reset == "after":
                n = torch.tanh(gi[..., 2 * H :] + r * (h @ W_hn.T + b_hh[2 * H :]))
            else:
                n = torch.tanh(gi[..., 2 * H :] + (r * h) @ W_hn.T + b_hh[2 * H :])
            h = (1 - z) * h + z * n if self.takes_new else z * h + (1 - z) * n
            states[t] = h
        return torch.stack(states)


def build(kind, I, H, L, bidir, bias):
    """(a torch module with torch's init, the callable the case is run with)."""
    module = MODULES[kind](I, H, num_layers=L, bidirectional=bidir, bias=bias)
    if kind != "gru_before":
        return module, module
    return module, HandWrittenGRU(dict(module.state_dict()), L, bidir, "before", "takes_new")


def with_params(kind, state, L, bidir):
    """A callable running the network on the given parameter tensors (so autograd sees them)."""
    if kind == "gru_before":
        return HandWrittenGRU(state, L, bidir, "before", "takes_new")
    I = state["weight_ih_l0"].shape[1]
    H = state["weight_hh_l0"].shape[1]
    module = MODULES[kind](I, H, num_layers=L, bidirectional=bidir, bias="bias_ih_l0" in state)
    module.load_state_dict({k: v.detach() for k, v in state.items()})
    return module


def run(net, kind, x, h0, c0):
    """(output, h_n, c_n or None) for x (T, B, I)."""
    if kind == "lstm":
        output, (h_n, c_n) = net(x, (h0, c0))
        return output, h_n, c_n
    output, h_n = net(x, h0)
    return output, h_n, None


def sub_network(kind, state, layers, bidir):
    """A network of the given layers of `state` (renumbered from 0), for the flow references."""
    renamed = {}
    for k, v in state.items():
        for l in layers:
            tag = f"_l{l}"
            if k.endswith(tag) or (tag + "_") in k:
                renamed[k.replace(tag, f"_l{l - layers[0]}")] = v
    return with_params(kind, renamed, len(layers), bidir), renamed


def flow_references(kind, state, L, bidir, x, h0, c0):
    """gradient_flow's norms for one sequence x (T, I), from torch Jacobians (see the docstring)."""
    D = 2 if bidir else 1
    T = x.shape[0]
    top = (L - 1) * D  # the last layer's forward direction in h_n
    full = with_params(kind, state, L, bidir)

    def last_state(x_):
        return run(full, kind, x_[:, None], h0[:, None], None if c0 is None else c0[:, None])[1][top, 0]

    J_x = torch.autograd.functional.jacobian(last_state, x)  # (H, T, I)
    flow_input = torch.sqrt(torch.sum(J_x**2, dim=(0, 2)))

    # the last layer's forward cell alone, fed what the layers below gave it
    if L > 1:
        below, _ = sub_network(kind, state, list(range(L - 1)), bidir)
        lower_c0 = None if c0 is None else c0[: top, None]
        u = run(below, kind, x[:, None], h0[: top, None], lower_c0)[0][:, 0].detach()
    else:
        u = x
    forward_only = {k: v for k, v in state.items() if k.endswith(f"_l{L - 1}")}
    cell, _ = sub_network(kind, forward_only, [L - 1], False)
    h_start = h0[top][None, None]
    c_start = None if c0 is None else c0[top][None, None]
    flow_state = torch.empty(T)
    for t in range(T):
        _, h_t, c_t = run(cell, kind, u[: t + 1, None], h_start, c_start)
        if t == T - 1:
            def rest(h, c=None):
                return h
        else:
            def rest(h, c=None, t=t):
                return run(cell, kind, u[t + 1 :, None], h[None, None], None if c is None else c[None, None])[1][0, 0]
        inputs = (h_t[0, 0],) if c_t is None else (h_t[0, 0], c_t[0, 0])
        J = torch.autograd.functional.jacobian(rest, inputs)
        flow_state[t] = torch.sqrt(sum(torch.sum(j**2) for j in J))
    return flow_state, flow_input


def check_hand_written_gru():
    """The hand-written loop, set to reset="after", keeps_old, against nn.GRU and its autograd."""
    torch.manual_seed(123)
    module = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    x, h0 = torch.randn(6, 2, 3, requires_grad=True), torch.randn(4, 2, 4, requires_grad=True)
    ours = HandWrittenGRU(dict(module.named_parameters()), 2, True, "after", "keeps_old")
    theirs_out, theirs_h = module(x, h0)
    ours_out, ours_h = ours(x, h0)
    assert torch.allclose(ours_out, theirs_out, atol=1e-12, rtol=0)
    assert torch.allclose(ours_h, theirs_h, atol=1e-12, rtol=0)
    g_out, g_h = torch.randn_like(theirs_out), torch.randn_like(theirs_h)
    inputs = [x, h0, *module.parameters()]
    theirs = torch.autograd.grad((theirs_out * g_out).sum() + (theirs_h * g_h).sum(), inputs)
    ours = torch.autograd.grad((ours_out * g_out).sum() + (ours_h * g_h).sum(), inputs)
    for a, b in zip(ours, theirs, strict=True):
        assert torch.allclose(a, b, atol=1e-12, rtol=0)


def make_case(name, kind, T, I, H, L, bidir, bias, batch, seed):
    torch.manual_seed(seed)
    module, _ = build(kind, I, H, L, bidir, bias)
    D = 2 if bidir else 1
    B = 1 if batch is None else batch
    x = torch.randn(T, B, I)
    h0 = 0.5 * torch.randn(L * D, B, H)
    c0 = 0.5 * torch.randn(L * D, B, H) if kind == "lstm" else None
    d_output = torch.randn(T, B, D * H)
    d_h_n = torch.randn(L * D, B, H)
    d_c_n = torch.randn(L * D, B, H) if kind == "lstm" else None

    state = {k: v.detach().clone().requires_grad_(True) for k, v in module.state_dict().items()}
    net = with_params(kind, state, L, bidir)
    leaves = {"x": x.clone().requires_grad_(True), "h0": h0.clone().requires_grad_(True)}
    if c0 is not None:
        leaves["c0"] = c0.clone().requires_grad_(True)
    params = dict(net.named_parameters()) if isinstance(net, torch.nn.Module) else state
    output, h_n, c_n = run(net, kind, leaves["x"], leaves["h0"], leaves.get("c0"))
    loss = (output * d_output).sum() + (h_n * d_h_n).sum()
    if c_n is not None:
        loss = loss + (c_n * d_c_n).sum()
    names = list(leaves) + list(params)
    grads = torch.autograd.grad(loss, list(leaves.values()) + list(params.values()))
    grad = dict(zip(names, grads, strict=True))

    squeeze = (lambda a: a[:, 0]) if batch is None else (lambda a: a)
    out = {
        "x": squeeze(x), "h0": squeeze(h0), "d_output": squeeze(d_output), "d_h_n": squeeze(d_h_n),
        "grad/x": squeeze(grad["x"]), "grad/h0": squeeze(grad["h0"]),
    }
    if c0 is not None:
        out.update({"c0": squeeze(c0), "d_c_n": squeeze(d_c_n), "grad/c0": squeeze(grad["c0"])})
    out.update({f"param/{k}": v for k, v in module.state_dict().items()})
    out.update({f"grad/{k}": grad[k] for k in params})
    if batch is None:
        flow_state, flow_input = flow_references(kind, module.state_dict(), L, bidir, x[:, 0], h0[:, 0],
                                                 None if c0 is None else c0[:, 0])
        out.update({"flow/state": flow_state, "flow/input": flow_input})
    arrays = {k: v.detach().numpy() for k, v in out.items()}
    arrays["kind"] = np.array("gru" if kind == "gru_before" else kind)
    arrays["reset"] = np.array("before" if kind == "gru_before" else "after")
    arrays["z_convention"] = np.array("takes_new" if kind == "gru_before" else "keeps_old")
    arrays["torch_version"] = np.array(torch.__version__)
    np.savez(OUT / f"{name}.npz", **arrays)


def main():
    check_hand_written_gru()
    OUT.mkdir(exist_ok=True)
    for seed, case in enumerate(CASES):
        make_case(*case, seed=100 + seed)
    print(f"wrote {len(CASES)} cases to {OUT} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
