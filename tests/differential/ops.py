"""The registry of ops the differential suite draws graphs from: one entry
per op family member. An op added to theano_mlir joins the suite by adding
one `OpSpec` here.

Each entry says how to build the op on symbolic operands (`build`), how
numpy computes it (`reference`, on float64 for floats: the result is then
rounded to the node's dtype, as an exactly rounded implementation would),
which parameters it draws (`params`), and how it behaves numerically:
`exact` ops are exactly rounded in both numpy and our kernels (so
discontinuous ops may follow them), `discontinuous` ops must only see
exact operands, and `kink` gives the distance of an operand to a point
where the op is not differentiable (finite differences are not compared
there: Theano's rules at ties and kinks are its own).
"""

import importlib.util
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from hypothesis import strategies as st

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.ifelse import ifelse
from theano_mlir.sandbox import rng_mrg
from theano_mlir.sandbox.rng_mrg import MRG_RandomStreams
from theano_mlir.scan_module import scan
from theano_mlir.tensor import nnet
from theano_mlir.tensor.nnet import conv2d
from theano_mlir.tensor.signal import pool

FLOAT_DTYPES = ("float16", "float32", "float64")
INT_DTYPES = ("int8", "int16", "int32", "int64", "uint8")
DTYPES = FLOAT_DTYPES + INT_DTYPES + ("bool",)


def _no_params(_operands):
    return st.just({})


def _smooth(*_arrays, **_params):
    return np.inf


@dataclass(frozen=True)
class OpSpec:
    name: str
    arity: int
    build: Callable
    reference: Callable
    params: Callable = _no_params
    exact: bool = False
    discontinuous: bool = False
    kink: Callable = _smooth
    #: operand predicate: (index, value) -> whether the value may be operand `index`
    accepts: Callable | None = None
    #: operands broadcast against each other (Theano's rule: only along
    #: broadcastable dimensions); not so for products
    broadcasts: bool = True
    #: (operand values, as float64 where float) -> whether the graph as
    #: written is well conditioned there: the stable reference and the
    #: naive graph (FAST_COMPILE) agree to the dtype's tolerance
    domain: Callable | None = None
    #: Theano computes the op in its result's dtype: integer operands are
    #: cast to it first (uint8 16 ** 2 is an int16 256, not a wrapped 0)
    computes_in_result_dtype: bool = False
    tags: tuple = field(default=())


def _min_abs(a):
    a = np.asarray(a, dtype=np.float64)
    return float(np.min(np.abs(a))) if a.size else np.inf


def _distance_to_integer(a, offset=0.0):
    a = np.asarray(a, dtype=np.float64) + offset
    return float(np.min(np.abs(a - np.round(a)))) if a.size else np.inf


def _within(a, bound):
    return bool(np.all(np.abs(a) < bound))


#: Where exp(x) is finite in every float the suite draws (float16 overflows
#: past log(65504) = 11.09): the graphs as written that exponentiate their
#: operand are well conditioned there.
EXP_FINITE = 11.0


def _row_spread(a):
    return float(np.max(np.ptp(a, axis=-1))) if a.size else 0.0


def _extreme_gap(a, axes, largest=True):
    """The smallest distance, over the results, between the extreme and the
    next value along `axes`: 0 at a tie, where max's and argmax's
    derivatives follow Theano's rule, not finite differences."""
    a = np.asarray(a, dtype=np.float64)
    if not a.size or not axes:
        return np.inf
    kept = [d for d in range(a.ndim) if d not in axes]
    flat = np.transpose(a, kept + list(axes)).reshape(
        [a.shape[d] for d in kept] + [int(np.prod([a.shape[d] for d in axes]))]
    )
    if flat.shape[-1] < 2:
        return np.inf
    ordered = np.sort(flat if largest else -flat, axis=-1)
    return float(np.min(ordered[..., -1] - ordered[..., -2]))


def _is_input(value):
    """A graph input: ops that read only its shape (zeros_like) then need no
    value the reference might refuse to compute (numpy computes what Theano
    skips)."""
    return value.owner is None


def _is_float(value):
    return value.dtype in FLOAT_DTYPES


def _float_operands(_index, value):
    return _is_float(value)


# --- elementwise -------------------------------------------------------------


def _binary(name, fn, ref, **kwargs):
    return OpSpec(name, 2, lambda a, b: fn(a, b), lambda a, b: ref(a, b), **kwargs)


def _unary(name, fn, ref, **kwargs):
    return OpSpec(name, 1, lambda a: fn(a), lambda a: ref(a), **kwargs)


def _scan_accumulate(a):
    """sum over a's first dimension of tanh steps: h_t = tanh(h_{t-1} + a_t),
    stacked, plus each step's h_{t-1} * 2 (an output that is not a state)."""
    (states, doubled), _ = scan(
        lambda row, h: [T.tanh(h + row), h * 2], sequences=a, outputs_info=[T.zeros_like(a[0]), None]
    )
    return states + doubled


def _scan_accumulate_reference(a):
    h = np.zeros_like(a[0])
    states, doubled = [], []
    for row in a:
        doubled.append(h * 2)
        h = np.tanh(h + row)
        states.append(h)
    return (np.array(states) + np.array(doubled)).astype(a.dtype)


def _scan_taps(a):
    """a sequence read at taps -1 and 0, a state at taps -2 and -1 (its
    initial value the two rows before): h_t = tanh(h_{t-1} / 2 + h_{t-2} / 4
    + a_t - a_{t-1})."""
    out, _ = scan(
        lambda before, row, h2, h1: T.tanh(h1 * 0.5 + h2 * 0.25 + row - before),
        sequences=dict(input=a, taps=[-1, 0]),
        outputs_info=dict(initial=T.zeros((2,) + tuple(a.shape[1:]), dtype=a.dtype), taps=[-2, -1]),
    )
    return out


def _scan_taps_reference(a):
    history, out = [np.zeros_like(a[0])] * 2, []
    for t in range(1, len(a)):
        h = np.tanh(history[-1] * 0.5 + history[-2] * 0.25 + a[t] - a[t - 1])
        history.append(h)
        out.append(h)
    return np.array(out, dtype=a.dtype).reshape((max(len(a) - 1, 0),) + a.shape[1:])


def _mrg_dropout(a):
    """a times a 0/1 mask of MRG31k3p draws below 1/2: the streams of
    MRG_RandomStreams(7) for a symbolic size, in a shared state without
    update (every call, as finite differences make, draws the same mask)."""
    states = MRG_RandomStreams(seed=7).get_substream_rstates(rng_mrg.guess_n_streams(None), "float64")
    _, draws = rng_mrg.mrg_uniform.new(theano.shared(states), a.ndim, "float64", a.shape)
    return a * T.cast(T.lt(draws, 0.5), a.dtype)


def _mrg_dropout_reference(a):
    streams = MRG_RandomStreams(seed=7).get_substream_rstates(rng_mrg.guess_n_streams(None), "float64")
    flat = [
        rng_mrg.mrg_next_value(
            streams[i % len(streams)], streams[i % len(streams)], rng_mrg.NORM, 0xFFFFFFFF, 0
        )
        for i in range(a.size)
    ]
    return a * (np.array(flat).reshape(a.shape) < 0.5).astype(a.dtype)


def _load_conv_pool_reference():
    """tests/nnet/conv_pool_reference.py (numpy's convolutions and pools),
    shared with the tests of tests/nnet, which is not a package."""
    path = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, "nnet", "conv_pool_reference.py"
    )
    spec = importlib.util.spec_from_file_location("conv_pool_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conv_pool_reference = _load_conv_pool_reference()


def _conv_self(a, border_mode):
    """a convolved with its own first corner (filters a[:2, :, :2, :2]):
    both operands' gradients are exercised."""
    return conv2d(a, a[:2, :, :2, :2], border_mode=border_mode)


def _conv_self_reference(a, border_mode):
    return conv_pool_reference.conv(
        a.astype(np.float64), a[:2, :, :2, :2].astype(np.float64), border_mode
    ).astype(a.dtype)


def _conv_params(_operands):
    return st.fixed_dictionaries({"border_mode": st.sampled_from(["valid", "full", "half", 1])})


def _pool_params(_operands):
    return st.fixed_dictionaries(
        {
            "mode": st.sampled_from(["max", "sum", "average_inc_pad", "average_exc_pad"]),
            "ignore_border": st.booleans(),
        }
    )


def _min_gap(a, **_params):
    """The smallest difference between two elements (a max pool's kink)."""
    flat = np.sort(np.asarray(a, dtype=np.float64).ravel())
    return float(np.min(np.diff(flat))) if flat.size > 1 else np.inf


def _complex_dtype(a, b):
    """Theano's Complex: complex64 when both parts are float32 (or smaller)."""
    return "complex64" if np.result_type(a, b) in (np.float16, np.float32) else "complex128"


def _complex_exp_sqrt_parts(a, b):
    ctype = _complex_dtype(a, b)
    z = (a + 1j * b.astype(np.float64)).astype(ctype)
    polar = (a * np.exp(1j * b.astype(np.float64))).astype(ctype)
    return np.angle(np.sqrt(np.exp(z))).astype("float64") + np.abs(np.arcsinh(polar))


def _complex_arith_parts(a, b):
    ctype = _complex_dtype(a, b)
    z, w = (a + 1j * b.astype(np.float64)).astype(ctype), (b + 1j * a.astype(np.float64)).astype(ctype)
    return np.real(z * w / (a + 1j).astype(ctype)) - np.imag(np.log(z))


def _kink_equal(a, b):
    return _min_abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))


def _round_half_away(a):
    return np.sign(a) * np.floor(np.abs(a) + 0.5)


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _relu_params(_operands):
    return st.fixed_dictionaries({"alpha": st.sampled_from([0, 0.0, 0.25])})


def _kink_zero(a, **_params):
    return _min_abs(a)


def _elu_params(_operands):
    return st.fixed_dictionaries({"alpha": st.sampled_from([1, 0.5, 2.0])})


def _at_poles(function, pole):
    """`function` (math.gamma, math.lgamma) with C's values at its poles
    (0 and the negative integers), where Python's raises: Theano's compiled
    gamma is C's tgamma and gammaln C's lgamma, which return there."""

    def reference(v):
        try:
            return function(v)
        except ValueError:
            return pole(v)
        except OverflowError:
            return math.inf

    return np.vectorize(reference, otypes=[np.float64])


def _erfinv_reference(y):
    """erf's inverse by bisection on math.erf (|y| < 1)."""
    lo, hi = -6.0, 6.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if math.erf(mid) < y else (lo, mid)
    return 0.5 * (lo + hi)


def _bessel_reference(order, modified):
    """J_n or I_n of integer order by the trapezoidal rule on Bessel's
    integral over [0, pi] (spectrally accurate: the integrand is periodic)."""
    tau = (np.arange(400) + 0.5) * (np.pi / 400)

    def reference(a):
        a = np.asarray(a, np.float64)[..., None]
        if modified:
            values = np.exp(a * np.cos(tau)) * np.cos(order * tau)
        else:
            values = np.cos(order * tau - a * np.sin(tau))
        return values.mean(axis=-1)

    return reference


ELEMENTWISE = [
    _binary("add", T.add, np.add, exact=True),
    _binary("sub", T.sub, np.subtract, exact=True),
    _binary("mul", T.mul, np.multiply, exact=True),
    _binary("true_div", T.true_div, np.true_divide, exact=True, kink=lambda a, b: _min_abs(b)),
    _binary("int_div", T.int_div, np.floor_divide, discontinuous=True, kink=lambda a, b: 0.0),
    _binary("mod", T.mod, np.mod, discontinuous=True, kink=lambda a, b: 0.0),
    _binary("pow", T.pow, np.power, kink=lambda a, b: _min_abs(a)),
    _binary("maximum", T.maximum, np.maximum, exact=True, kink=_kink_equal),
    _binary("minimum", T.minimum, np.minimum, exact=True, kink=_kink_equal),
    _binary("eq", T.eq, np.equal, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("neq", T.neq, np.not_equal, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("lt", T.lt, np.less, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("le", T.le, np.less_equal, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("gt", T.gt, np.greater, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("ge", T.ge, np.greater_equal, exact=True, discontinuous=True, kink=_kink_equal),
    _binary("and", T.and_, np.bitwise_and, exact=True),
    _binary("or", T.or_, np.bitwise_or, exact=True),
    _binary("xor", T.xor, np.bitwise_xor, exact=True),
    _unary("invert", T.invert, lambda a: np.logical_not(a) if a.dtype == bool else np.invert(a), exact=True),
    _unary("neg", T.neg, np.negative, exact=True),
    _unary("abs", T.abs_, np.abs, exact=True, kink=_kink_zero),
    _unary("sgn", T.sgn, np.sign, exact=True, discontinuous=True, kink=_kink_zero),
    _unary("sqr", T.sqr, np.square, exact=True),
    _unary("square", T.square, np.square, exact=True),
    _unary("inv", T.inv, np.reciprocal, exact=True, kink=_kink_zero),
    _unary("erf", T.erf, np.vectorize(math.erf, otypes=[np.float64])),
    _unary("erfc", T.erfc, np.vectorize(math.erfc, otypes=[np.float64])),
    _unary("tan", T.tan, np.tan, domain=lambda a: _within(a, 1.2)),
    _unary("arcsin", T.arcsin, np.arcsin, domain=lambda a: _within(a, 0.9)),
    _unary("arccos", T.arccos, np.arccos, domain=lambda a: _within(a, 0.9)),
    _unary("arctan", T.arctan, np.arctan),
    _binary("arctan2", T.arctan2, np.arctan2, domain=lambda a, b: _min_abs(b) > 0.1),
    _unary("sinh", T.sinh, np.sinh),
    _unary("cosh", T.cosh, np.cosh),
    _unary("arcsinh", T.arcsinh, np.arcsinh),
    _unary("arccosh", T.arccosh, np.arccosh, domain=lambda a: bool(np.all(a > 1.1))),
    _unary("arctanh", T.arctanh, np.arctanh, domain=lambda a: _within(a, 0.9)),
    _unary("log2", T.log2, np.log2),
    _unary("log10", T.log10, np.log10),
    _unary("exp2", T.exp2, np.exp2),
    _unary("deg2rad", T.deg2rad, np.deg2rad),
    _unary("rad2deg", T.rad2deg, np.rad2deg),
    _unary(
        "trunc", T.trunc, np.trunc, exact=True, discontinuous=True, kink=lambda a: _distance_to_integer(a)
    ),
    _unary(
        "gammaln",
        T.gammaln,
        _at_poles(math.lgamma, lambda v: math.inf),
        domain=lambda a: bool(np.all(a > 0.1)),
    ),
    _unary(
        "gamma",
        T.gamma,
        _at_poles(math.gamma, lambda v: math.copysign(math.inf, v) if v == 0 else math.nan),
        domain=lambda a: bool(np.all((a > 0.1) & (a < 8))),
    ),
    _unary(
        "erfinv",
        T.erfinv,
        lambda a: np.vectorize(_erfinv_reference, otypes=[np.float64])(a),
        domain=lambda a: _within(a, 0.9),
    ),
    _unary(
        "erfcx",
        T.erfcx,
        np.vectorize(lambda v: math.exp(v * v) * math.erfc(v), otypes=[np.float64]),
        domain=lambda a: _within(a, 3),
    ),
    _unary("j0", T.j0, _bessel_reference(0, False), domain=lambda a: _within(a, 20)),
    _unary("j1", T.j1, _bessel_reference(1, False), domain=lambda a: _within(a, 20)),
    _unary("i0", T.i0, np.i0, domain=lambda a: _within(a, 20)),
    _unary("i1", T.i1, _bessel_reference(1, True), domain=lambda a: _within(a, 20)),
    _unary("isnan", T.isnan, np.isnan, exact=True),
    _unary("isinf", T.isinf, np.isinf, exact=True),
    _unary("exp", T.exp, np.exp),
    _unary("log", T.log, np.log),
    _unary("log1p", T.log1p, np.log1p),
    _unary("expm1", T.expm1, np.expm1),
    _unary("sqrt", T.sqrt, np.sqrt, exact=True, kink=_kink_zero),
    _unary("tanh", T.tanh, np.tanh),
    _unary("sin", T.sin, np.sin),
    _unary("cos", T.cos, np.cos),
    _unary("sigmoid", nnet.sigmoid, _sigmoid),
    _unary("softplus", nnet.softplus, lambda a: np.logaddexp(0.0, a)),
    _unary(
        "floor", T.floor, np.floor, exact=True, discontinuous=True, kink=lambda a: _distance_to_integer(a)
    ),
    _unary("ceil", T.ceil, np.ceil, exact=True, discontinuous=True, kink=lambda a: _distance_to_integer(a)),
    _unary(
        "round",
        T.round,
        np.round,
        exact=True,
        discontinuous=True,
        kink=lambda a: _distance_to_integer(a, 0.5),
    ),
    _unary(
        "round_half_away",
        lambda a: T.round(a, mode="half_away_from_zero"),
        _round_half_away,
        exact=True,
        discontinuous=True,
        kink=lambda a: _distance_to_integer(a, 0.5),
    ),
    OpSpec(
        "relu",
        1,
        lambda a, alpha: nnet.relu(a, alpha),
        lambda a, alpha: np.where(a > 0, a, alpha * a),
        params=_relu_params,
        exact=True,
        kink=lambda a, alpha: _min_abs(a),
    ),
    OpSpec(
        "elu",
        1,
        lambda a, alpha: nnet.elu(a, alpha),
        lambda a, alpha: np.where(a > 0, a, alpha * np.expm1(a)),
        params=_elu_params,
        kink=lambda a, alpha: _min_abs(a),
    ),
    _unary("softsign", nnet.softsign, lambda a: a / (1.0 + np.abs(a))),
    _unary(
        "hard_sigmoid",
        nnet.hard_sigmoid,
        lambda a: np.clip(a * 0.2 + 0.5, 0.0, 1.0),
        kink=lambda a: _min_abs(np.abs(a) - 2.5),
    ),
    # complex numbers, entered from and left to real values: the parts of
    # f(a + ib) for a few of numpy's complex functions
    OpSpec(
        "complex_exp_sqrt_parts",
        2,
        lambda a, b: T.angle(T.sqrt(T.exp(T.complex(a, b)))) + abs(T.arcsinh(T.complex_from_polar(a, b))),
        lambda a, b: _complex_exp_sqrt_parts(a, b),
        accepts=_float_operands,
        domain=lambda a, b: bool(np.all(np.abs(a) < EXP_FINITE)),
    ),
    OpSpec(
        "complex_arith_parts",
        2,
        lambda a, b: (
            T.real(T.complex(a, b) * T.complex(b, a) / T.complex(a, 1.0)) - T.imag(T.log(T.complex(a, b)))
        ),
        lambda a, b: _complex_arith_parts(a, b),
        accepts=_float_operands,
        domain=lambda a, b: _min_abs(a) > 1e-3 and _min_abs(b) > 1e-3,
    ),
    # Theano's lazy ifelse (an scf.if in the kernel), on a condition the
    # values compute
    OpSpec(
        "ifelse",
        2,
        lambda a, b: ifelse(T.gt(T.sum(a), T.sum(b)), a * 2 - b, T.exp(-abs(a)) + b),
        lambda a, b: (
            a * 2 - b if np.sum(a, dtype=np.float64) > np.sum(b, dtype=np.float64) else np.exp(-abs(a)) + b
        ),
        accepts=_float_operands,
        domain=lambda a, b: (
            abs(float(np.sum(a, dtype=np.float64) - np.sum(b, dtype=np.float64)))
            > 1e-3 * (1 + float(np.abs(a).sum() + np.abs(b).sum()))
        ),
    ),
    # Theano's scan (an scf.for in the kernel): a state accumulated over the
    # first dimension, and each step's other output
    OpSpec(
        "scan_accumulate",
        1,
        lambda a: _scan_accumulate(a),
        lambda a: _scan_accumulate_reference(a),
        accepts=lambda index, value: _is_float(value) and value.ndim >= 1,
        broadcasts=False,
    ),
    OpSpec(
        "scan_taps",
        1,
        lambda a: _scan_taps(a),
        lambda a: _scan_taps_reference(a),
        accepts=lambda index, value: _is_float(value) and value.ndim >= 1,
        broadcasts=False,
    ),
    # MRG_RandomStreams (a loop over the streams in the kernel): a dropout
    # mask of the right numbers
    OpSpec(
        "mrg_dropout",
        1,
        lambda a: _mrg_dropout(a),
        lambda a: _mrg_dropout_reference(a),
        exact=True,
        accepts=lambda index, value: _is_float(value),
        broadcasts=False,
    ),
    OpSpec(
        "switch",
        3,
        T.switch,
        lambda c, a, b: np.where(c, a, b),
        exact=True,
        accepts=lambda index, value: index != 0 or value.dtype == "bool",
    ),
]


# --- casts and shapes --------------------------------------------------------


def _cast_params(_operands):
    return st.fixed_dictionaries({"dtype": st.sampled_from(DTYPES)})


def _cast_reference(a, dtype):
    if a.dtype.kind == "f" and np.dtype(dtype).kind in "iub" and dtype != "bool":
        info = np.iinfo(dtype)
        if np.any(~np.isfinite(a)) or np.any(a < info.min) or np.any(a > info.max):
            raise ValueError("float to integer cast out of range: undefined")
    return a.astype(dtype)


def _dimshuffle_params(operands):
    (x,) = operands
    kept_axes = [d for d in range(x.ndim) if not x.broadcastable[d]]
    droppable = [d for d in range(x.ndim) if x.broadcastable[d]]

    @st.composite
    def draw(draw_):
        keep = kept_axes + [d for d in droppable if draw_(st.booleans())]
        order = draw_(st.permutations(keep))
        order = list(order)
        for _ in range(draw_(st.integers(0, max(0, 3 - len(order))))):
            order.insert(draw_(st.integers(0, len(order))), "x")
        return {"pattern": tuple(order)}

    return draw()


def _dimshuffle_reference(a, pattern):
    kept = [d for d in pattern if d != "x"]
    dropped = tuple(d for d in range(a.ndim) if d not in kept)
    a = a.reshape([s for d, s in enumerate(a.shape) if d not in dropped]) if dropped else a
    remaining = [d for d in range(a.ndim + len(dropped)) if d not in dropped]
    a = np.transpose(a, [remaining.index(d) for d in kept])
    shape, it = [], iter(a.shape)
    for d in pattern:
        shape.append(1 if d == "x" else next(it))
    return a.reshape(shape)


def _flatten_params(operands):
    (x,) = operands
    return st.fixed_dictionaries({"ndim": st.integers(1, max(1, x.ndim))})


def _flatten_reference(a, ndim):
    if a.ndim == 0:
        return a.reshape(1)
    return a.reshape(a.shape[: ndim - 1] + (-1,))


SHAPES = [
    OpSpec(
        "cast",
        1,
        lambda a, dtype: T.cast(a, dtype),
        _cast_reference,
        params=_cast_params,
        exact=True,
        discontinuous=True,
        # casts to integers are steps: no finite differences across them
        kink=lambda a, dtype: np.inf if dtype in FLOAT_DTYPES else 0.0,
    ),
    OpSpec(
        "dimshuffle",
        1,
        lambda a, pattern: a.dimshuffle(*pattern),
        _dimshuffle_reference,
        params=_dimshuffle_params,
        exact=True,
    ),
    OpSpec("transpose", 1, lambda a: a.T, lambda a: a.T, exact=True),
    OpSpec(
        "flatten",
        1,
        lambda a, ndim: T.flatten(a, ndim),
        _flatten_reference,
        params=_flatten_params,
        exact=True,
    ),
    OpSpec(
        "shape_i",
        1,
        lambda a: T.cast(a.shape[a.ndim - 1], "int64") if a.ndim else a.shape,
        lambda a: np.asarray(a.shape[a.ndim - 1], np.int64) if a.ndim else np.asarray(a.shape, np.int64),
        exact=True,
        accepts=lambda index, value: value.ndim > 0 and _is_input(value),
    ),
    OpSpec(
        "ones_like", 1, T.ones_like, np.ones_like, exact=True, accepts=lambda index, value: _is_input(value)
    ),
    OpSpec(
        "zeros_like",
        1,
        T.zeros_like,
        np.zeros_like,
        exact=True,
        accepts=lambda index, value: _is_input(value),
    ),
]


# --- reductions --------------------------------------------------------------


def _axis_params(operands, with_keepdims=True):
    (x,) = operands
    axis_choice = st.one_of(
        st.none(),
        st.integers(-x.ndim, x.ndim - 1) if x.ndim else st.none(),
        st.lists(st.integers(0, max(0, x.ndim - 1)), unique=True, max_size=x.ndim).map(tuple)
        if x.ndim
        else st.just(()),
    )
    return st.fixed_dictionaries(
        {"axis": axis_choice, "keepdims": st.booleans() if with_keepdims else st.just(False)}
    )


def _np_axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        return (axis % ndim,)
    return tuple(sorted(axis))


def _reduce(fn):
    def reference(a, axis, keepdims):
        return fn(a, axis=_np_axes(axis, a.ndim), keepdims=keepdims)

    return reference


def _sum_reference(kind):
    def reference(a, axis, keepdims):
        dtype = {"b": np.int64, "i": np.int64, "u": np.uint64}.get(a.dtype.kind, np.float64)
        fn = np.sum if kind == "sum" else np.prod
        return fn(a.astype(dtype), axis=_np_axes(axis, a.ndim), keepdims=keepdims)

    return reference


def _extreme_reference(fn):
    def reference(a, axis, keepdims):
        axes = _np_axes(axis, a.ndim)
        if any(a.shape[d] == 0 for d in axes):
            raise ValueError("empty reduction")
        return fn(a, axis=axes, keepdims=keepdims)

    return reference


def _arg_reference(fn):
    def reference(a, axis, keepdims):
        axes = _np_axes(axis, a.ndim)
        if any(a.shape[d] == 0 for d in axes):
            raise ValueError("empty reduction")
        if not axes:  # each element is the extreme of itself
            return np.zeros(a.shape, np.int64)
        kept = [d for d in range(a.ndim) if d not in axes]
        moved = np.transpose(a, kept + list(axes))
        flat = moved.reshape([a.shape[d] for d in kept] + [int(np.prod([a.shape[d] for d in axes]))])
        result = fn(flat, axis=-1).astype(np.int64)
        if keepdims:
            result = result.reshape([1 if d in axes else a.shape[d] for d in range(a.ndim)])
        return result

    return reference


def _mean_reference(a, axis, keepdims):
    return np.mean(a.astype(np.float64), axis=_np_axes(axis, a.ndim), keepdims=keepdims)


def _var_params(operands):
    return _axis_params(operands).flatmap(
        lambda p: st.fixed_dictionaries({"ddof": st.sampled_from([0, 1]), "corrected": st.booleans()}).map(
            lambda q: {**p, **q}
        )
    )


def _var_reference(a, axis, keepdims, ddof, corrected, root=False):
    axes = _np_axes(axis, a.ndim)
    result = np.var(a.astype(np.float64), axis=axes, keepdims=keepdims, ddof=ddof)
    return np.sqrt(result) if root else result


def _var_kink(a, axis, keepdims, ddof, corrected, root=False):
    # std is not differentiable where the variance is 0
    if not root:
        return np.inf
    return float(np.min(_var_reference(a, axis, keepdims, ddof, corrected))) if a.size else np.inf


REDUCTIONS = [
    OpSpec(
        "sum",
        1,
        lambda a, axis, keepdims: T.sum(a, axis=axis, keepdims=keepdims),
        _sum_reference("sum"),
        params=_axis_params,
    ),
    OpSpec(
        "prod",
        1,
        lambda a, axis, keepdims: T.prod(a, axis=axis, keepdims=keepdims),
        _sum_reference("prod"),
        params=_axis_params,
        kink=lambda a, axis, keepdims: _min_abs(a),
    ),
    OpSpec(
        "max",
        1,
        lambda a, axis, keepdims: T.max(a, axis=axis, keepdims=keepdims),
        _extreme_reference(np.max),
        params=_axis_params,
        exact=True,
        kink=lambda a, axis, keepdims: _extreme_gap(a, _np_axes(axis, a.ndim)),
    ),
    OpSpec(
        "min",
        1,
        lambda a, axis, keepdims: T.min(a, axis=axis, keepdims=keepdims),
        _extreme_reference(np.min),
        params=_axis_params,
        exact=True,
        kink=lambda a, axis, keepdims: _extreme_gap(a, _np_axes(axis, a.ndim), False),
    ),
    OpSpec(
        "argmax",
        1,
        lambda a, axis, keepdims: T.argmax(a, axis=axis, keepdims=keepdims),
        _arg_reference(np.argmax),
        params=_axis_params,
        exact=True,
        discontinuous=True,
        kink=lambda a, axis, keepdims: _extreme_gap(a, _np_axes(axis, a.ndim)),
    ),
    OpSpec(
        "argmin",
        1,
        lambda a, axis, keepdims: T.argmin(a, axis=axis, keepdims=keepdims),
        _arg_reference(np.argmin),
        params=_axis_params,
        exact=True,
        discontinuous=True,
        kink=lambda a, axis, keepdims: _extreme_gap(a, _np_axes(axis, a.ndim), False),
    ),
    OpSpec(
        "mean",
        1,
        lambda a, axis, keepdims: T.mean(a, axis=axis, keepdims=keepdims),
        _mean_reference,
        params=_axis_params,
    ),
    OpSpec(
        "var",
        1,
        lambda a, axis, keepdims, ddof, corrected: T.var(
            a, axis=axis, keepdims=keepdims, ddof=ddof, corrected=corrected
        ),
        _var_reference,
        params=_var_params,
    ),
    OpSpec(
        "std",
        1,
        lambda a, axis, keepdims, ddof, corrected: T.std(
            a, axis=axis, keepdims=keepdims, ddof=ddof, corrected=corrected
        ),
        lambda *args, **kw: _var_reference(*args, **kw, root=True),
        params=_var_params,
        kink=lambda *args, **kw: _var_kink(*args, **kw, root=True),
    ),
]


# --- contractions and nnet ---------------------------------------------------

_DOT_SUBSCRIPTS = {(1, 1): "i,i->", (2, 1): "ij,j->i", (1, 2): "i,ij->j", (2, 2): "ij,jk->ik"}


def _dot(a, b):
    """np.dot without BLAS: BLAS skips zero factors, so NaN * 0 gave 0."""
    if a.shape[-1] != b.shape[0]:
        raise ValueError(f"shapes {a.shape} and {b.shape} not aligned")
    return np.einsum(_DOT_SUBSCRIPTS[a.ndim, b.ndim], a, b)


def _softmax_reference(a):
    # empty rows give empty results
    shifted = a - np.max(a, axis=-1, keepdims=True, initial=-np.inf)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _log_softmax_reference(a):
    shifted = a - np.max(a, axis=-1, keepdims=True, initial=-np.inf)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _matrix(_index, value):
    return value.ndim == 2 and _is_float(value)


def _crossentropy_reference(p, q):
    return -np.sum(q * np.log(p), axis=-1)


def _binary_crossentropy_reference(p, t):
    return -(t * np.log(p) + (1 - t) * np.log1p(-p))


CONTRACTIONS = [
    OpSpec("dot", 2, T.dot, _dot, accepts=lambda index, value: value.ndim in (1, 2), broadcasts=False),
    OpSpec("softmax", 1, nnet.softmax, _softmax_reference, accepts=_matrix),
    OpSpec("logsoftmax", 1, nnet.logsoftmax, _log_softmax_reference, accepts=_matrix),
    OpSpec(
        "categorical_crossentropy_softmax",
        2,
        lambda a, b: nnet.categorical_crossentropy(nnet.softmax(a), nnet.softmax(b)),
        lambda a, b: _crossentropy_reference(_softmax_reference(a), _softmax_reference(b)),
        accepts=_matrix,
        domain=lambda a, b: _row_spread(a) < 30 and _row_spread(b) < 30,
    ),
    OpSpec(
        "binary_crossentropy_sigmoid",
        2,
        lambda a, b: nnet.binary_crossentropy(nnet.sigmoid(a), nnet.sigmoid(b)),
        lambda a, b: _binary_crossentropy_reference(_sigmoid(a), _sigmoid(b)),
        accepts=lambda index, value: _is_float(value),
        domain=lambda a, b: _within(a, 5) and _within(b, 30),
    ),
]

# --- rewrite probes ---------------------------------------------------------
# Graphs that FAST_RUN's rewrites (theano-simplify, theano-stabilize,
# theano-gemm) transform, rarely drawn op by op: each is one entry, so the
# modes oracle compares every rewrite with the graph as written.


def _plain_matrix(_index, value):
    """A float matrix without broadcastable dimensions: added to a product,
    it must then have the product's shape exactly."""
    return _matrix(_index, value) and not any(value.broadcastable)


def _same_shape(c, product):
    if c.shape != product.shape:
        raise ValueError(f"shapes {c.shape} and {product.shape} (Theano's dimension mis-match)")
    return product


def _take_per_row_reference(a, b):
    targets = _arg_reference(np.argmax)(b, 1, False)
    if targets.shape[0] != a.shape[0]:  # numpy would broadcast one target
        raise ValueError(f"{a.shape[0]} rows but {targets.shape[0]} targets")
    return -_log_softmax_reference(a)[np.arange(a.shape[0]), targets]


def _scaled_sum_params(operands):
    return _axis_params(operands, with_keepdims=False).map(lambda p: {"axis": p["axis"]})


PROBES = [
    OpSpec(
        "mul_div_cancel",
        2,
        lambda a, b: (a * b) / a,
        lambda a, b: (a * b) / a,
        accepts=_float_operands,
        kink=lambda a, b: _min_abs(a),
    ),
    OpSpec(
        "exp_log",
        1,
        lambda a: T.exp(T.log(a)),
        lambda a: np.exp(np.log(a)),
        accepts=_float_operands,
        kink=_kink_zero,
    ),
    OpSpec(
        "log_exp",
        1,
        lambda a: T.log(T.exp(a)),
        lambda a: np.log(np.exp(a)),
        accepts=_float_operands,
        domain=lambda a: _within(a, EXP_FINITE),
    ),
    OpSpec("pow_two", 1, lambda a: a**2, lambda a: a**2, computes_in_result_dtype=True),
    OpSpec("pow_half", 1, lambda a: a**0.5, lambda a: a**0.5, accepts=_float_operands, kink=_kink_zero),
    OpSpec("divide_by_four", 1, lambda a: a / 4.0, lambda a: a / 4.0, exact=True),
    OpSpec(
        "sum_scaled",
        1,
        lambda a, axis: T.sum(a * 0.5, axis=axis),
        lambda a, axis: np.sum(a * 0.5, axis=_np_axes(axis, a.ndim)),
        params=_scaled_sum_params,
        accepts=_float_operands,
    ),
    OpSpec("common_factor_add", 3, lambda a, b, c: a * b + a * c, lambda a, b, c: a * b + a * c),
    OpSpec("common_factor_sub", 3, lambda a, b, c: a * b - a * c, lambda a, b, c: a * b - a * c),
    OpSpec(
        "log1p_form",
        1,
        lambda a: T.log(1 + a),
        lambda a: np.log1p(a),
        accepts=_float_operands,
        domain=lambda a: np.all(a > -0.5),
    ),
    OpSpec(
        "log1m_form",
        1,
        lambda a: T.log(1 - a),
        lambda a: np.log1p(-a),
        accepts=_float_operands,
        domain=lambda a: np.all(a < 0.5),
    ),
    OpSpec("expm1_form", 1, lambda a: T.exp(a) - 1, lambda a: np.expm1(a), accepts=_float_operands),
    OpSpec(
        "log_sigmoid",
        1,
        lambda a: T.log(nnet.sigmoid(a)),
        lambda a: -np.logaddexp(0.0, -a),
        accepts=_float_operands,
        domain=lambda a: _within(a, 5),
    ),
    OpSpec(
        "log1m_sigmoid",
        1,
        lambda a: T.log(1 - nnet.sigmoid(a)),
        lambda a: -np.logaddexp(0.0, a),
        accepts=_float_operands,
        domain=lambda a: _within(a, 5),
    ),
    OpSpec(
        "softplus_form",
        1,
        lambda a: T.log(1 + T.exp(a)),
        lambda a: np.logaddexp(0.0, a),
        accepts=_float_operands,
        domain=lambda a: _within(a, EXP_FINITE),
    ),
    OpSpec(
        "log_softmax_form",
        1,
        lambda a: T.log(nnet.softmax(a)),
        _log_softmax_reference,
        accepts=_matrix,
        domain=lambda a: _row_spread(a) < 30,
    ),
    OpSpec(
        "logsumexp_form",
        1,
        lambda a, axis, keepdims: T.log(T.sum(T.exp(a), axis=axis, keepdims=keepdims)),
        lambda a, axis, keepdims: np.log(np.sum(np.exp(a), axis=_np_axes(axis, a.ndim), keepdims=keepdims)),
        params=_axis_params,
        accepts=_float_operands,
        domain=lambda a, **_: _within(a, EXP_FINITE),
    ),
    OpSpec(
        "gemm_form",
        3,
        lambda c, a, b: c - 0.5 * T.dot(a, b),
        lambda c, a, b: c - 0.5 * _same_shape(c, _dot(a, b)),
        accepts=_plain_matrix,
        broadcasts=False,
    ),
    OpSpec(
        "gemm_scaled_form",
        3,
        lambda c, a, b: 2.0 * c + T.dot(a.T, b) * 0.25,
        lambda c, a, b: 2.0 * c + _same_shape(c, _dot(a.T, b)) * 0.25,
        accepts=_plain_matrix,
        broadcasts=False,
    ),
    OpSpec(
        "crossentropy_integer_targets",
        2,
        lambda a, b: nnet.categorical_crossentropy(nnet.softmax(a), T.argmax(b, axis=1)),
        _take_per_row_reference,
        accepts=_matrix,
        broadcasts=False,
        kink=lambda a, b: _extreme_gap(b, (1,)),
        domain=lambda a, b: _row_spread(a) < 30,
    ),
]

# --- gradients inside graphs, alloc --------------------------------------------


def _vector(_index, value):
    return value.ndim == 1 and _is_float(value)


def _alloc_params(operands):
    return st.fixed_dictionaries({"leading": st.integers(1, 3)})


PROBES += [
    OpSpec(
        "grad_in_graph",
        1,
        lambda a: theano.grad(T.sum(T.tanh(a) * a), a),
        lambda a: (1 - np.tanh(a) ** 2) * a + np.tanh(a),
        accepts=_float_operands,
    ),
    OpSpec(
        "jacobian_in_graph",
        1,
        lambda a: theano.gradient.jacobian(T.tanh(a) * 2, a),
        # row i is e_i * 2 (1 - tanh(a)^2), computed as Theano's: a NaN
        # element makes its column NaN in every row (0 * NaN)
        lambda a: np.eye(a.shape[0]) * (2 * (1 - np.tanh(a) ** 2))[None, :],
        accepts=_vector,
    ),
    # the gradient stops at the first factor: finite differences see both
    OpSpec(
        "disconnected_grad",
        1,
        lambda a: theano.gradient.disconnected_grad(a) * a,
        lambda a: a * a,
        accepts=_float_operands,
        kink=lambda a: 0.0,
    ),
    OpSpec(
        "alloc",
        1,
        lambda a, leading: T.alloc(a, leading, *[a.shape[d] for d in range(a.ndim)]),
        lambda a, leading: np.broadcast_to(a, (leading,) + a.shape).copy(),
        params=_alloc_params,
        exact=True,
    ),
]

# --- composites (Theano's functions over the ops above) ------------------------


def _clip_params(operands):
    return st.fixed_dictionaries({"lo": st.integers(-3, 0), "hi": st.integers(0, 3)})


def _clip_kink(a, lo, hi):
    a = np.asarray(a, np.float64)
    return min(_min_abs(a - lo), _min_abs(a - hi))


def _clip_reference(a, lo, hi):
    return np.clip(a if a.dtype.kind == "f" else a.astype(np.int64), lo, hi)


def _truth_params(operands):
    return _axis_params(operands)


def _repeat_params(operands):
    (x,) = operands
    axis = st.none() | (st.integers(-x.ndim, x.ndim - 1) if x.ndim else st.none())
    return st.fixed_dictionaries({"repeats": st.integers(0, 3), "axis": axis})


def _tile_params(operands):
    (x,) = operands
    return st.fixed_dictionaries({"reps": st.lists(st.integers(1, 3), min_size=x.ndim, max_size=x.ndim + 1)})


def _padaxis_params(operands):
    (x,) = operands
    return st.fixed_dictionaries({"axis": st.integers(-x.ndim - 1, x.ndim)})


COMPOSITES = [
    OpSpec(
        "clip",
        1,
        lambda a, lo, hi: T.clip(a, lo, hi),
        _clip_reference,
        params=_clip_params,
        exact=True,
        accepts=lambda index, value: value.dtype != "bool",
        kink=_clip_kink,
    ),
    OpSpec(
        "any",
        1,
        lambda a, axis, keepdims: T.any(a, axis=axis, keepdims=keepdims),
        lambda a, axis, keepdims: np.any(a, axis=_np_axes(axis, a.ndim), keepdims=keepdims),
        params=_truth_params,
        exact=True,
        discontinuous=True,
        kink=lambda a, axis, keepdims: 0.0,
    ),
    OpSpec(
        "all",
        1,
        lambda a, axis, keepdims: T.all(a, axis=axis, keepdims=keepdims),
        lambda a, axis, keepdims: np.all(a, axis=_np_axes(axis, a.ndim), keepdims=keepdims),
        params=_truth_params,
        exact=True,
        discontinuous=True,
        kink=lambda a, axis, keepdims: 0.0,
    ),
    OpSpec(
        "repeat",
        1,
        lambda a, repeats, axis: T.repeat(a, repeats, axis=axis),
        lambda a, repeats, axis: np.repeat(a, repeats, axis=axis),
        params=_repeat_params,
        exact=True,
    ),
    OpSpec(
        "tile",
        1,
        lambda a, reps: T.tile(a, reps),
        lambda a, reps: np.tile(a, reps),
        params=_tile_params,
        exact=True,
    ),
    OpSpec(
        "shape_padaxis",
        1,
        lambda a, axis: T.shape_padaxis(a, axis),
        lambda a, axis: np.expand_dims(a, axis),
        params=_padaxis_params,
        exact=True,
    ),
    OpSpec(
        "isclose",
        2,
        T.isclose,
        np.isclose,
        exact=True,
        discontinuous=True,
        kink=lambda a, b: 0.0,
        # float64 or integers: the tolerance is then computed as numpy does
        accepts=lambda index, value: value.dtype == "float64" or value.dtype in INT_DTYPES,
    ),
    OpSpec(
        "tensordot",
        2,
        lambda a, b: T.tensordot(a, b, [[a.ndim - 1], [0]]),
        lambda a, b: np.tensordot(a, b, [[a.ndim - 1], [0]]),
        accepts=lambda index, value: value.ndim >= 1 and _is_float(value),
        broadcasts=False,
    ),
    OpSpec(
        "outer",
        2,
        T.outer,
        lambda a, b: np.einsum("i,j->ij", a.ravel(), b.ravel()),
        accepts=lambda index, value: value.ndim == 1,
        broadcasts=False,
    ),
    # convolutions (patches times filters) and pooling (window reductions)
    OpSpec(
        "conv2d_self",
        1,
        lambda a, border_mode: _conv_self(a, border_mode),
        lambda a, border_mode: _conv_self_reference(a, border_mode),
        params=_conv_params,
        # the filters are a corner of the input: never larger than it
        accepts=lambda index, value: _is_float(value) and value.ndim == 4,
        broadcasts=False,
    ),
    OpSpec(
        "pool_2d",
        1,
        lambda a, mode, ignore_border: pool.pool_2d(a, ws=(2, 2), ignore_border=ignore_border, mode=mode),
        lambda a, mode, ignore_border: conv_pool_reference.pool(
            a.astype(np.float64), (2, 2), ignore_border, mode=mode
        ).astype(a.dtype),
        params=_pool_params,
        kink=_min_gap,
        accepts=lambda index, value: _is_float(value) and value.ndim >= 2,
        broadcasts=False,
    ),
]

# --- indexing (Subtensor, IncSubtensor and their advanced forms) ---------------


def _slice_entry():
    bound = st.none() | st.integers(-4, 4)
    step = st.sampled_from([None, 1, 2, 3, -1, -2])
    return st.builds(slice, bound, bound, step)


def _basic_index_params(operands):
    (x,) = operands
    entry = _slice_entry() | st.integers(-2, 1)
    return st.integers(1, max(1, x.ndim)).flatmap(
        lambda count: st.fixed_dictionaries({"index": st.tuples(*[entry] * count)})
    )


def _advanced_index_params(operands):
    (x,) = operands

    @st.composite
    def draw(draw_):
        length = draw_(st.integers(0, 4))
        arrays = draw_(st.integers(1, min(2, x.ndim)))
        index = [draw_(st.lists(st.integers(-3, 2), min_size=length, max_size=length)) for _ in range(arrays)]
        if x.ndim > arrays and draw_(st.booleans()):  # a slice first
            index.insert(0, draw_(_slice_entry()))
        return {"index": tuple(np.array(i, np.int64) if isinstance(i, list) else i for i in index)}

    return draw()


def _index_of(a, index):
    """numpy's a[index], always an array (Theano's result is a 0-d tensor)."""
    return np.asarray(a[index])


def _inc_reference(set_):
    def reference(a, index):
        result = a.copy()
        part = np.asarray(a[index])
        value = part[::-1] if part.ndim else part
        if set_:
            result[index] = value
        else:
            np.add.at(result, index, value)
        return result

    return reference


def _inc_build(set_):
    def build(a, index):
        part = a[index]
        value = part[::-1] if part.ndim else part
        return (T.set_subtensor if set_ else T.inc_subtensor)(part, value)

    return build


INDEXING = [
    OpSpec(
        "subtensor",
        1,
        lambda a, index: a[index],
        _index_of,
        params=_basic_index_params,
        exact=True,
        accepts=lambda index, value: value.ndim >= 1,
    ),
    OpSpec(
        "advanced_subtensor",
        1,
        lambda a, index: a[index],
        _index_of,
        params=_advanced_index_params,
        exact=True,
        accepts=lambda index, value: value.ndim >= 1,
    ),
    OpSpec(
        "inc_subtensor",
        1,
        _inc_build(False),
        _inc_reference(False),
        params=_basic_index_params,
        exact=True,
        accepts=lambda index, value: value.ndim >= 1 and value.dtype != "bool",
    ),
    OpSpec(
        "set_subtensor",
        1,
        _inc_build(True),
        _inc_reference(True),
        params=_basic_index_params,
        exact=True,
        accepts=lambda index, value: value.ndim >= 1,
    ),
    OpSpec(
        "advanced_inc_subtensor",
        1,
        _inc_build(False),
        _inc_reference(False),
        params=_advanced_index_params,
        exact=True,
        accepts=lambda index, value: value.ndim >= 1 and value.dtype != "bool",
    ),
]


def _roll_params(operands):
    (x,) = operands
    axis = st.none() | (st.integers(-x.ndim, x.ndim - 1) if x.ndim else st.none())
    return st.fixed_dictionaries({"shift": st.integers(-7, 7), "axis": axis})


def _join_axis_params(operands):
    ndim = min(v.ndim for v in operands)
    return st.fixed_dictionaries({"axis": st.integers(-ndim, ndim - 1)})


INDEXING += [
    OpSpec(
        "concatenate",
        2,
        lambda a, b, axis: T.concatenate([a, b], axis=axis),
        lambda a, b, axis: np.concatenate([a, b], axis=axis),
        params=_join_axis_params,
        exact=True,
        broadcasts=False,
        accepts=lambda index, value: value.ndim >= 1,
    ),
    OpSpec(
        "stack",
        2,
        lambda a, b, axis: T.stack([a, b], axis=axis),
        lambda a, b, axis: np.stack([a, b], axis=axis),
        params=_join_axis_params,
        exact=True,
        broadcasts=False,
        accepts=lambda index, value: value.ndim >= 1,
    ),
    OpSpec(
        "roll",
        1,
        lambda a, shift, axis: T.roll(a, shift, axis),
        lambda a, shift, axis: np.roll(a, shift, axis),
        params=_roll_params,
        exact=True,
    ),
]

# --- sequences: arange, cumulative sums and products, sort; nonzero and masks,
# diagonals, repeat with a vector of repeats, grad_clip ------------------------


def _at_least(ndim):
    return lambda index, value: value.ndim >= ndim


def _cumulative_axis_params(operands):
    (x,) = operands
    return st.fixed_dictionaries({"axis": st.integers(-x.ndim, x.ndim - 1)})


def _sort_axis_params(operands):
    (x,) = operands
    return st.fixed_dictionaries({"axis": st.none() | st.integers(-x.ndim, x.ndim - 1)})


def _tie_gap(a, **_params):
    """The smallest gap between distinct values: sort's gradient is not
    defined at ties."""
    flat = np.unique(np.asarray(a, np.float64).ravel())
    flat = flat[np.isfinite(flat)]
    return float(np.min(np.diff(flat))) if flat.size > 1 else np.inf


def _cumulative_reference(fn):
    def reference(a, axis):
        return fn(a if a.dtype.kind == "f" else a.astype(np.int64), axis=axis)

    return reference


def _diagonal_offset_params(_operands):
    return st.fixed_dictionaries({"offset": st.integers(-2, 2)})


def _not_bool(ndim):
    return lambda index, value: value.ndim >= ndim and value.dtype != "bool"


SEQUENCES = [
    OpSpec(
        "arange_offset",
        1,
        lambda a: a + T.arange(a.shape[-1]),
        lambda a: a + np.arange(a.shape[-1]),
        exact=True,
        accepts=_not_bool(1),
    ),
    OpSpec(
        "cumsum",
        1,
        lambda a, axis: T.extra_ops.cumsum(a, axis),
        _cumulative_reference(np.cumsum),
        params=_cumulative_axis_params,
        accepts=_not_bool(1),
    ),
    OpSpec(
        "cumprod",
        1,
        lambda a, axis: T.extra_ops.cumprod(a, axis),
        _cumulative_reference(np.cumprod),
        params=_cumulative_axis_params,
        accepts=lambda index, value: value.ndim >= 1 and _is_float(value),
        domain=lambda a, **_: _within(a, 2),
    ),
    OpSpec(
        "sort",
        1,
        lambda a, axis: T.sort(a, axis),
        lambda a, axis: np.sort(a, axis=axis),
        params=_sort_axis_params,
        exact=True,
        accepts=_not_bool(1),
        kink=_tie_gap,
    ),
    OpSpec(
        "argsort",
        1,
        lambda a, axis: T.argsort(a, axis),
        lambda a, axis: np.argsort(a, axis=axis, kind="stable"),
        params=_sort_axis_params,
        exact=True,
        discontinuous=True,
        accepts=_not_bool(1),
    ),
    OpSpec(
        "nonzero",
        1,
        lambda a: T.nonzero(a, return_matrix=True),
        lambda a: np.array(np.nonzero(a), np.int64).reshape(a.ndim, -1),
        exact=True,
        discontinuous=True,
        accepts=_at_least(1),
    ),
    OpSpec(
        "boolean_mask",
        1,
        lambda a: a[a > 0],
        lambda a: a[a > 0],
        exact=True,
        discontinuous=True,
        accepts=_not_bool(1),
        kink=lambda a: _min_abs(a),
    ),
    OpSpec(
        "set_through_mask",
        1,
        lambda a: T.set_subtensor(a[a > 0], T.zeros_like(a[a > 0])),
        lambda a: np.where(a > 0, np.zeros_like(a), a),
        exact=True,
        discontinuous=True,
        accepts=_not_bool(1),
        kink=lambda a: _min_abs(a),
    ),
    OpSpec(
        "diagonal",
        1,
        lambda a, offset: T.diagonal(a, offset),
        lambda a, offset: np.diagonal(a, offset).copy(),
        params=_diagonal_offset_params,
        exact=True,
        accepts=_at_least(2),
    ),
    OpSpec(
        "alloc_diag",
        1,
        lambda a, offset: T.diag(a, offset),
        lambda a, offset: np.diag(a, offset),
        params=_diagonal_offset_params,
        exact=True,
        accepts=lambda index, value: value.ndim == 1,
    ),
    OpSpec(
        "trace",
        1,
        lambda a: a.trace(),
        lambda a: np.trace(a),
        accepts=lambda index, value: value.ndim == 2 and _is_float(value),
    ),
    OpSpec(
        "repeat_vector",
        1,
        lambda a: T.repeat(a, T.arange(a.shape[0]) % 3, axis=0),
        lambda a: np.repeat(a, np.arange(a.shape[0]) % 3, axis=0),
        exact=True,
        accepts=_at_least(1),
    ),
    # the forward value is the identity: finite differences see a * a
    OpSpec(
        "grad_clip",
        1,
        lambda a: theano.gradient.grad_clip(a, -0.5, 0.5) * a,
        lambda a: a * a,
        accepts=_float_operands,
        kink=lambda a: 0.0,
    ),
]

#: Every op the suite draws from, by family (a graph draws a family, then
#: one of its ops, so small families are not drowned). Add one entry to add
#: an op.
ELEMENTWISE = [replace(op, computes_in_result_dtype=True) for op in ELEMENTWISE]
FAMILIES = {
    "elementwise": ELEMENTWISE,
    "shapes": SHAPES,
    "reductions": REDUCTIONS,
    "contractions": CONTRACTIONS,
    "probes": PROBES,
    "composites": COMPOSITES,
    "indexing": INDEXING,
    "sequences": SEQUENCES,
}
OPS = [op for family in FAMILIES.values() for op in family]
OPS_BY_NAME = {op.name: op for op in OPS}
assert len(OPS_BY_NAME) == len(OPS), "op names must be unique"
