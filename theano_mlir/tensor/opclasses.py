"""Theano's Op classes for operations theano_mlir spells with several ops
(Eye, Tri, MaxAndArgmax, Argmax, Mean, Split, Tile, SpecifyShape,
Rebroadcast, AllocEmpty, PermuteRowElements, Choose), so that graphs hold
them as Theano's do and code that checks `isinstance(node.op, Eye)` finds
them; each is a CompositeOp whose IR is that of the graph it stands for.
Also the small functions of theano.tensor.basic written over the others
(get_vector_length, default, inverse_permutation, permute_row_elements,
smallest, stacklists, ptp, power, swapaxes, choose, mgrid, ogrid,
extract_constant, is_flat) and NoneConst."""

import builtins
import functools

import numpy as np

from .. import dtypes
from ..config import config
from ..graph import Apply, CompositeOp, Constant, Variable
from . import ranges
from .basic import (
    NotScalarConstantError,
    alloc,
    argmax,
    get_scalar_constant_value,
    dot,
    max,
    mean,
    min,
    shape_padleft,
    specify_shape,
    tile,
    vector_length,
)
from .basic import Rebroadcast  # noqa: F401 (one of Theano's op classes this module lists)
from .concatenation import concatenate, split, stack
from .conversion import as_tensor_variable, constant
from .elemwise import Cast, DimShuffle, eq, lt, maximum, minimum, neq, pow, sub, switch, true_div
from .sort import argsort
from .subtensor import take
from .type import TensorType


def _fresh_outputs(outputs):
    return [o.type() for o in outputs]


def _axes(axis, ndim):
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        axis = [axis]
    return tuple(int(a) % ndim for a in axis)


class Eye(CompositeOp):
    """Eye(dtype)(n, m, k): ones on diagonal k of an n x m matrix."""

    __props__ = ("dtype",)

    def __init__(self, dtype=None):
        self.dtype = str(dtype or config.floatX)

    def make_node(self, n, m, k):
        n, m, k = (as_tensor_variable(v) for v in (n, m, k))
        for v in (n, m, k):
            if v.ndim != 0 or v.dtype not in dtypes.INTEGERS:
                raise TypeError(f"{type(self).__name__}: n, m and k must be integer scalars, got {v.type}")
        return Apply(self, [n, m, k], [TensorType(self.dtype, (False, False))()])

    def build(self, node, n, m, k):
        return [ranges.eye(n, m, k, self.dtype)]


class Tri(Eye):
    """Tri(dtype)(N, M, k): ones at and below diagonal k of an N x M matrix."""

    def build(self, node, n, m, k):
        return [ranges.tri(n, m, k, self.dtype)]


def eye(n, m=None, k=0, dtype=None):
    """A 2-d array with ones on diagonal `k` and zeros elsewhere (an Eye node)."""
    return Eye(dtype)(n, n if m is None else m, k)


def tri(N, M=None, k=0, dtype=None):
    """Ones at and below diagonal `k` (a Tri node)."""
    return Tri(dtype)(N, N if M is None else M, k)


class MaxAndArgmax(CompositeOp):
    """The maximum along `axis` (a tuple; None: all) and its position (int64)."""

    __props__ = ("axis",)
    E_axis = "invalid axis"

    def __init__(self, axis):
        self.axis = None if axis is None else tuple(axis)

    def make_node(self, x):
        x = as_tensor_variable(x)
        axis = _axes(self.axis, builtins.max(x.ndim, 1))
        return Apply(self, [x], _fresh_outputs(self._graph(x, axis)))

    @staticmethod
    def _graph(x, axis):
        return [max(x, axis), argmax(x, axis)]

    def build(self, node, x):
        return self._graph(x, _axes(self.axis, builtins.max(x.ndim, 1)))


class Argmax(CompositeOp):
    """The position (int64) of the maximum along `axis` (a tuple; None: all)."""

    __props__ = ("axis",)

    def __init__(self, axis):
        self.axis = None if axis is None else tuple(axis)

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], _fresh_outputs(self.build(None, x)))

    def build(self, node, x):
        return [argmax(x, _axes(self.axis, builtins.max(x.ndim, 1)))]


def check_and_normalize_axes(x, axis):
    """Theano's: `axis` (None, an int, a list, tuple or array of ints, NoneConst
    or an integer constant) as a sorted list of distinct non-negative axes of
    `x` ([]: all); a symbolic axis is a TypeError, an axis out of range a
    ValueError."""
    x = as_tensor_variable(x)
    if isinstance(axis, Variable):
        if isinstance(axis, Constant) and axis.data is None:  # NoneConst
            axis = None
        elif not isinstance(axis, Constant) or axis.dtype not in dtypes.INTEGERS:
            raise TypeError(f"Computation needs a constant axis. Got {axis}")
        else:
            axis = axis.data
    if axis is None:
        axis = []
    elif isinstance(axis, (int, np.integer)) or isinstance(axis, np.ndarray) and axis.ndim == 0:
        axis = [int(axis)]
    elif isinstance(axis, (tuple, list, np.ndarray)):
        axis = [int(i) for i in axis]
    else:
        raise TypeError(f"Axis must be an integer, tuple, list of integers or a TensorVariable. Got {axis}")
    for i, a in enumerate(axis):
        if a < 0:
            axis[i] = a = a + x.ndim
        if not 0 <= a < x.ndim:
            raise ValueError(f"Computation needs a valid axis number for {x.ndim}-D tensor. Got {a}")
    return sorted(set(axis))


def max_and_argmax(a, axis=None, keepdims=False):
    """[max, argmax] of `a` along `axis` (all axes by default): one
    MaxAndArgmax node, as Theano."""
    a = as_tensor_variable(a)
    axes = tuple(check_and_normalize_axes(a, axis)) or None
    out, arg = MaxAndArgmax(axes)(a)
    if keepdims:
        full = range(a.ndim) if axes is None else axes
        pattern, kept = [], iter(range(out.ndim))
        for d in range(a.ndim):
            pattern.append("x" if d in full else next(kept))
        out, arg = DimShuffle(pattern)(out), DimShuffle(pattern)(arg)
    return [out, arg]


class Mean(CompositeOp):
    """The mean along `axis` (None: all), in float64 for integer inputs as Theano."""

    __props__ = ("axis",)

    def __init__(self, axis=None):
        self.axis = None if axis is None else tuple(np.atleast_1d(axis).tolist())

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], _fresh_outputs(self.build(None, x)))

    def build(self, node, x):
        return [mean(x, self.axis)]


class Split(CompositeOp):
    """Split(len_splits)(x, axis, splits): `len_splits` parts of `x` along the
    constant `axis`, of the sizes in the integer vector `splits`."""

    __props__ = ("len_splits",)

    def __init__(self, len_splits):
        self.len_splits = int(len_splits)

    def make_node(self, x, axis, splits):
        x, axis, splits = as_tensor_variable(x), as_tensor_variable(axis), as_tensor_variable(splits)
        if splits.ndim != 1 or splits.dtype not in dtypes.INTEGERS:
            raise TypeError(f"splits must be an integer vector, got {splits.type}")
        if axis.ndim != 0 or axis.dtype not in dtypes.INTEGERS:
            raise TypeError(f"axis must be an integer scalar, got {axis.type}")
        return Apply(self, [x, axis, splits], [x.type() for _ in range(self.len_splits)])

    def build(self, node, x, axis, splits):
        return split(x, splits, self.len_splits, int(get_scalar_constant_value(axis)))


class Tile(CompositeOp):
    """Tile(ndim)(x, reps): Theano's deprecated tile op (`reps` a vector of
    known length)."""

    __props__ = ("ndim",)

    def __init__(self, ndim):
        self.ndim = ndim

    def make_node(self, x, reps):
        x, reps = as_tensor_variable(x), as_tensor_variable(reps)
        return Apply(self, [x, reps], [TensorType(x.dtype, (False,) * self.ndim)()])

    def build(self, node, x, reps):
        return [tile(x, [reps[i] for i in range(self.ndim)], self.ndim)]


class SpecifyShape(CompositeOp):
    """SpecifyShape()(x, shape): `x`, whose shape must be `shape` (checked
    when the function runs)."""

    def make_node(self, x, shape):
        x = as_tensor_variable(x)
        if not isinstance(shape, Variable):
            shape = as_tensor_variable(np.asarray(shape, dtype="int64") if len(shape) == 0 else shape)
        shape = as_tensor_variable(shape)
        if shape.ndim != 1 or shape.dtype not in dtypes.INTEGERS:
            raise TypeError(f"SpecifyShape: the shape must be an integer vector, got {shape.type}")
        if vector_length(shape) != x.ndim:
            raise AssertionError(
                f"SpecifyShape: input has {x.ndim} dimensions, the shape {vector_length(shape)}"
            )
        return Apply(self, [x, shape], [x.type()])

    def build(self, node, x, shape):
        return [specify_shape(x, shape)]


class AllocEmpty(CompositeOp):
    """AllocEmpty(dtype)(*shape): an array of that shape whose contents are
    not promised (here zeros)."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = str(dtype)

    def make_node(self, *shape):
        shape = [as_tensor_variable(s) for s in shape]
        pattern = [isinstance(s, Constant) and int(s.data) == 1 for s in shape]
        return Apply(self, shape, [TensorType(self.dtype, pattern)()])

    def build(self, node, *shape):
        return [Cast(self.dtype)(alloc(np.asarray(0, dtype=self.dtype), *shape))]


def inverse_permutation(perm):
    """The inverse of the permutation(s) `perm` along its last axis, in its dtype."""
    perm = as_tensor_variable(perm)
    return Cast(perm.dtype)(argsort(perm, axis=-1))


def _rows_gather(x, y):
    """out[..., i] = x[..., y[..., i]], the leading dimensions broadcast."""
    ndim = builtins.max(x.ndim, y.ndim)
    x = DimShuffle(["x"] * (ndim - x.ndim) + list(range(x.ndim)))(x) if x.ndim < ndim else x
    y = DimShuffle(["x"] * (ndim - y.ndim) + list(range(y.ndim)))(y) if y.ndim < ndim else y
    shape = []
    for d in range(ndim - 1):
        shape.append(switch(eq(x.shape[d], 1), y.shape[d], x.shape[d]))
    x = alloc(x, *(shape + [x.shape[-1]]))
    y = alloc(y, *(shape + [y.shape[-1]]))
    grids = []
    for d in range(ndim - 1):
        pattern = ["x"] * ndim
        pattern[d] = 0
        grids.append(DimShuffle(pattern)(ranges.arange(shape[d])))
    return x[tuple(grids) + (y,)]


class PermuteRowElements(CompositeOp):
    """PermuteRowElements()(x, y, inverse): the elements of each row (last
    axis) of `x` permuted by the matching row of `y` (leading dimensions
    broadcast); by its inverse when `inverse` is true."""

    def make_node(self, x, y, inverse):
        x, y, inverse = as_tensor_variable(x), as_tensor_variable(y), as_tensor_variable(inverse)
        if y.dtype not in dtypes.INTEGERS:
            raise TypeError(f"PermuteRowElements: y must be integers, got {y.type}")
        if inverse.ndim != 0 or inverse.dtype not in dtypes.DISCRETE:
            raise TypeError("PermuteRowElements: inverse must be an integer scalar")
        ndim = builtins.max(x.ndim, y.ndim)
        xb = (True,) * (ndim - x.ndim) + x.broadcastable
        yb = (True,) * (ndim - y.ndim) + y.broadcastable
        pattern = [a and b for a, b in zip(xb[:-1], yb[:-1])] + [xb[-1] and yb[-1]]
        return Apply(self, [x, y, inverse], [TensorType(x.dtype, pattern)()])

    def build(self, node, x, y, inverse):
        if isinstance(inverse, Constant):
            perm = inverse_permutation(y) if int(inverse.data) else y
        else:
            perm = switch(inverse, inverse_permutation(y), y)
        return [_rows_gather(x, perm)]


def permute_row_elements(x, y, inverse=0):
    return PermuteRowElements()(x, y, inverse)


def _broadcast_together(tensors):
    """`tensors` broadcast against each other as numpy's choose does with its
    choices, when the function runs: a dimension of size 1 takes the size of
    the others (sizes that differ otherwise are alloc's ValueError)."""
    ndim = builtins.max(t.ndim for t in tensors)
    tensors = [shape_padleft(t, ndim - t.ndim) for t in tensors]
    if len(tensors) == 1:
        return tensors
    shape = []
    for d in range(ndim):
        sizes = [t.shape[d] for t in tensors if not t.broadcastable[d]]
        shape.append(functools.reduce(maximum, sizes) if sizes else 1)
    return [_broadcast_to(t, shape) for t in tensors]


def _broadcast_to(t, shape):
    """`t` broadcast to `shape` (its last dimensions) when the function runs:
    a dimension of size 1 repeats its entry, numpy's way."""
    lead = t.ndim - len(shape)
    for d in range(lead, t.ndim):
        if not t.broadcastable[d]:  # entry 0 throughout where this size is 1
            t = take(t, ranges.arange(shape[d - lead]) * neq(t.shape[d], 1), axis=d)
    return alloc(t, *[t.shape[d] for d in range(lead)], *shape)


class Choose(CompositeOp):
    """Choose(mode)(a, choices): numpy.choose, `choices` a tensor whose first
    dimension lists the choices (mode 'raise': an index out of range is an
    IndexError when the function runs)."""

    __props__ = ("mode",)

    def __init__(self, mode):
        if mode not in ("raise", "wrap", "clip"):
            raise ValueError(f"Choose: unknown mode {mode!r}")
        self.mode = mode

    def make_node(self, a, choices):
        a = as_tensor_variable(a)
        if a.dtype not in dtypes.INTEGERS:
            raise TypeError(f"choose first argument must have an integer dtype, got {a.dtype}")
        if isinstance(choices, (tuple, list)):
            choices = stack(_broadcast_together([as_tensor_variable(c) for c in choices]))
        choices = as_tensor_variable(choices)
        ndim = builtins.max(a.ndim, choices.ndim - 1)
        ab = (True,) * (ndim - a.ndim) + a.broadcastable
        cb = (True,) * (ndim - choices.ndim + 1) + choices.broadcastable[1:]
        return Apply(self, [a, choices], [TensorType(choices.dtype, [p and q for p, q in zip(ab, cb)])()])

    def infer_shape(self, node, input_shapes):
        """numpy's broadcast of a's shape and the choices' without the first
        dimension (as build broadcasts them)."""
        a, choices = node.inputs
        ndim = node.outputs[0].ndim
        shape = []
        for d in range(ndim):
            sizes = []
            for x, x_shape, first in ((a, input_shapes[0], 0), (choices, input_shapes[1], 1)):
                at = d - ndim + x.ndim  # x's dimension at d, its leading ones skipped
                if at >= first and not x.broadcastable[at]:
                    sizes.append(x_shape[at])
            shape.append(functools.reduce(maximum, sizes) if sizes else 1)
        return [tuple(shape)]

    def build(self, node, a, choices):
        n = choices.shape[0]
        if self.mode == "wrap":
            a = a % n
        elif self.mode == "clip":
            a = switch(lt(a, 0), 0, minimum(a, n - 1))
        ndim = node.outputs[0].ndim
        a = DimShuffle(["x"] * (ndim - a.ndim) + list(range(a.ndim)))(a) if a.ndim < ndim else a
        c = choices
        if c.ndim - 1 < ndim:
            c = DimShuffle([0] + ["x"] * (ndim - c.ndim + 1) + list(range(1, c.ndim)))(c)
        shape = []
        for d in range(ndim):
            sizes = [x.shape[d + k] for x, k in ((a, 0), (c, 1)) if not x.broadcastable[d + k]]
            shape.append(functools.reduce(maximum, sizes) if sizes else 1)
        a = _broadcast_to(a, shape)
        c = _broadcast_to(c, shape)
        grids = []
        for d in range(ndim):
            pattern = ["x"] * ndim
            pattern[d] = 0
            grids.append(DimShuffle(pattern)(ranges.arange(shape[d])))
        return [c[(a,) + tuple(grids)]]


def choose(a, choices, out=None, mode="raise"):
    """numpy.choose: the element of choices[a] at each position."""
    if out is not None:
        raise TypeError("choose: out is not supported (a graph has no output buffers)")
    return Choose(mode)(a, choices)


def get_vector_length(v):
    """The length of the vector `v` where the graph determines it (ValueError otherwise)."""
    v = as_tensor_variable(v)
    if v.ndim != 1:
        raise TypeError(f"argument must be symbolic vector, got '{v}'")
    length = vector_length(v)
    if length is None:
        raise ValueError(f"length not known: {v}")
    return length


def default(x, default):
    """`x`, or `default` where `x` is None."""
    return default if x is None else x


def smallest(*args):
    """The elementwise minimum of `args`."""
    result = args[0]
    for arg in args[1:]:
        result = minimum(result, arg)
    return result


def stacklists(arg):
    """A tensor from (nested) lists of scalars or tensors of one shape."""
    if isinstance(arg, (tuple, list)):
        return stack([stacklists(a) for a in arg])
    return arg


def ptp(a, axis=None):
    """The range (maximum minus minimum) along `axis`."""
    a = as_tensor_variable(a)
    return sub(max(a, axis), min(a, axis))


def power(x, y):
    return pow(x, y)


def swapaxes(y, axis1, axis2):
    """`y` with dimensions `axis1` and `axis2` exchanged."""
    y = as_tensor_variable(y)
    order = list(range(y.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return DimShuffle(order)(y)


def extract_constant(x, elemwise=True, only_process_constants=False):
    """The value of `x` if it is a scalar constant, else `x`."""
    try:
        return get_scalar_constant_value(x, elemwise=elemwise, only_process_constants=only_process_constants)
    except NotScalarConstantError:
        return x


def is_flat(var, ndim=None, outdim=None):
    """Whether `var` has `ndim` dimensions (1 by default)."""
    if outdim is not None:
        ndim = outdim
    return var.ndim == (1 if ndim is None else ndim)


class _Grid:
    """mgrid / ogrid: numpy's index grids from slices of (symbolic) bounds."""

    def __init__(self, sparse):
        self.sparse = sparse

    def __getitem__(self, *args):
        ndim = len(args[0])
        for sl in args[0]:
            if isinstance(sl.step, complex):
                raise NotImplementedError("Not implemented for slices whose step is complex")
        ranges_ = [ranges.arange(sl.start or 0, sl.stop, sl.step or 1) for sl in args[0]]
        shapes = [tuple([1] * j + [r.shape[0]] + [1] * (ndim - 1 - j)) for j, r in enumerate(ranges_)]
        ranges_ = [r.reshape(shape) for r, shape in zip(ranges_, shapes)]
        if self.sparse:
            return ranges_
        return [alloc(r, *[q.shape[0] for q in (g.flatten() for g in ranges_)]) for r in ranges_]


mgrid = _Grid(sparse=False)
ogrid = _Grid(sparse=True)


class _NoneTypeT:
    """The type of NoneConst (Theano's theano.tensor.type_other.NoneTypeT)."""

    ndim = None
    dtype = None

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))

    def __call__(self, name=None):
        return Variable(self, name=name)

    def filter(self, x, strict=False, allow_downcast=None):
        if x is None:
            return x
        raise TypeError("Expected None!")

    def __str__(self):
        return "none_type_t"


#: Theano's NoneConst: a constant None (e.g. a missing axis).
NoneConst = Constant(_NoneTypeT(), None, name="NoneConst")

__all__ = [name for name in dir() if not name.startswith("_") and name not in ("builtins", "np")]


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """numpy's cov of the rows of `m` (the columns when not `rowvar`; with
    `y`'s appended): normalized by N - 1, or N with `bias`, or N - `ddof`."""
    if fweights is not None:
        raise NotImplementedError("fweights are not implemented")
    if aweights is not None:
        raise NotImplementedError("aweights are not implemented")
    m = as_tensor_variable(m)
    if not rowvar:
        m = m.T
    if y is not None:
        y = as_tensor_variable(y)
        m = concatenate([m, y.T if not rowvar else y], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    fact = m.shape[1] - ddof
    m = m - m.mean(axis=1, keepdims=True)
    c = dot(m, m.T)
    c = c * true_div(constant(1), fact)
    return c.squeeze()
