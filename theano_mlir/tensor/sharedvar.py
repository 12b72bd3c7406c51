"""theano.tensor.sharedvar: the class of shared tensor variables
(`theano.shared` builds them; theano.compile.SharedVariable is this class).

It lives with the tensors, below the compiler, so that code importing
Theano's path finds it; its value is a runtime Buffer (the runtime layer is
below this one)."""

import numpy as np

from ..runtime import Buffer
from .type import TensorType
from .variable import TensorVariable


class TensorSharedVariable(TensorVariable):
    """A tensor variable with a persistent value, stored by the C++ runtime
    (aligned memory, not a Python-held array). Compiled functions read it and
    their updates replace it."""

    def __init__(self, type, value, name=None, strict=False, allow_downcast=None):
        super().__init__(type, name=name)
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.container = Buffer(type.filter(value, strict=strict, allow_downcast=allow_downcast))

    def get_value(self, borrow=False, return_internal_type=False):
        """A copy of the value; with borrow=True a view of the current memory
        (an update or set_value gives the variable new memory, so the view
        keeps showing the old value)."""
        return self.container.get_value(borrow)

    def set_value(self, new_value, borrow=False):
        """Copies `new_value` in, by the same rules as function inputs."""
        value = self.type.filter(new_value, strict=self.strict, allow_downcast=self.allow_downcast)
        self.container.set_value(value)

    def clone(self):
        """Another variable for the same storage (as Theano's clone)."""
        twin = TensorSharedVariable.__new__(TensorSharedVariable)
        TensorVariable.__init__(twin, self.type, name=self.name)
        twin.strict, twin.allow_downcast, twin.container = self.strict, self.allow_downcast, self.container
        return twin

    def __getstate__(self):
        # the value, not the runtime's buffer (which pickle cannot take)
        state = super().__getstate__()
        state["container"] = self.container.get_value(False)
        return state

    def __setstate__(self, state):
        state["container"] = Buffer(state["container"])
        self.__dict__.update(state)


def tensor_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False, broadcastable=None):
    """A TensorSharedVariable holding a copy of the ndarray `value` (Theano's
    tensor_constructor, `theano.tensor._shared`); anything else is a
    TypeError. `broadcastable` defaults to no broadcastable dimension."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"tensor_constructor takes a numpy.ndarray, got {type(value).__name__}")
    if broadcastable is None:
        broadcastable = (False,) * value.ndim
    return TensorSharedVariable(
        TensorType(value.dtype, broadcastable), value, name=name, strict=strict, allow_downcast=allow_downcast
    )


def scalar_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False):
    """A 0-d TensorSharedVariable holding the Python or numpy number `value`
    (Python ints become int64, floats float64, as Theano's)."""
    if not isinstance(value, (np.number, float, int, complex)) or isinstance(value, bool):
        raise TypeError(f"scalar_constructor takes a number, got {type(value).__name__}")
    array = np.asarray(value)
    return TensorSharedVariable(
        TensorType(array.dtype, ()), array, name=name, strict=strict, allow_downcast=allow_downcast
    )


#: Theano's theano.tensor.sharedvar re-exports the base class of shared
#: variables (theano.compile.SharedVariable): here, the same class
SharedVariable = TensorSharedVariable
