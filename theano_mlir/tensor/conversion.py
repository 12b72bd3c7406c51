"""Values as tensor variables: constants (Theano's autocast dtypes) and
sequences holding variables (a MakeVector)."""

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Op, Variable
from .type import TensorType


#: Theano's stack, for lists holding non-scalar variables (set by
#: tensor.concatenation, which builds on this module).
stack_variables = None


class AsTensorError(TypeError):
    """Raised when a value cannot become a tensor variable."""


def constant(x, name=None, dtype=None):
    """A TensorConstant holding `x`; Python scalars get Theano's autocast dtype."""
    if dtype is None and isinstance(x, (bool, int, float)) and not isinstance(x, np.generic):
        dtype = dtypes.autocast_python_scalar(x)
    data = np.asarray(x, dtype=dtype)
    if dtype is None and data.size == 0 and not hasattr(x, "dtype"):
        data = data.astype(config.floatX)  # Theano's: an empty list or tuple is floatX
    if data.dtype == object or data.dtype.kind in "USV":
        raise AsTensorError(f"Cannot convert {x!r} to a tensor constant")
    broadcastable = [size == 1 for size in data.shape]
    return TensorType(data.dtype, broadcastable).make_constant(data, name=name)


def as_tensor_variable(x, name=None, ndim=None):
    """`x` as a tensor variable: variables pass through, values become constants,
    sequences holding variables become a MakeVector, and an Apply node is its
    default output (Theano's). With `ndim`, leading broadcastable
    dimensions are dropped, or broadcastable ones added in front, to reach it."""
    if isinstance(x, Apply):
        if getattr(x.op, "default_output", None) is None and len(x.outputs) != 1:
            raise TypeError("It is ambiguous which output of a multi-output Op has to be fetched.", x)
        x = x.default_output()
    if isinstance(x, Variable):
        result = x
    elif isinstance(x, (list, tuple)) and any(isinstance(e, Variable) for e in x):
        if any(isinstance(e, Variable) and e.ndim > 0 for e in x):
            result = stack_variables(list(x))  # Theano's: a list of tensors stacks
        else:
            result = make_vector(*x)
    else:
        try:
            result = constant(x, name=name)
        except (TypeError, ValueError) as error:
            raise AsTensorError(str(error)) from None
    if ndim is None or result.ndim == ndim:
        return result
    if result.ndim < ndim:
        return result.dimshuffle(["x"] * (ndim - result.ndim) + list(range(result.ndim)))
    leading = 0
    while leading < result.ndim - ndim and result.broadcastable[leading]:
        leading += 1
    if result.ndim - leading != ndim:
        raise ValueError(f"TensorType could not be cast to have {ndim} dimensions", result.type)
    return result.dimshuffle(list(range(leading, result.ndim)))


class MakeVector(Op):
    """A vector of scalars (Theano's MakeVector), e.g. a symbolic shape."""

    __props__ = ("dtype",)

    def __init__(self, dtype="int64"):
        self.dtype = dtype

    def __str__(self):
        return f"MakeVector{{dtype='{self.dtype}'}}"

    def make_node(self, *elements):
        elements = [as_tensor_variable(e) for e in elements]
        for e in elements:
            if e.ndim != 0:
                raise TypeError(f"MakeVector takes scalars, got {e.type}")
        return Apply(self, elements, [TensorType(self.dtype, (len(elements) == 1,))()])

    def infer_shape(self, node, input_shapes):
        return [(len(node.inputs),)]

    def emit(self, emitter, node, inputs):
        values = [emitter.cast(v, self.dtype) for v in inputs]
        return [dialect.make_vector(emitter.tensor_type(self.dtype, (len(values),)), values)]

    def vector_entry(self, node, i):
        """Entry `i` of the output (get_scalar_constant_value's rule)."""
        return node.inputs[i]


def make_vector(*elements):
    elements = [as_tensor_variable(e) for e in elements]
    dtype = dtypes.upcast(*[e.dtype for e in elements]) if elements else "int64"
    return MakeVector(dtype)(*elements)
