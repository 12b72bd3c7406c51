"""grad over ops that give their gradient in Python (Theano's Op.grad
contract), known_grads of other ranks, dtypes and types, consider_constant
on a wrt variable, subgraph_grad, and the gradient ops' instances and
connection patterns (#21)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir import gradient
from theano_mlir.gof import NullType
from theano_mlir.graph import Apply, CompositeOp, Op


class _Scale(CompositeOp):
    """2 * x, differentiated in Python (a wrong 3, to tell which gradient
    was used)."""

    __props__ = ()

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def build(self, node, x):
        return [x * 2]

    def grad(self, inputs, output_grads):
        return [output_grads[0] * 3]


def _op(grad, n_in=1, n_out=1, pattern=None):
    class Custom(Op):
        __props__ = ()

        def make_node(self, *inputs):
            inputs = list(inputs) or [T.matrix() for _ in range(n_in)]
            return Apply(self, inputs, [T.matrix() for _ in range(n_out)])

    Custom.grad = lambda self, inputs, output_grads: grad(inputs, output_grads)
    if pattern is not None:
        Custom.connection_pattern = lambda self, node: pattern
    return Custom()


def test_python_grad_terms_returned_as_given():
    gval0, gval1 = T.matrix(), T.matrix()
    node = _op(lambda i, g: (gval0, gval1), n_in=2, n_out=2).make_node()
    one = T.as_tensor_variable(1.0)
    g = theano.grad(None, node.inputs, known_grads={node.outputs[0]: one}, consider_constant=node.inputs)
    assert g[0] is gval0 and g[1] is gval1


def test_python_grad_contract_errors():
    node = _op(lambda i, g: None).make_node()
    with pytest.raises(TypeError, match="not a list or tuple"):
        theano.grad(None, node.inputs, known_grads={node.out: T.as_tensor_variable(1.0)})
    node = _op(lambda i, g: [i[0].zeros_like()], n_in=2).make_node()
    with pytest.raises(ValueError, match="1 gradients for 2 inputs"):
        theano.grad(None, node.inputs, known_grads={node.outputs[0]: T.as_tensor_variable(1.0)})


def test_python_grad_null_stops_at_unconnected_inputs():
    null_for_second = _op(lambda i, g: [i[0].zeros_like(), NullType()()], n_in=2)
    x = T.matrix()
    first = _op(lambda i, g: [i[0].zeros_like()], n_in=1, n_out=2, pattern=[[True, False]])
    f, g = first.make_node(x).outputs
    cost = null_for_second.make_node(f, g).out.sum()
    theano.grad(cost, x)  # the undefined gradient of g does not reach x
    with pytest.raises(gradient.NullTypeGradError):
        theano.grad(cost, g)


def test_python_grad_through_compiled_ops():
    x = T.vector()
    y = (_Scale()(T.exp(x)) ** 2).sum()
    f = theano.function([x], theano.grad(y, x))
    value = np.array([0.1, -0.5, 1.0])
    np.testing.assert_allclose(f(value), 2 * 2 * np.exp(value) * 3 * np.exp(value))


def test_known_grads_of_integer_and_lower_rank():
    x, g = T.iscalar(), T.scalar()
    assert theano.grad(None, x, known_grads={x: g}) is g
    m = T.matrix()
    result = theano.grad(None, m, known_grads={m * 3: T.as_tensor_variable(1.0)})
    np.testing.assert_allclose(theano.function([m], result)(np.ones((2, 3))), np.full((2, 3), 3.0))


def test_disconnected_and_undefined_known_grads():
    x, y = T.iscalar(), T.iscalar()
    cost = x + y
    with pytest.raises(gradient.DisconnectedInputError):
        theano.grad(cost, [x, y], known_grads={cost: gradient.DisconnectedType()()})
    with pytest.raises(gradient.NullTypeGradError):
        theano.grad(cost, [x, y], known_grads={cost: NullType()()})
    z = T.scalar()
    result = theano.grad(z * 2, T.scalar(), disconnected_inputs="ignore", return_disconnected="Disconnected")
    assert isinstance(result.type, gradient.DisconnectedType)


def test_consider_constant_on_a_wrt_variable():
    x = T.vector()
    w = theano.shared(np.full(3, 2.0))
    a = x * w
    gw, ga = theano.grad((a**2).sum(), [w, a], consider_constant=[a], disconnected_inputs="ignore")
    gw_value, ga_value = theano.function([x], [gw, ga])(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(gw_value, 0)
    np.testing.assert_allclose(ga_value, [4.0, 8.0, 12.0])


def test_subgraph_grad_matches_grad():
    x = T.vector("x")
    w1 = theano.shared(np.linspace(-1, 1, 6).reshape(2, 3))
    w2 = theano.shared(np.linspace(0.5, -0.5, 3))
    a1 = T.tanh(T.dot(x, w1))
    cost = T.sqr(T.dot(a1, w2))
    true = theano.function([x], theano.grad(cost, [w2, w1]))
    (g2,), (ga1,) = theano.subgraph_grad(wrt=[w2], end=[a1], cost=cost)
    (g1,), _ = theano.subgraph_grad(wrt=[w1], end=[x], start={a1: ga1})
    value = np.array([0.3, -0.7])
    for expected, got in zip(true(value), theano.function([x], [g2, g1])(value)):
        np.testing.assert_allclose(got, expected, rtol=1e-10)


def test_gradient_op_instances_and_connection_patterns():
    x = T.matrix()
    assert gradient.zero_grad(x).owner.op == gradient.zero_grad_
    assert gradient.disconnected_grad(x).owner.op == gradient.disconnected_grad_
    assert gradient.consider_constant_ is gradient.zero_grad_
    y = gradient.disconnected_grad(x)
    assert y.owner.op.connection_pattern(y.owner) == [[False]]
    assert gradient.zero_grad(x).owner.op.connection_pattern(None) == [[True]]


def test_apply_out():
    x = T.vector()
    y = x * 2
    assert y.owner.out is y
    node = _op(lambda i, g: [None], n_out=2).make_node()
    with pytest.raises(AttributeError):
        node.out


def test_integer_cost_with_respect_to_itself_is_one():
    x = T.iscalar()
    assert str(theano.grad(x, x).dtype) == theano.config.floatX


def test_rop_is_the_jacobian_vector_product():
    x, v = T.vector(), T.vector()
    a, b = np.array([0.1, 0.2, -0.3]), np.array([1.0, 3.0, -2.0])
    f = theano.function([x, v], T.Rop(T.exp(x) * 2, x, v))
    np.testing.assert_allclose(f(a, b), 2 * np.exp(a) * b)
    m = T.matrix()
    w = np.arange(6.0).reshape(2, 3)
    # d(Wx) = dW x + W dx
    g = theano.function([m, x, v], T.Rop(T.dot(m, x), [m, x], [T.ones_like(m), v]))
    np.testing.assert_allclose(g(w, a, b), np.ones((2, 3)) @ a + w @ b)
    z = theano.function([x, v], T.Rop(gradient.zero_grad(x), x, v), on_unused_input="ignore")
    assert np.count_nonzero(z(a, b)) == 0
    with pytest.raises(ValueError, match="same length"):
        T.Rop(x, [x, m], [v])
