"""theano.misc.may_share_memory: whether two values may overlap in memory."""

import numpy as np


def may_share_memory(a, b, raise_other_type=True):
    """numpy.may_share_memory for two ndarrays; False when either is not an
    ndarray, or a TypeError with raise_other_type (theano_mlir has no sparse
    or GPU values, the other types Theano's version knows)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return bool(np.may_share_memory(a, b))
    if raise_other_type:
        raise TypeError("may_share_memory support only ndarray when theano_mlir is used")
    return False
