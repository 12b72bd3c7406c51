"""theano.tensor.signal.pool: Theano 1.0's pooling over the last 2 (or 3)
dimensions. Pool is the `theano` dialect's pool (one linalg reduction over
the windows); its gradient is pool_grad (Theano's MaxPoolGrad: every
element equal to its window's maximum gets the window's gradient;
AveragePoolGrad: the gradient shared by the elements the average counted).
Window sizes, strides and paddings must be constants.
"""

import warnings

import numpy as np

from ...dialect import theano as dialect
from ...graph import Apply, Op
from ..basic import NotScalarConstantError, as_tensor_variable, get_scalar_constant_value
from ..differentiation import DisconnectedType
from ..type import TensorType

MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


def _constants(value, ndim, what):
    """A tuple of `ndim` ints from `value` (ints, or constant variables)."""
    if value is None:
        return None
    if not isinstance(value, (tuple, list)):
        variable = as_tensor_variable(value)
        if variable.ndim != 1:
            raise TypeError(f"Pool: {what} must be a vector of {ndim} ints")
        data = getattr(variable, "data", None)
        if data is None:
            raise NotImplementedError(f"Pool: {what} must be constant in theano_mlir, got {value}")
        value = list(np.asarray(data))
    out = []
    for v in value:
        try:
            out.append(int(get_scalar_constant_value(v)))
        except NotScalarConstantError:
            raise NotImplementedError(f"Pool: {what} must be constant in theano_mlir, got {value}") from None
    if len(out) != ndim:
        raise ValueError(f"Pool: {what} must have {ndim} entries, got {out}")
    return tuple(out)


class _PoolBase(Op):
    __props__ = ("ignore_border", "mode", "ndim")

    def __init__(self, ignore_border=False, mode="max", ndim=2):
        if mode == "average":
            mode = "average_inc_pad"
        if mode not in MODES:
            raise ValueError(
                f"Pool mode parameter only support 'max', 'sum', 'average_inc_pad' and "
                f"'average_exc_pad'. Got {mode}"
            )
        self.ignore_border = bool(ignore_border)
        self.mode = mode
        self.ndim = int(ndim)

    def _geometry(self, x, ws, stride, pad):
        ws = _constants(ws, self.ndim, "ws")
        stride = _constants(stride, self.ndim, "stride") or ws
        pad = _constants(pad, self.ndim, "pad") or (0,) * self.ndim
        if x.ndim < self.ndim:
            raise TypeError(f"Pool: the input must have at least {self.ndim} dimensions, got {x.type}")
        if any(p and not self.ignore_border for p in pad):
            raise NotImplementedError("padding works only with ignore_border=True")
        if any(p >= w for p, w in zip(pad, ws)):
            raise NotImplementedError("padding must be smaller than strides")
        return ws, stride, pad

    @staticmethod
    def geometry(node):
        """(ws, stride, pad) of a node: its last three inputs, constants."""
        return tuple(tuple(int(v) for v in np.asarray(i.data)) for i in node.inputs[-3:])

    def _attributes(self, node):
        ws, stride, pad = self.geometry(node)
        return dict(
            window=list(ws),
            strides=list(stride),
            padding=list(pad),
            ignore_border=self.ignore_border,
            mode=self.mode,
        )

    def __str__(self):
        return f"{type(self).__name__}{{ignore_border={self.ignore_border}, mode='{self.mode}', ndim={self.ndim}}}"


def _geometry_inputs(ws, stride, pad):
    return [as_tensor_variable(np.asarray(v, dtype="int64")) for v in (ws, stride, pad)]


class Pool(_PoolBase):
    """Pooling of windows `ws` (Theano's Pool(ignore_border, mode, ndim)
    applied to (x, ws, stride, pad))."""

    def make_node(self, x, ws, stride=None, pad=None):
        x = as_tensor_variable(x)
        geometry = self._geometry(x, ws, stride, pad)
        broadcastable = x.broadcastable[: -self.ndim] + (False,) * self.ndim
        return Apply(self, [x] + _geometry_inputs(*geometry), [TensorType(x.dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        ws, stride, pad = self.geometry(node)
        shape = input_shapes[0]
        return [
            tuple(shape[: -self.ndim])
            + tuple(Pool.out_shape(shape, ws, self.ignore_border, stride, pad, self.ndim)[-self.ndim :])
        ]

    @staticmethod
    def out_shape(
        imgshape, ws=None, ignore_border=False, stride=None, pad=None, ndim=2, ds=None, st=None, padding=None
    ):
        """Theano's output shape of a pool (sizes may be symbolic)."""
        ws = ws if ws is not None else ds
        stride = stride if stride is not None else (st if st is not None else ws)
        pad = pad if pad is not None else (padding if padding is not None else (0,) * ndim)
        out = list(imgshape[:-ndim])
        for size, w, s, p in zip(imgshape[-ndim:], ws, stride, pad):
            size = size + 2 * p
            if ignore_border:
                o = (size - w) // s + 1
                out.append(o if not isinstance(o, (int, np.integer)) else max(o, 0))
            elif s >= w:
                out.append((size - 1) // s + 1)
            else:
                o = (size - 1 - w + s) // s
                out.append((o if not isinstance(o, (int, np.integer)) else max(o, 0)) + 1)
        return out

    def emit(self, emitter, node, inputs):
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        return [dialect.PoolOp(result, inputs[0], **self._attributes(node)).result]


class _PoolGrad(_PoolBase):
    def _node(self, x, maxout, gz, ws, stride, pad):
        x, maxout, gz = (as_tensor_variable(v) for v in (x, maxout, gz))
        geometry = self._geometry(x, ws, stride, pad)
        return Apply(self, [x, maxout, gz] + _geometry_inputs(*geometry), [x.type()])

    def emit(self, emitter, node, inputs):
        x, maxout, gz = inputs[:3]
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        gz = emitter.with_static_shape(gz, emitter.shape_of(maxout))
        return [dialect.PoolGradOp(result, x, maxout, gz, **self._attributes(node)).result]


class MaxPoolGrad(_PoolGrad):
    """The input's gradient of a max pool: (x, maxout, gz, ws, stride, pad)."""

    def __init__(self, ignore_border, ndim=2, mode="max"):
        super().__init__(ignore_border, mode, ndim)

    def make_node(self, x, maxout, gz, ws, stride=None, pad=None):
        return self._node(x, maxout, gz, ws, stride, pad)


class AveragePoolGrad(_PoolGrad):
    """The input's gradient of a sum or average pool: (x, gz, ws, stride, pad)."""

    def __init__(self, ignore_border, mode="average_inc_pad", ndim=2):
        super().__init__(ignore_border, mode, ndim)

    def make_node(self, x, gz, ws, stride=None, pad=None):
        # the output gradient stands for the (unread) pool output
        return self._node(x, gz, gz, ws, stride, pad)

    def grad(self, inputs, output_grads):
        """Linear in the output gradient: its adjoint is the same pool of
        the seed (Theano's); none for the input (the result does not
        depend on its values)."""
        x, _, gz = inputs[:3]
        ws, stride, pad = (tuple(int(v) for v in np.asarray(i.data)) for i in inputs[-3:])
        pooled = Pool(self.ignore_border, self.mode, self.ndim)(output_grads[0], ws, stride, pad)
        zeros_x = x.zeros_like()
        return [zeros_x, gz.zeros_like(), pooled] + [DisconnectedType()() for _ in inputs[3:]]


class DownsampleFactorMaxGradGrad(_PoolBase):
    """The gradient of a max pool's gradient (Theano's op), applied to
    (x, maxout, gx, ws, stride, pad): of the pool's shape, each window's gx
    where x is the window's maximum (summed over ties). It is the transpose
    of MaxPoolGrad in its output gradient, and the max pool's R-operator."""

    def __init__(self, ignore_border, mode="max", ndim=2):
        super().__init__(ignore_border, mode, ndim)
        if self.mode != "max":
            raise ValueError(f"DownsampleFactorMaxGradGrad only supports mode 'max', got {mode}")

    def make_node(self, x, maxout, gz, ws, stride=None, pad=None):
        x, maxout, gz = (as_tensor_variable(v) for v in (x, maxout, gz))
        geometry = self._geometry(x, ws, stride, pad)
        return Apply(self, [x, maxout, gz] + _geometry_inputs(*geometry), [maxout.type()])

    def emit(self, emitter, node, inputs):
        x, maxout, gx = inputs[:3]
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        attributes = self._attributes(node)
        del attributes["mode"]
        return [dialect.PoolMaxGradGradOp(result, x, maxout, gx, **attributes).result]


def _pool(input, ws, ignore_border, stride, pad, mode, ndim, ds, st, padding, name):
    if ds is not None:
        warnings.warn(f"{name}() ds parameter is deprecated, please use ws", stacklevel=3)
        if ws is not None:
            raise ValueError(
                "You can't provide a tuple value to both 'ws' and 'ds'. Please provide a value only to 'ws'."
            )
        ws = ds
    if ws is None:
        raise ValueError("You must provide a tuple value for the window size.")
    if st is not None:
        warnings.warn(f"{name}() st parameter is deprecated, please use stride", stacklevel=3)
        stride = st
    if padding is not None:
        warnings.warn(f"{name}() padding parameter is deprecated, please use pad", stacklevel=3)
        pad = padding
    input = as_tensor_variable(input)
    if input.ndim < ndim:
        raise NotImplementedError(f"{name} requires a dimension >= {ndim}")
    if ignore_border is None:
        warnings.warn(
            f"{name}() will have the parameter ignore_border default value changed to True (currently False). "
            "To have consistent behavior with all Theano version, explicitly add the parameter "
            "ignore_border=True. On the GPU, using ignore_border=True is needed to use cuDNN.",
            stacklevel=3,
        )
        ignore_border = False
    return Pool(ignore_border, mode=mode, ndim=ndim)(input, ws, stride, pad)


def pool_2d(
    input, ws=None, ignore_border=None, stride=None, pad=(0, 0), mode="max", ds=None, st=None, padding=None
):
    """Pools the last two dimensions of `input` (Theano's pool_2d)."""
    return _pool(input, ws, ignore_border, stride, pad, mode, 2, ds, st, padding, "pool_2d")


def pool_3d(
    input, ws=None, ignore_border=None, stride=None, pad=(0, 0, 0), mode="max", ds=None, st=None, padding=None
):
    """Pools the last three dimensions of `input` (Theano's pool_3d)."""
    return _pool(input, ws, ignore_border, stride, pad, mode, 3, ds, st, padding, "pool_3d")


def max_pool_2d_same_size(input, patch_size):
    """`input` with each element that is its patch's maximum kept and every
    other zero (Theano's: the max pool's gradient, given the pool)."""
    output = Pool(True)(input, patch_size)
    return MaxPoolGrad(True)(input, output, output, patch_size)
