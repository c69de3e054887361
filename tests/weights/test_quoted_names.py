"""A weight file's own strings are quoted short in notes and refusals: a tensor or layer name of
10,000 characters becomes a few dozen, so no message quotes unknown input at length."""

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save

from gru_viz import WeightsError, read_weights
from tests.helpers import ROOT

LONG = "[Click](https://evil.example/phish)" + "y" * 10_000


def pytorch_gru_with(*names):
    """The shipped PyTorch GRU's tensors, plus a small tensor under each name."""
    with safe_open(str(ROOT / "examples" / "pytorch_gru.safetensors"), framework="numpy") as f:
        arrays = {k: f.get_tensor(k) for k in f.keys()}
    arrays.update({name: np.zeros(2, np.float32) for name in names})
    return save(arrays)


def test_an_ignored_tensors_long_name_is_quoted_short_in_the_notes():
    notes = " ".join(read_weights(pytorch_gru_with(LONG)).notes)
    assert "ignored 1 key" in notes and "[Click](https://evil.example" in notes and len(notes) < 600


def test_a_refusal_quotes_unknown_names_short():
    with pytest.raises(WeightsError) as caught:
        read_weights(save({LONG: np.zeros(2, np.float32)}))
    assert "no recurrent weights found" in str(caught.value) and len(str(caught.value)) < 400
