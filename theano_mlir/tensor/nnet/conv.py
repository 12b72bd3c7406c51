"""theano.tensor.nnet.conv: Theano's first convolution API (ConvOp,
conv2d(input, filters, image_shape, filter_shape, border_mode,
subsample)): a true convolution (the kernel flipped), 'valid' or 'full',
here the abstract convolution with those arguments. The shape hints serve
only the graph-time channel check (ConvOp also checked them against the
values when the function ran; theano_mlir's kernels check the shapes
they need)."""

from ..basic import NotScalarConstantError, as_tensor_variable, get_scalar_constant_value
from .abstract_conv import AbstractConv2d

#: Theano's flag: whether scipy.signal was importable (its Python
#: implementation used it); this one needs neither scipy nor a compiler.
imported_scipy_signal = True


class ConvOp(AbstractConv2d):
    """Theano's ConvOp(imshp, kshp, nkern, bsize, dx, dy, output_mode):
    the filters' shape (nkern, channels) + kshp, the input's (bsize,) +
    imshp, strides (dx, dy); unroll and version arguments are accepted and
    ignored (they chose among C implementations)."""

    def __init__(
        self,
        imshp=None,
        kshp=None,
        nkern=None,
        bsize=None,
        dx=1,
        dy=1,
        output_mode="valid",
        unroll_batch=None,
        unroll_kern=None,
        unroll_patch=None,
        imshp_logical=None,
        kshp_logical=None,
        kshp_logical_top_aligned=True,
        verbose=0,
        version=-1,
        direction_hint="forward",
        openmp=None,
    ):
        if output_mode not in ("valid", "full"):
            raise ValueError(f"Mode {output_mode} not implemented")
        image = None
        if imshp is not None:
            imshp = tuple(imshp)
            image = (bsize,) + (imshp if len(imshp) == 3 else (1,) + imshp)
        filters = None
        if kshp is not None:
            filters = (nkern, image[1] if image else None) + tuple(kshp)
        super().__init__(image, filters, output_mode, (dx, dy), True, (1, 1), 1)
        self.out_mode = output_mode
        self.dx, self.dy = dx, dy


def _constant_shape(shape, name):
    """A shape hint as Python ints (None stays None), as Theano's conv2d
    reads it: each entry a constant, else NotScalarConstantError."""
    if shape is None:
        return None
    shape = list(shape)
    for i, size in enumerate(shape):
        if size is None:
            continue
        try:
            shape[i] = int(get_scalar_constant_value(as_tensor_variable(size)))
        except NotScalarConstantError:
            raise NotScalarConstantError(
                f"The convolution need that the shape information are constant values. We got {size} "
                f"for the {name} parameter"
            ) from None
    return tuple(shape)


def conv2d(
    input, filters, image_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1), **kargs
):
    """Convolves the 4-d `input` (batch, channels, rows, cols) with the
    flipped `filters` (out channels, channels, rows, cols)."""
    image_shape = _constant_shape(image_shape, "image_shape")
    filter_shape = _constant_shape(filter_shape, "filter_shape")
    if image_shape is not None and filter_shape is not None and image_shape[1] is not None:
        if filter_shape[1] is not None and image_shape[1] != filter_shape[1]:
            raise ValueError(
                f"conv2d: the image's {image_shape[1]} channels are not the filters' {filter_shape[1]}"
            )
    op = AbstractConv2d(image_shape, filter_shape, border_mode, tuple(subsample), True, (1, 1), 1)
    return op(input, filters)
