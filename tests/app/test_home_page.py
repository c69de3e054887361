"""The welcome page (AppTest): it states the convention in force and shows the example's real numbers."""

import numpy as np

from tests.app.helpers import app_state, gru_cell, open_app


def test_home_page_states_the_convention_in_force():
    at = open_app()
    assert at.title[0].value == "GRU Gate Explorer"
    assert "z takes the new candidate" in at.caption[0].value
    assert r"z \approx 0 \text{ keeps the old state}" in at.latex[0].value
    at.radio(key="z_choice").set_value("keeps_old").run()
    assert "z keeps the old state" in at.caption[0].value
    assert r"z \approx 1 \text{ keeps the old state}" in at.latex[0].value


def test_home_page_table_holds_the_core_numbers_and_obeys_the_interpolation():
    at = open_app()
    table = at.dataframe[0].value
    cell, H = gru_cell(at), app_state(at).hidden_size
    np.testing.assert_allclose(table["z_t"].to_numpy(), cell.z[:4].ravel())
    z, h_prev, h_tilde = table["z_t"].to_numpy(), table["h_{t-1}"].to_numpy(), table["h̃_t"].to_numpy()
    np.testing.assert_allclose(table["h_t"].to_numpy(), (1 - z) * h_prev + z * h_tilde, atol=1e-15)
    assert len(table) == 4 * H
