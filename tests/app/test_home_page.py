"""The welcome page, driven by Streamlit's AppTest: it runs, states its convention, shows real numbers."""

import numpy as np
from streamlit.testing.v1 import AppTest

import gru_viz
from tests.helpers import ROOT


def run_app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_home_page_states_the_convention():
    at = run_app()
    assert at.title[0].value == "GRU Gate Explorer"
    assert "z takes the new candidate" in at.caption[0].value


def test_home_page_table_holds_the_core_numbers_and_obeys_the_interpolation():
    at = run_app()
    table = at.dataframe[0].value
    model = gru_viz.GRU.random(input_size=2, hidden_size=3, seed=0)
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 0.0], [0.0, 0.0]])
    cell = model.run(x).cells[0][0]
    np.testing.assert_allclose(table["z_t"].to_numpy(), cell.z.ravel())
    z, h_prev, h_tilde = table["z_t"].to_numpy(), table["h_{t-1}"].to_numpy(), table["h̃_t"].to_numpy()
    np.testing.assert_allclose(table["h_t"].to_numpy(), (1 - z) * h_prev + z * h_tilde, atol=1e-15)
