"""theano.tensor.nnet.abstract_conv: Theano 1.0's convolutions.

AbstractConv2d / AbstractConv3d and their gradients' ops
(AbstractConv*_gradInputs, AbstractConv*_gradWeights) are the `theano`
dialect's conv, conv_grad_input and conv_grad_filter (lowered to a matrix
product of patches); their gradients are each other. conv2d, conv3d,
conv2d_grad_wrt_inputs, conv2d_grad_wrt_weights and conv2d_transpose
build them, with Theano's arguments: border_mode 'valid', 'full', 'half',
an int or a tuple of ints; subsample (strides); filter_flip (True: a
convolution, False: a correlation); filter_dilation; num_groups.
"""

import numpy as np

from ... import dtypes
from ...dialect import theano as dialect
from ...graph import Apply, Op, Variable
from ...config import config
from ..basic import Assert, NotScalarConstantError, as_tensor_variable, cast, get_scalar_constant_value, zeros
from ..concatenation import join, stack
from ..elemwise import eq, ge, gt
from ..ranges import arange
from ..type import TensorType

#: Theano's flag: whether its Python implementation could use scipy.signal
#: (this one needs neither scipy nor a compiler)
imported_scipy_signal = True

#: the dialect's encoding of Theano's named border modes
_FULL, _HALF = -1, -2


def get_conv_output_shape(image_shape, kernel_shape, border_mode, subsample, filter_dilation=None):
    """The output shape of a convolution (Theano's helper); None entries
    stay None."""
    bsize, imshp = image_shape[0], image_shape[2:]
    nkern, kshp = kernel_shape[0], kernel_shape[2:]
    convdim = len(image_shape) - 2
    filter_dilation = filter_dilation or (1,) * convdim
    pads = _padding(border_mode, convdim)
    out = []
    for size, k, s, d, p in zip(imshp, kshp, subsample, filter_dilation, pads):
        if size is None or k is None:
            out.append(None)
            continue
        span = d * (k - 1)  # symbolic sizes compute symbolically
        pad = p if p >= 0 else (span if p == _FULL else d * (k // 2))
        out.append((size + 2 * pad - span - 1) // s + 1)
    return (bsize, nkern) + tuple(out)


def _padding(border_mode, convdim):
    """Theano's border_mode as the dialect's paddings, one per dimension."""
    if isinstance(border_mode, str):
        named = {"valid": 0, "full": _FULL, "half": _HALF}
        if border_mode not in named:
            raise ValueError(
                f"border_mode must be a tuple of non-negative ints, an int, 'valid', 'full' or 'half', "
                f"got {border_mode!r}"
            )
        return (named[border_mode],) * convdim
    if isinstance(border_mode, (int, np.integer)):
        if border_mode < 0:
            raise ValueError(f"border_mode must be non-negative, got {border_mode}")
        return (int(border_mode),) * convdim
    if isinstance(border_mode, tuple) and len(border_mode) == convdim:
        pads = []
        for p in border_mode:
            if isinstance(p, str):  # a named mode per dimension (conv3d2d's)
                pads.append(_padding(p, 1)[0])
                continue
            if isinstance(p, tuple):
                if len(p) != 2 or p[0] != p[1]:
                    raise NotImplementedError("asymmetric padding is not implemented in theano_mlir")
                p = p[0]
            if not isinstance(p, (int, np.integer)) or p < 0:
                raise ValueError(f"border_mode must hold non-negative ints, got {border_mode!r}")
            pads.append(int(p))
        return tuple(pads)
    raise ValueError(
        f"border_mode must be a tuple of {convdim} non-negative ints, an int, 'valid', 'full' or 'half', "
        f"got {border_mode!r}"
    )


def _pair(value, convdim, what):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * convdim
    value = tuple(int(v) for v in value)
    if len(value) != convdim:
        raise ValueError(f"{what} must have {convdim} elements, got {value}")
    return value


class BaseAbstractConv(Op):
    """What the convolution ops share: Theano's constructor arguments and
    the dialect op's attributes."""

    convdim = 2
    __props__ = (
        "convdim",
        "border_mode",
        "subsample",
        "filter_flip",
        "imshp",
        "kshp",
        "filter_dilation",
        "num_groups",
    )

    def __init__(
        self,
        convdim=None,
        imshp=None,
        kshp=None,
        border_mode="valid",
        subsample=None,
        filter_flip=True,
        filter_dilation=None,
        num_groups=1,
        unshared=False,
    ):
        if convdim is not None:
            self.convdim = convdim
        n = self.convdim
        if unshared:
            raise NotImplementedError("unshared convolutions are not implemented in theano_mlir")
        if isinstance(border_mode, (list,)):
            border_mode = tuple(border_mode)
        self.border_mode = border_mode
        self.padding = _padding(border_mode, n)
        self.subsample = _pair(subsample if subsample is not None else 1, n, "subsample")
        self.filter_dilation = _pair(
            filter_dilation if filter_dilation is not None else 1, n, "filter_dilation"
        )
        if any(s < 1 for s in self.subsample):
            raise ValueError(f"subsample must be positive, got {self.subsample}")
        if any(d < 1 for d in self.filter_dilation):
            raise ValueError(f"filter_dilation must be positive, got {self.filter_dilation}")
        if num_groups < 1:
            raise ValueError("Number of groups should be greater than 0")
        self.filter_flip = bool(filter_flip)
        self.num_groups = int(num_groups)
        self.imshp = tuple(imshp) if imshp is not None else (None,) * (2 + n)
        self.kshp = tuple(kshp) if kshp is not None else (None,) * (2 + n)
        self.unshared = False

    def _attributes(self):
        return dict(
            strides=list(self.subsample),
            dilations=list(self.filter_dilation),
            padding=list(self.padding),
            groups=self.num_groups,
            flip=self.filter_flip,
        )

    def _tensors(self, *values):
        values = [as_tensor_variable(v) for v in values]
        for v in values:
            if v.ndim != 2 + self.convdim:
                raise TypeError(
                    f"{type(self).__name__}: the tensors must be {2 + self.convdim}D, got {v.type}"
                )
        dtype = dtypes.upcast(*[v.dtype for v in values])
        if dtype not in dtypes.FLOATS:
            dtype = "float64"
        return [v if v.dtype == dtype else cast(v, dtype) for v in values]

    def _spatial_shape(self, shape, what):
        shape = as_tensor_variable(shape)
        if shape.ndim != 1 or shape.dtype not in dtypes.INTEGERS:
            raise TypeError(f"{type(self).__name__}: {what} must be an integer vector")
        return cast(shape, "int64")

    def __str__(self):
        return (
            f"{type(self).__name__}{{convdim={self.convdim}, border_mode={self.border_mode!r}, "
            f"subsample={self.subsample}, filter_flip={self.filter_flip}, imshp={self.imshp}, "
            f"kshp={self.kshp}, filter_dilation={self.filter_dilation}, num_groups={self.num_groups}}}"
        )

    @staticmethod
    def _type(value, dtype, rank):
        return value.type if value.type.dtype == dtype else TensorType(dtype, value.broadcastable)


def _fixed_dimension_init(convdim):
    """An __init__ with Theano's arguments for the ops of `convdim` spatial
    dimensions (AbstractConv2d(imshp, kshp, border_mode, subsample,
    filter_flip, filter_dilation, num_groups, unshared), ...)."""

    def __init__(
        self,
        imshp=None,
        kshp=None,
        border_mode="valid",
        subsample=None,
        filter_flip=True,
        filter_dilation=None,
        num_groups=1,
        unshared=False,
    ):
        BaseAbstractConv.__init__(
            self,
            convdim,
            imshp,
            kshp,
            border_mode,
            subsample,
            filter_flip,
            filter_dilation,
            num_groups,
            unshared,
        )

    return __init__


def correlation_init(convdim):
    """An __init__ with the arguments of Theano's correlation ops (CorrMM,
    Corr3dMM and their gradients: border_mode, subsample, filter_dilation,
    num_groups, unshared): the convolution without a kernel flip."""

    def __init__(
        self, border_mode="valid", subsample=None, filter_dilation=None, num_groups=1, unshared=False
    ):
        BaseAbstractConv.__init__(
            self, convdim, None, None, border_mode, subsample, False, filter_dilation, num_groups, unshared
        )

    return __init__


class AbstractConv(BaseAbstractConv):
    """conv(input, filters): Theano's AbstractConv."""

    def make_node(self, img, kern):
        img, kern = self._tensors(img, kern)
        broadcastable = (img.broadcastable[0], kern.broadcastable[0]) + (False,) * self.convdim
        return Apply(self, [img, kern], [TensorType(img.dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        img, kern = input_shapes
        return [get_conv_output_shape(img, kern, self.border_mode, self.subsample, self.filter_dilation)]

    def emit(self, emitter, node, inputs):
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        return [dialect.ConvOp(result, *inputs, **self._attributes()).result]


class AbstractConv2d(AbstractConv):
    """Theano's AbstractConv2d."""

    __init__ = _fixed_dimension_init(2)


class AbstractConv3d(AbstractConv):
    """Theano's AbstractConv3d."""

    __init__ = _fixed_dimension_init(3)


class AbstractConv_gradInputs(BaseAbstractConv):
    """The input's gradient: (filters, output gradient, the input's spatial
    shape)."""

    def make_node(self, kern, topgrad, shape):
        kern, topgrad = self._tensors(kern, topgrad)
        shape = self._spatial_shape(shape, "shape")
        broadcastable = (topgrad.broadcastable[0], kern.broadcastable[1]) + (False,) * self.convdim
        return Apply(self, [kern, topgrad, shape], [TensorType(kern.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        inner, full = _full_shape(node, 0, 1, self.num_groups)
        (shape,) = emitter.emit_graph(inner, [full], inputs)
        return [dialect.ConvGradInputOp(result, inputs[0], inputs[1], shape, **self._attributes()).result]


class AbstractConv_gradWeights(BaseAbstractConv):
    """The filters' gradient: (input, output gradient, the filters' spatial
    shape)."""

    def make_node(self, img, topgrad, shape):
        img, topgrad = self._tensors(img, topgrad)
        shape = self._spatial_shape(shape, "shape")
        broadcastable = (topgrad.broadcastable[1], img.broadcastable[1]) + (False,) * self.convdim
        return Apply(self, [img, topgrad, shape], [TensorType(img.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        out = node.outputs[0]
        result = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        inner, full = _full_shape(node, 1, 1, -self.num_groups)
        (shape,) = emitter.emit_graph(inner, [full], inputs)
        return [dialect.ConvGradFilterOp(result, inputs[0], inputs[1], shape, **self._attributes()).result]


def _full_shape(node, first_axis, second_axis, groups):
    """The emitted graph's int64 vector [topgrad.shape[first_axis],
    other.shape[second_axis] times (or divided by, when negative) groups,
    the spatial sizes...] for a gradient node (other, topgrad, spatial)."""
    other, topgrad, spatial = (v.type() for v in node.inputs)
    second = other.shape[second_axis]
    second = second * groups if groups > 0 else second // (-groups)
    sizes = [topgrad.shape[first_axis], second] + [spatial[k] for k in range(node.outputs[0].ndim - 2)]
    return [other, topgrad, spatial], stack([cast(v, "int64") for v in sizes])


class AbstractConv2d_gradInputs(AbstractConv_gradInputs):
    __init__ = _fixed_dimension_init(2)


class AbstractConv2d_gradWeights(AbstractConv_gradWeights):
    __init__ = _fixed_dimension_init(2)


class AbstractConv3d_gradInputs(AbstractConv_gradInputs):
    __init__ = _fixed_dimension_init(3)


class AbstractConv3d_gradWeights(AbstractConv_gradWeights):
    __init__ = _fixed_dimension_init(3)


def conv2d(
    input,
    filters,
    input_shape=None,
    filter_shape=None,
    border_mode="valid",
    subsample=(1, 1),
    filter_flip=True,
    image_shape=None,
    filter_dilation=(1, 1),
    num_groups=1,
    unshared=False,
    **kwargs,
):
    """Theano's theano.tensor.nnet.conv2d: input (batch, channels, rows,
    cols), filters (out channels, in channels / groups, rows, cols)."""
    if kwargs:
        raise TypeError(f"conv2d() got unexpected keyword arguments {sorted(kwargs)}")
    if image_shape is not None:
        if input_shape is not None:
            raise ValueError("image_shape is an alias of input_shape: give one of them")
        input_shape = image_shape
    op = AbstractConv2d(
        input_shape, filter_shape, border_mode, subsample, filter_flip, filter_dilation, num_groups, unshared
    )
    return op(input, filters)


def conv3d(
    input,
    filters,
    input_shape=None,
    filter_shape=None,
    border_mode="valid",
    subsample=(1, 1, 1),
    filter_flip=True,
    filter_dilation=(1, 1, 1),
    num_groups=1,
):
    """Theano's theano.tensor.nnet.conv3d: input (batch, channels, depth,
    rows, cols)."""
    op = AbstractConv3d(
        input_shape, filter_shape, border_mode, subsample, filter_flip, filter_dilation, num_groups
    )
    return op(input, filters)


def _spatial(shape, convdim):
    shape = list(shape)
    return (
        stack([as_tensor_variable(s) for s in shape[-convdim:]])
        if any(isinstance(s, Variable) for s in shape)
        else as_tensor_variable(np.asarray(shape[-convdim:], dtype="int64"))
    )


def _shape_argument(shape, convdim):
    """The spatial sizes a gradient op takes: a given shape variable's last
    `convdim` entries, or the constants of a tuple."""
    if isinstance(shape, Variable):
        return shape[-convdim:] if shape.ndim == 1 else shape
    return _spatial(shape, convdim)


def _grad_wrt_inputs(op_class, convdim, output_grad, filters, input_shape, filter_shape, *options):
    op = op_class(None, filter_shape, *options)
    return op(filters, output_grad, _shape_argument(input_shape, convdim))


def _grad_wrt_weights(op_class, convdim, input, output_grad, filter_shape, input_shape, *options):
    op = op_class(input_shape, None, *options)
    return op(input, output_grad, _shape_argument(filter_shape, convdim))


def conv2d_grad_wrt_inputs(
    output_grad,
    filters,
    input_shape,
    filter_shape=None,
    border_mode="valid",
    subsample=(1, 1),
    filter_flip=True,
    filter_dilation=(1, 1),
    num_groups=1,
    unshared=False,
):
    """The input's gradient of conv2d, given the output's (Theano's)."""
    return _grad_wrt_inputs(
        AbstractConv2d_gradInputs, 2, output_grad, filters, input_shape, filter_shape,
        border_mode, subsample, filter_flip, filter_dilation, num_groups, unshared,
    )  # fmt: skip


def conv2d_grad_wrt_weights(
    input,
    output_grad,
    filter_shape,
    input_shape=None,
    border_mode="valid",
    subsample=(1, 1),
    filter_flip=True,
    filter_dilation=(1, 1),
    num_groups=1,
    unshared=False,
):
    """The filters' gradient of conv2d, given the output's (Theano's)."""
    return _grad_wrt_weights(
        AbstractConv2d_gradWeights, 2, input, output_grad, filter_shape, input_shape,
        border_mode, subsample, filter_flip, filter_dilation, num_groups, unshared,
    )  # fmt: skip


def conv3d_grad_wrt_inputs(
    output_grad,
    filters,
    input_shape,
    filter_shape=None,
    border_mode="valid",
    subsample=(1, 1, 1),
    filter_flip=True,
    filter_dilation=(1, 1, 1),
    num_groups=1,
):
    """The input's gradient of conv3d, given the output's (Theano's)."""
    return _grad_wrt_inputs(
        AbstractConv3d_gradInputs, 3, output_grad, filters, input_shape, filter_shape,
        border_mode, subsample, filter_flip, filter_dilation, num_groups,
    )  # fmt: skip


def conv3d_grad_wrt_weights(
    input,
    output_grad,
    filter_shape,
    input_shape=None,
    border_mode="valid",
    subsample=(1, 1, 1),
    filter_flip=True,
    filter_dilation=(1, 1, 1),
    num_groups=1,
):
    """The filters' gradient of conv3d, given the output's (Theano's)."""
    return _grad_wrt_weights(
        AbstractConv3d_gradWeights, 3, input, output_grad, filter_shape, input_shape,
        border_mode, subsample, filter_flip, filter_dilation, num_groups,
    )  # fmt: skip


def conv2d_transpose(
    input,
    filters,
    output_shape,
    filter_shape=None,
    border_mode="valid",
    input_dilation=(1, 1),
    filter_flip=True,
    filter_dilation=(1, 1),
    num_groups=1,
    unshared=False,
):
    """The transpose of conv2d (a 'deconvolution'): conv2d's input gradient
    with `input` as the output's (Theano's)."""
    return conv2d_grad_wrt_inputs(
        input,
        filters,
        output_shape,
        filter_shape,
        border_mode,
        input_dilation,
        filter_flip,
        filter_dilation,
        num_groups,
        unshared,
    )


# --- Theano's shape helpers ------------------------------------------------


def _named_pads(border_mode, dilated_kernel):
    if border_mode == "half":
        return dilated_kernel // 2, dilated_kernel // 2
    if border_mode == "full":
        return dilated_kernel - 1, dilated_kernel - 1
    if border_mode == "valid":
        return 0, 0
    low, high = border_mode if isinstance(border_mode, tuple) else (border_mode, border_mode)
    if low < 0 or high < 0:
        raise ValueError("border_mode must be >= 0")
    return low, high


def get_conv_gradweights_shape_1axis(image_shape, top_shape, border_mode, subsample, dilation):
    """The kernel size along one axis given the image's and the output's,
    or None where it is ambiguous (a stride, 'half')."""
    if (
        None in (image_shape, top_shape, border_mode, subsample, dilation)
        or subsample != 1
        or border_mode == "half"
    ):
        return None
    if border_mode == "full":
        kernel = top_shape - image_shape
    elif border_mode == "valid":
        kernel = image_shape - top_shape
    else:
        low, high = _named_pads(border_mode, 0)
        kernel = image_shape + low + high - top_shape
    if dilation > 1:
        kernel = kernel / dilation
    return kernel + 1


def get_conv_gradweights_shape(
    image_shape, top_shape, border_mode, subsample, filter_dilation=None, num_groups=1, unshared=False
):
    """The filters' shape of a convolution from its input's and output's."""
    nkern, imshp = image_shape[1], image_shape[2:]
    nchan, topshp = top_shape[1], top_shape[2:]
    filter_dilation = filter_dilation if filter_dilation is not None else (1,) * len(subsample)
    if num_groups > 1:
        nchan = nchan // num_groups
    modes = border_mode if isinstance(border_mode, tuple) else (border_mode,) * len(subsample)
    out = tuple(
        get_conv_gradweights_shape_1axis(imshp[i], topshp[i], modes[i], subsample[i], filter_dilation[i])
        for i in range(len(subsample))
    )
    return (nchan,) + tuple(top_shape[2:]) + (nkern,) + out if unshared else (nchan, nkern) + out


def get_conv_gradinputs_shape_1axis(kernel_shape, top_shape, border_mode, subsample, dilation):
    """The input size along one axis given the kernel's and the output's,
    or None where a stride makes it ambiguous."""
    if None in (kernel_shape, top_shape, border_mode, subsample, dilation) or subsample != 1:
        return None
    dilated = (kernel_shape - 1) * dilation + 1
    low, high = _named_pads(border_mode, dilated)
    return top_shape + dilated - 1 - low - high


def get_conv_gradinputs_shape(
    kernel_shape, top_shape, border_mode, subsample, filter_dilation=None, num_groups=1
):
    """The input's shape of a convolution from its filters' and output's."""
    bsize, topshp = top_shape[0], top_shape[2:]
    convdim = len(top_shape) - 2
    nkern, kshp = kernel_shape[1], kernel_shape[-convdim:]
    filter_dilation = filter_dilation if filter_dilation is not None else (1,) * len(subsample)
    if num_groups > 1:
        nkern = nkern * num_groups
    modes = border_mode if isinstance(border_mode, tuple) else (border_mode,) * len(subsample)
    out = tuple(
        get_conv_gradinputs_shape_1axis(kshp[i], topshp[i], modes[i], subsample[i], filter_dilation[i])
        for i in range(len(subsample))
    )
    return (bsize, nkern) + out


def check_conv_gradinputs_shape(
    image_shape, kernel_shape, output_shape, border_mode, subsample, filter_dilation=None
):
    """Whether an input shape is consistent with the kernel and output
    shapes (sizes that are None or not constant pass)."""
    image_shape, kernel_shape, output_shape = tuple(image_shape), tuple(kernel_shape), tuple(output_shape)
    if len(image_shape) != len(kernel_shape) or len(image_shape) != len(output_shape):
        return False
    if len(image_shape) - 2 != len(subsample):
        return False
    if filter_dilation is not None and len(image_shape) - 2 != len(filter_dilation):
        return False
    computed = get_conv_output_shape(image_shape, kernel_shape, border_mode, subsample, filter_dilation)

    def agrees(given, computed):
        if given is None or computed is None:
            return True
        try:
            return int(get_scalar_constant_value(given)) == int(get_scalar_constant_value(computed))
        except NotScalarConstantError:
            return True

    return all(agrees(g, c) for g, c in zip(output_shape, computed))


def assert_conv_shape(shape):
    """`shape` with each size checked: batch and channels >= 0, the others
    > 0 (a ValueError now for constants, an Assert at run time otherwise)."""
    out = []
    for i, n in enumerate(shape):
        try:
            value = get_scalar_constant_value(n)
        except NotScalarConstantError:
            message = f"The convolution would produce an invalid shape (dim[{i}] {'<' if i < 2 else '<='} 0)."
            out.append(Assert(message)(n, ge(n, 0) if i < 2 else gt(n, 0)))
            continue
        if (i < 2 and value < 0) or (i >= 2 and value <= 0):
            relation = "<" if i < 2 else "<="
            raise ValueError(
                f"The convolution would produce an invalid shape (dim[{i}]: {value} {relation} 0)."
            )
        out.append(n)
    return tuple(out)


def assert_shape(x, expected_shape, msg="Unexpected shape."):
    """x, checked at run time against the sizes of `expected_shape` that
    are not None (an AssertionError with `msg`)."""
    if expected_shape is None or not config.conv.assert_shape:
        return x
    tests = [eq(x.shape[i], expected_shape[i]) for i in range(x.ndim) if expected_shape[i] is not None]
    return Assert(msg)(x, *tests) if tests else x


# --- Upsampling and composite convolutions ---------------------------------


def bilinear_kernel_1D(ratio, normalize=True):
    """The 1-d bilinear kernel of an upsampling by `ratio`: 1..ratio..1
    (divided by ratio when normalized)."""
    half = arange(1, ratio + 1, dtype=config.floatX)
    kern = join(0, half, half[-2::-1])
    return kern / cast(ratio, config.floatX) if normalize else kern


def bilinear_kernel_2D(ratio, normalize=True):
    """The outer product of the 1-d kernels of (vertical, horizontal) ratios."""
    ratio_v, ratio_h = ratio if isinstance(ratio, tuple) else (ratio, ratio)
    return bilinear_kernel_1D(ratio_v, normalize).dimshuffle(0, "x") * bilinear_kernel_1D(
        ratio_h, normalize
    ).dimshuffle("x", 0)


def bilinear_upsampling(
    input, ratio=None, frac_ratio=None, batch_size=None, num_input_channels=None, use_1D_kernel=True
):
    """Upsamples the last two dimensions of a 4-d input by an integer
    `ratio` with bilinear interpolation (Theano's: the edges repeated,
    then the transpose of a strided convolution by the bilinear kernel)."""
    if ratio and frac_ratio:
        raise ValueError("can't use ratio and frac_ratio together")
    if not (ratio or frac_ratio):
        raise ValueError("No ratio (or frac_ratio) provided")
    if frac_ratio:
        raise NotImplementedError("fractional bilinear upsampling is not implemented in theano_mlir")
    row, col = input.shape[2], input.shape[3]
    up = input.reshape((-1, 1, row, col))
    up = join(2, up[:, :, :1, :], up, up[:, :, -1:, :])
    up = join(3, up[:, :, :, :1], up, up[:, :, :, -1:])
    pad = 2 * ratio - (ratio - 1) // 2 - 1
    batch = up.shape[0]
    if use_1D_kernel:
        kern = bilinear_kernel_1D(ratio, normalize=True)
        rows = conv2d_grad_wrt_inputs(
            up,
            kern.dimshuffle("x", "x", 0, "x"),
            stack([batch, 1, row * ratio, col + 2]),
            border_mode=(pad, 0),
            subsample=(ratio, 1),
        )
        out = conv2d_grad_wrt_inputs(
            rows,
            kern.dimshuffle("x", "x", "x", 0),
            stack([batch, 1, row * ratio, col * ratio]),
            border_mode=(0, pad),
            subsample=(1, ratio),
        )
    else:
        kern = bilinear_kernel_2D(ratio, normalize=True)
        out = conv2d_grad_wrt_inputs(
            up,
            kern.dimshuffle("x", "x", 0, 1),
            stack([batch, 1, row * ratio, col * ratio]),
            border_mode=(pad, pad),
            subsample=(ratio, ratio),
        )
    return out.reshape((input.shape[0], input.shape[1], row * ratio, col * ratio))


def separable_conv2d(
    input,
    depthwise_filters,
    pointwise_filters,
    num_channels,
    input_shape=None,
    depthwise_filter_shape=None,
    pointwise_filter_shape=None,
    border_mode="valid",
    subsample=(1, 1),
    filter_flip=True,
    filter_dilation=(1, 1),
):
    """A depthwise convolution (one group per input channel) followed by a
    pointwise (1x1) one (Theano's)."""
    depthwise = conv2d(
        input,
        depthwise_filters,
        input_shape,
        depthwise_filter_shape,
        border_mode,
        subsample,
        filter_flip,
        filter_dilation=filter_dilation,
        num_groups=num_channels,
    )
    return conv2d(depthwise, pointwise_filters, None, pointwise_filter_shape, "valid", (1, 1), filter_flip)


def separable_conv3d(
    input,
    depthwise_filters,
    pointwise_filters,
    num_channels,
    input_shape=None,
    depthwise_filter_shape=None,
    pointwise_filter_shape=None,
    border_mode="valid",
    subsample=(1, 1, 1),
    filter_flip=True,
    filter_dilation=(1, 1, 1),
):
    """The 3-d separable convolution (Theano's)."""
    depthwise = conv3d(
        input,
        depthwise_filters,
        input_shape,
        depthwise_filter_shape,
        border_mode,
        subsample,
        filter_flip,
        filter_dilation=filter_dilation,
        num_groups=num_channels,
    )
    return conv3d(depthwise, pointwise_filters, None, pointwise_filter_shape, "valid", (1, 1, 1), filter_flip)


def causal_conv1d(input, filters, filter_shape, input_shape=None, subsample=1, filter_dilation=1):
    """A 1-d convolution of (batch, channels, length) that reads no later
    position (zeros padded on the left, Theano's)."""
    left = filter_dilation * (filter_shape[2] - 1)
    padded = join(2, zeros((input.shape[0], input.shape[1], left), dtype=input.dtype), input)
    out = conv2d(
        padded.dimshuffle(0, 1, 2, "x"),
        filters.dimshuffle(0, 1, 2, "x"),
        None,
        None,
        "valid",
        (subsample, 1),
        filter_dilation=(filter_dilation, 1),
    )
    return out[:, :, :, 0]
