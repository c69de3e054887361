"""How many numbers each framework stores for a recurrent layer of given sizes.

Per layer and direction, with I_l the layer's input size (I for layer 0, D*H after) and G gate
blocks (GRU 3, LSTM 4, RNN 1):
    weights               G*H*(I_l + H)
    PyTorch biases        2*G*H   (b_ih and b_hh; none with bias=False)
    ONNX biases           2*G*H   (B = [Wb, Rb]; none without a B input, bias=False)
    Keras biases          G*H, except GRU(reset_after=True): 2*G*H, stored as a (2, 3H) array
    the seed form (GRU)   3*H     (one bias per gate: b_r, b_z, b_h)
Sources: the PyTorch nn.GRU / nn.LSTM / nn.RNN, Keras GRU / LSTM / SimpleRNN and ONNX GRU / LSTM / RNN
operator documentation.
"""

GATES = {"gru": 3, "lstm": 4, "rnn": 1}
FRAMEWORKS = ("pytorch", "keras", "seed", "onnx")


def parameter_count(cell, input_size, hidden_size, num_layers=1, bidirectional=False,
                    framework="pytorch", bias=True, reset_after=True):
    """Stored parameters of a `cell` ("gru", "lstm", "rnn") network as `framework` stores them.

    `bias=False` is PyTorch's option without biases (an ONNX node without B); `reset_after` is
    Keras' GRU option.
    """
    if cell not in GATES:
        raise ValueError(f"cell must be one of {tuple(GATES)}, got {cell!r}")
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {FRAMEWORKS}, got {framework!r}")
    if framework == "seed" and cell != "gru":
        raise ValueError("the seed form describes a GRU only")
    G, H, D = GATES[cell], hidden_size, 2 if bidirectional else 1
    if framework in ("pytorch", "onnx"):
        biases = 2 * G * H if bias else 0
    elif framework == "keras":
        biases = 2 * G * H if cell == "gru" and reset_after else G * H
    else:
        biases = 3 * H
    total = 0
    for l in range(num_layers):
        I = input_size if l == 0 else D * H
        total += D * (G * H * (I + H) + biases)
    return total
