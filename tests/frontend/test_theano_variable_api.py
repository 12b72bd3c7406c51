"""Theano's variable, type and shared-storage API that its tests use (#21):
Variable.tag, numpy's unary functions on variables, empty-list indexing,
TensorType.values_eq(_approx), a shared variable's container.storage/value."""

import math

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T


def test_tag_is_a_scratchpad():
    x = T.dmatrix("x")
    x.tag.test_value = np.ones((2, 2))
    assert x.tag.test_value.shape == (2, 2) and "test_value" in repr(x.tag)
    assert not hasattr(T.dmatrix().tag, "test_value")
    assert T.constant(np.arange(3)).value.tolist() == [0, 1, 2]


def test_numpy_unary_functions_of_variables():
    x = T.dmatrix("x")
    data = np.random.rand(4, 3) * 3 + 1.5
    for fct in (np.exp, np.log2, np.arcsinh, np.ceil, np.floor, np.trunc, np.sqrt):
        np.testing.assert_allclose(theano.function([x], fct(x))(data), fct(data))
    assert theano.function([x], math.floor(x))(data).tolist() == np.floor(data).tolist()


def test_empty_list_index_selects_nothing():
    x = T.dmatrix("x")
    data = np.zeros((2, 2))
    assert theano.function([x], x[:, []])(data).shape == (2, 0)
    assert theano.function([x], x[:, ()])(data).shape == (2, 0)


def test_values_eq_and_values_eq_approx():
    t = T.dvector
    a = np.array([1.0, np.nan, np.inf])
    assert t.values_eq(a, a.copy()) and not t.values_eq(a, a[::-1])
    assert not t.values_eq(a, a.astype("float32"))
    assert t.values_eq_approx(a, a + 1e-12) and not t.values_eq_approx(a, a + 1)
    assert not t.values_eq_approx(a, -a) and t.values_eq_approx(
        a, np.array([1.0, np.nan, 5.0]), allow_remove_inf=True
    )
    assert T.ivector.values_eq_approx(np.arange(3), np.arange(3)) and not T.ivector.values_eq_approx(a, a[:2])


def test_shared_container_storage_and_value():
    s = theano.shared(np.zeros((3, 2)))
    old = s.container.storage[0]
    s.container.value[:] = 1  # a view: writes the value in place
    assert s.get_value().tolist() == [[1, 1]] * 3 and np.shares_memory(old, s.container.storage[0])
    s.set_value(np.full((3, 2), 2.0))  # new memory: the old view keeps the old value
    assert old.tolist() == [[1, 1]] * 3 and not np.shares_memory(old, s.container.storage[0])
    s.container.storage[0] = np.full((3, 2), 3.0)
    assert theano.function([], s * 2)().tolist() == [[6, 6]] * 3 and len(s.container.storage) == 1
