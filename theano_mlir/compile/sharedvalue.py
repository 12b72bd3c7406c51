"""theano_mlir.shared: variables whose value lives in a runtime buffer."""

import numbers

import numpy as np

from ..tensor.sharedvar import TensorSharedVariable
from ..tensor.type import TensorType


#: Theano's theano.compile.SharedVariable; every shared variable here holds a
#: tensor, so it is theano.tensor.sharedvar.TensorSharedVariable itself.
SharedVariable = TensorSharedVariable


def shared(value, name=None, strict=False, allow_downcast=None, borrow=False, broadcastable=None):
    """A SharedVariable holding a copy of `value` (a numpy array or a Python
    or numpy scalar; Python ints become int64, floats float64)."""
    if isinstance(value, SharedVariable) or hasattr(value, "owner"):
        raise TypeError(f"shared() takes a value, not a symbolic variable: {value!r}")
    if isinstance(value, (numbers.Number, np.number)) and not isinstance(value, (bool, np.bool_)):
        array = np.asarray(value)
    elif isinstance(value, np.ndarray):
        array = value
    else:
        raise TypeError(
            f"No suitable SharedVariable constructor could be found for {value!r}; "
            "give a numpy array or a number"
        )
    if broadcastable is None:
        broadcastable = (False,) * array.ndim
    type = TensorType(array.dtype, broadcastable)
    return SharedVariable(type, array, name=name, strict=strict, allow_downcast=allow_downcast)
