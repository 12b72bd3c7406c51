"""theano_mlir.tensor.nnet: neural-network ops."""
from ..basic import sigmoid, softplus

__all__ = ["sigmoid", "softplus"]
