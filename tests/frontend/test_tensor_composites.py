"""Theano's composite tensor functions (clip, any/all, tensordot, tile,
repeat, ...), its variable methods and module paths, against numpy."""

import pickle
import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(21)


def run(inputs, outputs, *values, mode=None):
    return theano.function(inputs, outputs, mode=mode)(*values)


# ---------------------------------------------------------------------------
# clip
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype, result", [("float32",) * 2, ("float64",) * 2, ("int8",) * 2, ("int32",) * 2, ("uint8", "int16")]
)
def test_clip_values_and_dtype(dtype, result):
    x = T.matrix("x", dtype=dtype)
    out = T.clip(x, 2, 5)  # the bounds are int8 constants: Theano's upcast
    assert out.dtype == result and out.broadcastable == (False, False)
    value = np.arange(12, dtype=dtype).reshape(3, 4)
    np.testing.assert_array_equal(run([x], out, value), np.clip(value, 2, 5))


def test_clip_broadcasts_bounds_and_upcasts():
    x, lo, hi = T.fmatrix("x"), T.dvector("lo"), T.drow("hi")
    out = T.clip(x, lo, hi)
    assert out.dtype == "float64" and out.broadcastable == (False, False)
    xv = RNG.normal(size=(3, 4)).astype("float32")
    lov, hiv = -np.abs(RNG.normal(size=4)), np.abs(RNG.normal(size=(1, 4)))
    np.testing.assert_allclose(run([x, lo, hi], out, xv, lov, hiv), np.clip(xv, lov, hiv))


def test_clip_keeps_nan_and_rejects_bool():
    x = T.dvector("x")
    np.testing.assert_array_equal(run([x], x.clip(-1, 1), [np.nan, -3.0, 0.5, np.inf]), [np.nan, -1, 0.5, 1])
    with pytest.raises(TypeError):
        T.clip(T.bvector().astype("bool"), False, True)


def test_clip_gradient_is_theanos_at_the_bounds():
    x, lo, hi = T.dvector("x"), T.dscalar("lo"), T.dscalar("hi")
    cost = T.clip(x, lo, hi).sum()
    f = theano.function([x, lo, hi], T.grad(cost, [x, lo, hi]))
    gx, glo, ghi = f([-2.0, -1.0, 0.0, 1.0, 2.0], -1.0, 1.0)
    np.testing.assert_array_equal(gx, [0, 1, 1, 1, 0])  # x on a bound: the gradient goes to x
    assert glo == 1 and ghi == 1
    verify_grad(lambda v: T.clip(v, -0.5, 0.5), [np.array([-0.9, -0.2, 0.3, 0.8])])


# ---------------------------------------------------------------------------
# any, all, max_and_argmax
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "float32", "float64"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1), -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_any_all_against_numpy(dtype, axis, keepdims):
    x = T.matrix("x", dtype=dtype)
    value = (RNG.integers(0, 3, size=(4, 3)) * (RNG.random((4, 3)) > 0.5)).astype(dtype)
    value[1] = 1
    outs = [T.any(x, axis, keepdims), T.all(x, axis=axis, keepdims=keepdims), x.any(axis), x.all(axis)]
    for out in outs:
        assert out.dtype == "bool"
    got = run([x], outs, value)
    expected = [
        np.any(value, axis, keepdims=keepdims),
        np.all(value, axis, keepdims=keepdims),
        np.any(value, axis),
        np.all(value, axis),
    ]
    for g, e, out in zip(got, expected, outs):
        assert g.dtype == np.bool_ and g.shape == np.shape(e)
        np.testing.assert_array_equal(g, e)
        assert out.ndim == np.ndim(e)


def test_any_all_of_empty_and_nan():
    x = T.dmatrix("x")
    assert run([x], [T.any(x), T.all(x)], np.zeros((0, 3))) == [False, True]
    assert run([x], [T.any(x), T.all(x)], np.full((1, 2), np.nan)) == [True, True]


def test_max_and_argmax():
    x = T.dmatrix("x")
    value = RNG.normal(size=(3, 5))
    mx, arg = T.max_and_argmax(x, axis=1)
    assert arg.dtype == "int64"
    got = run([x], [mx, arg], value)
    np.testing.assert_array_equal(got[0], value.max(1))
    np.testing.assert_array_equal(got[1], value.argmax(1))
    mx, arg = T.max_and_argmax(x, axis=0, keepdims=True)
    assert mx.broadcastable == (True, False)


# ---------------------------------------------------------------------------
# isclose, allclose
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("equal_nan", [False, True])
def test_isclose_against_numpy(equal_nan):
    a, b = T.dvector("a"), T.dvector("b")
    av = np.array([1.0, 1.0, np.nan, np.inf, np.inf, -np.inf, 0.0, 1e-9, 100.0])
    bv = np.array([1.0 + 1e-6, 1.1, np.nan, np.inf, -np.inf, -np.inf, 1e-9, 0.0, 100.001])
    out = T.isclose(a, b, equal_nan=equal_nan)
    assert out.dtype == "bool"
    np.testing.assert_array_equal(run([a, b], out, av, bv), np.isclose(av, bv, equal_nan=equal_nan))
    assert run([a, b], T.allclose(a, b, equal_nan=equal_nan), av, bv) == np.allclose(
        av, bv, equal_nan=equal_nan
    )
    assert run([a, b], T.allclose(a, b, rtol=0.2), av[:2], bv[:2])


def test_isclose_of_integers_and_broadcasting():
    i, f = T.imatrix("i"), T.frow("f")
    iv = np.array([[1, 2], [3, 4]], dtype="int32")
    fv = np.array([[1.0, 2.5]], dtype="float32")
    np.testing.assert_array_equal(run([i, f], T.isclose(i, f), iv, fv), np.isclose(iv, fv))
    np.testing.assert_array_equal(run([i], T.isclose(i, 2), iv), np.isclose(iv, 2))


# ---------------------------------------------------------------------------
# outer, tensordot, batched_dot, batched_tensordot
# ---------------------------------------------------------------------------


def test_outer():
    x, y = T.fvector("x"), T.dmatrix("y")
    xv, yv = RNG.normal(size=3).astype("float32"), RNG.normal(size=(2, 2))
    out = T.outer(x, y)
    assert out.dtype == "float64" and out.ndim == 2
    np.testing.assert_allclose(run([x, y], out, xv, yv), np.outer(xv, yv))


@pytest.mark.parametrize(
    "a_shape, b_shape, axes",
    [
        ((2, 3, 4), (4, 3, 5), [[1, 2], [1, 0]]),
        ((2, 3, 4), (3, 4, 5), 2),
        ((2, 3), (3, 4), 1),
        ((2, 3), (4, 5), 0),
        ((3,), (3,), 1),
        ((2, 3), (2, 3), 2),
        ((2, 3, 4), (4,), [[2], [0]]),
        ((2, 3, 4), (5, 2), [[-3], [-1]]),
        ((4, 1, 3), (3, 1), [[2], [0]]),
    ],
)
def test_tensordot_against_numpy(a_shape, b_shape, axes):
    a = T.TensorType("float64", [s == 1 for s in a_shape])("a")
    b = T.TensorType("float64", [s == 1 for s in b_shape])("b")
    av, bv = RNG.normal(size=a_shape), RNG.normal(size=b_shape)
    out = T.tensordot(a, b, axes)
    expected = np.tensordot(av, bv, axes)
    assert out.ndim == expected.ndim
    np.testing.assert_allclose(run([a, b], out, av, bv), expected, rtol=1e-12)


def test_tensordot_dtype_broadcastable_and_gradient():
    a, b = T.ftensor3("a"), T.frow("b")
    out = T.tensordot(a, b, [[2], [1]])
    assert out.dtype == "float32" and out.broadcastable == (False, False, True)
    verify_grad(
        lambda x, y: T.tensordot(x, y, [[1, 2], [1, 0]]),
        [RNG.normal(size=(2, 3, 4)), RNG.normal(size=(4, 3, 2))],
    )


@pytest.mark.parametrize("axes", [3, [[0], [0, 1]], [[0], [5]], [[0, 1, 2], [0, 1, 2]], (1, 2, 3)])
def test_tensordot_bad_axes_are_value_errors(axes):
    with pytest.raises(ValueError):
        T.tensordot(T.dmatrix(), T.dmatrix(), axes)


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [
        ((4, 2, 3), (4, 3, 5)),
        ((4, 3), (4, 3)),
        ((4, 2, 3), (4, 3)),
        ((4, 3), (4, 3, 2)),
        ((4,), (4, 3)),
        ((4, 2), (4,)),
    ],
)
def test_batched_dot_against_numpy(a_shape, b_shape):
    a = T.TensorType("float64", [False] * len(a_shape))("a")
    b = T.TensorType("float64", [False] * len(b_shape))("b")
    av, bv = RNG.normal(size=a_shape), RNG.normal(size=b_shape)
    if len(a_shape) == 1 or len(b_shape) == 1:
        expected = av.reshape(av.shape + (1,) * (bv.ndim - av.ndim)) * bv.reshape(
            bv.shape + (1,) * (av.ndim - bv.ndim)
        )
    else:
        expected = np.stack([np.dot(x, y) for x, y in zip(av, bv)])
    out = T.batched_dot(a, b)
    assert out.ndim == expected.ndim
    np.testing.assert_allclose(run([a, b], out, av, bv), expected, rtol=1e-12)


def test_batched_dot_gradient_and_errors():
    verify_grad(T.batched_dot, [RNG.normal(size=(3, 2, 4)), RNG.normal(size=(3, 4, 2))])
    with pytest.raises(TypeError):
        T.batched_dot(T.dscalar(), T.dmatrix())
    x, y = T.dtensor3(), T.dtensor3()
    with pytest.raises(ValueError):
        T.batched_tensordot(x, y, [[0], [1]])  # the batch axis cannot be summed


def test_batched_tensordot_against_numpy():
    x, y = T.dtensor4("x"), T.dtensor3("y")
    xv, yv = RNG.normal(size=(2, 3, 4, 5)), RNG.normal(size=(2, 5, 3))
    out = T.batched_tensordot(x, y, [[1, 3], [2, 1]])
    expected = np.stack([np.tensordot(a, b, [[0, 2], [1, 0]]) for a, b in zip(xv, yv)])
    np.testing.assert_allclose(run([x, y], out, xv, yv), expected, rtol=1e-12)
    p, q = T.dtensor3("p"), T.dtensor3("q")
    out = T.batched_tensordot(p, q, 1)
    pv, qv = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 4, 5))
    np.testing.assert_allclose(run([p, q], out, pv, qv), np.einsum("bij,bjk->bik", pv, qv), rtol=1e-12)


# ---------------------------------------------------------------------------
# Broadcastable patterns: squeeze, shape_pad*, patternbroadcast, unbroadcast
# ---------------------------------------------------------------------------


def test_squeeze_and_pads():
    x = T.TensorType("float32", (True, False, True))("x")
    assert T.squeeze(x).broadcastable == (False,) and x.squeeze().dtype == "float32"
    assert T.extra_ops.squeeze(T.dmatrix()).broadcastable == (False, False)
    v = T.dvector("v")
    assert T.shape_padleft(v).broadcastable == (True, False)
    assert T.shape_padleft(v, 2).broadcastable == (True, True, False)
    assert T.shape_padright(v, 2).broadcastable == (False, True, True)
    assert T.shape_padaxis(T.dmatrix(), 1).broadcastable == (False, True, False)
    assert T.shape_padaxis(T.dmatrix(), -1).broadcastable == (False, False, True)
    with pytest.raises(IndexError):
        T.shape_padaxis(v, 2)
    with pytest.raises(IndexError):
        T.shape_padaxis(v, -3)
    value = np.arange(3.0)
    got = run([v], [T.shape_padaxis(v, 0), T.shape_padright(v), T.squeeze(T.shape_padleft(v))], value)
    np.testing.assert_array_equal(got[0], value[None])
    np.testing.assert_array_equal(got[1], value[:, None])
    np.testing.assert_array_equal(got[2], value)


def test_patternbroadcast_and_unbroadcast():
    x, r = T.dmatrix("x"), T.drow("r")
    assert T.patternbroadcast(x, (True, False)).broadcastable == (True, False)
    assert T.unbroadcast(r, 0).broadcastable == (False, False)
    assert T.patternbroadcast(x, (False, False)) is x
    value = np.arange(3.0).reshape(1, 3)
    np.testing.assert_array_equal(run([x], T.patternbroadcast(x, (True, False)), value), value)
    np.testing.assert_array_equal(run([r], T.unbroadcast(r, 0), value), value)
    with pytest.raises(ValueError):
        run([x], T.patternbroadcast(x, (True, False)), np.ones((2, 3)))
    # Theano's: a shorter pattern sets the first dimensions, a longer one
    # names a dimension that is not there.
    assert T.patternbroadcast(x, (True,)).broadcastable == (True, False)
    assert T.patternbroadcast(x, ()) is x
    with pytest.raises(ValueError):
        T.patternbroadcast(x, (True, False, False))
    with pytest.raises(ValueError):
        T.unbroadcast(r, 2)


def test_specify_shape_checks_when_the_function_runs():
    x = T.dmatrix("x")
    n = T.lscalar("n")
    out = T.specify_shape(x, (n, 3))
    assert out.dtype == "float64" and out.ndim == 2
    value = np.arange(6.0).reshape(2, 3)
    for mode in ("FAST_RUN", "FAST_COMPILE"):
        np.testing.assert_array_equal(run([x, n], out, value, 2, mode=mode), value)
        with pytest.raises(AssertionError, match="SpecifyShape"):  # Theano's
            run([x, n], out, value, 3, mode=mode)
    with pytest.raises(AssertionError):
        T.specify_shape(x, (2,))


def test_assert_is_theanos_assertion_error_and_passes_gradients():
    x, i = T.dvector("x"), T.lvector("i")
    checked = T.opt.assert_op(x * 2, T.all(x > 0), T.eq(x.shape[0], 2))
    f = theano.function([x], [checked, T.grad((checked**2).sum(), x)])
    value = np.array([1.0, 3.0])
    np.testing.assert_array_equal(f(value)[0], value * 2)
    np.testing.assert_array_equal(f(value)[1], 8 * value)
    for bad in ([-1.0, 1.0], [1.0, 2.0, 3.0]):
        with pytest.raises(AssertionError, match="Theano Assert failed!"):
            f(np.array(bad))
    # a message with braces is the user's text, not a format
    g = theano.function([x], T.opt.Assert("{0} must be positive {}")(x, T.all(x > 0)))
    with pytest.raises(AssertionError, match=r"\{0\} must be positive \{\}"):
        g(-value)
    counts = theano.function([i], T.extra_ops.bincount(i, assert_nonneg=True))
    np.testing.assert_array_equal(counts([0, 2, 2]), [1, 0, 2])
    with pytest.raises(AssertionError, match="negative values"):
        counts([1, -1])


# ---------------------------------------------------------------------------
# fill, tile, repeat, to_one_hot
# ---------------------------------------------------------------------------


def test_fill_and_second():
    x, s = T.dcol("x"), T.fscalar("s")
    out = T.fill(x, s)
    assert out.dtype == "float32" and out.broadcastable == (False, True)
    np.testing.assert_array_equal(run([x, s], out, np.zeros((3, 1)), 2.5), np.full((3, 1), 2.5, "float32"))
    m, v = T.dmatrix("m"), T.ivector("v")
    out = T.second(m, v)
    assert out.dtype == "int32" and out.broadcastable == (False, False)
    value = np.arange(3, dtype="int32")
    np.testing.assert_array_equal(run([m, v], out, np.zeros((2, 3)), value), np.tile(value, (2, 1)))
    with pytest.raises(ValueError):
        run([m, v], out, np.zeros((2, 4)), value)


@pytest.mark.parametrize(
    "shape, reps, ndim",
    [
        ((2, 3), (2, 2), None),
        ((2, 3), (2, 1, 2), None),
        ((3,), (2,), None),
        ((2, 3), (3,), None),
        ((2, 3), 2, None),
        ((2, 3), (2,), 3),
    ],
)
def test_tile_against_numpy(shape, reps, ndim):
    x = T.TensorType("int32", [False] * len(shape))("x")
    value = np.arange(np.prod(shape), dtype="int32").reshape(shape)
    out = T.tile(x, reps, ndim)
    expected = np.tile(value, reps)
    if ndim is not None and expected.ndim < ndim:
        expected = expected.reshape((1,) * (ndim - expected.ndim) + expected.shape)
    assert out.ndim == expected.ndim and out.dtype == "int32"
    np.testing.assert_array_equal(run([x], out, value), expected)


def test_tile_symbolic_reps_broadcastable_input_and_gradient():
    r, n = T.drow("r"), T.iscalar("n")
    value = np.arange(3.0).reshape(1, 3)
    np.testing.assert_array_equal(run([r, n], T.tile(r, (n, 2)), value, 3), np.tile(value, (3, 2)))
    verify_grad(lambda v: T.tile(v, (2, 3)), [RNG.normal(size=(2, 2))])
    with pytest.raises(ValueError):
        T.tile(r, (2.0, 1))
    with pytest.raises(ValueError):
        T.tile(r, (1, 1, 1), ndim=2)
    with pytest.raises(ValueError):
        T.tile(T.dtensor3(), (2,), ndim=2)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
def test_repeat_against_numpy(axis, dtype):
    x = T.matrix("x", dtype=dtype)
    value = (np.arange(6).reshape(2, 3) % 2).astype(dtype)
    for fn in (T.repeat, T.extra_ops.repeat, lambda v, r, axis: v.repeat(r, axis)):
        out = fn(x, 3, axis=axis)
        assert out.dtype == dtype
        np.testing.assert_array_equal(run([x], out, value), np.repeat(value, 3, axis=axis))


def test_repeat_symbolic_repeats_gradient_and_errors():
    x, n = T.dvector("x"), T.lscalar("n")
    np.testing.assert_array_equal(run([x, n], T.repeat(x, n), [1.0, 2.0], 2), [1, 1, 2, 2])
    np.testing.assert_array_equal(run([x], T.repeat(x, np.array([2])), [1.0, 2.0]), [1, 1, 2, 2])
    verify_grad(lambda v: T.repeat(v, 3, axis=1), [RNG.normal(size=(2, 2))])
    with pytest.raises(TypeError):
        T.repeat(x, 2.0)
    with pytest.raises(ValueError):
        T.repeat(x, 2, axis=1)
    with pytest.raises(ValueError):
        T.repeat(x, np.ones((2, 2), dtype="int64"))


@pytest.mark.parametrize("dtype", [None, "int32", "float32"])
def test_to_one_hot(dtype):
    y = T.ivector("y")
    out = T.extra_ops.to_one_hot(y, 4, dtype=dtype)
    expected_dtype = dtype or theano.config.floatX
    assert out.dtype == expected_dtype and out.broadcastable == (False, False)
    value = np.array([0, 3, 1], dtype="int32")
    np.testing.assert_array_equal(run([y], out, value), np.eye(4, dtype=expected_dtype)[value])
    with pytest.raises(TypeError):
        T.extra_ops.to_one_hot(T.dvector(), 3)


# ---------------------------------------------------------------------------
# get_scalar_constant_value
# ---------------------------------------------------------------------------


def test_get_scalar_constant_value():
    gscv = T.get_scalar_constant_value
    assert gscv(3) == 3 and gscv(np.float32(2.5)) == 2.5
    assert gscv(T.constant(4)) == 4
    assert gscv(T.constant(2) * 3 + 1) == 7
    assert gscv(T.cast(T.constant(2.7), "int32")) == 2
    assert gscv(T.row().shape[0]) == 1
    assert gscv(T.constant(np.array([[5.0]])).dimshuffle()) == 5
    for bad in (T.dscalar(), T.constant(np.arange(3)), T.dmatrix().shape[0], "text"):
        with pytest.raises(T.NotScalarConstantError):
            gscv(bad)
    with pytest.raises(T.EmptyConstantError):
        gscv(T.constant(np.zeros(0)))
    with pytest.raises(T.NotScalarConstantError):
        gscv(T.constant(2) * 3, only_process_constants=True)
    assert (
        T.basic.get_scalar_constant_value is gscv
        and T.basic.NotScalarConstantError is T.NotScalarConstantError
    )


# ---------------------------------------------------------------------------
# Variable methods, module paths, Print
# ---------------------------------------------------------------------------


def test_eval_and_its_cache():
    x, y = T.dscalar("x"), T.dscalar("y")
    z = x + y
    assert z.eval({x: 1.0, y: 2.0}) == 3.0
    assert z.eval({y: 5.0, x: 1.0}) == 6.0
    assert len(z._fn_cache) == 1
    np.testing.assert_array_equal(T.constant(np.arange(3)).eval(), np.arange(3))
    assert (T.constant(2.0) * 3).eval() == 6.0


def test_copy_is_a_new_variable_with_gradient():
    x = T.dvector("x")
    c = x.copy(name="c")
    assert c is not x and c.name == "c" and c.type == x.type
    assert str(c.owner.op) == "Elemwise{identity}"
    np.testing.assert_array_equal(run([x], [c, T.grad((c * c).sum(), x)], [1.0, 2.0])[1], [2.0, 4.0])


def test_methods():
    x = T.dmatrix("x")
    value = np.array([[0.5, -2.5, 1.5]])
    got = run(
        [x], [x.round(), x.round("half_away_from_zero"), x.clip(-1, 1), x.flatten(), x.astype("int8")], value
    )
    np.testing.assert_array_equal(got[0], np.round(value))
    np.testing.assert_array_equal(got[1], [[1.0, -3.0, 2.0]])
    np.testing.assert_array_equal(got[2], np.clip(value, -1, 1))
    np.testing.assert_array_equal(got[3], value.ravel())
    assert got[4].dtype == np.int8
    np.testing.assert_allclose(run([x], x.var(axis=1, ddof=1), value), value.var(axis=1, ddof=1))
    np.testing.assert_allclose(run([x], x.std(), value), value.std())


def test_theano_module_paths():
    from theano_mlir.tensor import basic, extra_ops, sharedvar

    assert T.basic is basic and T.extra_ops is extra_ops and T.sharedvar is sharedvar
    s = theano.shared(np.zeros(3))
    assert isinstance(s, sharedvar.TensorSharedVariable) and isinstance(s, theano.SharedVariable)
    assert theano.compile.SharedVariable is sharedvar.TensorSharedVariable
    for name in ("clip", "tensordot", "tile", "fill", "specify_shape", "patternbroadcast", "isclose"):
        assert getattr(basic, name) is getattr(T, name)


def test_print_is_the_identity():
    from theano_mlir.printing import Print

    x = T.dvector("x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = Print("x is")(x)
    assert caught and "does not print" in str(caught[0].message)
    assert p is not x and p.type == x.type
    np.testing.assert_array_equal(run([x], [p * 2, T.grad(p.sum(), x)], [1.0, 2.0])[1], [1.0, 1.0])


def test_graphs_and_shared_variables_pickle():
    x = T.dmatrix("x")
    s = theano.shared(np.arange(3.0), "s")
    out = T.switch(x > 0, x, 0) + s
    assert out.eval({x: np.ones((1, 3))}).shape == (1, 3)  # eval's cache stays behind
    out2, s2 = pickle.loads(pickle.dumps([out, s]))
    assert out2.owner.op == T.add and out2.owner.op.scalar_op is T.add.scalar_op
    np.testing.assert_array_equal(s2.get_value(), [0.0, 1.0, 2.0])
    s2.set_value(np.ones(3))
    np.testing.assert_array_equal(s.get_value(), [0.0, 1.0, 2.0])  # a copy of its own
    x2 = out2.owner.inputs[0].owner.inputs[1]
    np.testing.assert_array_equal(theano.function([x2], out2)(-np.ones((1, 3))), [[1.0, 1.0, 1.0]])


def test_tensor_copy_is_exported():
    assert T.tensor_copy is T.basic.tensor_copy


def test_theanos_signatures_of_mean_prod_and_flatten():
    x = T.dtensor3("x")
    value = RNG.normal(size=(2, 3, 4))
    mean = T.mean(x, 1, None, False, True)  # (input, axis, dtype, op, keepdims)
    assert mean.broadcastable == (False, True, False)
    np.testing.assert_allclose(run([x], mean, value), value.mean(1, keepdims=True))
    np.testing.assert_allclose(run([x], x.mean(1, None, True), value), value.mean(1, keepdims=True))
    np.testing.assert_allclose(run([x], T.prod(x, 0, no_zeros_in_input=True), value), value.prod(0))
    with pytest.warns(UserWarning, match="outdim"):
        flat = T.flatten(x, outdim=2)
    assert flat.ndim == 2 and T.flatten(x).ndim == 1
    np.testing.assert_array_equal(run([x], flat, value), value.reshape(2, 12))
    with pytest.raises(ValueError):
        T.flatten(x, ndim=2, outdim=2)


def test_tensordot_checks_the_summed_axes_agree():
    # b was reshaped with a's summed size: axes of 6 and 3 with equal totals
    # (2x6 . 3x4) gave a wrong result instead of numpy's error
    a, b = T.dmatrix("a"), T.dmatrix("b")
    f = theano.function([a, b], T.tensordot(a, b, [[1], [0]]))
    with pytest.raises(ValueError, match="not aligned"):
        f(np.ones((2, 6)), np.ones((3, 4)))
    x, y = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(f(x, y), np.tensordot(x, y, [[1], [0]]))
    z = T.TensorType("float64", (True, False, False))("z")
    g = theano.function([z], T.tensordot(z, z, [[2], [0]]))
    with pytest.raises(ValueError):
        g(np.ones((1, 4, 0)))  # a summed axis of 0 against one of 1


def test_isnan_and_isclose_of_integers_keep_broadcastable_dimensions():
    # T.isnan of an integer column is a False column that broadcasts, as the
    # elementwise op's result would (isclose of a keepdims min and a matrix)
    m = T.imatrix("m")
    col = T.min(m, axis=-1, keepdims=True)
    assert T.isnan(col).broadcastable == col.broadcastable
    f = theano.function([m], [T.isclose(col, m), T.isinf(col) | T.isnan(m)])
    value = np.array([[1, 2], [3, 3]], dtype="int32")
    close, flags = f(value)
    np.testing.assert_array_equal(close, np.isclose(value.min(axis=-1, keepdims=True), value))
    np.testing.assert_array_equal(flags, np.zeros((2, 2), bool))
