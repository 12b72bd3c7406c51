"""Elementwise ops: the one table of Theano scalar ops, each with its dtype
rule and its `theano` dialect op (by generated builder class), from which
the Elemwise ops and the `theano.tensor` and `theano.tensor.nnet` functions
follow; and DimShuffle."""

import inspect
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .. import dtypes
from ..dialect import theano as dialect
from ..graph import Apply, Op
from .conversion import as_tensor_variable
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
    ScalarOp("int_div", _same, dialect.IntDivOp, _AB, ("int_div", "floor_div")),
    ScalarOp("mod", _same, dialect.ModOp, _AB, ("mod",)),
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
    ScalarOp("abs_", _same, dialect.AbsOp, names=("abs_",)),
    ScalarOp("sgn", _no_bool("sgn"), dialect.SgnOp, names=("sgn",)),
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
    ScalarOp("floor", _to_float, dialect.FloorOp, names=("floor",)),
    ScalarOp("ceil", _to_float, dialect.CeilOp, names=("ceil",)),
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
    ScalarOp("trunc", _to_float, dialect.TruncOp, names=("trunc",)),
    ScalarOp("gamma", _to_float, dialect.GammaOp, names=("gamma",)),
    ScalarOp("gammaln", _to_float, dialect.GammaLnOp, names=("gammaln",)),
    ScalarOp("psi", _to_float, dialect.PsiOp, names=("psi",)),
    ScalarOp("tri_gamma", _to_float, dialect.TriGammaOp, names=("tri_gamma",)),
    ScalarOp("erfinv", _to_float, dialect.ErfInvOp, names=("erfinv",)),
    ScalarOp("erfcinv", _to_float, dialect.ErfcInvOp, names=("erfcinv",)),
    ScalarOp("erfcx", _to_float, dialect.ErfcxOp, names=("erfcx",)),
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

    #: Theano's: this op computes into no input's memory
    inplace_pattern = {}

    def __init__(self, scalar_op: ScalarOp, name=None):
        self.scalar_op = scalar_op
        self.name = name
        if scalar_op is not None:
            self._signature = _signature(scalar_op)

    def __str__(self):
        return self.name or f"Elemwise{{{self.scalar_op.name},no_inplace}}"

    __repr__ = __str__

    def __call__(self, *args, **kwargs):
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
        return super().__call__(*args)

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
        return Apply(self, inputs, [TensorType(dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        out_dtype = node.outputs[0].dtype
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
