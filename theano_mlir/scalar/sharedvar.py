"""theano.scalar.sharedvar: shared variables holding one number (0-d
tensors here, as every scalar of theano_mlir)."""

from ..tensor.sharedvar import scalar_constructor

__all__ = ["shared"]


def shared(value, name=None, strict=False, allow_downcast=None):
    """A shared variable of one number (Theano's scalar shared variable);
    anything but a Python or numpy number is Theano's TypeError."""
    return scalar_constructor(value, name=name, strict=strict, allow_downcast=allow_downcast)
