"""gru_viz.Stack: layers that differ in kind, width or direction, each a one-layer network.

Its numbers are pinned to the frameworks in tests/weights (Keras, torch and ONNX stacks); here, how
a stack is built, run, compared and refused."""

import numpy as np
import pytest

import gru_viz
from gru_viz import GRU, LSTM, RNN, Stack


def mixed():
    return Stack((GRU.random(3, 4, bidirectional=True, reset="after", seed=1), LSTM.random(8, 5, seed=2),
                  RNN.random(5, 2, seed=3)))


def test_a_stack_runs_each_layer_on_the_output_of_the_one_before():
    stack, x = mixed(), np.random.default_rng(0).normal(size=(7, 3))
    trace = stack.run(x)
    first = stack.layers[0].run(x)
    second = stack.layers[1].run(first.output)
    np.testing.assert_array_equal(trace.output, stack.layers[2].run(second.output).output)
    assert trace.output.shape == (7, 2) and len(trace.cells) == 3 and len(trace.cells[0]) == 2
    np.testing.assert_array_equal(trace.cells[1][0].c, second.cells[0][0].c)  # the LSTM's cell state
    assert not trace.output.flags.writeable


def test_initial_states_go_to_their_layers_and_batches_run():
    stack = mixed()
    x = np.random.default_rng(1).normal(size=(4, 2, 3))  # (T, B, I)
    h0 = [np.ones((2, 2, 4)), None, np.full((1, 2, 2), 0.5)]
    trace = stack.run(x, h0)
    expected = stack.layers[0].run(x, h0[0]).output
    np.testing.assert_array_equal(trace.layers[0].output, expected)
    assert trace.output.shape == (4, 2, 2)
    with pytest.raises(ValueError, match="one initial state per layer"):
        stack.run(x, [None])


def test_one_step_of_a_batch_is_told_once_by_layer_0_s_initial_state():
    """(1, B, I) reads as a batch when layer 0's h0 has the batch's shape; later layers are not asked
    to tell again (their own input would look ambiguous)."""
    stack = mixed()
    x = np.random.default_rng(2).normal(size=(1, 3, 3))
    trace = stack.run(x, [np.zeros((2, 3, 4)), None, None])
    assert trace.output.shape == (1, 3, 2)
    with pytest.raises(ValueError, match="ambiguous"):
        stack.run(x)


def test_backprop_refuses_a_stack_by_name():
    with pytest.raises(TypeError, match="not a Stack"):
        gru_viz.gradient_flow(mixed(), np.zeros((4, 3)))
    with pytest.raises(TypeError, match="not a Stack"):
        gru_viz.backward(mixed(), mixed().run(np.zeros((4, 3))))


def test_a_stack_of_alike_layers_is_the_network_it_came_from():
    network = GRU.random(3, 4, num_layers=3, bidirectional=True, reset="after", z_convention="keeps_old")
    assert Stack.of(network).simplest() == network
    assert mixed().simplest() == mixed()  # layers that differ stay a stack
    differ_by_reset = Stack((GRU.random(3, 4, reset="before"), GRU.random(4, 4, reset="after")))
    assert differ_by_reset.simplest() is differ_by_reset


def test_layers_that_do_not_chain_or_are_not_one_layer_are_refused():
    with pytest.raises(ValueError, match="layer 1 reads 4 features per step, but layer 0 gives 8"):
        Stack((GRU.random(3, 4, bidirectional=True), GRU.random(4, 4)))
    with pytest.raises(TypeError, match="one-layer"):
        Stack((GRU.random(3, 4, num_layers=2),))
    with pytest.raises(ValueError, match="at least one layer"):
        Stack(())


def test_a_stack_prints_its_layers_and_compares_by_value():
    assert repr(mixed()) == ("Stack(GRU(3 -> 2x4, reset='after', z_convention='takes_new'), LSTM(8 -> 5), "
                             "RNN(5 -> 2))")
    assert mixed() == mixed() and hash(mixed()) == hash(mixed())
    assert mixed() != Stack.of(GRU.random(3, 4))
    assert mixed().num_parameters == sum(layer.num_parameters for layer in mixed().layers)
    assert (mixed().input_size, mixed().output_size, mixed().num_layers) == (3, 2, 3)
    assert gru_viz.Stack is Stack
