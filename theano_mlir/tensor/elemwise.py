"""Elementwise ops: one table of Theano scalar ops, each mapped to its
`theano` dialect op, and DimShuffle."""
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from ..dialect import theano as dialect
from ..frontend import casting
from ..frontend.graph import Apply, Op
from ..frontend.type import TensorType


def _same(*dtypes):
    return casting.upcast(*dtypes)


def _no_bool(name):
    def rule(*dtypes):
        if all(d == "bool" for d in dtypes):
            raise TypeError(f"{name} is not defined for bool inputs (dtypes {', '.join(dtypes)})")
        return casting.upcast(*dtypes)
    return rule


def _float_only(name):
    def rule(*dtypes):
        if any(d not in casting.FLOATS for d in dtypes):
            raise TypeError(f"{name} is only defined for floats, got {', '.join(dtypes)}")
        return casting.upcast(*dtypes)
    return rule


def _bitwise(name):
    def rule(*dtypes):
        if not (all(d == "bool" for d in dtypes) or all(d in casting.INTEGERS for d in dtypes)):
            raise TypeError(f"{name} needs all-bool or all-integer inputs, got {', '.join(dtypes)}")
        out = casting.upcast(*dtypes)
        if out not in casting.DISCRETE:
            raise TypeError(f"{name} of {', '.join(dtypes)} has no integer result type")
        return out
    return rule


def _pow(*dtypes):
    return "int8" if all(d == "bool" for d in dtypes) else casting.upcast(*dtypes)


def _bool(*dtypes):
    casting.upcast(*dtypes)
    return "bool"


def _switch(cond, if_true, if_false):
    return casting.upcast(if_true, if_false)


@dataclass(frozen=True)
class ScalarOp:
    """A Theano scalar op applied elementwise.

    `output(*input_dtypes)` is Theano's output dtype rule (raising TypeError
    where Theano does). The dialect op `dialect` computes in one dtype per
    input (`compute`; by default the output dtype, or the inputs' upcast for
    comparisons); a bool computation the dialect op does not take runs in
    uint8 and is converted back (nonzero is true, as numpy's bool).
    """

    name: str
    nin: int
    output: Callable[..., str]
    dialect: str
    takes_bool: bool = False
    compute: Optional[Callable[..., Sequence[str]]] = None

    def compute_dtypes(self, input_dtypes, output_dtype):
        if self.compute is not None:
            dtypes = list(self.compute(*input_dtypes))
        elif output_dtype == "bool" and self.output is _bool:
            dtypes = [casting.upcast(*input_dtypes)] * len(input_dtypes)
        else:
            dtypes = [output_dtype] * len(input_dtypes)
        if not self.takes_bool:
            dtypes = ["uint8" if d == "bool" else d for d in dtypes]
        return dtypes

    def build(self, operands):
        return getattr(dialect, self.dialect)(*operands)


def _scalar_ops():
    float_unary = ["exp", "log", "log1p", "expm1", "sqrt", "tanh", "sin", "cos", "floor", "ceil"]
    ops = [
        ScalarOp("add", 2, _same, "add"),
        ScalarOp("sub", 2, _no_bool("sub"), "sub"),
        ScalarOp("mul", 2, _same, "mul"),
        ScalarOp("true_div", 2, casting.true_div_dtype, "true_div"),
        ScalarOp("int_div", 2, _same, "int_div"),
        ScalarOp("mod", 2, _same, "mod"),
        ScalarOp("pow", 2, _pow, "pow"),
        ScalarOp("maximum", 2, _same, "maximum", takes_bool=True),
        ScalarOp("minimum", 2, _same, "minimum", takes_bool=True),
        ScalarOp("and_", 2, _bitwise("and_"), "and_", takes_bool=True),
        ScalarOp("or_", 2, _bitwise("or_"), "or_", takes_bool=True),
        ScalarOp("xor", 2, _bitwise("xor"), "xor", takes_bool=True),
        ScalarOp("invert", 1, _bitwise("invert"), "not_", takes_bool=True),
        ScalarOp("neg", 1, _no_bool("neg"), "neg"),
        ScalarOp("abs_", 1, _same, "abs"),
        ScalarOp("sgn", 1, _no_bool("sgn"), "sgn"),
        ScalarOp("sqr", 1, _same, "sqr"),
        ScalarOp("round_half_to_even", 1, _float_only("round_half_to_even"), "round"),
        ScalarOp("sigmoid", 1, casting.upgrade_to_float, "sigmoid"),
        ScalarOp("softplus", 1, casting.upgrade_to_float, "softplus"),
        ScalarOp("relu", 2, casting.upgrade_to_float, "relu"),
        ScalarOp("switch", 3, _switch, "switch", takes_bool=True,
                 compute=lambda c, a, b: ["bool"] + [casting.upcast(a, b)] * 2),
    ]
    ops += [ScalarOp(name, 1, casting.upgrade_to_float, name) for name in float_unary]
    ops += [ScalarOp(name, 2, _bool, name, takes_bool=True) for name in ("eq", "neq", "lt", "le", "gt", "ge")]
    return {op.name: op for op in ops}


#: Theano scalar op name -> its rule and dialect op. The one table.
SCALAR_OPS = _scalar_ops()


class Elemwise(Op):
    """A scalar op applied elementwise with Theano's broadcasting: inputs of
    lower rank get leading broadcastable dimensions (a DimShuffle)."""

    __props__ = ("scalar_op",)

    def __init__(self, scalar_op: ScalarOp):
        self.scalar_op = scalar_op

    def __str__(self):
        return f"Elemwise{{{self.scalar_op.name},no_inplace}}"

    def output_dtype(self, inputs):
        return self.scalar_op.output(*[i.dtype for i in inputs])

    def make_node(self, *inputs):
        from .basic import as_tensor_variable

        if len(inputs) != self.scalar_op.nin:
            raise TypeError(f"{self} takes {self.scalar_op.nin} inputs, got {len(inputs)}")
        inputs = [as_tensor_variable(i) for i in inputs]
        dtype = self.output_dtype(inputs)
        ndim = max(i.ndim for i in inputs)
        inputs = [i if i.ndim == ndim else
                  DimShuffle(["x"] * (ndim - i.ndim) + list(range(i.ndim)))(i) for i in inputs]
        broadcastable = [all(i.broadcastable[d] for i in inputs) for d in range(ndim)]
        return Apply(self, inputs, [TensorType(dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        out_dtype = node.outputs[0].dtype
        compute = self.scalar_op.compute_dtypes([i.dtype for i in node.inputs], out_dtype)
        operands = [emitter.cast(value, dtype) for value, dtype in zip(inputs, compute)]
        return [emitter.cast(self.scalar_op.build(operands), out_dtype)]


class Cast(Elemwise):
    """Elementwise conversion to `dtype` (numpy's astype)."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dtype

    def __str__(self):
        return f"Elemwise{{Cast{{{self.dtype}}}}}"

    def make_node(self, x):
        from .basic import as_tensor_variable

        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType(self.dtype, x.broadcastable)()])

    def emit(self, emitter, node, inputs):
        return [emitter.cast(inputs[0], self.dtype)]


class DimShuffle(Op):
    """Theano's dimshuffle: `new_order` lists input dimensions and 'x' for new
    broadcastable ones; dropped dimensions must be broadcastable."""

    __props__ = ("new_order",)

    def __init__(self, new_order):
        self.new_order = tuple("x" if d == "x" else int(d) for d in new_order)

    def __str__(self):
        return "InplaceDimShuffle{" + ",".join(str(d) for d in self.new_order) + "}"

    def make_node(self, x):
        from .basic import as_tensor_variable

        x = as_tensor_variable(x)
        kept = [d for d in self.new_order if d != "x"]
        for d in kept:
            if not 0 <= d < x.ndim:
                raise ValueError(f"dimshuffle {self.new_order}: dimension {d} does not exist in a "
                                 f"{x.ndim}-dimensional input")
        if len(set(kept)) != len(kept):
            raise ValueError(f"dimshuffle {self.new_order}: a dimension appears twice")
        for d in range(x.ndim):
            if d not in kept and not x.broadcastable[d]:
                raise ValueError(f"You cannot drop a non-broadcastable dimension: dimension {d} "
                                 f"of {x.type} in dimshuffle {self.new_order}")
        broadcastable = [True if d == "x" else x.broadcastable[d] for d in self.new_order]
        return Apply(self, [x], [TensorType(x.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        (value,) = inputs
        shape = emitter.shape_of(value)
        order = [-1 if d == "x" else d for d in self.new_order]
        result_shape = [1 if d == -1 else shape[d] for d in order]
        result_type = emitter.tensor_type(node.outputs[0].dtype, result_shape)
        return [dialect.dimshuffle(result_type, value, order)]
