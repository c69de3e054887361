"""bench/real_size.py's Python side measures what it says: its model loads whole, its sentence has
the asked-for length, and every row is a real measurement at that size."""

import json

import gru_viz
from bench import real_size


def test_the_bench_model_and_sentence_are_the_asked_for_sizes_and_its_rows_are_measured(tmp_path):
    model_path, vocabulary_path = real_size.model_files(tmp_path, 80)
    model = gru_viz.load_model(model_path, vocabulary=vocabulary_path)
    ids, unknown = model.tokenize(real_size.sentence(90))
    assert len(ids) == 90 and unknown == [] and model.recurrent.hidden_size == 80
    assert len(json.loads(vocabulary_path.read_text())) == len(real_size.WORDS)
    rows = real_size.python_side(model_path, vocabulary_path, 90, repeats=1)
    assert [row[0] for row in rows][0] == "trace (every gate of the layer)" and float(rows[0][1]) > 0
    sizes = {row[0]: float(row[3]) for row in rows if row[3] != "-"}
    every, first = sizes["heatmaps, every unit: to JSON"], sizes["heatmaps, the first 64: to JSON"]
    assert every >= 3 * 80 * 90 * 4 / 1e6  # r, z and h of every unit and step, as float32: MB at least
    assert first < every * 0.9  # the cut sends 64 of the 80 units' rows
