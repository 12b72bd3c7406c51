"""Reductions, contractions and data movement against numpy, and run-time
shape errors reported as ValueError (never an abort)."""

import numpy as np
import pytest

from conftest import assert_matches, compile_function, random_array
from theano_mlir.dialect import theano
from theano_mlir.dialect.types import tensor_type


def _reduce_kernel(op, in_dtype, in_rank, axes, out_dtype):
    out_shape = (None,) * (in_rank - len(axes))

    def body(x):
        return op(tensor_type(out_dtype, out_shape), x, axes)

    return compile_function([(in_dtype, (None,) * in_rank)], body)


REDUCTIONS = [
    (theano.sum, np.sum),
    (theano.prod, np.prod),
    (theano.max, np.max),
    (theano.min, np.min),
]


@pytest.mark.parametrize("op,reference", REDUCTIONS)
@pytest.mark.parametrize("axes", [[0], [1], [0, 2], [0, 1, 2]])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint8"])
def test_reductions(op, reference, axes, dtype, rng):
    x = random_array(rng, dtype, (3, 4, 2), -3, 3)
    if op in (theano.sum, theano.prod):
        out_dtype = dtype  # same-type accumulation; widening is tested below
        expected = reference(x, axis=tuple(axes), dtype=dtype)
    else:
        out_dtype = dtype
        expected = reference(x, axis=tuple(axes))
    (result,) = _reduce_kernel(op, dtype, 3, axes, out_dtype)(x)
    assert_matches(result, np.asarray(expected))


def test_sum_accumulates_in_the_result_type(rng):
    """Theano sums small ints in int64 (bvector.sum() is int64) and bools as ints."""
    x = np.full((300,), 100, np.int8)
    assert_matches(_reduce_kernel(theano.sum, "int8", 1, [0], "int64")(x)[0], np.int64(30000))
    b = random_array(rng, "bool", (4, 5))
    assert_matches(_reduce_kernel(theano.sum, "bool", 2, [1], "int64")(b)[0], b.sum(axis=1))
    f = random_array(rng, "float32", (6,))
    assert_matches(
        _reduce_kernel(theano.prod, "float32", 1, [0], "float64")(f)[0], np.prod(f.astype(np.float64))
    )


def test_empty_sum_and_prod_give_identities():
    x = np.zeros((0, 3), np.float64)
    assert_matches(_reduce_kernel(theano.sum, "float64", 2, [0], "float64")(x)[0], np.zeros(3))
    assert_matches(_reduce_kernel(theano.prod, "float64", 2, [0], "float64")(x)[0], np.ones(3))


def test_max_of_empty_is_a_value_error():
    kernel = _reduce_kernel(theano.max, "float32", 2, [0], "float32")
    with pytest.raises(ValueError, match="theano.max: zero-size array"):
        kernel(np.zeros((0, 3), np.float32))
    # Reducing a non-empty axis of an array with no elements is fine.
    kernel = _reduce_kernel(theano.max, "float32", 2, [1], "float32")
    assert_matches(kernel(np.zeros((0, 3), np.float32))[0], np.zeros((0,), np.float32))


def test_max_and_min_propagate_nan_and_handle_bool():
    x = np.array([[1.0, np.nan, 3.0], [-np.inf, 2.0, 0.0]])
    assert_matches(_reduce_kernel(theano.max, "float64", 2, [1], "float64")(x)[0], np.max(x, axis=1))
    assert_matches(_reduce_kernel(theano.min, "float64", 2, [0], "float64")(x)[0], np.min(x, axis=0))
    b = np.array([[True, False], [False, False]])
    assert_matches(_reduce_kernel(theano.max, "bool", 2, [1], "bool")(b)[0], b.max(axis=1))
    assert_matches(_reduce_kernel(theano.min, "bool", 2, [0], "bool")(b)[0], b.min(axis=0))


def _numpy_arg(reference, x, axes):
    """Theano's argmax/argmin over several axes: flat index over them, in order."""
    kept = [d for d in range(x.ndim) if d not in axes]
    moved = np.transpose(x, kept + list(axes))
    flat = moved.reshape([x.shape[d] for d in kept] + [-1])
    return reference(flat, axis=-1).astype(np.int64)


@pytest.mark.parametrize("op,reference", [(theano.argmax, np.argmax), (theano.argmin, np.argmin)])
@pytest.mark.parametrize("axes", [[0], [2], [1, 2], [0, 1, 2]])
@pytest.mark.parametrize("dtype", ["float32", "int16", "uint8", "bool"])
def test_argmax_argmin(op, reference, axes, dtype, rng):
    x = random_array(rng, dtype, (3, 4, 5), 0, 3)  # small range: many ties
    (result,) = _reduce_kernel(op, dtype, 3, axes, "int64")(x)
    assert_matches(result, _numpy_arg(reference, x, axes))


def test_argmax_first_nan_and_first_tie():
    x = np.array([[1.0, 3.0, 3.0, np.nan, np.nan], [2.0, 2.0, -np.inf, 0.0, 1.0]])
    assert_matches(_reduce_kernel(theano.argmax, "float64", 2, [1], "int64")(x)[0], np.argmax(x, axis=1))
    assert_matches(_reduce_kernel(theano.argmin, "float64", 2, [1], "int64")(x)[0], np.argmin(x, axis=1))
    y = np.full((4,), -np.inf)
    assert_matches(_reduce_kernel(theano.argmax, "float64", 1, [0], "int64")(y)[0], np.int64(0))


DOT_CASES = [
    ((5,), (5,)),
    ((3, 5), (5,)),
    ((5,), (5, 4)),
    ((3, 5), (5, 4)),
    ((0, 5), (5, 2)),
    ((3, 0), (0, 2)),
]


@pytest.mark.parametrize("lhs_shape,rhs_shape", DOT_CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_dot(lhs_shape, rhs_shape, dtype, rng):
    a = random_array(rng, dtype, lhs_shape)
    b = random_array(rng, dtype, rhs_shape)
    out_shape = (None,) * (len(lhs_shape) + len(rhs_shape) - 2)

    def body(x, y):
        return theano.dot(tensor_type(dtype, out_shape), x, y)

    kernel = compile_function([(dtype, (None,) * len(lhs_shape)), (dtype, (None,) * len(rhs_shape))], body)
    expected = np.dot(a, b)
    if dtype == "float32":
        np.testing.assert_allclose(kernel(a, b)[0], expected, rtol=1e-5, atol=1e-5)
    else:
        assert_matches(kernel(a, b)[0], np.asarray(expected, dtype=dtype))


def test_dot_inner_mismatch_is_a_value_error():
    def body(x, y):
        return theano.dot(tensor_type("float64", (None, None)), x, y)

    kernel = compile_function([("float64", (None, None))] * 2, body)
    with pytest.raises(
        ValueError,
        match=r"theano.dot: shapes not aligned: dimension 1 of the left operand is 3, dimension 0 of the right operand is 4",
    ):
        kernel(np.ones((2, 3)), np.ones((4, 5)))
    # The kernel still works afterwards.
    assert_matches(kernel(np.ones((2, 3)), np.ones((3, 1)))[0], np.full((2, 1), 3.0))


def test_elementwise_mismatch_is_a_value_error_naming_inputs():
    kernel = compile_function([("float32", (None,))] * 2, theano.add)
    with pytest.raises(
        ValueError,
        match=r"Input dimension mis-match. \(input\[0\].shape\[0\] = 3, input\[1\].shape\[0\] = 4\)",
    ):
        kernel(np.ones(3), np.ones(4))


def test_runtime_one_does_not_broadcast_a_dynamic_dimension():
    """Theano's rule: a dimension broadcasts only if its type says so."""
    kernel = compile_function([("float32", (None,))] * 2, theano.add)
    with pytest.raises(ValueError, match="mis-match"):
        kernel(np.ones(1), np.ones(4))


@pytest.mark.parametrize(
    "order,in_shape,in_ir",
    [
        ([1, 0], (3, 4), (None, None)),
        ([-1, 0], (3,), (None,)),
        ([0], (3, 1), (None, 1)),
        ([2, -1, 0], (2, 1, 4), (None, 1, None)),
        ([-1, -1], (), ()),
    ],
)
def test_dimshuffle(order, in_shape, in_ir, rng):
    x = random_array(rng, "float64", in_shape)
    out_ir = tuple(1 if o == -1 else in_ir[o] for o in order)

    def body(v):
        return theano.dimshuffle(tensor_type("float64", out_ir), v, order)

    kept = [o for o in order if o != -1]
    dropped = tuple(d for d in range(len(in_shape)) if d not in kept)
    expected = np.squeeze(x, axis=dropped) if dropped else x
    remaining = [d for d in range(len(in_shape)) if d not in dropped]
    expected = np.transpose(expected, [remaining.index(o) for o in kept])
    for i, o in enumerate(order):
        if o == -1:
            expected = np.expand_dims(expected, i)
    assert_matches(compile_function([("float64", in_ir)], body)(x)[0], expected)


@pytest.mark.parametrize(
    "in_shape,new_shape",
    [
        ((2, 6), (3, 4)),
        ((2, 6), (-1,)),
        ((2, 6), (4, -1)),
        ((12,), (2, 3, 2)),
        ((1,), ()),
        ((), (1, 1)),
        ((0, 3), (3, 0)),
    ],
)
def test_reshape(in_shape, new_shape, rng):
    x = random_array(rng, "int32", in_shape)
    out_ir = (None,) * len(new_shape)

    def body(v, s):
        return theano.reshape(tensor_type("int32", out_ir), v, s)

    kernel = compile_function([("int32", (None,) * len(in_shape)), ("int64", (len(new_shape),))], body)
    assert_matches(kernel(x, np.array(new_shape, np.int64))[0], x.reshape(new_shape))


def test_reshape_errors_are_value_errors():
    def body(v, s):
        return theano.reshape(tensor_type("float32", (None, None)), v, s)

    kernel = compile_function([("float32", (None,)), ("int64", (2,))], body)
    x = np.arange(6, dtype=np.float32)
    with pytest.raises(ValueError, match="cannot reshape an array of 6 elements into a shape of 8 elements"):
        kernel(x, np.array([2, 4]))
    with pytest.raises(ValueError, match="at most one -1"):
        kernel(x, np.array([-1, -1]))
    with pytest.raises(ValueError, match="non-negative"):
        kernel(x, np.array([-2, -3]))
    assert_matches(kernel(x, np.array([3, -1]))[0], x.reshape(3, 2))


def test_shape_and_dim(rng):
    x = random_array(rng, "float32", (3, 0, 5))

    def body(v):
        return [theano.shape(tensor_type("int64", (3,)), v), theano.dim(tensor_type("int64", ()), v, 2)]

    shape, dim = compile_function([("float32", (None, None, None))], body)(x)
    assert_matches(shape, np.array([3, 0, 5], np.int64))
    assert_matches(dim, np.int64(5))


def test_make_vector_builds_a_shape_for_reshape(rng):
    """reshape(x, [dim(x, 0), -1]) through make_vector, as flatten(x, 2) does."""
    from mlir import ir

    def body(v):
        minus_one = theano.constant(ir.DenseElementsAttr.get(np.array(-1, np.int64)))
        rows = theano.dim(tensor_type("int64", ()), v, 0)
        shape = theano.make_vector(tensor_type("int64", (2,)), [rows, minus_one])
        return theano.reshape(tensor_type("float32", (None, None)), v, shape)

    x = random_array(rng, "float32", (2, 3, 4))
    (result,) = compile_function([("float32", (None, None, None))], body)(x)
    assert_matches(result, x.reshape(2, -1))
