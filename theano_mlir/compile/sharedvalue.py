"""theano_mlir.shared: variables whose value lives in a runtime buffer."""

import numbers

import numpy as np

from ..runtime import Buffer
from ..tensor.type import TensorType
from ..tensor.variable import TensorVariable


class SharedVariable(TensorVariable):
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
        twin = SharedVariable.__new__(SharedVariable)
        TensorVariable.__init__(twin, self.type, name=self.name)
        twin.strict, twin.allow_downcast, twin.container = self.strict, self.allow_downcast, self.container
        return twin


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
