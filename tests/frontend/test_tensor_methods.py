"""Theano's TensorVariable methods over theano.tensor functions (ravel,
swapaxes, choose, cumsum, cumprod, ptp) and divmod on tensors, compared with
numpy; numpy.choose's broadcasting of the choices when the function runs."""

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T


def test_shape_methods():
    x = T.dtensor3("x")
    data = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(x.ravel().eval({x: data}), data.ravel())
    swapped = x.swapaxes(0, 2)
    assert swapped.ndim == 3
    np.testing.assert_array_equal(swapped.eval({x: data}), data.swapaxes(0, 2))


def test_cumulative_methods():
    x = T.dmatrix("x")
    data = np.random.rand(3, 4) + 0.5
    np.testing.assert_allclose(x.cumsum().eval({x: data}), data.cumsum())
    np.testing.assert_allclose(x.cumprod(axis=1).eval({x: data}), data.cumprod(axis=1))


def test_ptp_method():
    x = T.dmatrix("x")
    data = np.random.rand(5, 4) * 100 - 50
    np.testing.assert_allclose(x.ptp().eval({x: data}), np.ptp(data))
    np.testing.assert_allclose(x.ptp(1).eval({x: data}), np.ptp(data, 1))


def test_choose_method_and_modes():
    a = T.ivector("a")
    b = T.fmatrix("b")
    A = np.array([0, 3, 5, -1], dtype="int32")
    B = np.random.rand(4, 4).astype("float32")
    for mode in ("wrap", "clip"):
        f = theano.function([a, b], a.choose(b, mode=mode))
        np.testing.assert_allclose(f(A, B), A.choose(B, mode=mode))


def test_choose_broadcasts_choices_at_run_time():
    a = T.itensor3("a")
    b = T.ftensor3("b")
    c = T.ftensor3("c")
    A = np.random.randint(0, 2, (2, 1, 1)).astype("int32")
    B = np.random.rand(1, 6, 1).astype("float32")
    C = np.random.rand(1, 1, 5).astype("float32")
    f = theano.function([a, b, c], T.choose(a, (b, c)))
    out = f(A, B, C)
    assert out.shape == (2, 6, 5)
    np.testing.assert_allclose(out, np.choose(A, (B, C)))


def test_divmod_is_pythons():
    x, y = T.fscalars("xy")
    d, r = divmod(x, y)
    f = theano.function([x, y], [d, r])
    for a, b in ((0, 1), (1, -1), (-1, 2), (1, -2), (5, 3), (-5, 3), (5, -3), (-5, -3)):
        d_v, r_v = f(a, b)
        assert (d_v, r_v) == divmod(a, b), (a, b)
    n = T.ivector("n")
    q, m = divmod(7, n)  # __rdivmod__
    values = np.array([2, -3, 4], dtype="int32")
    q_v, m_v = theano.function([n], [q, m])(values)
    np.testing.assert_array_equal(q_v, 7 // values)
    np.testing.assert_array_equal(m_v, 7 % values)
