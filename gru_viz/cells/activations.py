"""The two squashing functions of every cell: a precise sigmoid, and NumPy's tanh.

sigmoid(a) = 1 / (1 + e^-a), the logistic function (PyTorch's torch.sigmoid, Keras' "sigmoid"),
computed as e / (1 + e) with e = exp(min(a, 40)):
- full relative precision wherever float64 has it: the relative error is within 2 ulp from
  a = -708 (where the result becomes subnormal) to 40, and below -708 the result is exp(a)
  rounded to the subnormal grid, as close as float64 can hold it. 1 - sigmoid(|a|), or
  (1 + tanh(a / 2)) / 2, would instead lose everything below about 1e-16 (it gives 0.0 at a = -40,
  where the answer is 4.2e-18);
- exactly within [0, 1] and with no overflow for any finite a: exp is never asked for more than
  e^40. That cap changes no result: above a = 37.5, 1 - sigmoid(a) < 2^-54, so float64's
  sigmoid(a) is exactly 1.0, which is also what e / (1 + e) gives at the cap.
Backward passes never call it: they use sigmoid'(a) = s (1 - s) from the recorded gate s.
"""

import numpy as np


def constant(value):
    """A read-only 0-d array. The fast loops call sigmoid on a few numbers at a time, where NumPy
    converting a Python float operand anew on every call costs as much as the operation itself."""
    array = np.array(value, dtype=np.float64)
    array.setflags(write=False)
    return array


CAP = constant(40.0)  # any cap from 37.5 (float64's sigmoid is 1.0 above) to 709 (exp overflows above)
ONE = constant(1.0)

tanh = np.tanh  # already precise near 0 and saturating to exactly +-1 without overflow


def sigmoid(a, out=None, spare=None):
    """The logistic function, element-wise, to full relative precision (see the module docstring).

    The fast loops pass `out` (where the gates go) and `spare` (scratch of the same shape), both
    preallocated, so a step allocates nothing; the result is the same either way.
    """
    if out is None:
        e = np.exp(np.minimum(a, CAP))
        return e / (ONE + e)
    np.minimum(a, CAP, out=out)
    np.exp(out, out=out)
    denominator = np.add(out, ONE, out=spare)
    return np.divide(out, denominator, out=out)
