"""TensorType: a dtype and a broadcastable pattern, as in Theano.

Its variables are TensorVariables and its constants TensorConstants: the
classes are bound once, by tensor/variable.py (`variable_type`,
`constant_type`), which defines them above the ops their operators call.
"""

from .. import dtypes


class TensorType:
    """The type of a tensor variable. A broadcastable dimension has size 1."""

    #: the classes of this type's variables and constants (see the module doc)
    variable_type = None
    constant_type = None

    def __init__(self, dtype, broadcastable, name=None):
        self.dtype = dtypes.resolve(dtype)
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        self.name = name

    @property
    def ndim(self):
        return len(self.broadcastable)

    def __call__(self, name=None):
        """A new variable of this type."""
        return self.variable_type(self, name=name)

    def make_constant(self, data, name=None):
        """A constant of this type holding `data` (an ndarray of it)."""
        return self.constant_type(self, data, name=name)

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and other.dtype == self.dtype
            and other.broadcastable == self.broadcastable
        )

    def __hash__(self):
        return hash((self.dtype, self.broadcastable))

    def __str__(self):
        return self.name or dtypes.type_name(self.dtype, self.broadcastable)

    __repr__ = __str__

    def filter(self, data, strict=False, allow_downcast=None):
        """`data` as a C-contiguous ndarray of this type, by Theano's rules:
        arrays may be upcast losslessly (or downcast with allow_downcast);
        Python values are accepted when they convert exactly."""
        return dtypes.filter_value(
            data, self.dtype, self.broadcastable, strict, allow_downcast, label=str(self)
        )
