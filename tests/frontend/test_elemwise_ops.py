"""T.add, T.exp, T.nnet.sigmoid, ... are Elemwise op instances, as in Theano."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.tensor.elemwise import EXPORTS, SCALAR_OPS, Elemwise


def test_ops_print_as_theano():
    assert str(T.add) == "Elemwise{add,no_inplace}"
    assert str(T.exp) == "Elemwise{exp,no_inplace}"
    assert str(T.true_div) == "Elemwise{true_div,no_inplace}"
    assert str(T.nnet.sigmoid) == "sigmoid"
    assert isinstance(T.add, Elemwise) and isinstance(T.nnet.relu, Elemwise)


def test_graphs_hold_elemwise_nodes_with_scalar_ops():
    x, y = T.dmatrices("x", "y")
    out = T.add(x, y)
    assert out.owner.op is T.add
    assert str(out.owner.op.scalar_op) == "add"
    assert str(out) == "Elemwise{add,no_inplace}.0"
    assert str((x * y).owner.op.scalar_op) == "mul"
    assert str(T.exp(x).owner.op) == "Elemwise{exp,no_inplace}"
    assert isinstance((x - y).owner.op, Elemwise)


def test_every_exported_name_is_an_elemwise_of_its_table_entry():
    for module, names in EXPORTS.items():
        for name, op in names.items():
            assert isinstance(op, Elemwise)
            assert name in op.scalar_op.names and op.scalar_op.module == module
            assert SCALAR_OPS[op.scalar_op.name] is op.scalar_op


def test_aliases_are_equal_ops_of_their_own():
    assert T.square is not T.sqr and T.square == T.sqr
    assert str(T.square) == "Elemwise{sqr,no_inplace}"
    assert hash(T.bitwise_and) == hash(T.and_)


@pytest.mark.parametrize("op, ref", [(T.add, np.add), (T.mul, np.multiply)])
def test_add_and_mul_are_n_ary(op, ref):
    x, y, z = T.dvector("x"), T.dmatrix("y"), T.dscalar("z")
    out = op(x, y, z)
    assert len(out.owner.inputs) == 3 and out.broadcastable == (False, False)
    f = theano.function([x, y, z], out)
    a, b, c = np.arange(3.0), np.arange(6.0).reshape(2, 3), 1.5
    np.testing.assert_allclose(f(a, b, c), ref(ref(a, b), c))
    assert op.scalar_op.nin == -1


def test_n_ary_dtype_is_the_upcast_of_all_inputs():
    b, i, f = T.bvector(), T.ivector(), T.fscalar()
    assert T.add(b, i).dtype == "int32"
    assert T.add(b, i, f).dtype == "float64"
    assert T.mul(b, b, b).dtype == "int8"


def test_n_ary_gradient():
    verify_grad(lambda a, b, c: T.mul(a, b, c), [np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array(0.5)])
    verify_grad(lambda a, b, c: T.add(a, b, c) ** 2, [np.ones(2), np.array([3.0, -1.0]), np.array(0.5)])


def test_one_input_add_is_the_input():
    x = T.dvector("x")
    f = theano.function([x], T.add(x))
    np.testing.assert_array_equal(f([1.0, 2.0]), [1.0, 2.0])


def test_keywords_and_defaults():
    x = T.dvector("x")
    f = theano.function(
        [x], [T.nnet.relu(x), T.nnet.relu(x, alpha=0.5), T.nnet.elu(x), T.switch(cond=x > 0, ift=x, iff=0)]
    )
    v = np.array([-2.0, 3.0])
    relu, leaky, elu, switch = f(v)
    np.testing.assert_allclose(relu, [0, 3])
    np.testing.assert_allclose(leaky, [-1, 3])
    np.testing.assert_allclose(elu, [np.expm1(-2), 3])
    np.testing.assert_allclose(switch, [0, 3])


def test_wrong_arguments_are_type_errors():
    x = T.dvector("x")
    with pytest.raises(TypeError):
        T.exp(x, x)
    with pytest.raises(TypeError):
        T.sub(x)
    with pytest.raises(TypeError):
        T.nnet.relu(x, beta=1)
    with pytest.raises(TypeError):
        T.add(x, y=x)
    with pytest.raises(TypeError):
        T.add()


def test_clone_rebuilds_n_ary_nodes():
    x, y, z = T.dvectors("x", "y", "z")
    w = T.dvector("w")
    (out,) = theano.clone([T.add(x, y, z)], replace={z: w})
    assert out.owner.inputs[2] is w
    f = theano.function([x, y, w], out)
    np.testing.assert_allclose(f([1.0], [2.0], [4.0]), [7.0])


def test_verify_grad_types_size_one_dimensions_as_broadcastable():
    # As Theano's verify_grad: a (3, 1) value is a column, so it broadcasts
    # against a (3, 5) one (T_add.test_grad_col).
    rng = np.random.default_rng(0)
    verify_grad(T.add, [rng.random((3, 5)), rng.random((3, 1))], rng=rng)
    verify_grad(T.mul, [rng.random((1, 1)), rng.random((3, 5))], rng=rng)
