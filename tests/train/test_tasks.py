"""Each task's batches mean what its docstring says, come from the seed alone, and its probe is fixed."""

import numpy as np
import pytest

from gru_viz.train import make_task, probe
from gru_viz.train.tasks import MAX_LENGTH, corpus, held_out_start


def batch(task, n=64, seed=0, **kwargs):
    return task.batch(np.random.default_rng(seed), n, **kwargs)


def test_delayed_recall_asks_for_the_marked_symbol_after_k_steps():
    task = make_task("recall", 7, symbols=5)
    x, target = batch(task)
    assert x.shape == (8, 64, 7) and target.shape == (64,)
    np.testing.assert_array_equal(np.argmax(x[0, :, :5], axis=-1), target)  # the marked symbol is the answer
    assert np.all(x[0, :, 5] == 1) and not np.any(x[1:, :, 5])  # "remember this" at step 0 only
    assert np.all(x[7, :, 6] == 1) and not np.any(x[:7, :, 6]) and not np.any(x[7, :, :5])  # the cue, no symbol
    assert np.all(x[:7, :, :5].sum(axis=-1) == 1)  # one symbol a step before the cue
    assert task.tokens(x[:, 0])[0].endswith("*") and task.tokens(x[:, 0])[-1] == "?"


def test_running_parity_answers_the_parity_of_the_ones_so_far():
    task = make_task("parity", 12)
    x, target = batch(task)
    assert x.shape == (12, 64, 1) and target.shape == (12, 64)
    np.testing.assert_array_equal(target, np.cumsum(x[..., 0], axis=0) % 2)


def test_the_adding_problem_sums_the_two_marked_values_one_in_each_half():
    task = make_task("adding", 10)
    x, target = batch(task)
    markers = x[..., 1]
    assert np.all(markers.sum(axis=0) == 2)
    assert np.all(markers[:5].sum(axis=0) == 1) and np.all(markers[5:].sum(axis=0) == 1)
    np.testing.assert_allclose(target[:, 0], np.sum(x[..., 0] * markers, axis=0), rtol=1e-15)
    assert np.all((x[..., 0] >= 0) & (x[..., 0] <= 1))


def test_next_character_reads_the_text_and_predicts_the_following_character():
    task = make_task("text", 16)
    text, vocabulary, codes = corpus()
    assert set(text) <= set("abcdefghijklmnopqrstuvwxyz .,") and len(text) > 2000
    x, target = batch(task)
    read = np.argmax(x, axis=-1)  # (T, B)
    for b in range(64):
        window = "".join(vocabulary[k] for k in read[:, b])
        start = text.find(window + vocabulary[target[-1, b]])
        assert start >= 0  # the window and its next character are a piece of the text
        np.testing.assert_array_equal(target[:-1, b], read[1:, b])  # each target is the next input


def test_text_training_windows_never_reach_the_held_out_fifth():
    task = make_task("text", 30)
    split = held_out_start(len(corpus()[2]), 30)
    text = corpus()[0]
    for held_out in (False, True):
        x, target = batch(task, n=500, held_out=held_out)
        starts = [text.find("".join(corpus()[1][k] for k in col)) for col in np.argmax(x, axis=-1).T]
        ends = [s + 31 for s in starts]
        if held_out:
            assert min(starts) >= split
        else:
            assert max(ends) <= split


@pytest.mark.parametrize("name", ["recall", "parity", "adding", "text"])
def test_batches_come_from_the_seed_and_the_probe_is_fixed(name):
    task = make_task(name, 9)
    a, b, c = batch(task, seed=1), batch(task, seed=1), batch(task, seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    x, tokens = probe(task)
    x2, tokens2 = probe(make_task(name, 9))
    np.testing.assert_array_equal(x, x2)
    assert tokens == tokens2 and len(tokens) == len(x) and x.shape[1] == task.input_size


def test_out_of_range_settings_are_refused():
    with pytest.raises(ValueError, match="from 1 to"):
        make_task("recall", 0)
    with pytest.raises(ValueError, match="from 2 to"):
        make_task("parity", MAX_LENGTH + 1)
    with pytest.raises(ValueError, match="task must be one of"):
        make_task("copy", 5)
