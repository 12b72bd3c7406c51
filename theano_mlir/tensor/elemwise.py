"""Elementwise ops: the one table of Theano scalar ops, each with its dtype
rule and its `theano` dialect op (by generated builder class), from which
the Elemwise ops and the `theano.tensor` and `theano.tensor.nnet` functions
follow; and DimShuffle."""

import copy
import inspect
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from .. import dtypes
from ..dialect import theano as dialect
from ..dialect.types import dtype_of
from ..graph import Apply, Op
from ..graph.null_type import NullType
from .conversion import as_tensor_variable
from .reduction import Reduce, normalize_axes, sum_dtype
from .type import TensorType

# ---------------------------------------------------------------------------
# Theano's output dtype rules
# ---------------------------------------------------------------------------


def _same(*input_dtypes):
    return dtypes.upcast(*input_dtypes)


def _no_bool(name):
    def rule(*input_dtypes):
        if all(d == "bool" for d in input_dtypes):
            raise TypeError(f"{name} is not defined for bool inputs (dtypes {', '.join(input_dtypes)})")
        return dtypes.upcast(*input_dtypes)

    return rule


def _float_only(name):
    def rule(*input_dtypes):
        if any(d not in dtypes.FLOATS for d in input_dtypes):
            raise TypeError(f"{name} is only defined for floats, got {', '.join(input_dtypes)}")
        return dtypes.upcast(*input_dtypes)

    return rule


def _bitwise(name):
    def rule(*input_dtypes):
        if not (all(d == "bool" for d in input_dtypes) or all(d in dtypes.INTEGERS for d in input_dtypes)):
            raise TypeError(f"{name} needs all-bool or all-integer inputs, got {', '.join(input_dtypes)}")
        out = dtypes.upcast(*input_dtypes)
        if out not in dtypes.DISCRETE:
            raise TypeError(f"{name} of {', '.join(input_dtypes)} has no integer result type")
        return out

    return rule


def _no_complex(rule, name):
    """`rule`, refusing complex inputs with a TypeError (Theano's *_no_complex
    output type preferences)."""

    def checked(*input_dtypes):
        if any(d in dtypes.COMPLEX for d in input_dtypes):
            raise TypeError(f"{name}: complex argument not supported ({', '.join(input_dtypes)})")
        return rule(*input_dtypes)

    return checked


def _no_complex_division(name, operator):
    """Theano's `%` and `//`: a ComplexError (numpy deprecated them) for complex inputs."""

    def rule(*input_dtypes):
        if any(d in dtypes.COMPLEX for d in input_dtypes):
            raise dtypes.ComplexError(
                f"Theano does not support {name} ({operator}) on complex numbers, since numpy deprecated it."
            )
        return dtypes.upcast(*input_dtypes)

    return rule


def _real_out(a):
    """Theano's real_out: a complex dtype's real part, any other dtype itself."""
    return dtypes.COMPLEX_TO_REAL.get(a, a)


def _complex(x, y):
    """Theano's Complex output types: complex128 unless both parts fit float32."""
    if x in dtypes.COMPLEX or y in dtypes.COMPLEX:
        raise TypeError(f"complex takes real parts, got {x}, {y}")
    up = dtypes.upcast(x, y)
    return "complex128" if up in ("float64", "int64", "uint64", "int32", "uint32") else "complex64"


def _pow(*input_dtypes):
    return "int8" if all(d == "bool" for d in input_dtypes) else dtypes.upcast(*input_dtypes)


def _bool(*input_dtypes):
    dtypes.upcast(*input_dtypes)
    return "bool"


def _elu(x, alpha):
    """Theano's elu is switch(x > 0, x, alpha * expm1(x)): x's dtype upcast
    with alpha's and with expm1's float."""
    return dtypes.upcast(x, alpha, dtypes.upgrade_to_float(x))


def _switch(cond, if_true, if_false):
    return dtypes.upcast(if_true, if_false)


_to_float = dtypes.upgrade_to_float


class _Identity:
    """A 'builder' whose result is its operand (conj of a real number)."""

    def __init__(self, value):
        self.result = value


class _ByKind:
    """A 'builder' that picks the dialect op by the operand's element type:
    `complex_op` for complex numbers, `real_op` for the others (abs of a
    complex number is its modulus, a real)."""

    def __init__(self, real_op, complex_op):
        self.real_op, self.complex_op = real_op, complex_op

    def __call__(self, *operands, **attributes):
        builder = self.complex_op if dtype_of(operands[0].type).kind == "c" else self.real_op
        return builder(*operands, **attributes)


def _keep_complex(*input_dtypes):
    """Compute dtypes of ops whose result is real for complex inputs (abs,
    real): a complex input stays complex, another is computed in its own dtype."""
    return list(input_dtypes)


def _parts_of(x, y):
    """complex and complex_from_polar compute with floats of the result's part type."""
    return [dtypes.COMPLEX_TO_REAL[_complex(x, y)]] * 2


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalarOp:
    """A Theano scalar op applied elementwise.

    `output(*input_dtypes)` is Theano's output dtype rule (raising TypeError
    where Theano does). `builder` is the dialect op's generated class, built
    with `attributes`. It computes in one dtype per input (`compute`; by
    default the output dtype, or the inputs' upcast for comparisons); a bool
    computation the dialect op does not take runs in uint8 and is converted
    back (nonzero is true, as numpy's bool).

    The op is exported as a function of `params` (the last ones may have
    `defaults`) under each of `names`, in theano.tensor or, with
    `module="nnet"`, in theano.tensor.nnet.
    """

    name: str
    output: Callable[..., str]
    builder: type
    params: Sequence[str] = ("a",)
    names: Sequence[str] = ()
    module: str = "tensor"
    defaults: Sequence = ()
    takes_bool: bool = False
    compute: Optional[Callable[..., Sequence[str]]] = None
    attributes: tuple = ()  # (name, value) pairs
    nary: bool = False  # takes any number (>= 2) of inputs, folded left (Theano's add, mul)

    def __str__(self):
        return self.name

    def __reduce__(self):
        # pickled by name: the table's entries hold functions pickle cannot take
        return (_scalar_op, (self.name,))

    @property
    def nin(self):
        """The number of inputs; -1 for an n-ary op (Theano's convention)."""
        return -1 if self.nary else len(self.params)

    def compute_dtypes(self, input_dtypes, output_dtype):
        if self.compute is not None:
            result = list(self.compute(*input_dtypes))
        elif output_dtype == "bool" and self.output is _bool:
            result = [dtypes.upcast(*input_dtypes)] * len(input_dtypes)
        else:
            result = [output_dtype] * len(input_dtypes)
        if not self.takes_bool:
            result = ["uint8" if d == "bool" else d for d in result]
        return result

    def build(self, operands):
        """The dialect op(s) over `operands`: an n-ary op is a left fold of binary ones."""
        if not self.nary:
            return self.builder(*operands, **dict(self.attributes)).result
        result = self.builder(*operands[:2], **dict(self.attributes)).result
        for operand in operands[2:]:
            result = self.builder(result, operand, **dict(self.attributes)).result
        return result


def _ops(*ops):
    return {op.name: op for op in ops}


def _scalar_op(name):
    """The table's entry `name` (how a pickled ScalarOp comes back)."""
    return SCALAR_OPS[name]


_AB = ("a", "b")

#: Theano scalar op name -> its dtype rule, dialect op and exported names.
SCALAR_OPS = _ops(
    ScalarOp("add", _same, dialect.AddOp, _AB, ("add",), nary=True),
    ScalarOp("sub", _no_bool("sub"), dialect.SubOp, _AB, ("sub",)),
    ScalarOp("mul", _same, dialect.MulOp, _AB, ("mul",), nary=True),
    ScalarOp("true_div", dtypes.true_div_dtype, dialect.TrueDivOp, _AB, ("true_div",)),
    ScalarOp(
        "int_div",
        _no_complex_division("integer division", "//"),
        dialect.IntDivOp,
        _AB,
        ("int_div", "floor_div"),
    ),
    ScalarOp("mod", _no_complex_division("the mod operator", "%"), dialect.ModOp, _AB, ("mod",)),
    ScalarOp("pow", _pow, dialect.PowOp, _AB, ("pow",)),
    ScalarOp("maximum", _same, dialect.MaximumOp, _AB, ("maximum",), takes_bool=True),
    ScalarOp("minimum", _same, dialect.MinimumOp, _AB, ("minimum",), takes_bool=True),
    ScalarOp("eq", _bool, dialect.EqOp, _AB, ("eq",), takes_bool=True),
    ScalarOp("neq", _bool, dialect.NeqOp, _AB, ("neq",), takes_bool=True),
    ScalarOp("lt", _bool, dialect.LtOp, _AB, ("lt",), takes_bool=True),
    ScalarOp("le", _bool, dialect.LeOp, _AB, ("le",), takes_bool=True),
    ScalarOp("gt", _bool, dialect.GtOp, _AB, ("gt",), takes_bool=True),
    ScalarOp("ge", _bool, dialect.GeOp, _AB, ("ge",), takes_bool=True),
    ScalarOp("and_", _bitwise("and_"), dialect.AndOp, _AB, ("and_", "bitwise_and"), takes_bool=True),
    ScalarOp("or_", _bitwise("or_"), dialect.OrOp, _AB, ("or_", "bitwise_or"), takes_bool=True),
    ScalarOp("xor", _bitwise("xor"), dialect.XorOp, _AB, ("xor", "bitwise_xor"), takes_bool=True),
    ScalarOp("invert", _bitwise("invert"), dialect.NotOp, ("a",), ("invert", "bitwise_not"), takes_bool=True),
    ScalarOp(
        "switch",
        _switch,
        dialect.SwitchOp,
        ("cond", "ift", "iff"),
        ("switch",),
        takes_bool=True,
        compute=lambda c, a, b: ["bool"] + [dtypes.upcast(a, b)] * 2,
    ),
    ScalarOp("neg", _no_bool("neg"), dialect.NegOp, names=("neg",)),
    ScalarOp(
        "abs_",
        _real_out,
        _ByKind(dialect.AbsOp, dialect.ComplexAbsOp),
        names=("abs_",),
        compute=_keep_complex,
    ),
    ScalarOp("sgn", _no_complex(_no_bool("sgn"), "sgn"), dialect.SgnOp, names=("sgn",)),
    ScalarOp("sqr", _same, dialect.SqrOp, names=("sqr", "square")),
    ScalarOp("inv", _to_float, dialect.InvOp, names=("inv",)),
    ScalarOp("erf", _to_float, dialect.ErfOp, names=("erf",)),
    ScalarOp("erfc", _to_float, dialect.ErfcOp, names=("erfc",)),
    ScalarOp("isnan", _bool, dialect.IsNanOp, names=("isnan",), compute=lambda a: [_to_float(a)]),
    ScalarOp("isinf", _bool, dialect.IsInfOp, names=("isinf",), compute=lambda a: [_to_float(a)]),
    ScalarOp("exp", _to_float, dialect.ExpOp, names=("exp",)),
    ScalarOp("log", _to_float, dialect.LogOp, names=("log",)),
    ScalarOp("log1p", _to_float, dialect.Log1pOp, names=("log1p",)),
    ScalarOp("expm1", _to_float, dialect.Expm1Op, names=("expm1",)),
    ScalarOp("sqrt", _to_float, dialect.SqrtOp, names=("sqrt",)),
    ScalarOp("tanh", _to_float, dialect.TanhOp, names=("tanh",)),
    ScalarOp("sin", _to_float, dialect.SinOp, names=("sin",)),
    ScalarOp("cos", _to_float, dialect.CosOp, names=("cos",)),
    ScalarOp("floor", _no_complex(_to_float, "floor"), dialect.FloorOp, names=("floor",)),
    ScalarOp("ceil", _no_complex(_to_float, "ceil"), dialect.CeilOp, names=("ceil",)),
    ScalarOp(
        "round_half_to_even",
        _float_only("round_half_to_even"),
        dialect.RoundOp,
        names=("round_half_to_even",),
    ),
    ScalarOp(
        "round_half_away_from_zero",
        _float_only("round_half_away_from_zero"),
        dialect.RoundOp,
        names=("round_half_away_from_zero",),
        attributes=(("half_away_from_zero", True),),
    ),
    ScalarOp("sigmoid", _to_float, dialect.SigmoidOp, ("x",), ("sigmoid",), "nnet"),
    ScalarOp("softplus", _to_float, dialect.SoftplusOp, ("x",), ("softplus",), "nnet"),
    ScalarOp("relu", _to_float, dialect.ReluOp, ("x", "alpha"), ("relu",), "nnet", defaults=(0,)),
    ScalarOp("elu", _elu, dialect.EluOp, ("x", "alpha"), ("elu",), "nnet", defaults=(1,)),
    ScalarOp("softsign", _to_float, dialect.SoftsignOp, ("x",), ("softsign",), "nnet"),
    ScalarOp("hard_sigmoid", _to_float, dialect.HardSigmoidOp, ("x",), ("hard_sigmoid",), "nnet"),
    # The rest of Theano's scalar math (#21)
    ScalarOp("tan", _to_float, dialect.TanOp, names=("tan",)),
    ScalarOp("arcsin", _to_float, dialect.ArcSinOp, names=("arcsin",)),
    ScalarOp("arccos", _to_float, dialect.ArcCosOp, names=("arccos",)),
    ScalarOp("arctan", _to_float, dialect.ArcTanOp, names=("arctan",)),
    ScalarOp("arctan2", _to_float, dialect.ArcTan2Op, _AB, ("arctan2",)),
    ScalarOp("sinh", _to_float, dialect.SinhOp, names=("sinh",)),
    ScalarOp("cosh", _to_float, dialect.CoshOp, names=("cosh",)),
    ScalarOp("arcsinh", _to_float, dialect.ArcSinhOp, names=("arcsinh",)),
    ScalarOp("arccosh", _to_float, dialect.ArcCoshOp, names=("arccosh",)),
    ScalarOp("arctanh", _to_float, dialect.ArcTanhOp, names=("arctanh",)),
    ScalarOp("log2", _to_float, dialect.Log2Op, names=("log2",)),
    ScalarOp("log10", _to_float, dialect.Log10Op, names=("log10",)),
    ScalarOp("exp2", _to_float, dialect.Exp2Op, names=("exp2",)),
    ScalarOp("deg2rad", _to_float, dialect.Deg2RadOp, names=("deg2rad",)),
    ScalarOp("rad2deg", _to_float, dialect.Rad2DegOp, names=("rad2deg",)),
    ScalarOp("trunc", _no_complex(_to_float, "trunc"), dialect.TruncOp, names=("trunc",)),
    ScalarOp("gamma", _to_float, dialect.GammaOp, names=("gamma",)),
    ScalarOp("gammaln", _to_float, dialect.GammaLnOp, names=("gammaln",)),
    ScalarOp("psi", _to_float, dialect.PsiOp, names=("psi",)),
    ScalarOp("tri_gamma", _to_float, dialect.TriGammaOp, names=("tri_gamma",)),
    ScalarOp("erfinv", _to_float, dialect.ErfInvOp, names=("erfinv",)),
    ScalarOp("erfcinv", _to_float, dialect.ErfcInvOp, names=("erfcinv",)),
    ScalarOp("erfcx", _to_float, dialect.ErfcxOp, names=("erfcx",)),
    # conj and real of a real number are that number
    ScalarOp("conj", _same, _ByKind(_Identity, dialect.ConjOp), names=("conj",), takes_bool=True),
    ScalarOp(
        "real",
        _real_out,
        _ByKind(_Identity, dialect.RealOp),
        names=("real",),
        takes_bool=True,
        compute=_keep_complex,
    ),
    # imag and angle of a complex input (theano.tensor.imag and angle compose
    # them for a real one)
    ScalarOp("imag", _real_out, dialect.ImagOp, compute=_keep_complex),
    ScalarOp("angle", lambda a: "float64", dialect.AngleOp, compute=_keep_complex),
    ScalarOp(
        "complex_from_polar",
        _complex,
        dialect.ComplexFromPolarOp,
        _AB,
        ("complex_from_polar",),
        compute=_parts_of,
    ),
    ScalarOp("complex", _complex, dialect.ComplexOp, _AB, ("complex",), compute=_parts_of),
    # Theano's scipy-backed Bessel functions and chi2sf (scipy.stats.chi2.sf,
    # float64 whatever the inputs: Theano's upgrade_to_float64)
    ScalarOp("chi2sf", lambda x, k: "float64", dialect.Chi2SFOp, ("x", "k"), ("chi2sf",)),
    ScalarOp("j0", _to_float, dialect.J0Op, names=("j0",)),
    ScalarOp("j1", _to_float, dialect.J1Op, names=("j1",)),
    ScalarOp("jv", _to_float, dialect.JvOp, ("v", "x"), ("jv",)),
    ScalarOp("i0", _to_float, dialect.I0Op, names=("i0",)),
    ScalarOp("i1", _to_float, dialect.I1Op, names=("i1",)),
    ScalarOp("iv", _to_float, dialect.IvOp, ("v", "x"), ("iv",)),
)

# ---------------------------------------------------------------------------
# Elemwise, Cast, DimShuffle
# ---------------------------------------------------------------------------


class Elemwise(Op):
    """A scalar op applied elementwise with Theano's broadcasting: inputs of
    lower rank get leading broadcastable dimensions (a DimShuffle).

    As in Theano, `T.add`, `T.exp`, ... are instances: calling one builds a
    node (keywords and defaults as the table's `params` and `defaults` say,
    `T.nnet.relu(x, alpha=0.1)`), and `str(T.add)` is
    `Elemwise{add,no_inplace}` (or `name`, given: `sigmoid`)."""

    __props__ = ("scalar_op",)

    def __init__(self, scalar_op: ScalarOp, inplace_pattern=None, name=None):
        self.scalar_op = scalar_op
        self.name = name
        # Theano's {output: input} of the outputs computed into an input's
        # memory (the output has that input's type). The kernel computes
        # them out of place; a compiled function then copies the result
        # into the array the caller passed for that input, as Theano's
        # inplace ops leave it (theano_mlir.compile.function_module).
        self.inplace_pattern = dict(inplace_pattern or {})
        if scalar_op is not None:
            self._signature = _signature(scalar_op)

    def __str__(self):
        if self.name:
            return self.name
        inplace = "inplace" if self.inplace_pattern else "no_inplace"
        return f"Elemwise{{{self.scalar_op.name},{inplace}}}"

    __repr__ = __str__

    def __call__(self, *args, return_list=False, **kwargs):
        scalar_op = self.scalar_op
        if kwargs or (not scalar_op.nary and len(args) != scalar_op.nin):
            if scalar_op.nary:
                raise TypeError(f"{self} takes its inputs positionally, got keywords {sorted(kwargs)}")
            try:
                bound = self._signature.bind(*args, **kwargs)
            except TypeError as error:
                raise TypeError(f"{self}: {error}") from None
            bound.apply_defaults()
            args = bound.args
        return super().__call__(*args, return_list=return_list)

    def output_dtype(self, inputs):
        return self.scalar_op.output(*[i.dtype for i in inputs])

    def make_node(self, *inputs):
        nin = self.scalar_op.nin
        if nin == -1 and len(inputs) < 1 or nin != -1 and len(inputs) != nin:
            raise TypeError(f"{self} takes {nin if nin != -1 else 'one or more'} inputs, got {len(inputs)}")
        inputs = [as_tensor_variable(i) for i in inputs]
        dtype = self.output_dtype(inputs)
        ndim = max(i.ndim for i in inputs)
        inputs = [
            i if i.ndim == ndim else DimShuffle(["x"] * (ndim - i.ndim) + list(range(i.ndim)))(i)
            for i in inputs
        ]
        broadcastable = [all(i.broadcastable[d] for i in inputs) for d in range(ndim)]
        for overwritten in self.inplace_pattern.values():
            # Theano's inplace ops (scalar ops of transfer_type(0)): the
            # result has the type of the input it overwrites.
            source = inputs[overwritten]
            if any(b and not out for b, out in zip(source.broadcastable, broadcastable)):
                raise ValueError("Operation cannot be done inplace on an input with broadcasted dimensions.")
            dtype = source.dtype
        return Apply(self, inputs, [TensorType(dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        """Theano's: each dimension that of an input not broadcastable there
        (1 where every input is)."""
        shapes = []
        for output in node.outputs:
            shape = []
            for d, broadcastable in enumerate(output.broadcastable):
                sizes = [s[d] for i, s in zip(node.inputs, input_shapes) if not i.broadcastable[d]]
                shape.append(1 if broadcastable or not sizes else sizes[0])
            shapes.append(tuple(shape))
        return shapes

    def emit(self, emitter, node, inputs):
        out_dtype = node.outputs[0].dtype
        if self.inplace_pattern:
            # computed as the out-of-place op, then cast to the overwritten input's dtype
            natural = self.output_dtype(node.inputs)
            compute = self.scalar_op.compute_dtypes([i.dtype for i in node.inputs], natural)
            operands = [emitter.cast(value, dtype) for value, dtype in zip(inputs, compute)]
            if len(operands) == 1 and self.scalar_op.nary:
                return [emitter.cast(operands[0], out_dtype)]
            return [emitter.cast(emitter.cast(self.scalar_op.build(operands), natural), out_dtype)]
        compute = self.scalar_op.compute_dtypes([i.dtype for i in node.inputs], out_dtype)
        operands = [emitter.cast(value, dtype) for value, dtype in zip(inputs, compute)]
        if len(operands) == 1 and self.scalar_op.nary:
            return [emitter.cast(operands[0], out_dtype)]
        return [emitter.cast(self.scalar_op.build(operands), out_dtype)]


class Cast(Elemwise):
    """Elementwise conversion to `dtype` (numpy's astype)."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        super().__init__(None, name=f"Elemwise{{Cast{{{dtype}}}}}")
        self.dtype = dtype

    __call__ = Op.__call__

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType(self.dtype, x.broadcastable)()])

    def emit(self, emitter, node, inputs):
        return [emitter.cast(inputs[0], self.dtype)]


class DimShuffle(Op):
    """Theano's dimshuffle: `new_order` lists input dimensions and 'x' for new
    broadcastable ones; dropped dimensions must be broadcastable."""

    __props__ = ("new_order",)

    def __init__(self, *args, inplace=True):
        # DimShuffle(new_order), or Theano's DimShuffle(input_broadcastable, new_order[, inplace])
        if len(args) == 1:
            (new_order,) = args
            self.input_broadcastable = None
        elif len(args) in (2, 3):
            self.input_broadcastable, new_order = tuple(bool(b) for b in args[0]), args[1]
            if len(args) == 3:
                inplace = args[2]
        else:
            raise TypeError(f"DimShuffle takes (new_order) or (input_broadcastable, new_order), got {args}")
        self.new_order = tuple("x" if d == "x" else int(d) for d in new_order)
        self.inplace = inplace
        if self.input_broadcastable is not None:
            # Theano checks the order against the input's pattern when built
            ndim = len(self.input_broadcastable)
            kept = [d for d in self.new_order if d != "x"]
            for i, d in enumerate(kept):
                if d >= ndim:
                    raise ValueError(f"new_order[{i}] is {d}, but the input only has {ndim} axes.")
                if d in kept[i + 1 :]:
                    raise ValueError(
                        "The same input dimension may not appear twice in the list of output dimensions",
                        self.new_order,
                    )
            for d, b in enumerate(self.input_broadcastable):
                if d not in kept and not b:
                    raise ValueError(
                        "You cannot drop a non-broadcastable dimension.",
                        (self.input_broadcastable, self.new_order),
                    )

    def __str__(self):
        return "InplaceDimShuffle{" + ",".join(str(d) for d in self.new_order) + "}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        kept = [d for d in self.new_order if d != "x"]
        for d in kept:
            if not 0 <= d < x.ndim:
                raise ValueError(
                    f"dimshuffle {self.new_order}: dimension {d} does not exist in a "
                    f"{x.ndim}-dimensional input"
                )
        if len(set(kept)) != len(kept):
            raise ValueError(f"dimshuffle {self.new_order}: a dimension appears twice")
        for d in range(x.ndim):
            if d not in kept and not x.broadcastable[d]:
                raise ValueError(
                    f"You cannot drop a non-broadcastable dimension: dimension {d} "
                    f"of {x.type} in dimshuffle {self.new_order}"
                )
        broadcastable = [True if d == "x" else x.broadcastable[d] for d in self.new_order]
        return Apply(self, [x], [TensorType(x.dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        (shape,) = input_shapes
        return [tuple(1 if d == "x" else shape[d] for d in self.new_order)]

    def emit(self, emitter, node, inputs):
        (value,) = inputs
        shape = emitter.shape_of(value)
        order = [-1 if d == "x" else d for d in self.new_order]
        result_shape = [1 if d == -1 else shape[d] for d in order]
        result_type = emitter.tensor_type(node.outputs[0].dtype, result_shape)
        return [dialect.dimshuffle(result_type, value, order)]


# ---------------------------------------------------------------------------
# The exported functions
# ---------------------------------------------------------------------------


def _signature(scalar_op):
    """The Python signature of an op's exported name: its `params`, the last
    ones with `defaults`."""
    defaults = dict(
        zip(scalar_op.params[len(scalar_op.params) - len(scalar_op.defaults) :], scalar_op.defaults)
    )
    return inspect.Signature(
        [
            inspect.Parameter(
                p, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=defaults.get(p, inspect.Parameter.empty)
            )
            for p in scalar_op.params
        ]
    )


def _exports():
    """One Elemwise per table entry, under each of its names. In theano.tensor
    it prints as `Elemwise{add,no_inplace}`; in theano.tensor.nnet by its
    first name (`sigmoid`), as Theano's named Elemwise instances do."""
    exports = {"tensor": {}, "nnet": {}}
    for scalar_op in SCALAR_OPS.values():
        for name in scalar_op.names:
            # an alias is an op of its own, equal to the first (T.square == T.sqr, not T.sqr itself)
            op = Elemwise(scalar_op, name=scalar_op.names[0] if scalar_op.module == "nnet" else None)
            exports[scalar_op.module][name] = op
    return exports


#: The Elemwise ops the table exports: module ("tensor", "nnet") -> name -> op.
EXPORTS = _exports()
globals().update(EXPORTS["tensor"])  # add, mul, ...: what basic.py builds with
globals().update(EXPORTS["nnet"])


# ---------------------------------------------------------------------------
# Theano's CAReduce family (theano.tensor.elemwise): CAReduce(scalar_op,
# axis), Sum, Prod, ProdWithoutZeros, All, Any. T.sum and T.prod build Sum
# and Prod nodes; each emits the dialect's reduction as Reduce does.
# ---------------------------------------------------------------------------

#: scalar op name -> the reduction (and_ and or_ of bools are min and max)
_CAREDUCE_KINDS = {
    "add": "sum",
    "mul": "prod",
    "maximum": "max",
    "minimum": "min",
    "and_": "min",
    "or_": "max",
}


class CAReduce(Op):
    """Theano's CAReduce: `scalar_op` (add, mul, maximum, minimum; and_ and
    or_ over bools) folded over `axis` (None: all axes; an int or a list,
    negative counting from the end), which is removed. The result has the
    dtype `scalar_op` gives two inputs of the input's dtype (Theano's rule).
    theano_mlir has no bitwise reductions of integers (and_, or_, xor over
    ints): those raise NotImplementedError."""

    __props__ = ("scalar_op", "axis")

    def __init__(self, scalar_op, axis=None):
        name = getattr(scalar_op, "name", scalar_op)
        if name not in _CAREDUCE_KINDS and name != "xor":
            raise NotImplementedError(
                f"CAReduce of {name}: theano_mlir reduces with {sorted(_CAREDUCE_KINDS)}"
            )
        self.scalar_op = scalar_op
        if axis is None:
            self.axis = None
        elif isinstance(axis, (int, np.integer)):
            self.axis = (int(axis),)
        else:
            self.axis = tuple(int(a) for a in axis)

    @property
    def _name(self):
        return getattr(self.scalar_op, "name", self.scalar_op)

    def __str__(self):
        params = [] if self.axis is None else [f"axis={list(self.axis)}"]
        return f"{type(self).__name__}{{{self._name}{'' if not params else ', ' + ', '.join(params)}}}"

    def axes(self, ndim):
        """The reduced axes of an input of `ndim` dimensions (sorted, non-negative)."""
        return normalize_axes(None if self.axis is None else list(self.axis), ndim)

    def output_dtype(self, dtype):
        name = self._name
        if name in ("and_", "or_", "xor") and dtype != "bool":
            raise NotImplementedError(
                f"{self}: bitwise reductions of integers ({dtype}) are not implemented in theano_mlir"
            )
        if name == "xor":
            raise NotImplementedError(f"{self}: xor reductions are not implemented in theano_mlir")
        return dtype

    def acc_dtype_of(self, dtype):
        return "uint8" if dtype == "bool" else dtype

    def make_node(self, x):
        x = as_tensor_variable(x)
        axes = self.axes(x.ndim)
        dtype = self.output_dtype(x.dtype)
        broadcastable = [b for d, b in enumerate(x.broadcastable) if d not in axes]
        return Apply(self, [x], [TensorType(dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        axes = self.axes(node.inputs[0].ndim)
        return [tuple(s for d, s in enumerate(input_shapes[0]) if d not in axes)]

    def emit(self, emitter, node, inputs):
        (value,) = inputs
        x = node.inputs[0]
        axes = self.axes(x.ndim)
        acc = self.acc_dtype_of(x.dtype)
        kind = _CAREDUCE_KINDS[self._name]
        if acc == "bool":
            # Theano's add and mul of bools are `or` and `and`
            acc, kind = "uint8", {"sum": "max", "prod": "min"}.get(kind, kind)
            value = emitter.cast(emitter.cast(value, "bool"), acc)
        value = emitter.cast(value, acc)
        shape = [s for d, s in enumerate(emitter.shape_of(value)) if d not in axes]
        result = Reduce._BUILDERS[kind](emitter.tensor_type(acc, shape), value, list(axes))
        return [emitter.cast(result, node.outputs[0].dtype)]


#: Theano's default accumulator dtype of sum and prod, by input dtype
_DEFAULT_ACC_DTYPES = {
    "bool": "int64",
    "int8": "int64",
    "int16": "int64",
    "int32": "int64",
    "uint8": "uint64",
    "uint16": "uint64",
    "uint32": "uint64",
    "float16": "float32",
    "float32": "float64",
    "complex64": "complex128",
}


class CAReduceDtype(CAReduce):
    """A CAReduce with Theano's `dtype` (the result's; by default int64 for
    signed ints and bool, uint64 for unsigned, the input's for floats) and
    `acc_dtype` (the accumulator's; by default, as Theano's, of the input's
    dtype: int64/uint64 for discrete ones, float32 for float16, float64 for
    float32, complex128 for complex64). A given acc_dtype that would lose
    the input's precision is Theano's TypeError (a continuous one for a
    discrete input is accepted)."""

    __props__ = ("scalar_op", "axis", "dtype", "acc_dtype")

    def __init__(self, scalar_op, axis=None, dtype=None, acc_dtype=None):
        super().__init__(scalar_op, axis)
        self.dtype = dtype
        self.acc_dtype = acc_dtype

    def __str__(self):
        params = [] if self.axis is None else [f"axis={list(self.axis)}"]
        if self.acc_dtype is not None:
            params.append(f"acc_dtype={self.acc_dtype}")
        return type(self).__name__ + ("{" + ", ".join(params) + "}" if params else "")

    def output_dtype(self, dtype):
        return TensorType(self.dtype or sum_dtype(dtype), ()).dtype

    def acc_dtype_of(self, dtype):
        if self.acc_dtype is None:
            return _DEFAULT_ACC_DTYPES.get(dtype, dtype)
        acc = TensorType(self.acc_dtype, ()).dtype
        continuous = dtypes.FLOATS | dtypes.COMPLEX
        if acc in continuous and dtype in dtypes.DISCRETE:
            return acc
        upcasted = dtypes.upcast(dtype, acc)
        if upcasted != acc:
            raise TypeError(
                f"Cannot build {self} node with input dtype {dtype} and acc_dtype {acc}, as precision "
                "would be lost. To correct this error, you can:\n"
                "  - not specify acc_dtype, or\n"
                f"  - use an acc_dtype at least as precise as {upcasted}.\n"
                '  - specify "dtype" instead of "acc_dtype", so the reduction will be precise, but the '
                'result will be casted into "dtype" at the end.\n'
                "If you are expecting the precision loss, you can use tensor.cast(..., "
                f'dtype="{acc}"), on your input.'
            )
        return acc

    def make_node(self, x):
        # as Theano: the node's op has its dtype and acc_dtype resolved
        x = as_tensor_variable(x)
        if self.dtype is None or self.acc_dtype is None:
            op = copy.copy(self)
            op.dtype, op.acc_dtype = self.output_dtype(x.dtype), self.acc_dtype_of(x.dtype)
            return op.make_node(x)
        return super().make_node(x)


class Sum(CAReduceDtype):
    """Theano's Sum(axis, dtype, acc_dtype): what T.sum builds."""

    def __init__(self, axis=None, dtype=None, acc_dtype=None):
        super().__init__("add", axis, dtype, acc_dtype)


class Prod(CAReduceDtype):
    """Theano's Prod(axis, dtype, acc_dtype): what T.prod builds.
    `no_zeros_in_input` (Theano's hint for its gradient) changes nothing here."""

    __props__ = ("scalar_op", "axis", "dtype", "acc_dtype", "no_zeros_in_input")

    def __init__(self, axis=None, dtype=None, acc_dtype=None, no_zeros_in_input=False):
        super().__init__("mul", axis, dtype, acc_dtype)
        self.no_zeros_in_input = no_zeros_in_input


class ProdWithoutZeros(CAReduceDtype):
    """Theano's ProdWithoutZeros: the product of the nonzero elements (its
    scalar op mul_without_zeros: a zero operand is left out), 0 where all
    are zeros. Its gradient is not implemented (Theano's)."""

    def __init__(self, axis=None, dtype=None, acc_dtype=None):
        super().__init__("mul", axis, dtype, acc_dtype)

    def emit(self, emitter, node, inputs):
        tensor = EXPORTS["tensor"]
        x = node.inputs[0].type()
        zero = tensor["eq"](x, 0)
        one = np.ones((), dtype=x.dtype)
        product = Prod(self.axis, self.dtype, self.acc_dtype)(tensor["switch"](zero, one, x))
        result = tensor["switch"](All(self.axis)(zero), np.zeros((), dtype=product.dtype), product)
        out = node.outputs[0]
        (value,) = emitter.emit_graph([x], [result], inputs)
        return [emitter.cast(value, out.dtype)]

    def grad(self, inputs, output_grads):
        return [
            NullType(
                f"This variable is Null because the grad method for input 0 ({inputs[0]}) of the "
                f"{self} op is not implemented. 2nd derivatives of `product(a)` is not currently "
                "supported.If `a` is guaranteed to contains no zeros, use "
                "`product(a, no_zeros_in_input=True)`."
            )()
        ]


class All(CAReduce):
    """Theano's All(axis): whether every element is nonzero (bool)."""

    def __init__(self, axis=None):
        super().__init__("and_", axis)

    def output_dtype(self, dtype):
        return "bool"

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.dtype != "bool":
            x = EXPORTS["tensor"]["neq"](x, 0)
        return super().make_node(x)


class Any(All):
    """Theano's Any(axis): whether some element is nonzero (bool)."""

    def __init__(self, axis=None):
        CAReduce.__init__(self, "or_", axis)
