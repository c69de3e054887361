"""The parameter table of "GRU versus LSTM" says which Keras GRU each Keras column counts."""

import json

from tests.app.helpers import open_app


def test_the_keras_column_says_reset_after_true():
    at = open_app("pages/gru_vs_lstm_page.py")
    table = next(t for t in at.dataframe if "Keras reset_after=False" in t.value.columns)
    headers = json.loads(table.proto.columns)
    assert headers["Keras"]["label"] == "Keras reset_after=True (default)"
