"""Every elementwise op, built from Python, lowered, compiled and run,
against numpy: over dtypes, broadcasting, 0-d and size-0 shapes."""

import math

import numpy as np
import pytest

from conftest import assert_matches, compile_function, random_array
from theano_mlir.dialect import theano

FLOATS = ["float16", "float32", "float64"]
SIGNED = ["int8", "int16", "int32", "int64"]
UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]
NUMERIC = FLOATS + SIGNED + UNSIGNED
ALL = ["bool"] + NUMERIC


def _round_half_away(x):
    return (np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(x.dtype)


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return (1 / (1 + np.exp(-x))).astype(x.dtype)


# op name -> (builder, numpy reference, dtypes)
BINARY = {
    "add": (theano.add, np.add, NUMERIC),
    "sub": (theano.sub, np.subtract, NUMERIC),
    "mul": (theano.mul, np.multiply, NUMERIC),
    "true_div": (theano.true_div, np.true_divide, FLOATS),
    "int_div": (theano.int_div, np.floor_divide, NUMERIC),
    "mod": (theano.mod, np.mod, NUMERIC),
    "maximum": (theano.maximum, np.maximum, ALL),
    "minimum": (theano.minimum, np.minimum, ALL),
    "eq": (theano.eq, np.equal, ALL),
    "neq": (theano.neq, np.not_equal, ALL),
    "lt": (theano.lt, np.less, ALL),
    "le": (theano.le, np.less_equal, ALL),
    "gt": (theano.gt, np.greater, ALL),
    "ge": (theano.ge, np.greater_equal, ALL),
    "and": (theano.and_, np.bitwise_and, ["bool"] + SIGNED + UNSIGNED),
    "or": (theano.or_, np.bitwise_or, ["bool"] + SIGNED + UNSIGNED),
    "xor": (theano.xor, np.bitwise_xor, ["bool"] + SIGNED + UNSIGNED),
}

UNARY = {
    "neg": (theano.neg, np.negative, FLOATS + SIGNED + UNSIGNED),
    "abs": (theano.abs, np.abs, NUMERIC),
    "sgn": (theano.sgn, np.sign, NUMERIC),
    "sqr": (theano.sqr, np.square, NUMERIC),
    "not": (theano.not_, np.invert, ["bool"] + SIGNED + UNSIGNED),
    "exp": (theano.exp, np.exp, FLOATS),
    "log": (theano.log, np.log, FLOATS),
    "log1p": (theano.log1p, np.log1p, FLOATS),
    "expm1": (theano.expm1, np.expm1, FLOATS),
    "sqrt": (theano.sqrt, np.sqrt, FLOATS),
    "tanh": (theano.tanh, np.tanh, FLOATS),
    "sigmoid": (theano.sigmoid, _sigmoid, FLOATS),
    "softplus": (theano.softplus, lambda x: np.logaddexp(x.dtype.type(0), x), FLOATS),
    "sin": (theano.sin, np.sin, FLOATS),
    "cos": (theano.cos, np.cos, FLOATS),
    "floor": (theano.floor, np.floor, FLOATS),
    "ceil": (theano.ceil, np.ceil, FLOATS),
    "round": (theano.round, np.round, FLOATS),
    "inv": (theano.inv, np.reciprocal, FLOATS),
    "erf": (theano.erf, lambda x: np.vectorize(math.erf, otypes=[x.dtype])(x), FLOATS),
    "erfc": (theano.erfc, lambda x: np.vectorize(math.erfc, otypes=[x.dtype])(x), FLOATS),
    "isnan": (theano.isnan, np.isnan, FLOATS),
    "isinf": (theano.isinf, np.isinf, FLOATS),
    "softsign": (theano.softsign, lambda x: x / (x.dtype.type(1) + np.abs(x)), FLOATS),
    "hard_sigmoid": (
        theano.hard_sigmoid,
        lambda x: np.clip(x * x.dtype.type(0.2) + x.dtype.type(0.5), 0, 1),
        FLOATS,
    ),
}

#: (shape of lhs, shape of rhs, static shape given to the IR of each)
BROADCAST_CASES = [
    ((3, 4), (3, 4), (None, None), (None, None)),
    ((3, 4), (1, 4), (None, None), (1, None)),
    ((3, 1), (1, 4), (None, 1), (1, None)),
    ((0, 4), (1, 4), (None, None), (1, None)),
    ((2, 3), (2, 3), (2, 3), (None, 3)),
    ((), (), (), ()),
]


def _binary_inputs(rng, name, dtype, lhs_shape, rhs_shape):
    a = random_array(rng, dtype, lhs_shape)
    b = random_array(rng, dtype, rhs_shape)
    if name in ("int_div", "mod") and np.dtype(dtype).kind in "iu":
        b = np.where(b == 0, 1, b).astype(dtype)  # division by zero has its own test
    if name in ("int_div", "mod", "true_div") and np.dtype(dtype).kind == "f":
        b = np.where(np.abs(b) < 0.5, 1.5, b).astype(dtype)
    return a, b


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_over_dtypes(name, rng):
    builder, reference, dtypes = BINARY[name]
    for dtype in dtypes:
        kernel = compile_function([(dtype, (None, None)), (dtype, (1, None))], builder)
        a, b = _binary_inputs(rng, name, dtype, (3, 5), (1, 5))
        with np.errstate(all="ignore"):
            expected = reference(a, b)
        (result,) = kernel(a, b)
        assert_matches(result, expected)


@pytest.mark.parametrize("lhs_shape,rhs_shape,lhs_ir,rhs_ir", BROADCAST_CASES)
@pytest.mark.parametrize("name", ["add", "mod", "maximum", "lt"])
def test_binary_broadcasting(name, lhs_shape, rhs_shape, lhs_ir, rhs_ir, rng):
    builder, reference, _ = BINARY[name]
    for dtype in ["float32", "int64"]:
        kernel = compile_function([(dtype, lhs_ir), (dtype, rhs_ir)], builder)
        a, b = _binary_inputs(rng, name, dtype, lhs_shape, rhs_shape)
        (result,) = kernel(a, b)
        assert_matches(result, reference(a, b))


def test_pow(rng):
    for dtype in FLOATS:
        kernel = compile_function([(dtype, (None,)), (dtype, (None,))], theano.pow)
        a = random_array(rng, dtype, (7,), 0.1, 3)
        b = random_array(rng, dtype, (7,), -2, 2)
        assert_matches(kernel(a, b)[0], np.power(a, b))
    for dtype in SIGNED + UNSIGNED:
        kernel = compile_function([(dtype, (None,)), (dtype, (None,))], theano.pow)
        a = random_array(rng, dtype, (7,), -3, 3)
        b = random_array(rng, dtype, (7,), 0, 3)
        assert_matches(kernel(a, b)[0], np.power(a, b))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_over_dtypes(name, rng):
    builder, reference, dtypes = UNARY[name]
    for dtype in dtypes:
        kernel = compile_function([(dtype, (None, None))], builder)
        low = 0.05 if name in ("log", "sqrt") else -4
        a = random_array(rng, dtype, (4, 6), low, 4)
        with np.errstate(all="ignore"):
            expected = reference(a)
        assert_matches(kernel(a)[0], expected)


@pytest.mark.parametrize("shape", [(), (0,), (0, 3), (2, 1, 3)])
def test_unary_shapes(shape, rng):
    kernel = compile_function([("float64", (None,) * len(shape))], theano.tanh)
    a = random_array(rng, "float64", shape)
    assert_matches(kernel(a)[0], np.tanh(a))


def test_round_half_away_from_zero():
    def body(x):
        return theano.RoundOp(x, half_away_from_zero=True).result

    kernel = compile_function([("float64", (None,))], body)
    a = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51])
    assert_matches(kernel(a)[0], _round_half_away(a))
    kernel = compile_function([("float64", (None,))], theano.round)
    assert_matches(kernel(a)[0], np.round(a))


def test_switch_broadcasts_three_operands(rng):
    kernel = compile_function(
        [("bool", (None, 1)), ("float32", (1, None)), ("float32", (None, None))],
        theano.switch,
    )
    c = random_array(rng, "bool", (3, 1))
    a = random_array(rng, "float32", (1, 4))
    b = random_array(rng, "float32", (3, 4))
    assert_matches(kernel(c, a, b)[0], np.where(c, a, b))


SPECIALS = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e300, 700.0, -800.0])


@pytest.mark.parametrize(
    "name",
    ["exp", "log", "log1p", "expm1", "sqrt", "tanh", "sigmoid", "softplus", "abs", "sgn", "floor", "neg"],
)
def test_nan_and_inf_are_ordinary_values(name):
    builder, reference, _ = UNARY[name]
    kernel = compile_function([("float64", (None,))], builder)
    with np.errstate(all="ignore"):
        expected = reference(SPECIALS)
    assert_matches(kernel(SPECIALS)[0], expected)


def test_log1p_and_expm1_keep_precision_near_zero():
    tiny = np.array([1e-20, -1e-18, 1e-10], dtype=np.float64)
    for builder, reference in [(theano.log1p, np.log1p), (theano.expm1, np.expm1)]:
        result = compile_function([("float64", (None,))], builder)(tiny)[0]
        np.testing.assert_allclose(result, reference(tiny), rtol=1e-15)


def test_float_maximum_propagates_nan():
    kernel = compile_function([("float32", (None,)), ("float32", (None,))], theano.maximum)
    a = np.array([np.nan, 1, 2], np.float32)
    b = np.array([1, np.nan, 3], np.float32)
    assert_matches(kernel(a, b)[0], np.maximum(a, b))


def test_integer_division_and_modulo_by_zero_and_minus_one():
    """numpy gives 0 for x // 0 and x % 0; INT_MIN // -1 wraps. No trap."""
    a = np.array([7, -7, 7, -7, -(2**31), 5, 0], np.int32)
    b = np.array([2, 2, -2, -2, -1, 0, 0], np.int32)
    with np.errstate(all="ignore"):
        expected_div, expected_mod = np.floor_divide(a, b), np.mod(a, b)
    div = compile_function([("int32", (None,))] * 2, theano.int_div)(a, b)[0]
    mod = compile_function([("int32", (None,))] * 2, theano.mod)(a, b)[0]
    assert_matches(div, expected_div)
    assert_matches(mod, expected_mod)
    u = np.array([7, 200, 9], np.uint8)
    v = np.array([0, 7, 4], np.uint8)
    with np.errstate(all="ignore"):
        assert_matches(compile_function([("uint8", (None,))] * 2, theano.int_div)(u, v)[0], u // v)
        assert_matches(compile_function([("uint8", (None,))] * 2, theano.mod)(u, v)[0], u % v)


def test_float_floor_division_and_modulo_match_numpy():
    a = np.array([7.5, -7.5, 7.5, -7.5, 1.0, -0.0, 3.0, np.inf, 5.0], np.float64)
    b = np.array([2.0, 2.0, -2.0, -2.0, 0.0, 3.0, 0.1, 2.0, np.inf], np.float64)
    with np.errstate(all="ignore"):
        expected_div, expected_mod = np.floor_divide(a, b), np.mod(a, b)
    assert_matches(compile_function([("float64", (None,))] * 2, theano.int_div)(a, b)[0], expected_div)
    assert_matches(compile_function([("float64", (None,))] * 2, theano.mod)(a, b)[0], expected_mod)


CAST_PAIRS = [
    ("float64", "float32"),
    ("float32", "float64"),
    ("float16", "float32"),
    ("float32", "int32"),
    ("float64", "int8"),
    ("float64", "uint8"),
    ("float32", "uint64"),
    ("int32", "float32"),
    ("uint32", "float64"),
    ("int8", "int64"),
    ("uint8", "int32"),
    ("int64", "int16"),
    ("uint16", "uint8"),
    ("int32", "uint32"),
    ("float32", "bool"),
    ("int16", "bool"),
    ("bool", "float64"),
    ("bool", "int32"),
]


@pytest.mark.parametrize("source,target", CAST_PAIRS)
def test_cast_matches_astype(source, target, rng):
    def body(x):
        from theano_mlir.dialect.types import tensor_type

        return theano.cast(tensor_type(target, (None,)), x)

    kernel = compile_function([(source, (None,))], body)
    low = 0 if target.startswith("uint") else -100
    a = random_array(rng, source, (9,), low, 100)
    assert_matches(kernel(a)[0], a.astype(target))


def test_cast_nan_to_bool_is_true():
    def body(x):
        from theano_mlir.dialect.types import tensor_type

        return theano.cast(tensor_type("bool", (None,)), x)

    a = np.array([np.nan, 0.0, -0.0, 2.0])
    assert_matches(compile_function([("float64", (None,))], body)(a)[0], a.astype(bool))


def test_constant_and_unsigned_constant():
    from mlir import ir

    def body(x):
        value = ir.DenseElementsAttr.get(np.array([1, 255], np.uint8), type=x.type.element_type)
        return theano.add(x, theano.constant(value))

    kernel = compile_function([("uint8", (2,))], body)
    x = np.array([3, 4], np.uint8)
    assert_matches(kernel(x)[0], x + np.array([1, 255], np.uint8))


def test_multiple_results_and_reuse_with_new_shapes(rng):
    kernel = compile_function([("float64", (None, None))], lambda x: [theano.exp(x), theano.neg(x)])
    for shape in [(2, 3), (5, 1), (0, 7)]:
        x = random_array(rng, "float64", shape)
        e, n = kernel(x)
        assert_matches(e, np.exp(x))
        assert_matches(n, -x)


def test_kernels_never_write_their_inputs(rng):
    """Arguments are the caller's arrays: bufferization must not reuse them."""
    kernel = compile_function(
        [("float64", (None,)), ("float64", (None,))], lambda x, y: theano.exp(theano.add(x, y))
    )
    x, y = random_array(rng, "float64", (5,)), random_array(rng, "float64", (5,))
    x0, y0 = x.copy(), y.copy()
    kernel(x, y)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, y0)
