"""NullType, the type of an undefined value (a gradient that does not exist
or is not implemented); theano.gof.null_type re-exports it."""

from .basic import Variable


class NullType:
    """A type that allows no values; `why_null` says why."""

    def __init__(self, why_null="(no explanation given)"):
        self.why_null = why_null

    def filter(self, data, strict=False, allow_downcast=None):
        raise ValueError("No values may be assigned to a NullType")

    def filter_variable(self, other, allow_convert=True):
        raise ValueError("No values may be assigned to a NullType")

    def values_eq(self, a, b, force_same_dtype=True):
        raise ValueError("NullType has no values to compare")

    def __call__(self, name=None):
        return Variable(self, name=name)

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return "NullType"

    __repr__ = __str__


null_type = NullType()
