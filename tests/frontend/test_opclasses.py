"""Theano's op classes written as graphs of other ops (tensor/opclasses.py)
and TopKOp (tensor/sort.py), against numpy."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.tensor.sort import TopKOp, argtopk, topk, topk_and_argtopk


def _ops(outputs):
    from theano_mlir.graph import toposort

    return [node.op for node in toposort(outputs if isinstance(outputs, list) else [outputs])]


@pytest.mark.parametrize("dtype", ["float64", "float32", "int8", "uint16"])
@pytest.mark.parametrize("k", [1, 2, -2])
def test_topk_along_each_axis(dtype, k):
    x = T.tensor(dtype, (False, False))
    data = (np.random.RandomState(0).permutation(20).reshape(4, 5)).astype(dtype)
    for axis in (0, 1, -1):
        values, indices = topk_and_argtopk(x, k, axis=axis, sorted=False, idx_dtype="int32")
        assert isinstance(values.owner.op, TopKOp) and indices.dtype == "int32"
        got_v, got_i = theano.function([x], [values, indices])(data)
        part = slice(-k, None) if k > 0 else slice(None, -k)
        index = (slice(None),) * (axis % 2) + (part,)
        np.testing.assert_array_equal(np.sort(got_v, axis), np.sort(data, axis)[index])
        np.testing.assert_array_equal(np.sort(got_i, axis), np.sort(np.argsort(data, axis)[index], axis))


def test_topk_symbolic_k_none_axis_and_grad():
    x, k = T.dmatrix(), T.lscalar()
    data = np.random.RandomState(1).rand(3, 4)
    f = theano.function([x, k], topk(x, k, axis=None, sorted=False))
    np.testing.assert_allclose(np.sort(f(data, 3)), np.sort(data.ravel())[-3:])
    g = theano.function([x, k], argtopk(x, k, sorted=False))
    assert g(data, -1).shape == (3, 1)
    verify_grad(lambda v: topk(v, 2, axis=0, sorted=False), [data])
    with pytest.raises(NotImplementedError):
        topk(x, 1)  # Theano's sorted=True is not implemented


def test_sort_symbolic_axis():
    x, axis = T.dtensor3(), T.lscalar()
    data = np.random.RandomState(2).rand(2, 3, 4)
    f = theano.function([x, axis], [T.sort(x, axis), T.argsort(x, axis)])
    for a in (0, 1, 2, -1):
        got, pos = f(data, a)
        np.testing.assert_array_equal(got, np.sort(data, a))
        np.testing.assert_array_equal(pos, np.argsort(data, a))


def test_op_classes_in_graph_and_values():
    n = T.iscalar()
    e = T.eye(n, None, 1)
    assert isinstance(e.owner.op, T.Eye)
    np.testing.assert_array_equal(theano.function([n], e)(3), np.eye(3, k=1))
    np.testing.assert_array_equal(T.Tri()(2, 3, 0).eval(), np.tri(2, 3))
    x = T.dmatrix()
    data = np.random.RandomState(3).rand(3, 4)
    mx, arg = T.max_and_argmax(x, 1)
    assert isinstance(mx.owner.op, T.MaxAndArgmax) and arg.dtype == "int64"
    got = theano.function([x], [mx, arg])(data)
    np.testing.assert_array_equal(got[0], data.max(1))
    np.testing.assert_array_equal(got[1], data.argmax(1))
    np.testing.assert_allclose(theano.function([x], T.Mean(1)(x))(data), data.mean(1))
    parts = theano.function([x], T.Split(2)(x, 1, [1, 3]))(data)
    np.testing.assert_array_equal(parts[1], data[:, 1:])
    row = theano.function([x], T.Rebroadcast((0, True))(x))(data[:1])
    np.testing.assert_array_equal(row, data[:1])


def test_permute_choose_and_small_functions():
    x, y = T.dmatrix(), T.lvector()
    data = np.random.RandomState(4).rand(3, 4)
    f = theano.function([x, y], [T.permute_row_elements(x, y), T.permute_row_elements(x, y, 1)])
    direct, inverse = f(data, [1, 2, 3, 0])
    np.testing.assert_array_equal(direct, data[:, [1, 2, 3, 0]])
    np.testing.assert_array_equal(inverse, data[:, [3, 0, 1, 2]])
    a = T.lmatrix()
    idx = [[0, 1, 2, 0], [1, 1, 1, 1]]
    np.testing.assert_array_equal(theano.function([a, x], T.choose(a, x))(idx, data), np.choose(idx, data))
    np.testing.assert_array_equal(T.inverse_permutation([2, 0, 1]).eval(), [1, 2, 0])
    np.testing.assert_array_equal(T.stacklists([[1, 2], [3, 4]]).eval(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(T.mgrid[0:2, 0:3][1].eval(), np.mgrid[0:2, 0:3][1])
    np.testing.assert_array_equal(T.ogrid[0:2, 0:3][0].eval(), np.ogrid[0:2, 0:3][0])
    assert float(T.ptp(T.constant([1.0, 5.0, 2.0])).eval()) == 4.0
    assert T.swapaxes(x, 0, 1).broadcastable == (False, False)
    assert T.get_vector_length(T.constant([1, 2, 3])) == 3
    assert T.extract_constant(T.constant(3)) == 3
    np.testing.assert_array_equal(T.AllocEmpty("float32")(2, 3).eval().shape, (2, 3))


def test_dtype_lists_and_allclose():
    assert T.integer_dtypes == T.int_dtypes + T.uint_dtypes
    assert "float16" in T.float_dtypes
    assert T.basic._allclose(np.float32(1.0), np.float32(1.0 + 1e-6))
    assert not T.basic._allclose(np.float64(1.0), np.float64(1.0 + 1e-4))


def test_vector_iteration_norm_and_theano_dimshuffle():
    x = T.dtensor3()
    assert len(list(x.shape)) == 3
    with pytest.raises(TypeError):
        list(T.dvector())
    with pytest.raises(ValueError):
        T.get_vector_length(T.lvector())
    data = np.random.RandomState(5).rand(2, 3, 4)
    f = theano.function([x], [x.norm(2, axis=1), x.norm(1, axis=(0, 2), keepdims=True)])
    two, one = f(data)
    np.testing.assert_allclose(two, np.sqrt((data**2).sum(1)))
    np.testing.assert_allclose(one, np.abs(data).sum(axis=(0, 2), keepdims=True))
    y = T.DimShuffle((False, False), [1, "x", 0])(T.dmatrix())
    assert y.broadcastable == (False, True, False)
