"""theano.sandbox.softsign: softsign, x / (1 + |x|) (now in tensor.nnet)."""

from ..tensor.nnet import softsign

__all__ = ["softsign"]
