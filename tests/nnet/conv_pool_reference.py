"""numpy references of Theano's convolutions and pooling (the semantics of
Theano 1.0.5's perform methods), for the tests."""

import numpy as np


def conv_pads(border_mode, kernel, dilation):
    """The symmetric pads of Theano's border_mode for `kernel` sizes."""
    if border_mode == "valid":
        return (0,) * len(kernel)
    if border_mode == "full":
        return tuple(d * (k - 1) for k, d in zip(kernel, dilation))
    if border_mode == "half":
        return tuple(d * (k // 2) for k, d in zip(kernel, dilation))
    if isinstance(border_mode, int):
        return (border_mode,) * len(kernel)
    return tuple(border_mode)


def conv(x, w, border_mode="valid", subsample=None, dilation=None, flip=True, groups=1):
    """Theano's AbstractConv (n spatial dimensions): x (N, C, S...), w (O, C/groups, K...)."""
    n = x.ndim - 2
    subsample = subsample or (1,) * n
    dilation = dilation or (1,) * n
    kernel = w.shape[2:]
    pads = conv_pads(border_mode, kernel, dilation)
    if flip:
        w = w[(slice(None), slice(None)) + (slice(None, None, -1),) * n]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pads])
    out_sizes = [
        (s + 2 * p - d * (k - 1) - 1) // st + 1
        for s, p, d, k, st in zip(x.shape[2:], pads, dilation, kernel, subsample)
    ]
    out = np.zeros((x.shape[0], w.shape[0]) + tuple(out_sizes))
    per_group_in, per_group_out = w.shape[1], w.shape[0] // groups
    for o in range(w.shape[0]):
        g = o // per_group_out
        channels = slice(g * per_group_in, (g + 1) * per_group_in)
        for k in np.ndindex(*kernel):
            window = tuple(
                slice(ki * d, ki * d + st * (os - 1) + 1, st)
                for ki, d, st, os in zip(k, dilation, subsample, out_sizes)
            )
            patch = xp[(slice(None), channels) + window]
            out[:, o] += np.tensordot(w[(o, slice(None)) + k], patch, axes=([0], [1]))
    return out


def pool(x, ws, ignore_border, stride=None, pad=None, mode="max"):
    """Theano's Pool.perform over the last len(ws) dimensions."""
    n = len(ws)
    stride = stride or ws
    pad = pad or (0,) * n
    spatial = x.shape[-n:]
    padded = tuple(s + 2 * p for s, p in zip(spatial, pad))
    outs = []
    for size, w, st in zip(padded, ws, stride):
        if ignore_border:
            outs.append(max((size - w) // st + 1, 0))
        elif st >= w:
            outs.append((size - 1) // st + 1)
        else:
            outs.append(max(0, (size - 1 - w + st) // st) + 1)
    y = np.zeros(x.shape[:-n] + padded)
    y[(Ellipsis,) + tuple(slice(p, p + s) for p, s in zip(pad, spatial))] = x
    z = np.zeros(x.shape[:-n] + tuple(outs))
    include = mode == "average_inc_pad"
    for o in np.ndindex(*outs):
        region = []
        for oi, w, st, p, s, size in zip(o, ws, stride, pad, spatial, padded):
            start, end = oi * st, min(oi * st + w, size)
            if not include:
                start, end = max(start, p), min(end, s + p)
            region.append(slice(start, end))
        window = y[(Ellipsis,) + tuple(region)]
        axes = tuple(range(-n, 0))
        if mode == "max":
            z[(Ellipsis,) + o] = window.max(axis=axes)
        elif mode == "sum":
            z[(Ellipsis,) + o] = window.sum(axis=axes)
        else:
            z[(Ellipsis,) + o] = window.mean(axis=axes)
    return z
