"""theano.gof.graph.ops and is_same_graph, and theano.tensor.type's
values_eq_approx_* comparisons (Theano's, #21)."""

import numpy as np

import theano_mlir.tensor as T
from theano_mlir.gof import graph
from theano_mlir.tensor import type as tensor_type


def test_ops_between_inputs_and_outputs():
    x = T.vector()
    h = T.exp(x)
    y = h * 2
    nodes = graph.ops([x], [y])
    assert nodes[-1] is y.owner and h.owner in nodes
    assert graph.ops([h], [y])[-1] is y.owner and h.owner not in graph.ops([h], [y])


def test_is_same_graph():
    m = T.matrix("m")
    i = T.lvector("i")
    gv = np.array([0, 1, 3])
    assert graph.is_same_graph(m[gv, i], m[T.constant(gv), i])
    assert not graph.is_same_graph(m[gv, i], m[T.constant(gv + 1), i])
    assert graph.is_same_graph(T.exp(m) * 2, T.exp(m) * 2)
    assert not graph.is_same_graph(T.exp(m) * 2, T.exp(m) * 3)
    assert not graph.is_same_graph(T.exp(m), T.log(m))
    n = T.matrix("n")
    assert not graph.is_same_graph(T.exp(m), T.exp(n))
    assert graph.is_same_graph(T.exp(m), T.exp(n), givens={m: n})


def test_values_eq_approx_variants():
    a = np.array([1.0, np.nan, np.inf])
    b = np.array([1.0, 2.0, 3.0])
    assert not tensor_type.values_eq_approx_remove_nan(a, b)
    assert not tensor_type.values_eq_approx_remove_inf(a, b)
    assert tensor_type.values_eq_approx_remove_inf_nan(a, b)
    assert tensor_type.values_eq_approx_remove_nan(a[:2], b[:2])
    assert tensor_type.values_eq_approx_always_true(a, b)
