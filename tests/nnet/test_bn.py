"""Batch normalization (theano.tensor.nnet.bn) against numpy, with
verify_grad: training statistics, running averages, inference."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.nnet import bn


@pytest.mark.parametrize("axes", ["per-activation", "spatial", (1, 2)])
def test_batch_normalization_train_matches_numpy(axes):
    rng = np.random.RandomState(0)
    xv = rng.randn(5, 3, 4, 2)
    numpy_axes = {"per-activation": (0,), "spatial": (0, 2, 3)}.get(axes, axes)
    shape = [1 if a in numpy_axes else s for a, s in enumerate(xv.shape)]
    gv, bv = rng.rand(*shape) + 0.5, rng.randn(*shape)
    rm, rv = rng.randn(*shape), rng.rand(*shape) + 0.5
    x = T.dtensor4("x")
    g, b = (T.TensorType("float64", [s == 1 for s in shape])() for _ in range(2))
    m_in, v_in = (T.TensorType("float64", [s == 1 for s in shape])() for _ in range(2))
    out, mean, invstd, new_m, new_v = bn.batch_normalization_train(
        x, g, b, axes, epsilon=1e-4, running_average_factor=0.3, running_mean=m_in, running_var=v_in
    )
    got = theano.function([x, g, b, m_in, v_in], [out, mean, invstd, new_m, new_v])(xv, gv, bv, rm, rv)
    mean_np = xv.mean(axis=numpy_axes, keepdims=True)
    var_np = xv.var(axis=numpy_axes, keepdims=True)
    count = np.prod([xv.shape[a] for a in numpy_axes])
    want = [
        (xv - mean_np) / np.sqrt(var_np + 1e-4) * gv + bv,
        mean_np,
        1 / np.sqrt(var_np + 1e-4),
        rm * 0.7 + mean_np * 0.3,
        rv * 0.7 + count / (count - 1) * var_np * 0.3,
    ]
    for a, w in zip(got, want):
        np.testing.assert_allclose(a, w, rtol=1e-10)
    theano.gradient.verify_grad(
        lambda a, c, d: (bn.batch_normalization_train(a, c, d, axes)[0] ** 2).sum(), [xv, gv, bv], rng=rng
    )


def test_inference_and_the_plain_formula():
    rng = np.random.RandomState(1)
    xv, gv, bv, mv, vv = rng.randn(6, 4), rng.rand(4) + 0.5, rng.randn(4), rng.randn(4), rng.rand(4) + 0.5
    x = T.dmatrix("x")
    g, b, m, v = (T.dvector() for _ in range(4))
    test = theano.function([x, g, b, m, v], bn.batch_normalization_test(x, g, b, m, v, epsilon=1e-3))
    np.testing.assert_allclose(test(xv, gv, bv, mv, vv), (xv - mv) * gv / np.sqrt(vv + 1e-3) + bv, rtol=1e-12)
    plain = theano.function([x, g, b, m, v], bn.batch_normalization(x, g, b, m, v, mode="high_mem"))
    np.testing.assert_allclose(plain(xv, gv, bv, mv, vv), (xv - mv) * (gv / vv) + bv, rtol=1e-12)
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, g, b, epsilon=1e-6)
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, g, b, axes=(3,))


def test_train_grad_op_is_the_gradient():
    rng = np.random.RandomState(2)
    xv, dyv = rng.randn(7, 3), rng.randn(7, 3)
    gv = rng.rand(1, 3) + 0.5
    x, dy = T.dmatrix("x"), T.dmatrix("dy")
    g = T.TensorType("float64", (True, False))("g")
    out, mean, invstd = bn.AbstractBatchNormTrain((0,))(x, g, g * 0)
    grads = T.grad(None, [x, g], known_grads={out: dy})
    by_op = bn.AbstractBatchNormTrainGrad((0,))(x, dy, g, mean, invstd)
    f = theano.function([x, dy, g], list(grads) + list(by_op[:2]))
    gx, gg, ox, og = f(xv, dyv, gv)
    np.testing.assert_allclose(ox, gx, rtol=1e-10)
    np.testing.assert_allclose(og, gg, rtol=1e-10)


@pytest.mark.parametrize("mode", ["low_mem", "high_mem"])
def test_float32_batch_normalization_passes_verify_grad(mode):
    """verify_grad projects a float32 output with float64 weights, as
    Theano's (cast_to_output_type=False): the cost's float32 rounding
    (ulp(400) = 3e-5 against a step of 3e-4) used to fail it by 4%."""
    rng = np.random.RandomState(1234)
    values = [1 + rng.random_sample(shape).astype("float32") for shape in ([10, 20], [20], [20], [20], [20])]
    theano.gradient.verify_grad(
        lambda x, g, b, m, v: bn.batch_normalization(x, g, b, m, v, mode=mode), values, rng=rng
    )


def test_second_derivatives_hold_the_batch_statistics_constant_as_theano():
    """Theano's L_op of AbstractBatchNormTrain is AbstractBatchNormTrainGrad
    at the node's own mean and invstd, so a second derivative with those as
    constants equals that of the plain graph with its statistics constant
    (Theano's test_batch_normalization_train); the first derivatives equal
    the plain graph's."""
    from collections import OrderedDict

    x, scale, bias, dy, dx, dscale, dbias = (T.matrix(n) for n in ("x", "s", "b", "dy", "dx", "ds", "db"))
    out, mean, invstd = bn.batch_normalization_train(x, scale, bias, "per-activation")
    mean2, var2 = x.mean(axis=0, keepdims=True), x.var(axis=0, keepdims=True)
    out2 = (x - mean2) * (T.addbroadcast(scale, 0) / T.sqrt(var2 + 1e-4)) + T.addbroadcast(bias, 0)
    results = []
    for y, constants in ((out, [mean, invstd]), (out2, [mean2, var2])):
        grads = T.grad(None, wrt=[x, scale, bias], known_grads={y: dy})
        second = T.grad(
            None,
            wrt=[x, dy, scale],
            known_grads=OrderedDict(zip(grads, (dx, dscale, dbias))),
            consider_constant=[x, dy, scale, bias, *constants],
            return_disconnected="zero",
        )
        results.append(grads + second)
    f = theano.function([x, scale, bias, dy, dx, dscale, dbias], results[0] + results[1])
    rng = np.random.RandomState(0)
    values = [4 + 3 * rng.randn(5, 3), rng.randn(1, 3), rng.randn(1, 3), rng.randn(5, 3), rng.randn(5, 3)]
    values += [rng.randn(1, 3), rng.randn(1, 3)]
    computed = f(*values)
    for ours, plain in zip(computed[:6], computed[6:]):
        np.testing.assert_allclose(ours, plain, rtol=1e-7, atol=1e-9)
