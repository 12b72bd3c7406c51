"""theano.scalar.basic: Theano's scalar types, dtype rules and scalar ops,
as far as code written for Theano uses them.

Theano computes on scalars with ops of their own; theano_mlir has one kind
of variable, the tensor: a `Scalar` type is a 0-d TensorType (its variables
are 0-d tensor variables, and mix with tensors as Theano's scalars do once
converted). The scalar ops (`add`, `mul`, `maximum`, ...) are the entries of
the one table of elementwise ops (theano_mlir.tensor.elemwise.SCALAR_OPS),
which `theano.tensor.Elemwise` takes as Theano's takes a scalar op.
"""

import inspect

import numpy as np

from .. import dtypes
from ..tensor.conversion import constant as _tensor_constant
from ..tensor.elemwise import SCALAR_OPS
from ..tensor.type import TensorType

#: Theano's autocasters: the dtypes a Python float (int) constant may get.
autocast_float = dtypes.autocast_float
autocast_int = dtypes.autocast_int
NumpyAutocaster = dtypes.NumpyAutocaster


class autocast_float_as:
    """Within `with autocast_float_as("float32"):`, Python floats used as
    constants get the given dtypes (the first that holds the value exactly)."""

    def __init__(self, *dtypes):
        self.dtypes = dtypes

    def __enter__(self):
        self.old_dtypes = autocast_float.dtypes
        autocast_float.dtypes = self.dtypes

    def __exit__(self, *args):
        autocast_float.dtypes = self.old_dtypes


ComplexError = dtypes.ComplexError


class IntegerDivisionError(Exception):
    """Raised when `/` would be integer division (config.int_division='raise')."""


def upcast(dtype, *dtypes_):
    """The dtype of an operation on `dtype` and `dtypes_` (numpy's promotion,
    keeping float32 where config.floatX is float32 and no input is float64)."""
    return dtypes.upcast(dtype, *dtypes_)


class Scalar(TensorType):
    """The type of a scalar of `dtype`: here a 0-d tensor type (see the module
    doc). `Scalar("int64")()` is a new variable."""

    def __init__(self, dtype):
        super().__init__(dtype, ())

    def __eq__(self, other):
        return isinstance(other, TensorType) and other.dtype == self.dtype and other.broadcastable == ()

    def __hash__(self):
        return super().__hash__()

    def __str__(self):
        return self.name or self.dtype

    __repr__ = __str__


_SCALAR_TYPES = {}


def get_scalar_type(dtype):
    """The Scalar type of `dtype` (one object per dtype)."""
    dtype = dtypes.resolve(dtype)
    if dtype not in _SCALAR_TYPES:
        _SCALAR_TYPES[dtype] = Scalar(dtype)
    return _SCALAR_TYPES[dtype]


bool = get_scalar_type("bool")  # noqa: A001 (Theano's name)
int8 = get_scalar_type("int8")
int16 = get_scalar_type("int16")
int32 = get_scalar_type("int32")
int64 = get_scalar_type("int64")
uint8 = get_scalar_type("uint8")
uint16 = get_scalar_type("uint16")
uint32 = get_scalar_type("uint32")
uint64 = get_scalar_type("uint64")
float16 = get_scalar_type("float16")
float32 = get_scalar_type("float32")
float64 = get_scalar_type("float64")
complex64 = get_scalar_type("complex64")
complex128 = get_scalar_type("complex128")

#: Theano's lists of scalar types (complex ones build graphs; the compiler
#: refuses a graph that computes with them).
int_types = [int8, int16, int32, int64]
uint_types = [uint8, uint16, uint32, uint64]
float_types = [float16, float32, float64]
complex_types = [complex64, complex128]
integer_types = int_types + uint_types
discrete_types = [bool] + integer_types
continuous_types = float_types + complex_types
all_types = discrete_types + continuous_types


def constant(x, name=None, dtype=None):
    """A scalar constant holding `x` (Python numbers get Theano's autocast dtype)."""
    result = _tensor_constant(x, name=name, dtype=dtype)
    if result.ndim != 0:
        raise TypeError(f"a scalar constant needs a scalar value, got {x!r}")
    return result


def as_scalar(x, name=None):
    """`x` as a scalar variable: a 0-d variable passes through, a number
    becomes a constant; anything of another rank is a TypeError."""
    if hasattr(x, "type"):
        if getattr(x.type, "broadcastable", None) != ():
            raise TypeError(f"Cannot convert {x} to a scalar: it has {x.ndim} dimensions")
        return x
    return constant(x, name=name)


def round_half_away_from_zero_vec(a):
    """numpy: `a` rounded to the nearest integer, halves away from zero."""
    a = np.asarray(a)
    return np.where(a >= 0, np.floor(a + 0.5), -np.floor(-a + 0.5)).astype(a.dtype)


def round_half_away_from_zero(a):
    return round_half_away_from_zero_vec(a)


# ---------------------------------------------------------------------------
# Theano's output type rules (`output_types_preference`): functions of the
# inputs' Scalar types returning the outputs' (a list).
# ---------------------------------------------------------------------------


def upcast_out(*types):
    """One output of the inputs' upcast type."""
    return [get_scalar_type(upcast(*[t.dtype for t in types]))]


def same_out(type):  # noqa: A002 (Theano's name)
    """One output of the (one) input's type."""
    return [type]


def float_out(*types):
    return [float64]


def int_out(*types):
    return [int64]


_TO_FLOAT = {
    "bool": "float32",
    "int8": "float32",
    "uint8": "float32",
    "int16": "float32",
    "uint16": "float32",
}


def upgrade_to_float(*types):
    """One float output: the upcast of the inputs, integers taken as the float
    that holds them (int8/int16 -> float32, wider -> float64; Theano's)."""
    converted = [_TO_FLOAT.get(t.dtype, "float64" if t.dtype in dtypes.INTEGERS else t.dtype) for t in types]
    return [get_scalar_type(upcast(*converted))]


class transfer_type:
    """Outputs of the types of the inputs at the given positions (or of the
    given types) (Theano's)."""

    def __init__(self, *transfer):
        self.transfer = transfer

    def __call__(self, *types):
        return [types[i] if isinstance(i, int) else get_scalar_type(i) for i in self.transfer]

    def __eq__(self, other):
        return type(self) is type(other) and self.transfer == other.transfer

    def __hash__(self):
        return hash((type(self), self.transfer))


class ScalarOp:
    """Theano's base of a scalar op defined in Python: `impl(*inputs)` (its
    arity is the op's), `output_types_preference` (a rule above) and,
    optionally, `grad(inputs, output_gradients)`. `theano.tensor.Elemwise`
    takes one and builds graphs of it; `grad` differentiates it through its
    `grad` method. Compiling it is a NotImplementedError: theano_mlir's
    kernels run no Python code (the table's ops, theano.scalar.add, ...,
    compile)."""

    nout = 1
    defaults = ()
    nary = False
    module = "tensor"
    takes_bool = True
    output_types_preference = None

    def __init__(self, output_types_preference=None, name=None):
        if output_types_preference is not None:
            self.output_types_preference = output_types_preference
        self._name = name

    @property
    def name(self):
        return getattr(self, "_name", None) or type(self).__name__.lower()

    @property
    def names(self):
        return (self.name,)

    @property
    def params(self):
        return tuple(inspect.signature(self.impl).parameters)

    @property
    def nin(self):
        return len(self.params)

    def impl(self, *inputs):
        raise NotImplementedError(f"{type(self).__name__}.impl")

    def output(self, *input_dtypes):
        if self.output_types_preference is None:
            raise NotImplementedError(f"{self} has no output_types_preference")
        types = self.output_types_preference(*[get_scalar_type(d) for d in input_dtypes])
        return types[0].dtype

    def compute_dtypes(self, input_dtypes, output_dtype):
        return list(input_dtypes)

    def build(self, operands):
        raise NotImplementedError(
            f"the scalar op {self} is defined in Python (impl): theano_mlir compiles only its own "
            "scalar ops (theano.scalar.add, mul, exp, ...)"
        )

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return self.name


def _table_op(name, doc):
    """A ScalarOp class computing the table's op `name`, of the output types
    its `output_types_preference` says (Theano's classes: Add(transfer_type(0)))."""
    entry = SCALAR_OPS[name]

    class TableOp(ScalarOp):
        nary = entry.nary
        takes_bool = entry.takes_bool

        @property
        def params(self):
            return tuple(entry.params)

        @property
        def nin(self):
            return entry.nin

        def output(self, *input_dtypes):
            if self.output_types_preference is None:
                return entry.output(*input_dtypes)
            return super().output(*input_dtypes)

        def compute_dtypes(self, input_dtypes, output_dtype):
            return entry.compute_dtypes(input_dtypes, output_dtype)

        def build(self, operands):
            return entry.build(operands)

    TableOp.__name__ = TableOp.__qualname__ = name.capitalize()
    TableOp.__doc__ = doc
    return TableOp


Add = _table_op("add", "Theano's Add: the sum of its inputs.")
Mul = _table_op("mul", "Theano's Mul: the product of its inputs.")
Sub = _table_op("sub", "Theano's Sub.")
Maximum = _table_op("maximum", "Theano's Maximum.")
Minimum = _table_op("minimum", "Theano's Minimum.")


#: the scalar ops, by Theano's names: add, mul, maximum, exp, switch, ...
OPS = dict(SCALAR_OPS)
for _op in SCALAR_OPS.values():
    for _name in _op.names:
        OPS.setdefault(_name, _op)
del _op, _name
globals().update(OPS)

__all__ = sorted(
    name
    for name in globals()
    if not name.startswith("_") and name not in ("np", "dtypes", "inspect", "SCALAR_OPS", "TensorType")
)
