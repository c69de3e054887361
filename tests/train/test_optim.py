"""Adam and clipping against their textbook definitions (Kingma and Ba 2015, algorithm 1, with eps
outside the square root as torch.optim.Adam has it; torch.nn.utils.clip_grad_norm_)."""

import math

import numpy as np

from gru_viz.train.optim import adam_update, clip_by_global_norm


def test_adam_follows_the_textbook_update_step_by_step():
    rng = np.random.default_rng(0)
    params, m, v = rng.normal(size=7), np.zeros(7), np.zeros(7)
    expected, m_ref, v_ref = params.copy(), np.zeros(7), np.zeros(7)
    for t in range(1, 6):
        g = rng.normal(size=7) * 10 ** rng.integers(-3, 3)
        adam_update(params, g.copy(), m, v, t, lr=0.01)
        for i in range(7):  # one number at a time, written the plain way
            m_ref[i] = 0.9 * m_ref[i] + 0.1 * g[i]
            v_ref[i] = 0.999 * v_ref[i] + 0.001 * g[i] ** 2
            m_hat, v_hat = m_ref[i] / (1 - 0.9**t), v_ref[i] / (1 - 0.999**t)
            expected[i] -= 0.01 * m_hat / (math.sqrt(v_hat) + 1e-8)
        np.testing.assert_allclose(params, expected, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(m, m_ref, rtol=1e-14)
        np.testing.assert_allclose(v, v_ref, rtol=1e-14)


def test_the_first_adam_step_moves_every_parameter_by_about_the_learning_rate():
    params = np.zeros(4)
    adam_update(params, np.array([1e-6, -3.0, 50.0, 1e3]), np.zeros(4), np.zeros(4), 1, lr=0.01)
    np.testing.assert_allclose(np.abs(params), 0.01, rtol=1e-2)


def test_clipping_scales_the_whole_gradient_to_the_max_norm_and_leaves_small_ones_alone():
    grad = np.array([3.0, 4.0])  # norm 5
    assert clip_by_global_norm(grad, 1.0) == 5.0
    np.testing.assert_allclose(grad, [0.6, 0.8], rtol=1e-6)
    assert np.linalg.norm(grad) <= 1.0
    small = np.array([0.3, 0.4])
    clip_by_global_norm(small, 1.0)
    np.testing.assert_array_equal(small, [0.3, 0.4])
    big = np.array([30.0, 40.0])
    clip_by_global_norm(big, 0)  # 0: no clipping
    np.testing.assert_array_equal(big, [30.0, 40.0])
