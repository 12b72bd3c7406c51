"""Joining and splitting, as Theano's theano.tensor.basic: `join`,
`concatenate`, `stack`, `horizontal_stack`, `vertical_stack`, `split`,
`roll`.

A Join node emits its result as zeros of the joined shape into which each
input is written (theano.inc_subtensor with `set`): the writes check that
the other dimensions agree (Theano's ValueError), and their derivative rules
give each input its slice of the gradient.
"""

import warnings

import numpy as np

from .. import dtypes
from ..dialect import theano as dialect
from ..graph import Apply, Op, Variable
from .basic import (
    NotScalarConstantError,
    Shape_i,
    cast,
    flatten,
    get_scalar_constant_value,
    reshape,
    shape,
    with_sizes,
    vector_length,
)
from . import conversion
from .conversion import MakeVector, as_tensor_variable, constant
from .elemwise import DimShuffle, add, eq, lt, maximum, mul, switch
from .subtensor import _ABSENT, _DYNAMIC, getitem
from .type import TensorType


class Join(Op):
    """Tensors of one rank concatenated along an axis: Theano's Join, whose
    node's first input is the axis (an integer scalar): a constant, or a
    variable whose value the function sees when it runs (no dimension of the
    result is then broadcastable); `view` is Theano's and has no effect here
    (the result is always a new tensor)."""

    __props__ = ("view",)

    def __init__(self, view=-1):
        self.view = int(view)

    def __str__(self):
        return "Join"

    def make_node(self, axis, *tensors):
        if not tensors:
            raise ValueError("Cannot join an empty list of tensors")
        axis = as_tensor_variable(axis)
        if axis.ndim != 0 or axis.dtype not in dtypes.INTEGERS:
            raise TypeError(f"Join: the axis must be an integer scalar, got {axis.type}")
        tensors = [as_tensor_variable(t) for t in tensors]
        ndim = tensors[0].ndim
        if ndim == 0:
            raise TypeError("Join cannot handle scalar inputs: make them vectors first")
        if any(t.ndim != ndim for t in tensors):
            raise TypeError(
                "Join: all tensors must have the same number of dimensions, got "
                + ", ".join(str(t.ndim) for t in tensors)
            )
        dtype = dtypes.upcast(*[t.dtype for t in tensors])
        axis_value = _static_axis(axis)
        if axis_value is None:  # Theano's: no dimension is known to be broadcastable
            return Apply(self, [axis, *tensors], [TensorType(dtype, [False] * ndim)()])
        if not -ndim <= axis_value < ndim:
            raise IndexError(f"Join: axis {axis_value} is out of range for {ndim} dimensions")
        axis_value %= ndim
        # Theano's pattern: broadcastable where any input is (the others must
        # then have size 1 there), never along the axis unless one input is.
        broadcastable = [
            any(t.broadcastable[d] for t in tensors) if d != axis_value else False for d in range(ndim)
        ]
        if len(tensors) == 1:
            broadcastable[axis_value] = tensors[0].broadcastable[axis_value]
        return Apply(self, [axis, *tensors], [TensorType(dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        """The first input's shape, the sizes along the axis summed."""
        axis = int(node.inputs[0].data) % node.outputs[0].ndim
        shapes = input_shapes[1:]
        total = shapes[0][axis]
        for other in shapes[1:]:
            total = add(total, other[axis])
        return [tuple(total if d == axis else s for d, s in enumerate(shapes[0]))]

    def emit(self, emitter, node, inputs):
        out = node.outputs[0]
        dtype, rank = out.dtype, out.ndim
        axis = _static_axis(node.inputs[0])
        if axis is None:
            (result,) = emitter.emit_graph(node.inputs, [_join_at_runtime_axis(node)], inputs)
            return [emitter.with_static_shape(emitter.cast(result, dtype), [None] * rank)]
        axis %= rank
        values = [emitter.cast(v, dtype) for v in inputs[1:]]
        if len(values) == 1:
            return [values[0]]
        scalar = emitter.tensor_type("int64", ())

        def dim(value, d):
            return dialect.dim(scalar, value, d)

        # the joined shape: the first input's, the sizes along axis summed;
        # size 1 where the result is broadcastable
        sizes = []
        for d in range(rank):
            if out.broadcastable[d]:
                sizes.append(emitter.constant(np.array(1, "int64")))
            elif d != axis:
                sizes.append(dim(values[0], d))
            else:
                total = dim(values[0], axis)
                for v in values[1:]:
                    total = dialect.add(total, dim(v, axis))
                sizes.append(total)
        shape_value = dialect.make_vector(emitter.tensor_type("int64", (rank,)), sizes)
        zero = emitter.constant(np.zeros((1,) * rank, dtype))
        result = dialect.alloc(
            emitter.tensor_type(dtype, [1 if b else None for b in out.broadcastable]), zero, shape_value
        )
        # each input into its slice along axis: [start:stop] there, whole elsewhere
        indices = [False] * (axis + 1)
        steps = [_ABSENT] * (axis + 1)
        start = emitter.constant(np.array(0, "int64"))
        for v in values:
            stop = dialect.add(start, dim(v, axis))
            starts = [_ABSENT] * axis + [_DYNAMIC]
            stops = [_ABSENT] * axis + [_DYNAMIC]
            result = dialect.inc_subtensor(result, v, [start, stop], indices, starts, stops, steps, set=True)
            start = stop
        return [result]

    def vector_entry(self, node, i):
        """Entry `i` of a joined vector, where the joined vectors' lengths are
        known (get_scalar_constant_value's rule); None otherwise."""
        start = 0
        for joined in node.inputs[1:]:
            length = vector_length(joined) if joined.ndim == 1 else None
            if length is None:
                return None
            if i < start + length:
                return getitem(joined, i - start)
            start += length
        return None


def _static_axis(axis):
    """The axis as an int where the graph determines it (a constant, or a
    cast or expression of one), else None."""
    try:
        return int(get_scalar_constant_value(axis))
    except NotScalarConstantError:
        return None


def _join_at_runtime_axis(node):
    """The join of `node` along an axis known only when the function runs:
    each input seen as a matrix (the product of the sizes before the axis by
    the rest), joined along 1, then shaped as the result. Each input's other
    dimensions are checked against the first input's (a ValueError); an
    axis out of range is an IndexError."""
    axis, *tensors = node.inputs
    ndim = tensors[0].ndim
    # the axis normalized, by a checked read: one out of range is an IndexError
    position = switch(lt(axis, -ndim), 2 * ndim, add(axis, ndim))
    k = getitem(constant(np.arange(2 * ndim, dtype="int64") % ndim), position)
    first = [Shape_i(d)(tensors[0]) for d in range(ndim)]
    flat, total = [], 0
    for t in tensors:
        sizes = [Shape_i(d)(t) for d in range(ndim)]
        t = with_sizes(t, [switch(eq(k, d), sizes[d], first[d]) for d in range(ndim)])
        lead = mul(*[switch(lt(d, k), sizes[d], 1) for d in range(ndim)]) if ndim > 1 else 1
        rest = mul(*[switch(lt(d, k), 1, sizes[d]) for d in range(ndim)]) if ndim > 1 else sizes[0]
        flat.append(reshape(cast(t, node.outputs[0].dtype), [lead, rest], 2))
        total = add(total, sum_of([switch(eq(k, d), sizes[d], 0) for d in range(ndim)]))
    joined = Join()(1, *flat)
    return reshape(joined, [switch(eq(k, d), total, first[d]) for d in range(ndim)], ndim)


def sum_of(terms):
    return terms[0] if len(terms) == 1 else add(*terms)


def join(axis, *tensors_list):
    """Theano's join(axis, *tensors): concatenated along `axis`."""
    if len(tensors_list) == 1:
        return as_tensor_variable(tensors_list[0])
    return Join()(axis, *tensors_list)


def concatenate(tensor_list, axis=0):
    """numpy's concatenate (Theano's: `tensor_list` is a list or tuple)."""
    if not isinstance(tensor_list, (tuple, list)):
        raise TypeError(
            "The 'tensors' argument must be either a tuple or a list, make sure you did not forget () or [] "
            "around arguments of concatenate.",
            tensor_list,
        )
    return join(axis, *tensor_list)


def shape_padaxis_of(t, axis):
    t = as_tensor_variable(t)
    ndim = t.ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError(f"axis {axis} is out of bounds [-{ndim}, {ndim})")
    axis %= ndim
    pattern = list(range(t.ndim))
    pattern.insert(axis, "x")
    return DimShuffle(pattern)(t)


def stack(*tensors, **kwargs):
    """Theano's stack(tensors, axis=0): a new axis at `axis`, then joined
    along it; scalars (and Python numbers) make a MakeVector instead, as in
    Theano. Also Theano's forms stack(tensors, axis), stack(tensors=...,
    axis=...) and the deprecated stack(t1, t2, ...)."""
    if not tensors and not kwargs:
        raise Exception("theano.tensor.stack(tensors, axis) must have at least one parameter")
    unknown = set(kwargs) - {"tensors", "axis"}
    if unknown:
        raise TypeError(f"stack() got unexpected keyword arguments {sorted(unknown)}")
    if not kwargs and not isinstance(tensors[0], (list, tuple)):
        warnings.warn(
            "stack(*tensors) interface is deprecated, use stack(tensors, axis=0) instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        axis = 0
    elif "tensors" in kwargs:
        tensors = kwargs["tensors"]
        axis = kwargs.get("axis", 0)
    else:
        axis = tensors[1] if len(tensors) == 2 else kwargs.get("axis", 0)
        tensors = tensors[0]
    if len(tensors) == 0:
        raise Exception(
            "tensors is empty. You should at least provide one tensor to theano.tensor.stack(tensors, axis)."
        )
    if all(
        isinstance(t, (np.number, float, int, complex)) or (isinstance(t, Variable) and t.ndim == 0)
        for t in tensors
    ):
        tensors = [as_tensor_variable(t) for t in tensors]
        return MakeVector(dtypes.upcast(*[t.dtype for t in tensors]))(*tensors)
    tensors = [as_tensor_variable(t) for t in tensors]
    return join(axis, *[shape_padaxis_of(t, axis) for t in tensors])


def horizontal_stack(*args):
    """Theano's horizontal_stack: matrices side by side (axis 1)."""
    if len(args) < 2:
        raise ValueError("horizontal_stack needs at least two tensors")
    for arg in args:
        if as_tensor_variable(arg).ndim != 2:
            raise TypeError("horizontal_stack takes matrices")
    return concatenate(args, axis=1)


def vertical_stack(*args):
    """Theano's vertical_stack: matrices one above the other (axis 0)."""
    if len(args) < 2:
        raise ValueError("vertical_stack needs at least two tensors")
    for arg in args:
        if as_tensor_variable(arg).ndim != 2:
            raise TypeError("vertical_stack takes matrices")
    return concatenate(args, axis=0)


def split(x, splits_size, n_splits, axis=0):
    """Theano's split: `n_splits` parts of `x` along `axis`, of the sizes in
    the vector `splits_size`."""
    x = as_tensor_variable(x)
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"split: axis {axis} is out of range for {x.ndim} dimensions")
    axis %= x.ndim
    splits_size = as_tensor_variable(splits_size)
    if splits_size.ndim != 1 or splits_size.dtype not in dtypes.INTEGERS:
        raise TypeError(f"split: splits_size must be an integer vector, got {splits_size.type}")
    n_splits = int(n_splits)
    # Checked when the function runs, as Theano's Split: n_splits sizes
    # (a reshape of the vector to that length), each part of its size (no
    # negative one) and the sizes summing to the axis' length (the last
    # part is the rest of the axis): ValueErrors.
    sizes = reshape(splits_size, [n_splits], ndim=1)
    parts, start = [], 0
    for k in range(n_splits):
        stop = start + sizes[k] if k < n_splits - 1 else None
        part = getitem(x, (slice(None),) * axis + (slice(start, stop),))
        part_shape = [sizes[k] if d == axis else Shape_i(d)(x) for d in range(x.ndim)]
        parts.append(with_sizes(part, part_shape))
        start = stop
    return parts


def roll(x, shift, axis=None):
    """numpy's roll: elements shifted by `shift` along `axis` (flattened if None)."""
    x = as_tensor_variable(x)
    if axis is None:
        if x.ndim <= 1:
            return roll(x, shift, 0) if x.ndim else x
        return reshape(roll(flatten(x), shift, 0), shape(x), x.ndim)
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"roll: axis {axis} is out of range for {x.ndim} dimensions")
    axis %= x.ndim
    size = shape(x)[axis]
    # shift modulo the size (0 for an empty axis)
    cut = size - (shift % maximum(size, 1))
    lead = (slice(None),) * axis
    return join(axis, getitem(x, lead + (slice(cut, None),)), getitem(x, lead + (slice(None, cut),)))


conversion.stack_variables = stack
