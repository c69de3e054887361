"""A forced gate reaches the cell page's live view: its data carries the clamp, and the server's
states it is given are the clamped model's. What each view says of it (the diagram's dashed box and
note, "z = 0.950 (clamped)" in the equations, the sentences under the number lines) is drawn in the
browser and held to the Python builders' words by tests/browser/test_live_views_browser.py and
test_live_diagram_browser.py."""

import numpy as np
import pytest

from lessons.presets import random_gru
from lessons.state import Clamp, to_url
from tests.app.helpers import gru_cell, live_data, open_app

CELL = "pages/cell_page.py"


@pytest.mark.parametrize("clamp", [Clamp("z", 0.95, 0), Clamp("r", 0.0, None)])
def test_a_clamped_gate_reaches_the_live_view_with_the_clamped_models_states(clamp):
    state = random_gru(input_size=3, hidden_size=3).with_changes(clamp=clamp, step=2)
    at = open_app(CELL, to_url(state))
    data, cell = live_data(at), gru_cell(at)
    assert data["state"]["clamp"] == {"gate": clamp.gate, "value": clamp.value, "unit": clamp.unit}
    assert data["states"] == cell.h.ravel().tolist()
    forced = getattr(cell, clamp.gate)[:, slice(None) if clamp.unit is None else clamp.unit]
    np.testing.assert_allclose(forced, clamp.value, atol=1e-12)
