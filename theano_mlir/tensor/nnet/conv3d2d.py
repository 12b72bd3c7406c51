"""theano.tensor.nnet.conv3d2d: conv3d on (batch, time, channels, rows,
cols) signals and (out channels, time, channels, rows, cols) filters,
flipping the filters (Theano built it from 2-d convolutions and diagonal
sums; here it is the 3-d convolution itself, the axes transposed)."""

from .abstract_conv import conv3d as _conv3d


def conv3d(signals, filters, signals_shape=None, filters_shape=None, border_mode="valid"):
    """Convolves spatio-temporal `filters` with `signals` (a true
    convolution: the filters flipped in time, rows and columns);
    border_mode one of 'valid', 'full', 'half', or one per axis (time,
    rows, cols; the last two alike)."""
    if isinstance(border_mode, str):
        border_mode = (border_mode,) * 3
    border_mode = tuple(border_mode)
    if border_mode[1] != border_mode[2]:
        raise NotImplementedError("height and width bordermodes must match")
    for mode in border_mode:
        if mode not in ("valid", "full", "half"):
            raise (
                NotImplementedError(f"border mode {mode!r}")
                if mode == "same"
                else ValueError("invalid border mode", mode)
            )
    out = _conv3d(
        signals.dimshuffle(0, 2, 1, 3, 4), filters.dimshuffle(0, 2, 1, 3, 4), border_mode=border_mode
    )
    return out.dimshuffle(0, 2, 1, 3, 4)
