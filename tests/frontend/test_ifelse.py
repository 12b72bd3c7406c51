"""theano.ifelse (#22): Theano's lazy conditional, compiled as an scf.if in
the kernel: only the taken branch runs (its errors, its work), lists of
outputs, nesting, gradients (verify_grad through both branches), and
Theano's graph-build errors."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.ifelse import IfElse, ifelse

MODES = ["FAST_RUN", "FAST_COMPILE"]


@pytest.mark.parametrize("mode", MODES)
def test_only_the_taken_branch_runs(mode):
    c, x, i = T.iscalar("c"), T.dvector("x"), T.lscalar("i")
    # the then branch reads x[i] and adds vectors of different lengths: out
    # of range, a shape mismatch, when c is 0, which must not raise
    then = x[i] * 2 + (x + x[:2]).sum()
    f = theano.function([c, x, i], ifelse(c, then, x.sum()), mode=mode)
    v = np.arange(2.0)
    assert f(1, v, 1) == v[1] * 2 + (v + v[:2]).sum()
    assert f(0, v, 10) == v.sum()
    assert f(0, np.arange(3.0), 10) == 3.0
    with pytest.raises(IndexError, match="out of bounds"):
        f(1, v, 10)
    with pytest.raises(ValueError):
        f(1, np.arange(3.0), 0)


@pytest.mark.parametrize("mode", MODES)
def test_lists_of_outputs_shapes_and_condition_truth(mode):
    c, x, y = T.dscalar("c"), T.dvector("x"), T.dvector("y")
    out = ifelse(c, [x * 2, x.sum()], [y, y.max()])
    assert isinstance(out, list) and len(out) == 2
    f = theano.function([c, x, y], out, mode=mode)
    vx, vy = np.arange(3.0), np.array([5.0, -1.0])  # branches of other lengths
    for cond, expected in [(1.0, [vx * 2, vx.sum()]), (0.0, [vy, vy.max()]), (np.nan, [vx * 2, vx.sum()])]:
        for got, want in zip(f(cond, vx, vy), expected):
            np.testing.assert_array_equal(got, want)  # numpy's truth: NaN is true


def test_nested_ifelse_is_lazy_at_each_level():
    a, b, x, i = T.iscalar("a"), T.iscalar("b"), T.dvector("x"), T.lscalar("i")
    inner = ifelse(b, x[i], x.sum())
    f = theano.function([a, b, x, i], ifelse(a, inner * 3, x.max()))
    v = np.array([1.0, 4.0, 2.0])
    assert f(1, 1, v, 1) == 12.0
    assert f(1, 0, v, 99) == v.sum() * 3
    assert f(0, 1, v, 99) == v.max()


def test_values_shared_by_both_branches_and_outputs():
    c, x = T.iscalar("c"), T.dvector("x")
    shared = T.exp(x)
    f = theano.function([c, x], [ifelse(c, shared * 2, shared + 1), shared])
    v = np.array([0.0, 1.0])
    for cond in (0, 1):
        got, common = f(cond, v)
        np.testing.assert_allclose(got, np.exp(v) * 2 if cond else np.exp(v) + 1)
        np.testing.assert_allclose(common, np.exp(v))


@pytest.mark.parametrize("taken", [0, 1])
def test_gradients_through_both_branches(taken):
    rng = np.random.default_rng(taken)
    cond = T.constant(np.int32(taken))

    def fun(a, b):
        then, other = ifelse(cond, [T.tanh(a) * b, (a**2).sum()], [a * 3, b])
        return then.sum() + other

    verify_grad(fun, [rng.random(3), rng.random()], rng=rng)
    c, x, w = T.iscalar("c"), T.dvector("x"), T.dscalar("w")
    out = ifelse(c, (x**2).sum() * w, T.sin(x).sum())
    f = theano.function([c, x, w], theano.grad(out, [x, w]))
    v = np.array([1.0, 2.0])
    gx, gw = f(taken, v, 2.0)
    np.testing.assert_allclose(gx, 4 * v if taken else np.cos(v))
    assert gw == ((v**2).sum() if taken else 0.0)


def test_shared_updates_through_ifelse():
    c = T.iscalar("c")
    s = theano.shared(np.array([1.0, 2.0]))
    step = theano.function([c], [], updates=[(s, ifelse(c, s * 2, s - 1))])
    step(1)
    step(0)
    np.testing.assert_array_equal(s.get_value(), [1.0, 3.0])


def test_theano_graph_build_errors_and_op():
    x, m, f32 = T.dvector(), T.dmatrix(), T.fvector()
    with pytest.raises(TypeError, match="identical types"):
        ifelse(T.iscalar(), x, m)
    with pytest.raises(TypeError, match="identical types"):
        ifelse(T.iscalar(), x, f32)
    with pytest.raises(ValueError, match="same number"):
        ifelse(T.iscalar(), [x, x], [x])
    with pytest.raises(TypeError, match="scalar"):
        ifelse(T.ivector(), x, x)
    node = ifelse(T.iscalar(), x, x).owner
    assert isinstance(node.op, IfElse) and str(node.op) == "if{}"
    assert str(IfElse(2, as_view=True, name="drop")) == "if{drop,inplace}"
    # FAST_RUN shows Theano's cond_make_inplace (outputs may view a branch)
    c = T.iscalar()
    f = theano.function([c, x], ifelse(c, x, x * 2))
    assert [str(n.op) for n in f.maker.fgraph.toposort() if isinstance(n.op, IfElse)] == ["if{inplace}"]


def test_theano_ifelse_is_a_module_of_theano():
    assert theano.ifelse.ifelse is ifelse and theano.ifelse.IfElse is IfElse


def test_a_branch_returning_an_input_or_a_shared_value_gives_a_copy():
    # one branch's buffer is the caller's (or the shared variable's), the
    # other's the kernel's: ownership known only when the function runs
    # (its i1 flags are bytes: LLVM 22 aborted on storing them)
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    f = theano.function([c, x, y], ifelse(c, x, y * 2))
    vx, vy = np.arange(5.0), np.ones(3)
    for k in range(200):
        result = f(k % 2, vx, vy)
        result[0] = 99.0
    np.testing.assert_array_equal(vx, np.arange(5.0))
    s = theano.shared(np.arange(3.0))
    g = theano.function([c], ifelse(c, s, s * 2))
    for k in range(200):
        g(k % 2)[:] = -1.0
    np.testing.assert_array_equal(s.get_value(), np.arange(3.0))
