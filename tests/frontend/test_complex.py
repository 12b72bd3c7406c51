"""Complex dtypes (#21): valid in graphs as in Theano 1.0.5 (types, the c*/z*
constructors, constants, shared values, Theano's dtype rules) and computed
as numpy computes them: arithmetic, numpy's elementwise functions, the
parts (real, imag, angle, abs, conj), construction from parts, casts, sums,
products, dot and data movement. An op without a complex kernel (an order:
lt, max, sort) is a TypeError naming the node."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.scalar as scal
import theano_mlir.tensor as T

REFUSED = "complex dtypes are not supported by this op in theano_mlir's compiler"


def test_types_constructors_and_constants():
    assert T.cmatrix().type == T.TensorType("complex64", (False, False))
    assert T.zscalar.dtype == "complex128" and str(T.zvector) == "TensorType(complex128, vector)"
    assert T.as_tensor_variable(1j).dtype == "complex128"
    assert T.constant(np.ones(2, "complex64")).dtype == "complex64"
    assert scal.complex_types == [scal.complex64, scal.complex128]
    s = theano.shared(np.ones(3, "complex64") + 0.5j)
    assert s.type == T.cvector and s.get_value()[0] == 1 + 0.5j
    s.set_value(np.zeros(3, "complex64"))
    assert s.get_value().tolist() == [0, 0, 0]
    with pytest.raises(TypeError):  # a complex value in a real input loses precision
        T.dvector().type.filter(np.ones(2, "complex128"))


@pytest.mark.parametrize(
    "build, dtype",
    [
        (lambda c, z, f, i: c + 1, "complex64"),
        (lambda c, z, f, i: c * f, "complex64"),
        (lambda c, z, f, i: c + i, "complex128"),  # int64 upcast, as numpy
        (lambda c, z, f, i: z / c, "complex128"),
        (lambda c, z, f, i: abs(c), "float32"),
        (lambda c, z, f, i: T.real(z), "float64"),
        (lambda c, z, f, i: T.imag(c), "float32"),
        (lambda c, z, f, i: T.angle(c), "float64"),
        (lambda c, z, f, i: T.conj(c), "complex64"),
        (lambda c, z, f, i: c.real, "float32"),
        (lambda c, z, f, i: z.imag, "float64"),
        (lambda c, z, f, i: T.exp(c), "complex64"),
        (lambda c, z, f, i: T.lt(c, z), "bool"),
        (lambda c, z, f, i: T.complex(f, f), "complex64"),
        (lambda c, z, f, i: T.complex(i, f), "complex128"),
        (lambda c, z, f, i: T.cast(f, "complex64"), "complex64"),
    ],
)
def test_theano_dtype_rules(build, dtype):
    out = build(T.cvector(), T.zvector(), T.fvector(), T.lvector())
    assert out.dtype == dtype


def test_theano_refusals():
    c = T.cvector()
    with pytest.raises(scal.ComplexError):
        c % 5
    with pytest.raises(scal.ComplexError):
        c // 2
    for f in (T.ceil, T.floor, T.trunc, T.sgn):
        with pytest.raises(TypeError):
            f(c)
    with pytest.raises(TypeError):
        T.clip(c, 0, 1)
    with pytest.raises(TypeError, match="Casting from complex to real is ambiguous"):
        T.cast(c, "float32")


def _complex_values(rng, shape, dtype):
    return (rng.standard_normal(shape) * 2 + 1j * rng.standard_normal(shape) * 2).astype(dtype)


UNARY = ["exp", "log", "log1p", "expm1", "sqrt", "tanh", "sin", "cos", "tan", "sinh", "cosh", "arcsin"]
UNARY += ["arccos", "arctan", "arcsinh", "arccosh", "arctanh", "log2", "log10", "exp2", "sqr", "inv", "neg"]
UNARY += ["abs_", "real", "imag", "angle", "conj"]
NUMPY_NAMES = {"sqr": "square", "inv": "reciprocal", "neg": "negative", "abs_": "abs"}


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", UNARY)
def test_unary_functions_compute_as_numpy(name, dtype):
    rng = np.random.default_rng(len(name))
    v = _complex_values(rng, (3, 5), dtype)
    # the real axis, both signs of zero, where branch cuts are
    v[0, :] = np.array([5 + 0j, -5 + 0j, complex(0.5, -0.0), 2j, -2j], dtype)
    z = T.matrix(dtype=dtype)
    got = theano.function([z], getattr(T, name)(z))(v)
    want = getattr(np, NUMPY_NAMES.get(name, name))(v)
    if name == "angle":
        want = want.astype("float64")  # Theano's angle is float64
    assert got.dtype == want.dtype
    rtol = 1e-5 if dtype == "complex64" else 1e-12
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_binary_functions_broadcast_and_upcast(dtype):
    rng = np.random.default_rng(1)
    a, b = _complex_values(rng, (3, 4), dtype), _complex_values(rng, (1, 4), dtype)
    f = np.arange(4.0).astype("float32")
    x, y, r = T.matrix(dtype=dtype), T.row(dtype=dtype), T.fvector()
    outputs = [x + y, x - y, x * y, x / y, x**y, T.maximum(x, y), T.minimum(x, y), T.eq(x, y), T.neq(x, x)]
    outputs += [x * r, r - x, T.switch(T.eq(r, 2), x, y)]
    got = theano.function([x, y, r], outputs)(a, b, f)
    want = [a + b, a - b, a * b, a / b, a**b, np.maximum(a, b), np.minimum(a, b), a == b, a != a]
    want += [a * f, f - a, np.where(f == 2, a, b)]
    rtol = 1e-5 if dtype == "complex64" else 1e-12
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_allclose(g, w, rtol=rtol)


def test_maximum_is_numpy_order_with_nan_winning():
    a = np.array([1 + 2j, 1 + 5j, complex(np.nan, 0), 3 + 0j])
    b = np.array([1 + 3j, 0 + 9j, 1 + 1j, complex(0, np.nan)])
    x, y = T.zvector(), T.zvector()
    got = theano.function([x, y], [T.maximum(x, y), T.minimum(x, y)])(a, b)
    np.testing.assert_array_equal(got[0], np.maximum(a, b))
    np.testing.assert_array_equal(got[1], np.minimum(a, b))


def test_parts_construction_casts_and_reductions():
    rng = np.random.default_rng(2)
    a = _complex_values(rng, (4, 3), "complex128")
    r, t = rng.random(3).astype("float32"), rng.random(3).astype("float32")
    i = np.array([-2, 0, 7], "int32")
    z, fr, ft, iv = T.zmatrix(), T.fvector(), T.fvector(), T.ivector()
    outputs = [
        T.complex(fr, ft),
        T.complex_from_polar(fr, ft),
        T.cast(iv, "complex64"),
        T.cast(z, "complex64"),
    ]
    outputs += [T.neq(z, 0), z.sum(axis=0), z.prod(axis=1), z.mean(), T.dot(z, z.T), z.T[::-1, 1:]]
    got = theano.function([z, fr, ft, iv], outputs)(a, r, t, i)
    want = [r + 1j * t, r * np.exp(1j * t), i.astype("complex64"), a.astype("complex64"), a != 0]
    want += [a.sum(axis=0), a.prod(axis=1), a.mean(), a @ a.T, a.T[::-1, 1:]]
    for g, w in zip(got, want):
        assert g.dtype == w.dtype, (g.dtype, w.dtype)
        np.testing.assert_allclose(g, w, rtol=1e-6)


def test_shared_complex_updates():
    s = theano.shared(np.array([1 + 1j, 2 - 1j]))
    step = theano.function([], s, updates=[(s, s * 1j)])
    step()
    np.testing.assert_array_equal(s.get_value(), np.array([1 + 1j, 2 - 1j]) * 1j)


def test_an_op_without_complex_kernels_names_the_node():
    c = T.cvector("c")
    with pytest.raises(TypeError, match=REFUSED + r": node Elemwise\{lt"):
        theano.function([c], T.lt(c, c))
    with pytest.raises(TypeError, match=REFUSED + ": node Max"):
        theano.function([c], c.max())
    with pytest.raises(TypeError, match=REFUSED + ": node Elemwise\\{erf"):
        theano.function([c], T.erf(c))


def test_real_imag_angle_conj_of_real_tensors_compute():
    d = T.dvector()
    v = np.array([-1.0, 0.0, 2.0, np.nan])
    out = theano.function([d], [T.real(d), T.imag(d), T.angle(d), T.conj(d), d.real, d.imag])(v)
    expected = [np.real(v), np.imag(v), np.angle(v), np.conj(v), v, np.zeros(4)]
    for got, want in zip(out, expected):
        np.testing.assert_array_equal(got, want)
    assert T.angle(T.fvector()).dtype == "float64" and T.imag(T.ivector()).dtype == "int32"


@pytest.mark.parametrize("mode", ["FAST_COMPILE", "FAST_RUN"])
def test_every_mode_lowers_what_complex_functions_are_built_from(mode):
    # sqrt, tanh, arcsin and division use copysign once lowered, which the
    # libm conversion refuses: it is an LLVM intrinsic whatever the mode
    z, w = T.cvector(), T.zscalar()
    v, s = np.array([1 + 2j, -3 + 0.5j], "complex64"), np.array(0.5 - 1j)
    f = theano.function([z, w], [T.sqrt(z), T.tanh(z), T.arcsin(z), z / w, T.sqrt(w)], mode=mode)
    for got, want in zip(f(v, s), [np.sqrt(v), np.tanh(v), np.arcsin(v), v / s, np.sqrt(s)]):
        np.testing.assert_allclose(got, want, rtol=1e-5)
