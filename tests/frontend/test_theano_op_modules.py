"""Theano's op-class modules and names test_basic/test_elemwise import (#21):
complex constructors (graphs only), tensor.inplace, tensor.opt, tensor.blas(_c), the
CAReduce family, cov, tensor_from_scalar, conj and the unimplemented
scipy-backed ops."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import blas, blas_c, inplace, opt
from theano_mlir.tensor.elemwise import CAReduce, Prod, ProdWithoutZeros, Sum


@pytest.mark.parametrize("name", ["cscalar", "zvector", "ctensor3", "zmatrix", "crow"])
def test_complex_constructors_build_variables_that_compute(name):
    v = getattr(T, name)()
    assert v.dtype == ("complex64" if name[0] == "c" else "complex128")
    value = np.full((1,) * v.ndim, 1 + 2j, v.dtype)
    np.testing.assert_array_equal(theano.function([v], v * 2)(value), value * 2)


def test_more_dimensions():
    assert T.tensor5().ndim == 5 and T.dtensor7().type.dtype == "float64"


def test_inplace_ops_compute_the_out_of_place_value_into_their_input():
    x, y = T.dmatrix(), T.dmatrix()
    assert str(inplace.add_inplace) == "add_inplace" and inplace.add_inplace.inplace_pattern == {0: 0}
    assert str(T.add) == "Elemwise{add,no_inplace}"
    a, b = np.random.rand(2, 3), -np.random.rand(2, 3)
    a0, b0 = a.copy(), b.copy()
    f = theano.function([x, y], [inplace.add_inplace(x, y), inplace.abs__inplace(y)])
    r = f(a, b)
    np.testing.assert_allclose(r[0], a0 + b0)
    np.testing.assert_allclose(r[1], -b0)
    # as in Theano, the inputs they destroy hold the results
    np.testing.assert_array_equal(a, r[0])
    np.testing.assert_array_equal(b, r[1])
    np.testing.assert_allclose(theano.function([x], inplace.exp_inplace(x))(a0.copy()), np.exp(a0))


def test_sum_and_prod_build_theano_nodes():
    x = T.dmatrix()
    s, p = T.sum(x, axis=1), T.prod(x, axis=-1)
    assert isinstance(s.owner.op, Sum) and isinstance(p.owner.op, Prod)
    assert str(T.sum(x).owner.op) == "Sum{acc_dtype=float64}"
    assert str(s.owner.op) == "Sum{axis=[1], acc_dtype=float64}"
    assert T.sum(T.bvector()).dtype == "int64"
    a = np.random.rand(3, 4) + 0.5
    f = theano.function([x], [s, p, Sum(axis=0)(x), ProdWithoutZeros(axis=[0, 1])(x), T.grad(T.sum(p), x)])
    r = f(a)
    np.testing.assert_allclose(r[0], a.sum(1))
    np.testing.assert_allclose(r[1], a.prod(-1))
    np.testing.assert_allclose(r[2], a.sum(0))
    np.testing.assert_allclose(r[3], a.prod())
    np.testing.assert_allclose(r[4], a.prod(-1, keepdims=True) / a)


def test_careduce():
    x = T.bmatrix()
    a = np.array([[0, 5], [-2, 3]], "int8")
    f = theano.function(
        [x],
        [CAReduce("add", axis=0)(x), CAReduce("maximum", axis=[-1])(x), CAReduce("minimum")(x)],
    )
    r = f(a)
    assert r[0].dtype == "int8"  # CAReduce: the scalar op's dtype, not Sum's
    np.testing.assert_array_equal(r[0], a.sum(0).astype("int8"))
    np.testing.assert_array_equal(r[1], a.max(-1))
    assert r[2] == a.min()
    b = T.matrix(dtype="bool")
    g = theano.function([b], [CAReduce("and_", axis=1)(b), CAReduce("or_", axis=1)(b)])
    v = np.array([[True, False], [True, True]])
    np.testing.assert_array_equal(g(v)[0], v.all(1))
    np.testing.assert_array_equal(g(v)[1], v.any(1))
    with pytest.raises(NotImplementedError, match="bitwise"):
        CAReduce("and_")(x)


def test_opt_and_blas_classes():
    x = T.dmatrix()
    v = T.dvector()
    assert opt.MakeVector is T.MakeVector and opt.Shape_i is T.Shape_i
    a, y = np.random.rand(3, 3), np.random.rand(3)
    f = theano.function(
        [x, v],
        [
            blas.Dot22()(x, x),
            blas.Gemv(False)(v, 2.0, x, v, 0.5),
            blas_c.CGemv(True)(v, 1.0, x, v, 0.0),
            blas.Ger(False)(x, 3.0, v, v),
        ],
    )
    r = f(a, y)
    np.testing.assert_allclose(r[0], a @ a)
    np.testing.assert_allclose(r[1], 0.5 * y + 2.0 * a @ y)
    np.testing.assert_allclose(r[2], a @ y)
    np.testing.assert_allclose(r[3], a + 3.0 * np.outer(y, y))


def test_assert():
    x = T.dscalar()
    f = theano.function([x], opt.Assert()(x, T.gt(x, 0)))
    assert f(2.0) == 2.0
    with pytest.raises(Exception):
        f(-1.0)


def test_cov():
    m = T.dmatrix()
    a = np.random.rand(3, 5)
    f = theano.function([m], [T.cov(m), T.cov(m, rowvar=False), T.cov(m, bias=True), T.cov(m, y=m)])
    r = f(a)
    np.testing.assert_allclose(r[0], np.cov(a))
    np.testing.assert_allclose(r[1], np.cov(a, rowvar=False))
    np.testing.assert_allclose(r[2], np.cov(a, bias=True))
    np.testing.assert_allclose(r[3], np.cov(a, a))


def test_scalar_tensor_conversions_conj_and_unimplemented():
    s = T.iscalar()
    t = T.tensor_from_scalar(s)
    assert t.owner.op is T.tensor_from_scalar and t.type == s.type
    assert T.scalar_from_tensor(t).owner.op is T.scalar_from_tensor
    with pytest.raises(TypeError):
        T.tensor_from_scalar(T.ivector())
    x = T.ivector()
    assert theano.function([s, x], [T.scalar_from_tensor(t), T.conj(x)])(4, [1, 2])[1].tolist() == [1, 2]
    for f in (T.j0, T.i1, T.chi2sf, T.jv):
        # scipy's special functions theano_mlir computes itself (test_bessel)
        assert f(*[T.fvector()] * f.scalar_op.nin).dtype == ("float64" if f is T.chi2sf else "float32")
    d = T.dvector()
    assert T.complex_from_polar(d, d).dtype == "complex128"
    np.testing.assert_allclose(theano.function([d], T.complex_from_polar(d, d))([2.0]), [2 * np.exp(2j)])
    assert T.isnan_ is not T.isnan and str(T.isnan_) == "Elemwise{isnan,no_inplace}"  # T.isnan of ints: zeros
    assert T.scal.float64.dtype == "float64"
