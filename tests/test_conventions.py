"""gru_viz.conventions: what each z convention means, held to the numbers a real GRU computes."""

import numpy as np
import pytest

import gru_viz
from gru_viz.conventions import CONVENTIONS, RESET_POSITIONS, Z_CONVENTIONS, convention, kept, taken
from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.style import colour_legend
from lessons.frameworks import convention_rows
from lessons.predict import cell_questions, memory_questions


def shares():
    """z across [0, 1]: uniform, crowded near 0, and the edges where rounding could bite."""
    rng = np.random.default_rng(0)
    tricky = [0.0, 1.0, 0.5, np.nextafter(0.5, 0), np.nextafter(0.5, 1), np.nextafter(1, 0), 1e-300, 5e-324]
    return np.concatenate([rng.random(100_000), rng.random(100_000) ** 30, tricky])


def trace_of(z_convention, reset="before", seed=0):
    model = gru_viz.GRU.random(3, 5, reset=reset, z_convention=z_convention, seed=seed)
    x = np.random.default_rng(seed + 1).normal(size=(12, 3))
    return model, model.run(x).cells[0][0]


@pytest.mark.parametrize("z_convention", Z_CONVENTIONS)
def test_kept_and_taken_add_up_to_exactly_one(z_convention):
    z = shares()
    assert np.all(kept(z, z_convention) + taken(z, z_convention) == 1.0)
    for one in z[-8:]:  # plain floats too
        assert kept(float(one), z_convention) + taken(float(one), z_convention) == 1.0


def test_takes_new_keeps_one_minus_z_and_keeps_old_keeps_z_bit_for_bit():
    z = shares()
    np.testing.assert_array_equal(kept(z, "takes_new"), 1.0 - z)
    np.testing.assert_array_equal(taken(z, "takes_new"), z)
    np.testing.assert_array_equal(kept(z, "keeps_old"), z)
    np.testing.assert_array_equal(taken(z, "keeps_old"), 1.0 - z)


def test_shares_are_new_arrays_never_the_trace_own():
    _, trace = trace_of("keeps_old")
    share = kept(trace.z, "keeps_old")
    share[...] = 2.0
    assert np.all(trace.z <= 1.0)


@pytest.mark.parametrize("reset", RESET_POSITIONS)
@pytest.mark.parametrize("z_convention", Z_CONVENTIONS)
def test_kept_and_taken_are_the_weights_of_the_recorded_update(z_convention, reset):
    _, trace = trace_of(z_convention, reset)
    rebuilt = kept(trace.z, z_convention) * trace.h_prev + taken(trace.z, z_convention) * trace.h_tilde
    np.testing.assert_allclose(trace.h, rebuilt, rtol=0, atol=1e-15)
    assert np.max(np.abs(trace.h - trace.h_prev)) > 1e-2  # the states really move: the test could fail


@pytest.mark.parametrize("reset", RESET_POSITIONS)
def test_switching_convention_leaves_every_units_kept_and_taken_shares_unchanged(reset):
    model, takes = trace_of("takes_new", reset)
    keeps = model.with_z_convention("keeps_old").run(takes.x).cells[0][0]
    np.testing.assert_allclose(keeps.z, 1.0 - takes.z, rtol=0, atol=1e-15)  # z itself flips
    np.testing.assert_allclose(kept(keeps.z, "keeps_old"), kept(takes.z, "takes_new"), rtol=0, atol=1e-15)
    np.testing.assert_allclose(taken(keeps.z, "keeps_old"), taken(takes.z, "takes_new"), rtol=0, atol=1e-15)
    assert np.max(np.abs(takes.z - keeps.z)) > 1e-2  # the raw z differ: only the meaning moved


def test_the_labels_and_formulas_are_the_ones_the_app_shows():
    takes, keeps = convention("takes_new"), convention("keeps_old")
    assert (takes.label, keeps.label) == ("z takes the new candidate", "z keeps the old state")
    assert (takes.short, keeps.short) == ("takes new", "keeps old")
    assert takes.formula == "h_t = (1 − z) h_{t−1} + z h̃_t"
    assert keeps.formula == "h_t = z h_{t−1} + (1 − z) h̃_t"
    assert takes.latex == r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t"
    assert keeps.latex == r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t"
    assert (takes.z_near_1, takes.z_near_0) == ("takes the new candidate", "keeps the old state")
    assert (keeps.z_near_1, keeps.z_near_0) == ("keeps the old state", "takes the new candidate")


@pytest.mark.parametrize("z_convention", Z_CONVENTIONS)
def test_every_word_of_a_convention_agrees_with_its_shares(z_convention):
    meaning = convention(z_convention)
    assert meaning.name == z_convention and CONVENTIONS[z_convention] is meaning
    assert kept(float(meaning.keeps_at), z_convention) == 1.0  # keeps_at keeps the old state whole
    assert taken(float(1 - meaning.keeps_at), z_convention) == 1.0  # the other end copies h~
    assert meaning.kept_slope == kept(1.0, z_convention) - kept(0.0, z_convention)
    assert meaning.z_near_1 == ("keeps the old state" if meaning.keeps_at == 1 else "takes the new candidate")
    assert meaning.label == f"z {meaning.z_near_1}"
    assert meaning.kept_name == ("z" if meaning.z_on == "h_prev" else "1 − z")
    factor = meaning.kept_name if meaning.kept_name == "z" else f"({meaning.kept_name})"
    assert meaning.formula.startswith(f"h_t = {factor} h_{{t−1}} + ")  # the kept share sits on h_{t-1}


@pytest.mark.parametrize("z_convention", Z_CONVENTIONS)
def test_questions_diagram_caption_and_table_read_the_conventions_module(z_convention):
    meaning = convention(z_convention)
    _, trace = trace_of(z_convention)
    keep_question = cell_questions(trace, 3, z_convention)[0]
    assert f"'{meaning.label}' ({meaning.formula})" in keep_question.prompt
    assert f"a unit keeps {meaning.kept_name} of its old value" in keep_question.explain
    lever = next(q for q in memory_questions(trace, 2, 0, z_convention) if q.kind == "lever")
    assert lever.answer == ("raise z (towards 1)" if meaning.keeps_at == 1 else "lower z (towards 0)")
    note = cell_diagram(trace, 3).layout.annotations[0].text
    assert note.startswith(f"{meaning.label}: h<sub>t</sub> = ")
    assert meaning.z_near_1 in colour_legend("z", z_convention)
    row = next(r for r in convention_rows(3, 4) if r["update"].startswith(meaning.formula))
    assert row["update"].endswith(f"(z≈{meaning.keeps_at} keeps)")


def test_an_unknown_convention_is_refused_naming_the_valid_ones():
    with pytest.raises(ValueError, match="takes_new.*keeps_old.*'cho'"):
        convention("cho")
    with pytest.raises(ValueError, match="z_convention"):
        kept(0.5, "pytorch")


@pytest.mark.parametrize("z_convention", ["takes_new", "keeps_old"])
def test_a_trace_offers_keep_and_take_as_its_convention_defines_them(z_convention):
    cell = gru_viz.GRU.random(3, 4, z_convention=z_convention, seed=2).run(np.ones((6, 3))).cell
    np.testing.assert_array_equal(cell.keep, kept(cell.z, z_convention))
    np.testing.assert_array_equal(cell.take, taken(cell.z, z_convention))
    np.testing.assert_allclose(cell.keep * cell.h_prev + cell.take * cell.h_tilde, cell.h, rtol=0, atol=1e-15)
