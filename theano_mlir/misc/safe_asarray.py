"""theano.misc.safe_asarray: `_asarray`, numpy.asarray that makes sure of
the dtype (also `theano._asarray`)."""

import numpy as np

from ..config import config


def _asarray(a, dtype, order=None):
    """`a` as an array of exactly `dtype` ("floatX" is config.floatX): as
    numpy.asarray, but a result whose dtype has the same description and a
    different number is returned as a view of `dtype`; a TypeError if numpy
    gave another type."""
    if str(dtype) == "floatX":
        dtype = config.floatX
    dtype = np.dtype(dtype)
    rval = np.asarray(a, dtype=dtype, order=order)
    if rval.dtype.num == dtype.num:
        return rval
    if dtype.str == rval.dtype.str:
        return rval.view(dtype=dtype)
    raise TypeError(
        f"numpy.array did not return the data type we asked for ({dtype} {dtype.str} #{dtype.num}), "
        f"instead it returned type {rval.dtype} {rval.dtype.str} #{rval.dtype.num}: function "
        "theano._asarray may need to be modified to handle this data type."
    )
