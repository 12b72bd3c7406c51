"""Theano's visible inplace semantics (an `*_inplace` op's result written
into the caller's array), dot of operands of more than 2 dimensions
(numpy's dot), and TensorVariable.size."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import inplace


def test_inplace_op_overwrites_callers_array():
    x, y = T.dmatrix(), T.dmatrix()
    f = theano.function([x, y], inplace.add_inplace(x, y), accept_inplace=True)
    a, b = np.ones((2, 3)), np.full((2, 3), 2.0)
    result = f(a, b)
    np.testing.assert_array_equal(result, 3.0)
    np.testing.assert_array_equal(a, 3.0)
    np.testing.assert_array_equal(b, 2.0)


def test_inplace_result_has_the_overwritten_inputs_dtype():
    x, y = T.bmatrix(), T.wmatrix()
    assert inplace.add_inplace(x, y).dtype == "int8"
    f = theano.function([x], inplace.neg_inplace(x))
    a = np.arange(4, dtype="int8").reshape(2, 2)
    out = f(a)
    assert out.dtype == np.int8
    np.testing.assert_array_equal(a, -np.arange(4).reshape(2, 2))


def test_inplace_on_broadcasted_input_is_a_value_error():
    x, y = T.row(), T.matrix()
    with pytest.raises(ValueError):
        inplace.add_inplace(x, y)


def test_out_of_place_and_converted_inputs_are_left_alone():
    x = T.dvector()
    f = theano.function([x], T.exp(x))
    a = np.zeros(3)
    f(a)
    np.testing.assert_array_equal(a, 0.0)
    g = theano.function([x], inplace.exp_inplace(x))
    listed = [0.0, 0.0]
    np.testing.assert_allclose(g(listed), 1.0)
    assert listed == [0.0, 0.0]


@pytest.mark.parametrize(
    "sa, sb",
    [((2, 3, 4), (4,)), ((2, 3, 4), (4, 5)), ((4,), (2, 4, 5)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (6, 4, 5))],
)
def test_dot_of_nd_operands_is_numpys_dot(sa, sb):
    rng = np.random.RandomState(0)
    a, b = rng.rand(*sa), rng.rand(*sb)
    x = T.TensorType("float64", [False] * len(sa))()
    y = T.TensorType("float64", [False] * len(sb))()
    f = theano.function([x, y], T.dot(x, y))
    np.testing.assert_allclose(f(a, b), np.dot(a, b))


def test_size():
    x, v = T.dtensor3(), T.dvector()
    assert x.size.eval({x: np.zeros((2, 3, 4))}) == 24
    assert v.size.eval({v: np.zeros(5)}) == 5


def test_default_acc_dtype_is_theanos():
    assert T.sum(T.fmatrix()).owner.op.acc_dtype == "float64"
    assert T.sum(T.fmatrix()).dtype == "float32"
    assert T.prod(T.bmatrix(), dtype="int8").owner.op.acc_dtype == "int64"
    assert T.sum(T.bmatrix(), acc_dtype="float32").owner.op.acc_dtype == "float32"


@pytest.mark.parametrize("x, acc", [(T.dmatrix(), "float32"), (T.imatrix(), "int16"), (T.fmatrix(), "int64")])
def test_a_downcasting_acc_dtype_is_a_type_error(x, acc):
    for reduce in (T.sum, T.prod):
        with pytest.raises(TypeError, match="precision would be lost"):
            reduce(x, acc_dtype=acc)


def test_bool_accumulators_are_or_and_and():
    x = T.matrix(dtype="bool")
    v = np.array([[True, False], [True, True], [False, False]])
    f = theano.function(
        [x],
        [
            T.sum(x, axis=1, acc_dtype="bool"),
            T.prod(x, axis=1, dtype="bool", acc_dtype="bool"),
            T.sum(x, axis=0, dtype="bool"),
        ],
    )
    s, p, s0 = f(v)
    assert s.dtype == np.int64 and p.dtype == np.bool_
    np.testing.assert_array_equal(s, [1, 1, 0])
    np.testing.assert_array_equal(p, [False, True, False])
    np.testing.assert_array_equal(s0, [True, True])


@pytest.mark.parametrize("dtype, expected", [("int32", "float64"), ("bool", "float64"), (None, "float64")])
def test_mean_of_a_discrete_sum_is_float64(dtype, expected):
    x = T.bmatrix()
    m = T.mean(x, dtype=dtype)
    assert m.dtype == expected
    v = np.arange(6, dtype="int8").reshape(2, 3)
    want = 2.5 if dtype != "bool" else 1 / 6
    np.testing.assert_allclose(theano.function([x], m)(v), want)
    assert T.mean(T.fmatrix()).dtype == "float32"
