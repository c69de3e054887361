"""What each z convention of the GRU means, said once: shares, names and formulas.

    convention("keeps_old").label          # "z keeps the old state"
    kept(trace.z, trace.z_convention)      # (T, H): the share of h_{t-1} each unit keeps
    taken(trace.z, trace.z_convention)     # (T, H): the share of h~_t it takes; kept + taken = 1

Texts write the interpolation two ways, and they describe the same family of functions
(1 - sigmoid(a) = sigmoid(-a)), so only the meaning of z differs:
    takes_new  (this app, the seed)       h_t = (1 - z_t) * h_{t-1} + z_t * h~_t    z near 0 keeps
    keeps_old  (Cho et al. 2014, eq. 7;   h_t = z_t * h_{t-1} + (1 - z_t) * h~_t    z near 1 keeps
                PyTorch nn.GRU, Keras GRU, ONNX GRU)
Sources: Cho et al. 2014, "Learning Phrase Representations using RNN Encoder-Decoder for
Statistical Machine Translation"; the PyTorch torch.nn.GRU documentation
(https://pytorch.org/docs/stable/generated/torch.nn.GRU.html). Where the reset gate acts is the
other convention (RESET_POSITIONS; see gru_viz.cells.gru): that one changes the function itself.
"""

from dataclasses import dataclass

Z_CONVENTIONS = ("takes_new", "keeps_old")
RESET_POSITIONS = ("before", "after")  # r applied before W_hn (Cho et al., the seed) or after (PyTorch)


@dataclass(frozen=True)
class Convention:
    """One z convention: what z multiplies, and how the app names and writes it."""

    name: str  # as GRU(z_convention=...) takes it
    label: str  # how the app names it
    short: str  # the same in two words
    z_on: str  # the side z multiplies: "h_tilde" or "h_prev"; 1 - z multiplies the other
    kept_name: str  # the share of h_{t-1} a unit keeps, as sentences write it
    keeps_at: int  # the z that keeps the old state whole (0 or 1); the other end copies h~_t
    z_near_1: str  # what a z near 1 does
    z_near_0: str  # what a z near 0 does
    update: str  # the right side of h_t = ..., plain text
    update_latex: str  # the same in LaTeX

    @property
    def formula(self):
        return f"h_t = {self.update}"

    @property
    def latex(self):
        return f"h_t = {self.update_latex}"

    @property
    def kept_slope(self):
        """d kept / d z: +1 where z multiplies h_{t-1}, -1 where it multiplies h~_t."""
        return 1.0 if self.z_on == "h_prev" else -1.0


CONVENTIONS = {
    "takes_new": Convention(
        name="takes_new",
        label="z takes the new candidate",
        short="takes new",
        z_on="h_tilde",
        kept_name="1 − z",
        keeps_at=0,
        z_near_1="takes the new candidate",
        z_near_0="keeps the old state",
        update="(1 − z) h_{t−1} + z h̃_t",
        update_latex=r"(1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t",
    ),
    "keeps_old": Convention(
        name="keeps_old",
        label="z keeps the old state",
        short="keeps old",
        z_on="h_prev",
        kept_name="z",
        keeps_at=1,
        z_near_1="keeps the old state",
        z_near_0="takes the new candidate",
        update="z h_{t−1} + (1 − z) h̃_t",
        update_latex=r"z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t",
    ),
}


def convention(z_convention) -> Convention:
    """The Convention named `z_convention`; a ValueError naming the valid ones for any other."""
    if z_convention not in CONVENTIONS:
        raise ValueError(f"z_convention must be one of {Z_CONVENTIONS}, got {z_convention!r}")
    return CONVENTIONS[z_convention]


def kept(z, z_convention):
    """The share of h_{t-1} a unit keeps, for z a float or an array: 1 - z (takes_new), z (keeps_old).
    Exact either way (+z: a new array, as 1 - z is, never the caller's own)."""
    return +z if convention(z_convention).z_on == "h_prev" else 1.0 - z


def taken(z, z_convention):
    """The share of h~_t a unit takes: z (takes_new), 1 - z (keeps_old). kept + taken == 1 exactly
    for every z in [0, 1] (1 - z is within half an ulp of the truth, and z + (1 - z) rounds to 1)."""
    return +z if convention(z_convention).z_on == "h_tilde" else 1.0 - z
