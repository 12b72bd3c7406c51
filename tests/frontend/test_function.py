"""theano_mlir.function: the seeds, operators and methods against numpy, and
every kind of bad input raising Theano's exception."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile import MissingInputError, UnusedInputError


def test_seed_examples():
    x = T.scalar()
    compute = theano.function([x], 5 * x**2 + 20)
    result = compute(7)
    assert isinstance(result, np.ndarray) and result.shape == () and result == 265.0
    x, y = T.vector(name="x"), T.vector(name="y")
    f = theano.function(inputs=[x, y], outputs=x + y)
    np.testing.assert_array_equal(f([1, 2], [3, 4]), [4.0, 6.0])
    m = T.dmatrix("x")
    logistic = theano.function([m], 1 / (1 + T.exp(-m)))
    np.testing.assert_allclose(
        logistic([[0, 1], [-1, -2]]), [[0.5, 0.73105858], [0.26894142, 0.11920292]], rtol=1e-7
    )


OPERATORS = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "truediv": (lambda a, b: a / b, np.true_divide),
    "floordiv": (lambda a, b: a // b, np.floor_divide),
    "mod": (lambda a, b: a % b, np.mod),
    "pow": (lambda a, b: a**b, np.power),
    "lt": (lambda a, b: a < b, np.less),
    "le": (lambda a, b: a <= b, np.less_equal),
    "gt": (lambda a, b: a > b, np.greater),
    "ge": (lambda a, b: a >= b, np.greater_equal),
    "eq": (T.eq, np.equal),
    "neq": (T.neq, np.not_equal),
    "maximum": (T.maximum, np.maximum),
    "minimum": (T.minimum, np.minimum),
}
PAIRS = [
    ("float64", "float64"),
    ("float32", "int8"),
    ("int32", "float32"),
    ("int16", "int16"),
    ("uint8", "int8"),
    ("int32", "int32"),
]


def _values(dtype, shape, rng, positive=False):
    if dtype.startswith("float"):
        low = 0.5 if positive else -3
        return rng.uniform(low, 3, size=shape).astype(dtype)
    low = 1 if positive else (0 if dtype.startswith("uint") else -3)
    return rng.integers(low, 4, size=shape).astype(dtype)


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_operators_match_numpy_with_theano_dtypes(name):
    rng = np.random.default_rng(0)
    build, reference = OPERATORS[name]
    for da, db in PAIRS:
        a, b = T.TensorType(da, (False, False))("a"), T.TensorType(db, (True, False))("b")
        out = build(a, b)
        f = theano.function([a, b], out)
        positive = name in ("truediv", "floordiv", "mod", "pow")
        va, vb = _values(da, (3, 4), rng, positive), _values(db, (1, 4), rng, positive)
        with np.errstate(all="ignore"):
            expected = reference(
                va.astype(out.dtype if out.dtype != "bool" else np.result_type(da, db)),
                vb.astype(out.dtype if out.dtype != "bool" else np.result_type(da, db)),
            )
        result = f(va, vb)
        assert result.dtype == out.dtype
        np.testing.assert_allclose(
            result, expected.astype(out.dtype), rtol=1e-5 if "float32" in (da, db) else 1e-12
        )


def test_unary_functions_and_methods(rng=np.random.default_rng(1)):
    x = T.dmatrix("x")
    v = rng.uniform(0.1, 2, size=(3, 4))
    cases = [
        (T.exp(x), np.exp(v)),
        (T.log(x), np.log(v)),
        (T.sqrt(x), np.sqrt(v)),
        (T.tanh(x), np.tanh(v)),
        (T.log1p(x), np.log1p(v)),
        (T.expm1(x), np.expm1(v)),
        (T.sin(x), np.sin(v)),
        (T.cos(x), np.cos(v)),
        (T.floor(x * 3), np.floor(v * 3)),
        (T.ceil(x * 3), np.ceil(v * 3)),
        (T.round(x * 3), np.round(v * 3)),
        (T.sqr(x), v**2),
        (abs(-x), v),
        (-x, -v),
        (T.sgn(x - 1), np.sign(v - 1)),
        (T.nnet.sigmoid(x), 1 / (1 + np.exp(-v))),
        (T.nnet.softplus(x), np.logaddexp(0, v)),
        (T.switch(x > 1, x, 0), np.where(v > 1, v, 0)),
        (x.astype("float32"), v.astype("float32")),
        (x.T, v.T),
        (x.dimshuffle(1, "x", 0), v.T[:, None, :]),
        (x.reshape((4, 3)), v.reshape(4, 3)),
        (x.reshape((2, -1)), v.reshape(2, -1)),
        (x.flatten(), v.flatten()),
        (T.flatten(x, 2), v),
        (x.shape, np.array([3, 4])),
        (x.shape[1], np.int64(4)),
        (x.sum(), v.sum()),
        (x.sum(axis=0), v.sum(axis=0)),
        (x.sum(axis=-1, keepdims=True), v.sum(-1, keepdims=True)),
        (x.prod(axis=1), v.prod(axis=1)),
        (x.mean(), v.mean()),
        (x.mean(axis=0), v.mean(axis=0)),
        (x.max(), v.max()),
        (x.min(axis=1), v.min(axis=1)),
        (x.argmax(), np.argmax(v)),
        (x.argmax(axis=1), np.argmax(v, axis=1)),
        (x.argmin(axis=0, keepdims=True), np.argmin(v, axis=0)[None]),
        (T.dot(x, x.T), v @ v.T),
        (x.dot(x[0] if False else x.T), v @ v.T),
        (T.dot(2, x), 2 * v),
    ]
    f = theano.function([x], [out for out, _ in cases])
    for (out, expected), result in zip(cases, f(v)):
        assert result.shape == np.shape(expected), str(out)
        np.testing.assert_allclose(result, expected, rtol=1e-12, err_msg=str(out))


def test_integer_and_bool_semantics():
    i, j = T.ivector("i"), T.ivector("j")
    b = T.TensorType("bool", (False,))("b")
    f = theano.function(
        [i, j, b], [i // j, i % j, i / j, i & j, ~i, b + b, b * b, ~b, i.sum(), b.sum(), i.mean()]
    )
    vi, vj = np.array([7, -7, 5], np.int32), np.array([2, 2, 0], np.int32)
    vb = np.array([True, False, True])
    with np.errstate(all="ignore"):
        expected = [
            vi // vj,
            vi % vj,
            vi / vj,
            vi & vj,
            ~vi,
            vb | vb,
            vb & vb,
            ~vb,
            vi.sum(),
            vb.sum(),
            vi.mean(),
        ]
    for result, exp in zip(f(vi, vj, vb), expected):
        np.testing.assert_array_equal(result, exp)


def test_multiple_and_empty_outputs_and_shape_polymorphism():
    x = T.dmatrix("x")
    f = theano.function([x], [x + 1, x.sum(axis=1)])
    for shape in [(2, 3), (0, 5), (4, 0), (1, 1)]:
        v = np.ones(shape)
        plus, sums = f(v)
        np.testing.assert_array_equal(plus, v + 1)
        np.testing.assert_array_equal(sums, v.sum(axis=1))
    assert theano.function([x], [], on_unused_input="ignore")(np.ones((1, 1))) == []
    assert theano.function([], T.constant(3.0) * 2)() == 6.0


def test_zero_dimensional_and_empty_inputs():
    s, v = T.dscalar("s"), T.dvector("v")
    f = theano.function([s, v], s * v)
    np.testing.assert_array_equal(f(2.0, np.zeros(0)), np.zeros(0))
    r = f(np.float64(3), [1.0])
    np.testing.assert_array_equal(r, [3.0])


def test_keyword_arguments_and_input_conversions():
    x, y = T.dvector("x"), T.dvector("y")
    f = theano.function([x, y], x - y)
    np.testing.assert_array_equal(f(y=[1.0], x=[3.0]), [2.0])
    np.testing.assert_array_equal(f([3.0], y=[1.0]), [2.0])
    with pytest.raises(TypeError, match="Unknown input"):
        f([1.0], z=[2.0])
    v = T.fvector("v")
    g = theano.function([v], v * 2)
    assert g([1.0, 2]).dtype == np.float32  # Python lists are accepted when exact
    assert g(np.array([1.5], np.float16)).dtype == np.float32  # lossless upcast
    h = theano.function([v], v * 2, allow_input_downcast=True)
    np.testing.assert_array_equal(h(np.array([1.5])), np.array([3.0], np.float32))
    i = T.iscalar("i")
    k = theano.function([i], i * 2)
    assert k(7.0) == 14 and k(np.int64(7)) == 14
    non_contiguous = np.arange(10.0)[::2]
    np.testing.assert_array_equal(f(non_contiguous, non_contiguous), np.zeros(5))


BAD_CALLS = [
    (
        "float64 array into fvector",
        lambda g: g(np.array([1.0])),
        TypeError,
        "cannot store a value of dtype float64",
    ),
    (
        "int64 array into fvector",
        lambda g: g(np.array([1])),
        TypeError,
        "cannot store a value of dtype int64",
    ),
    ("inexact list", lambda g: g([0.1]), TypeError, "cannot store accurately value"),
    (
        "wrong ndim",
        lambda g: g([[1.0, 2.0], [3.0, 4.0]]),
        TypeError,
        r"Wrong number of dimensions: expected 1, got 2 with shape \(2, 2\)",
    ),
    ("missing", lambda g: g(), TypeError, "Missing required input: v"),
    ("too many", lambda g: g([1.0], [2.0]), TypeError, "Too many parameter passed to theano function"),
    ("not a number", lambda g: g(["a"]), ValueError, "cannot store"),  # numpy's ValueError, as Theano
]


@pytest.mark.parametrize("label,call,error,message", BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_calls_raise_and_name_the_input(label, call, error, message):
    v = T.fvector("v")
    g = theano.function([v], v * 2, name="g")
    with pytest.raises(error, match=message) as info:
        call(g)
    if "Bad input" in str(info.value):
        assert 'name "v"' in str(info.value) and 'function with name "g"' in str(info.value)
    np.testing.assert_array_equal(g([1.0]), [2.0])  # still usable


def test_shape_errors_at_call_time_are_value_errors_naming_the_node():
    x, y = T.dvector("x"), T.dvector("y")
    f = theano.function([x, y], x + y)
    with pytest.raises(
        ValueError,
        match=r"Elemwise\{add,no_inplace\}\(x, y\): Input dimension mis-match. "
        r"\(input\[0\].shape\[0\] = 3, input\[1\].shape\[0\] = 4\)",
    ):
        f([1.0, 2, 3], [1.0, 2, 3, 4])
    m, n = T.dmatrix("m"), T.dmatrix("n")
    g = theano.function([m, n], T.dot(m, n))
    with pytest.raises(ValueError, match=r"dot\(m, n\): shapes not aligned"):
        g(np.ones((2, 3)), np.ones((4, 2)))
    r = theano.function([x], x.reshape((2, -1)))
    with pytest.raises(ValueError, match="cannot reshape an array of 5 elements"):
        r(np.ones(5))
    mx = theano.function([x], x.max())
    with pytest.raises(ValueError, match="zero-size array"):
        mx(np.zeros(0))


def test_compile_time_errors():
    x, y = T.dvector("x"), T.dvector("y")
    with pytest.raises(UnusedInputError, match="index 1 is not part of the computational graph"):
        theano.function([x, y], x + 1)
    with pytest.warns(UserWarning):
        theano.function([x, y], x + 1, on_unused_input="warn")
    theano.function([x, y], x + 1, on_unused_input="ignore")
    with pytest.raises(
        MissingInputError, match=r"Input 1 of the graph .* used to compute Elemwise\{add,no_inplace\}\(x, y\)"
    ):
        theano.function([x], x + y)
    with pytest.raises(UnusedInputError, match="index 0"):
        theano.function([x + 1], x * 2)  # an intermediate that the outputs do not use
    with pytest.raises(TypeError, match="Constants not allowed in param list"):
        theano.function([T.constant(1.0)], x * 2)
    # Theano 1.0.5 derives both from Exception, not ValueError
    assert not issubclass(UnusedInputError, ValueError)
    assert not issubclass(MissingInputError, ValueError)
    from theano_mlir.compile import function_module

    assert function_module.UnusedInputError is UnusedInputError
    assert function_module.MissingInputError is MissingInputError
    assert function_module.Function is theano.compile.Function


def test_intermediate_inputs_cut_the_graph():
    x = T.dvector("x")
    y = x + 1
    f = theano.function([y], y * 2)
    np.testing.assert_array_equal(f([5.0]), [10.0])


def test_default_name_is_the_call_site():
    x = T.dvector("x")
    f = theano.function([x], x)
    assert f.name.endswith("test_function.py:" + str(__import__("inspect").currentframe().f_lineno - 1))
    np.testing.assert_array_equal(f([1.0]), [1.0])


def test_a_function_of_constants_only_compiles():
    # its ops emit tensor.cast before any argument loads the tensor dialect
    data = np.random.RandomState(0).rand(2, 3)
    value, index = theano.function([], list(T.max_and_argmax(T.as_tensor_variable(data), -1)))()
    np.testing.assert_array_equal(value, data.max(-1))
    np.testing.assert_array_equal(index, data.argmax(-1))


def test_constants_whose_shapes_disagree_are_a_value_error():
    x = T.as_tensor_variable(np.ones(5))
    y = T.as_tensor_variable(np.ones(6))
    with pytest.raises(ValueError, match=r"Shape mismatch: .*dot\(.*inner dimensions differ: 5 vs 6"):
        theano.function([], T.dot(x, y))
