"""theano_mlir.shared: variables whose value lives in a runtime buffer."""

import copy
import numbers

import numpy as np

from ..graph import Variable
from ..tensor.shared_randomstreams import randomstate_constructor
from ..tensor.sharedvar import TensorSharedVariable
from ..tensor.type import TensorType


#: Theano's theano.compile.SharedVariable; every shared variable here holds a
#: tensor, so it is theano.tensor.sharedvar.TensorSharedVariable itself.
SharedVariable = TensorSharedVariable


class Generic:
    """Theano's `generic` type: any Python object (what theano.shared makes
    of a value that is neither an array nor a number)."""

    def filter(self, data, strict=False, allow_downcast=None):
        return data

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return "generic"

    __repr__ = __str__


generic = Generic()


class GenericSharedVariable(Variable):
    """A shared variable holding any Python object. Compiled code cannot
    read it (theano_mlir compiles tensors only); get_value and set_value work
    as Theano's (a copy unless borrow=True)."""

    def __init__(self, type, value, name=None, strict=False, allow_downcast=None):
        super().__init__(type, name=name)
        self.strict, self.allow_downcast = strict, allow_downcast
        self._value = type.filter(value, strict=strict, allow_downcast=allow_downcast)

    def get_value(self, borrow=False, return_internal_type=False):
        return self._value if borrow else copy.deepcopy(self._value)

    def set_value(self, new_value, borrow=False):
        new_value = new_value if borrow else copy.deepcopy(new_value)
        self._value = self.type.filter(new_value, strict=self.strict, allow_downcast=self.allow_downcast)


def shared(value, name=None, strict=False, allow_downcast=None, borrow=False, broadcastable=None):
    """A SharedVariable holding a copy of `value` (a numpy array or a Python
    or numpy scalar; Python ints become int64, floats float64)."""
    if isinstance(value, SharedVariable) or hasattr(value, "owner"):
        raise TypeError(f"shared() takes a value, not a symbolic variable: {value!r}")
    if isinstance(value, (numbers.Number, np.number)) and not isinstance(value, (bool, np.bool_)):
        array = np.asarray(value)
    elif isinstance(value, np.ndarray):
        array = value
    elif isinstance(value, np.random.RandomState):  # a generator of RandomStreams
        return randomstate_constructor(
            value, name=name, strict=strict, allow_downcast=allow_downcast, borrow=borrow
        )
    else:  # Theano's last resort: the generic type holds anything
        return GenericSharedVariable(generic, value, name=name, strict=strict, allow_downcast=allow_downcast)
    if broadcastable is None:
        broadcastable = (False,) * array.ndim
    type = TensorType(array.dtype, broadcastable)
    return SharedVariable(type, array, name=name, strict=strict, allow_downcast=allow_downcast)
