"""Complex dtypes (#21): valid in graphs as in Theano 1.0.5 (types, the c*/z*
constructors, constants, shared values, Theano's dtype rules), while
compiling a graph that computes with one is a TypeError naming the node."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.scalar as scal
import theano_mlir.tensor as T

REFUSED = "complex dtypes are not supported by theano_mlir's compiler"


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


def test_compiling_a_complex_graph_names_the_node():
    c, f = T.cvector("c"), T.fvector("f")
    with pytest.raises(TypeError, match=REFUSED + r": node Elemwise\{add"):
        theano.function([c], c + 1)
    with pytest.raises(TypeError, match=REFUSED + ": input c is complex64"):
        theano.function([c, f], f * 2, on_unused_input="ignore")
    s = theano.shared(np.ones(2, "complex128"))
    with pytest.raises(TypeError, match=REFUSED):
        theano.function([], s * 2)
    with pytest.raises(TypeError, match=REFUSED):
        T.complex(f, f).eval({f: np.ones(2, "float32")})


def test_real_imag_angle_conj_of_real_tensors_compute():
    d = T.dvector()
    v = np.array([-1.0, 0.0, 2.0, np.nan])
    out = theano.function([d], [T.real(d), T.imag(d), T.angle(d), T.conj(d), d.real, d.imag])(v)
    expected = [np.real(v), np.imag(v), np.angle(v), np.conj(v), v, np.zeros(4)]
    for got, want in zip(out, expected):
        np.testing.assert_array_equal(got, want)
    assert T.angle(T.fvector()).dtype == "float64" and T.imag(T.ivector()).dtype == "int32"
