"""Who writes the GRU how: the equations of each source and the numbers each stores.

Sources: Cho et al. 2014, "Learning Phrase Representations using RNN Encoder-Decoder" (its
equations leave the biases out); the PyTorch nn.GRU documentation; the
Keras layers.GRU documentation (reset_after=True is the default; False puts the reset gate
before the recurrent product and keeps one bias per gate); the ONNX GRU operator documentation
(linear_before_reset=0, the default, puts the reset gate before the recurrent product; 1 after it,
as PyTorch does; B holds both biases, [Wb, Rb]).
"""

from gru_viz.conventions import convention
from gru_viz.counts import parameter_count

SIDES = {"h_tilde": "h̃", "h_prev": "h₋₁"}  # what z multiplies, as the table writes it
CANDIDATE = {
    "before": "h̃ = tanh(W_in·x + W_hn·(r ⊙ h₋₁) + b)",
    "after": "h̃ = tanh(W_in·x + b_in + r ⊙ (W_hn·h₋₁ + b_hn))",
}

# (who, z convention, reset position, biases in words, how parameter_count counts it)
FORMS = (
    ("the seed form (this app)", "takes_new", "before", "one per gate: b_r, b_z, b_h", dict(framework="seed")),
    ("Cho et al. 2014", "keeps_old", "before", "left out of the equations", dict(framework="pytorch", bias=False)),
    ("PyTorch nn.GRU", "keeps_old", "after", "two per gate: b_i* and b_h*", dict(framework="pytorch")),
    ("Keras GRU(reset_after=True), the default", "keeps_old", "after", "two per gate, stored as (2, 3H)",
     dict(framework="keras", reset_after=True)),
    ("Keras GRU(reset_after=False)", "keeps_old", "before", "one per gate", dict(framework="keras", reset_after=False)),
    ("ONNX GRU, linear_before_reset=0 (the default)", "keeps_old", "before", "two per gate, in B = [Wb, Rb]",
     dict(framework="onnx")),
    ("ONNX GRU, linear_before_reset=1", "keeps_old", "after", "two per gate, in B = [Wb, Rb]",
     dict(framework="onnx")),
)


def convention_rows(input_size, hidden_size):
    """One dict per source: who, the update and candidate equations, biases, and the number of
    parameters it stores for a one-layer GRU of these sizes."""
    rows = []
    for who, z, reset, biases, count in FORMS:
        meaning = convention(z)
        rows.append({
            "who": who,
            "z multiplies": f"{SIDES[meaning.z_on]} ({meaning.short})",
            "update": f"{meaning.formula}   (z≈{meaning.keeps_at} keeps)",
            "reset": "before W_hn" if reset == "before" else "after W_hn",
            "candidate": CANDIDATE[reset],
            "biases": biases,
            "parameters": parameter_count("gru", input_size, hidden_size, **count),
        })
    return rows
