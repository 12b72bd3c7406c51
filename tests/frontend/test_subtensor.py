"""Indexing (theano.tensor.subtensor): x[...], set_subtensor, inc_subtensor
and take against numpy, their gradients, Theano's types and errors, and the
in-place update of a shared variable's rows."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.tensor.subtensor import (
    AdvancedSubtensor,
    AdvancedSubtensor1,
    IncSubtensor,
    Subtensor,
)

RNG = np.random.RandomState(42)
DTYPES = ["float64", "float32", "int64", "int32", "int8", "uint8", "bool"]


def _value(shape, dtype):
    if dtype == "bool":
        return RNG.rand(*shape) > 0.5
    if dtype.startswith(("int", "uint")):
        return RNG.randint(0, 100, size=shape).astype(dtype)
    return RNG.randn(*shape).astype(dtype)


def _matrix(dtype):
    return T.TensorType(dtype, (False, False))("x")


# (index builder on a symbolic or numpy 4x5 matrix, same for numpy)
BASIC = {
    "int": lambda x: x[1],
    "negative_int": lambda x: x[-1],
    "column": lambda x: x[:, 2],
    "element": lambda x: x[3, -2],
    "slice": lambda x: x[1:3],
    "open_slices": lambda x: x[:3, 2:],
    "negative_bounds": lambda x: x[-3:-1, -4:],
    "step": lambda x: x[::2, 1::3],
    "reversed": lambda x: x[::-1],
    "negative_step_bounds": lambda x: x[-1:0:-2, 3::-1],
    "clamped": lambda x: x[2:100, -100:2],
    "empty": lambda x: x[3:1],
    "empty_reversed": lambda x: x[1:3:-1],
    "newaxis": lambda x: x[:, None, 1:],
    "leading_newaxis": lambda x: x[None, 2],
    "ellipsis": lambda x: x[..., 1],
    "whole": lambda x: x[:],
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", sorted(BASIC))
def test_basic_indexing_matches_numpy(case, dtype):
    x = _matrix(dtype)
    a = _value((4, 5), dtype)
    result = theano.function([x], BASIC[case](x))(a)
    expected = BASIC[case](a)
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result, expected)


def test_symbolic_bounds_and_steps_follow_numpy():
    x = T.dvector("x")
    start, stop, step = T.lscalars("start", "stop", "step")
    f = theano.function([x, start, stop, step], x[start:stop:step])
    a = np.arange(7.0)
    for s in (-8, -3, -1, 0, 2, 9):
        for e in (-9, -2, 0, 3, 10):
            for k in (-3, -1, 1, 2):
                np.testing.assert_array_equal(f(a, s, e, k), a[s:e:k], err_msg=f"{s}:{e}:{k}")
    i = T.iscalar("i")
    g = theano.function([x, i], [x[i], x[i:], x[:i:-1]])
    for v in (-7, -1, 0, 6):
        for got, want in zip(g(a, v), (a[v], a[v:], a[:v:-1])):
            np.testing.assert_array_equal(got, want)


def test_zero_step_is_a_value_error_naming_the_node():
    x, k = T.dvector("x"), T.lscalar("k")
    f = theano.function([x, k], x[::k])
    with pytest.raises(ValueError, match="Subtensor.*slice step cannot be zero"):
        f(np.arange(3.0), 0)


@pytest.mark.parametrize("index", [5, -6])
def test_index_out_of_bounds_is_an_index_error(index):
    x, i = T.dmatrix("x"), T.lscalar("i")
    f = theano.function([x, i], x[i])
    with pytest.raises(
        IndexError, match=r"Subtensor\{int64\}\(x, i\): index -?\d+ is out of bounds for axis 0"
    ):
        f(np.zeros((5, 2)), index)
    with pytest.raises(IndexError):
        theano.function([x], x[:, index])(np.zeros((5, 2)))


def test_build_time_errors_are_theanos():
    x = T.dmatrix("x")
    with pytest.raises(IndexError, match="too many indices"):
        x[1, 2, 3]
    with pytest.raises(TypeError):
        x[1.5]
    with pytest.raises(TypeError):
        x[T.dvector("f")]
    with pytest.raises(TypeError, match="must be the result of a subtensor"):
        T.set_subtensor(x, 1.0)
    with pytest.raises(TypeError):
        T.inc_subtensor(x[0], T.dmatrix("m"))


def test_broadcastable_patterns_are_theanos():
    row = T.TensorType("float64", (True, False))("row")
    assert row[0:].broadcastable == (True, False)
    assert row[:1].broadcastable == (True, False)
    assert row[1:].broadcastable == (False, False)
    assert row[:, 0].broadcastable == (True,)
    assert row[:, None].broadcastable == (True, True, False)
    x = T.dmatrix("x")
    assert x[T.lvector("i")].broadcastable == (False, False)
    assert isinstance(x[1:].owner.op, Subtensor)
    assert isinstance(x[T.lvector("i")].owner.op, AdvancedSubtensor1)
    assert isinstance(x[T.lvector("i"), 1:].owner.op, AdvancedSubtensor)


ADVANCED = {
    "rows": (lambda x, i, j: x[i], ([0, 3, 3, -1], [0])),
    "pairs": (lambda x, i, j: x[i, j], ([0, 1, -1], [2, 4, 0])),
    "broadcast_pairs": (lambda x, i, j: x[i, j], ([1, 2, 3], [4])),
    "columns": (lambda x, i, j: x[:, j], ([0], [0, 4, 4])),
    "slice_then_array": (lambda x, i, j: x[1:, j], ([0], [3, 1])),
    "array_then_slice": (lambda x, i, j: x[i, ::-2], ([2, 0], [0])),
    "scalar_and_array": (lambda x, i, j: x[-1, j], ([0], [0, -1, 2])),
}


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "bool"])
@pytest.mark.parametrize("case", sorted(ADVANCED))
def test_integer_array_indexing_matches_numpy(case, dtype):
    build, (i_value, j_value) = ADVANCED[case]
    x, i, j = _matrix(dtype), T.lvector("i"), T.ivector("j")
    a = _value((4, 5), dtype)
    i_value, j_value = np.array(i_value, "int64"), np.array(j_value, "int32")
    result = theano.function([x, i, j], build(x, i, j), on_unused_input="ignore")(a, i_value, j_value)
    np.testing.assert_array_equal(result, build(a, i_value, j_value))


def test_index_matrices_and_non_adjacent_arrays_place_their_dimensions_as_numpy():
    x = T.dtensor3("x")
    m = T.lmatrix("m")
    a = RNG.randn(3, 4, 5)
    mv = np.array([[0, 2], [1, 1], [2, 0]])
    cases = [
        (lambda x, m: x[m], lambda a: a[mv]),
        (lambda x, m: x[:, m], lambda a: a[:, mv]),
        (lambda x, m: x[:, 1:, m], lambda a: a[:, 1:, mv]),
        (lambda x, m: x[m, :, m], lambda a: a[mv, :, mv]),
        (lambda x, m: x[0, :, m], lambda a: a[0, :, mv]),
    ]
    for build, expect in cases:
        np.testing.assert_array_equal(
            theano.function([x, m], build(x, m), on_unused_input="ignore")(a, mv), expect(a)
        )


def test_array_index_out_of_bounds_is_an_index_error():
    x, i = T.dmatrix("x"), T.lvector("i")
    f = theano.function([x, i], x[i])
    with pytest.raises(
        IndexError, match=r"AdvancedSubtensor1\(x, i\): index 4 is out of bounds for axis 0 with size 4"
    ):
        f(np.zeros((4, 2)), [0, 4])
    with pytest.raises(IndexError, match="index -5 is out of bounds"):
        f(np.zeros((4, 2)), [-5])
    np.testing.assert_array_equal(f(np.ones((4, 2)), np.zeros(0, "int64")).shape, (0, 2))
    j = T.lvector("j")
    g = theano.function([x, i, j], x[i, j])
    with pytest.raises(IndexError, match="shape mismatch"):
        g(np.zeros((4, 2)), [0, 1], [0, 1, 1])


def _numpy_update(a, index, value, set_):
    result = a.copy()
    if set_:
        result[index] = value
    else:
        np.add.at(result, index, value)
    return result


WRITES = {
    "row": (lambda x: x[1], (1,), (5,)),
    "column_broadcast": (lambda x: x[:, 2], (slice(None), 2), ()),
    "reversed_rows": (lambda x: x[::-2], (slice(None, None, -2),), (2, 5)),
    "rows_repeated": (lambda x: x[[0, 2, 2]], ([0, 2, 2],), (3, 5)),
    "row_broadcast": (lambda x: x[[3, 0]], ([3, 0],), (1, 5)),
    "pairs": (lambda x: x[[0, 1, 1], [2, 3, 3]], ([0, 1, 1], [2, 3, 3]), (3,)),
    "slice_then_array": (lambda x: x[1:, [0, 4]], (slice(1, None), [0, 4]), (3, 2)),
    "array_then_slice": (lambda x: x[[0, 0, 3], 1:3], ([0, 0, 3], slice(1, 3)), (3, 2)),
    "scalar_and_array": (lambda x: x[-1, [0, -1, 0]], (-1, [0, -1, 0]), (3,)),
}


@pytest.mark.parametrize("set_", [False, True], ids=["inc", "set"])
@pytest.mark.parametrize("case", sorted(WRITES))
def test_set_and_inc_subtensor_match_numpy(case, set_):
    build, index, value_shape = WRITES[case]
    x = T.dmatrix("x")
    v = T.TensorType("float64", tuple(s == 1 for s in value_shape))("v")
    a, value = RNG.randn(4, 5), RNG.randn(*value_shape)
    write = T.set_subtensor if set_ else T.inc_subtensor
    f = theano.function([x, v], write(build(x), v))
    np.testing.assert_allclose(f(a, value), _numpy_update(a, index, value, set_))
    # the input is not modified
    b = a.copy()
    f(b, value)
    np.testing.assert_array_equal(a, b)


def test_integer_inc_subtensor_and_value_casts():
    x = T.imatrix("x")
    a = np.arange(12, dtype="int32").reshape(3, 4)
    f = theano.function([x], T.inc_subtensor(x[1:, ::2], np.int8(5)))
    np.testing.assert_array_equal(f(a), _numpy_update(a, (slice(1, None), slice(None, None, 2)), 5, False))
    with pytest.raises(TypeError, match="cannot be cast"):
        T.inc_subtensor(x[0], T.dvector("d"))


def test_value_shape_mismatch_is_a_value_error():
    x, v = T.dmatrix("x"), T.dvector("v")
    f = theano.function([x, v], T.set_subtensor(x[0], v))
    with pytest.raises(ValueError, match="shape mismatch"):
        f(np.zeros((2, 3)), np.zeros(4))
    i = T.lvector("i")
    g = theano.function([x, i, v], T.inc_subtensor(x[i, 0], v))
    with pytest.raises(ValueError, match="shape mismatch"):
        g(np.zeros((2, 3)), [0, 1], np.zeros(3))


@pytest.mark.parametrize(
    "build",
    [
        lambda x: x[1:, ::-2],
        lambda x: x[-1],
        lambda x: x[[0, 2, 2, -1]],
        lambda x: x[[1, 2], [0, 0]],
        lambda x: x[1:, [2, 0, 2]],
    ],
)
def test_indexing_gradients(build):
    verify_grad(lambda x: build(x) ** 2, [RNG.randn(3, 4)], rng=RNG)


@pytest.mark.parametrize("set_", [False, True], ids=["inc", "set"])
@pytest.mark.parametrize(
    "build,value_shape",
    [
        (lambda x: x[1:, ::-2], (2, 2)),
        (lambda x: x[:, 1], (3,)),
        (lambda x: x[[0, 2, 1]], (3, 4)),
        (lambda x: x[[0, 1], [3, 3]], (2,)),
    ],
)
def test_set_and_inc_subtensor_gradients(build, value_shape, set_):
    write = T.set_subtensor if set_ else T.inc_subtensor

    def cost(x, v):
        return write(build(x), v) ** 2

    verify_grad(cost, [RNG.randn(3, 4), RNG.randn(*value_shape)], rng=RNG)


def test_fast_compile_and_fast_run_agree():
    x, i = T.dmatrix("x"), T.lvector("i")
    y = T.inc_subtensor(x[i, 1:], T.exp(x[0, 1:])) * x[::-1]
    cost = (y**2).sum()
    outputs = [y, T.grad(cost, x)]
    a, iv = RNG.randn(4, 3), np.array([2, 0, 2])
    fast_run = theano.function([x, i], outputs, mode="FAST_RUN")(a, iv)
    fast_compile = theano.function([x, i], outputs, mode="FAST_COMPILE")(a, iv)
    for got, want in zip(fast_run, fast_compile):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_take_follows_numpy():
    x = T.dmatrix("x")
    i = T.lmatrix("i")
    a = RNG.randn(3, 4)
    iv = np.array([[0, 2], [-1, 1]])
    for axis in (None, 0, 1, -1):
        f = theano.function([x, i], T.take(x, i, axis=axis))
        np.testing.assert_array_equal(f(a, iv), np.take(a, iv, axis=axis))
    f = theano.function([x, i], x.take(i, axis=1, mode="wrap"))
    np.testing.assert_array_equal(f(a, iv + 9), np.take(a, iv + 9, axis=1, mode="wrap"))
    f = theano.function([x, i], x.take(i, axis=0, mode="clip"))
    np.testing.assert_array_equal(f(a, iv * 7), np.take(a, iv * 7, axis=0, mode="clip"))


def test_embedding_update_runs_in_place_and_leaves_the_variable_alone_on_errors():
    table = RNG.randn(50, 8)
    E = theano.shared(table.copy(), name="E")
    idx, delta = T.lvector("idx"), T.dmatrix("delta")
    step = theano.function([idx, delta], E[idx].sum(), updates=[(E, T.inc_subtensor(E[idx], delta))])
    rows, change = np.array([3, 7, 3]), RNG.randn(3, 8)
    before = step(rows, change)
    np.testing.assert_allclose(before, table[rows].sum())
    expected = table.copy()
    np.add.at(expected, rows, change)
    np.testing.assert_allclose(E.get_value(), expected)
    with pytest.raises(IndexError):
        step(np.array([1, 50]), RNG.randn(2, 8))
    np.testing.assert_allclose(E.get_value(), expected)
    with pytest.raises(ValueError):
        step(np.array([1, 2]), RNG.randn(3, 8))
    np.testing.assert_allclose(E.get_value(), expected)


def test_set_subtensor_update_of_a_shared_vector():
    s = theano.shared(np.zeros(6), name="s")
    i, v = T.lscalar("i"), T.dscalar("v")
    f = theano.function([i, v], [], updates=[(s, T.set_subtensor(s[i], v))])
    f(2, 5.0)
    f(-1, 7.0)
    np.testing.assert_array_equal(s.get_value(), [0, 0, 5, 0, 0, 7])
    assert isinstance(T.set_subtensor(s[i], v).owner.op, IncSubtensor)


def test_theanos_advanced_functions_and_canonical_slices():
    from theano_mlir.tensor.subtensor import get_canonical_form_slice  # noqa: PLC0415

    x, y = T.dmatrix("x"), T.dvector("y")
    a = np.zeros((2, 3))
    got = theano.function([x, y], T.advanced_set_subtensor(x, y, [1, 0], [2, 2]))(a, np.ones(2))
    np.testing.assert_array_equal(got, [[0, 0, 1], [0, 0, 1]])
    got = theano.function([x], T.advanced_subtensor(x, [1, 0], slice(1, None)))(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(got, np.arange(6.0).reshape(2, 3)[[1, 0], 1:])
    start, stop, step, length = T.iscalars("b", "e", "s", "l")
    canonical, direction = get_canonical_form_slice(slice(start, stop, step), length)
    f = theano.function(
        [start, stop, step, length],
        [T.as_tensor_variable(v) for v in (canonical.start, canonical.stop, canonical.step, direction)],
    )
    v = np.arange(5)
    for b in (-8, -1, 0, 4, 8):
        for e in (-8, -1, 0, 4, 8):
            for s in (-3, -1, 2):
                lo, hi, k, d = f(b, e, s, 5)
                assert 0 <= lo <= hi <= 5 and k > 0
                np.testing.assert_array_equal(v[lo:hi:k][::d], v[b:e:s])


def test_boolean_masks_build_theanos_boolean_ops():
    from theano_mlir.tensor.subtensor import AdvancedBooleanIncSubtensor, AdvancedBooleanSubtensor  # noqa: PLC0415

    x = T.dvector("x")
    taken = x[x > 0]
    assert isinstance(taken.owner.op, AdvancedBooleanSubtensor)
    written = T.set_subtensor(taken, 0.0)
    assert isinstance(written.owner.op, AdvancedBooleanIncSubtensor)
    got = theano.function([x], [taken, written])(np.array([1.0, -1.0, 2.0]))
    np.testing.assert_array_equal(got[0], [1.0, 2.0])
    np.testing.assert_array_equal(got[1], [0.0, -1.0, 0.0])


def test_a_part_of_a_shared_variable_written_into_and_returned():
    # its strided copy (a returned view cloned) is a loop, not a call into
    # MLIR's runner-utils library, which kernels do not link
    data = RNG.randn(2, 3)
    n = theano.shared(data)
    m = T.dmatrix("m")
    out = T.inc_subtensor(n[:2, :2], m)
    cost = T.sum(out * np.arange(6.0).reshape(2, 3))
    value, grad = theano.function([m], [cost, T.grad(cost, m)])(np.ones((2, 2)))
    expected = data.copy()
    expected[:2, :2] += 1
    np.testing.assert_allclose(value, (expected * np.arange(6.0).reshape(2, 3)).sum())
    np.testing.assert_allclose(grad, np.arange(6.0).reshape(2, 3)[:2, :2])


def test_an_update_computed_by_a_loop_that_reads_the_old_value():
    # cumsum(s) as s's update reads s's rows while computing: not in place
    s = theano.shared(np.arange(8.0).reshape(4, 2))
    step = theano.function([], [], updates=[(s, T.extra_ops.cumsum(s, axis=0))])
    step()
    np.testing.assert_array_equal(s.get_value(), np.cumsum(np.arange(8.0).reshape(4, 2), axis=0))


def test_an_empty_slice_with_a_negative_step_of_a_static_size_one_dimension():
    # x[0:3:-1] of a broadcastable dimension is empty; compiled with static
    # sizes its negative stride from 0 once failed the slice verifier
    x = T.TensorType("int16", (True, True, False))("x")
    f = theano.function([x], x[0:3:-1, np.array([0, 0])])
    a = np.ones((1, 1, 2), "int16")
    for _ in range(2):  # the general, then the specialized kernel
        assert f(a).shape == a[0:3:-1, np.array([0, 0])].shape


def test_reversed_views_in_a_kernel_specialized_for_their_shapes():
    # x[::-1] is a view with a negative stride; LLVM 22.1's memref lowering
    # marked its address arithmetic as never wrapping unsigned, and in the
    # kernel specialized for the shapes LLVM folded the third row's update
    # away (zeros): fuzz seed 32
    s = theano.shared(np.ones((3, 3, 1), "int64"))
    indices = T.nonzero(s, return_matrix=True)  # 3 rows, columns known at run time
    y = T.dmatrix("y")
    f = theano.function(
        [y],
        [T.inc_subtensor(indices[4::-1], indices[4::-1][::-1]), y[::-1, ::-2] * 2, y[:, ::-1].sum(axis=0)],
    )
    value = np.arange(20.0).reshape(4, 5)
    expected_inc = np.array(np.nonzero(s.get_value()))
    expected_inc[4::-1] += expected_inc.copy()
    for _ in range(3):  # the general, then the specialized kernel
        inc, twice, sums = f(value)
        np.testing.assert_array_equal(inc, expected_inc)
        np.testing.assert_array_equal(twice, value[::-1, ::-2] * 2)
        np.testing.assert_array_equal(sums, value[:, ::-1].sum(axis=0))


def test_inc_and_set_subtensor_broadcast_a_value_of_size_one_found_at_run_time():
    # numpy's x[idx] += v: a dimension of v of size 1 broadcasts even where
    # v's type does not say so (a shared (1, n) value, a matrix input)
    x, v, w, i = T.dmatrix(), T.dmatrix(), T.dmatrix(), T.lvector()
    value = np.arange(12.0).reshape(3, 4)
    row, column = np.array([[10.0, 20.0, 30.0, 40.0]]), np.array([[7.0], [8.0], [9.0]])
    f = theano.function([x, v, w], [T.inc_subtensor(x[0:2], v), T.set_subtensor(x[:, 1:3], w)])
    got = f(value, row, column)
    expected_inc, expected_set = value.copy(), value.copy()
    expected_inc[0:2] += row
    expected_set[:, 1:3] = column
    np.testing.assert_array_equal(got[0], expected_inc)
    np.testing.assert_array_equal(got[1], expected_set)
    # sizes that agree take the elementwise path; others still refuse
    np.testing.assert_array_equal(f(value, value[:2], value[:, :2])[1][:, 1:3], value[:, :2])
    with pytest.raises(ValueError, match="shape mismatch"):
        f(value, np.ones((3, 4)), column)
    g = theano.function([x, v, i], T.inc_subtensor(x[i], v))
    for delta in (np.ones((1, 4)), np.ones((2, 1))):
        expected = value.copy()
        np.add.at(expected, [0, 2], delta)
        np.testing.assert_array_equal(g(value, delta, [0, 2]), expected)
    with pytest.raises(ValueError, match="shape mismatch"):
        g(value, np.ones((3, 1)), [0, 2])
